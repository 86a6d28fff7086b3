import type { AuditEntry } from '$contract';
import { ApiError, toApiError } from '$lib/api.ts';
import { listAudit, type AuditFilter } from './access-api.ts';

export const AUDIT_PAGE_SIZE = 50;

export type AuditStatus = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * The audit log as the page shows it: newest first, one page at a time, "load more" asks for the
 * entries before the last one shown. A new search replaces the list; an answer to an older search
 * is dropped.
 */
export class AuditLog {
  #items = $state<AuditEntry[]>([]);
  #status = $state<AuditStatus>('idle');
  #isLoadingMore = $state(false);
  #hasMore = $state(false);
  #error = $state<ApiError | undefined>();
  #filter: AuditFilter = {};
  #controller: AbortController | undefined;

  get items(): readonly AuditEntry[] { return this.#items; }
  get status(): AuditStatus { return this.#status; }
  get isLoadingMore(): boolean { return this.#isLoadingMore; }
  get hasMore(): boolean { return this.#hasMore; }
  get error(): ApiError | undefined { return this.#error; }

  /** Starts over with these filters. */
  search = async (filter: AuditFilter = this.#filter): Promise<void> => {
    this.#filter = filter;
    this.#status = 'loading';
    this.#isLoadingMore = false;
    const page = await this.#fetch(undefined);
    if (!page) return;
    this.#items = page;
    this.#status = 'ready';
  };

  /** Appends the next (older) page. */
  loadMore = async (): Promise<void> => {
    const last = this.#items.at(-1);
    if (!last || this.#isLoadingMore || !this.#hasMore) return;
    this.#isLoadingMore = true;
    const page = await this.#fetch(Number(last.id));
    this.#isLoadingMore = false;
    if (page) this.#items.push(...page);
  };

  abort(): void {
    this.#controller?.abort();
  }

  async #fetch(before: number | undefined): Promise<AuditEntry[] | undefined> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#error = undefined;
    try {
      const page = await listAudit(this.#filter, { before, limit: AUDIT_PAGE_SIZE }, controller.signal);
      if (controller.signal.aborted) return undefined;
      // A full page may have more behind it; a short one is the end.
      this.#hasMore = page.length === AUDIT_PAGE_SIZE;
      return page;
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      this.#error = toApiError(error);
      if (before === undefined) this.#status = 'failed';
      return undefined;
    }
  }
}
