/**
 * "我的工作": every registered domain's items for one person, a section per domain, each from the
 * domain's one query. A failing provider does not hide the others: its section says so.
 */
import type { Principal } from '../access/index.ts';
import type { Logger } from '../../platform/logger.ts';
import type { WorkProvider, WorkSection } from './work.types.ts';

export interface WorkDeps {
  providers: readonly WorkProvider[];
  clock: { now(): Date };
  logger: Pick<Logger, 'error'>;
}

export async function getMyWork(deps: WorkDeps, principal: Principal): Promise<{ at: string; sections: Array<WorkSection & { failed?: true }> }> {
  const now = deps.clock.now();
  const sections = await Promise.all(deps.providers.map(async (provider) => {
    try {
      return { key: provider.key, items: await provider.load(principal, now) };
    } catch (error) {
      deps.logger.error({ err: error, section: provider.key }, 'my work: a section failed');
      return { key: provider.key, items: [], failed: true as const };
    }
  }));
  return { at: now.toISOString(), sections };
}

/** Every channel after which someone's work may have changed. */
export const workChannels = (deps: WorkDeps): string[] => [...new Set(deps.providers.flatMap((p) => [...p.channels]))];
