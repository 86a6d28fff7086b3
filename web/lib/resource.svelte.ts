import { type ApiError, toApiError } from './api.ts';

export type ResourceStatus = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * One piece of server data a page shows, with its loading and error state. `load()` may be
 * called again (retry, refresh); the previous value stays visible while the next one loads, and
 * an answer that arrives after a newer request started is dropped.
 */
export class Resource<T> {
  #status = $state<ResourceStatus>('idle');
  #value = $state<T | undefined>();
  #error = $state<ApiError | undefined>();
  #loadFn: (signal: AbortSignal) => Promise<T>;
  #controller: AbortController | undefined;

  constructor(loadFn: (signal: AbortSignal) => Promise<T>) {
    this.#loadFn = loadFn;
  }

  get status(): ResourceStatus {
    return this.#status;
  }
  get value(): T | undefined {
    return this.#value;
  }
  get error(): ApiError | undefined {
    return this.#error;
  }

  load = async (): Promise<void> => {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#status = 'loading';
    try {
      const value = await this.#loadFn(controller.signal);
      if (controller.signal.aborted) return;
      this.#value = value;
      this.#error = undefined;
      this.#status = 'ready';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.#error = toApiError(error);
      this.#status = 'failed';
    }
  };

  /** Stops a request in flight (call it when the page goes away). */
  abort(): void {
    this.#controller?.abort();
  }
}
