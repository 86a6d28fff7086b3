import type { Db } from '../../db/client.ts';
import { nominationWorkProvider } from '../domains/awards/index.ts';
import { complaintWorkProvider, type ComplaintDeps } from '../domains/complaints/index.ts';
import { careWorkProvider, type CareDeps } from '../domains/care/index.ts';
import { rectificationWorkProvider, type InspectionDeps } from '../domains/inspections/index.ts';
import type { WorkDeps, WorkProvider } from '../domains/work/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { WorkPort } from '../realtime/ports.ts';

/**
 * "我的工作": the sections, in the order shown. A domain with work for people adds its provider
 * at the end of this list (rectifications to confirm or verify, care tasks …) — nothing else changes.
 */
export function createWorkProviders(db: Db, complaints: ComplaintDeps, inspections: InspectionDeps, care: CareDeps): WorkProvider[] {
  return [
    complaintWorkProvider(complaints),
    nominationWorkProvider(db),
    rectificationWorkProvider(inspections),
    careWorkProvider(care),
  ];
}

export function createWorkDeps(providers: WorkProvider[], clock: Clock, logger: Logger): WorkDeps {
  return { providers, clock, logger };
}

/** The change feed's channels, mapped to the sections they may change. */
export function createWorkPort(db: Db, providers: readonly WorkProvider[]): WorkPort {
  return {
    async onChange(listener) {
      const stops = await Promise.all(providers.flatMap((p) => p.channels.map((channel) => db.changes.listen(channel, () => listener(p.key)))));
      return async () => {
        for (const stop of stops) await stop();
      };
    },
  };
}
