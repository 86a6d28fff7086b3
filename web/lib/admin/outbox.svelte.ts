import type { OutboxList, OutboxStatus } from '$contract';
import { type ApiError, toApiError } from '$lib/api.ts';
import { Resource } from '$lib/resource.svelte.ts';
import { listOutbox, retryOutboxMessage } from './bot-api.ts';

/**
 * The outbox page's state: the status filter, the list it selects, and retrying a parked row.
 * Until the administrator picks a filter, the page opens on the parked messages when there are
 * any (they are what needs a person), else on all of them.
 */
export class OutboxState {
  #filter = $state<OutboxStatus | undefined>();
  #hasChosen = false;
  #actionError = $state<ApiError | undefined>();
  readonly list = new Resource((signal) => this.#load(signal));

  /** undefined: every status. */
  get filter(): OutboxStatus | undefined {
    return this.#filter;
  }
  /** Why the last retry failed (shown above the table). */
  get actionError(): ApiError | undefined {
    return this.#actionError;
  }

  choose = (filter: OutboxStatus | undefined): Promise<void> => {
    this.#hasChosen = true;
    this.#filter = filter;
    return this.list.load();
  };

  retry = async (id: number): Promise<void> => {
    this.#actionError = undefined;
    try {
      await retryOutboxMessage(id);
    } catch (error) {
      this.#actionError = toApiError(error);
    }
    await this.list.load();
  };

  async #load(signal: AbortSignal): Promise<OutboxList> {
    const list = await listOutbox({ status: this.#filter }, signal);
    if (this.#hasChosen || this.#filter !== undefined || !list.counts.parked) return list;
    this.#filter = 'parked';
    return listOutbox({ status: 'parked' }, signal);
  }
}
