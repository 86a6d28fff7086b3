/**
 * A group commit for reads: keys asked while a read runs wait for it and then go out together,
 * as ONE read. A quiet process reads at once; a busy one (many single-event requests at the same
 * time) reads once per round trip instead of once per request. Each read starts after the asks
 * it answers were made, so nothing is older than a direct read would be — no cache to invalidate.
 * A failed read fails every ask in it.
 */
type Waiting<K, V> = { keys: readonly K[]; resolve: (found: ReadonlyMap<K, V>) => void; reject: (error: unknown) => void };

export class GroupRead<K, V> {
  readonly #queue: Waiting<K, V>[] = [];
  readonly #read: (keys: K[]) => Promise<ReadonlyMap<K, V>>;
  readonly #maxKeys: number;
  #running = false;

  /** `read` answers the keys it finds (missing ones are simply absent); a read asks for about `maxKeys` keys at most. */
  constructor(read: (keys: K[]) => Promise<ReadonlyMap<K, V>>, maxKeys: number) {
    this.#read = read;
    this.#maxKeys = maxKeys;
  }

  get(keys: readonly K[]): Promise<ReadonlyMap<K, V>> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ keys, resolve, reject });
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
          const found = await this.#read([...new Set(group.flatMap((g) => g.keys))]);
          for (const g of group) g.resolve(found);
        } catch (error) {
          for (const g of group) g.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  #take(): Waiting<K, V>[] {
    let keys = 0;
    let count = 0;
    while (count < this.#queue.length && (count === 0 || keys + this.#queue[count]!.keys.length <= this.#maxKeys)) keys += this.#queue[count++]!.keys.length;
    return this.#queue.splice(0, count);
  }
}
