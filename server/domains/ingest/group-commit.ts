/**
 * Group commit: batches submitted while a transaction is running wait and are then stored
 * together, in one transaction, so one instance never has two ingest transactions contending for
 * the same ticket and rollup rows (each would hold its locks across several round trips, and
 * under load they queued behind one another). A quiet instance starts a batch at once. When a
 * group fails, its batches are tried one by one, so one batch's error stays its own.
 */
type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

export class GroupCommit<T, R> {
  readonly #queue: Waiting<T, R>[] = [];
  readonly #run: (items: T[]) => Promise<R[]>;
  readonly #sizeOf: (item: T) => number;
  readonly #maxSize: number;
  #running = false;

  /** `run` stores items together and answers one result per item, in order; a group holds up to `maxSize` (at least one item). */
  constructor(run: (items: T[]) => Promise<R[]>, options: { sizeOf: (item: T) => number; maxSize: number }) {
    this.#run = run;
    this.#sizeOf = options.sizeOf;
    this.#maxSize = options.maxSize;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length) {
        const group = this.#take();
        try {
          const results = await this.#run(group.map((g) => g.item));
          group.forEach((g, i) => g.resolve(results[i]!));
        } catch (error) {
          if (group.length === 1) group[0]!.reject(error);
          else for (const g of group) await this.#run([g.item]).then(([result]) => g.resolve(result!), g.reject);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  #take(): Waiting<T, R>[] {
    let size = 0;
    let count = 0;
    while (count < this.#queue.length && (count === 0 || size + this.#sizeOf(this.#queue[count]!.item) <= this.#maxSize)) size += this.#sizeOf(this.#queue[count++]!.item);
    return this.#queue.splice(0, count);
  }
}
