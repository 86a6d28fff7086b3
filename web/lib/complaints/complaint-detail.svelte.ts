import type { ComplaintView } from '$contract';
import { ApiError, toApiError } from '../api.ts';
import { Resource } from '../resource.svelte.ts';
import { stepBody, type ActionKind } from './actions.ts';
import { actOnComplaint, getComplaint } from './complaint-api.ts';

export type StepOutcome = { kind: 'done'; view: ComplaintView } | { kind: 'stale' } | { kind: 'failed'; error: ApiError };

/**
 * The detail page's state: the complaint (with its timeline) and taking a step on it. Every step
 * carries the version that was loaded; when someone else changed the complaint meanwhile (409)
 * the page reloads and says so instead of acting on what the user no longer sees.
 */
export class ComplaintDetailState {
  #id = 0;
  #isStale = $state(false);
  readonly complaint = new Resource((signal) => getComplaint(this.#id, signal));

  /** Set after a step was refused because the complaint had changed; cleared by the next step. */
  get isStale(): boolean {
    return this.#isStale;
  }

  open(id: number): Promise<void> {
    this.#id = id;
    this.#isStale = false;
    return this.complaint.load();
  }

  act = async (kind: ActionKind, values: Record<string, string>, timeZone: string): Promise<StepOutcome> => {
    const loaded = this.complaint.value;
    if (!loaded) return { kind: 'failed', error: new ApiError(0, { code: 'CONFLICT', message: 'not loaded' }) };
    this.#isStale = false;
    try {
      const view = await actOnComplaint(loaded.id, kind, stepBody(kind, values, { version: loaded.version, timeZone }));
      if (kind !== 'review') await this.complaint.load();
      return { kind: 'done', view };
    } catch (error) {
      const failure = toApiError(error);
      if (failure.status !== 409) return { kind: 'failed', error: failure };
      this.#isStale = true;
      await this.complaint.load();
      return { kind: 'stale' };
    }
  };
}
