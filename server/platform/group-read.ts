/**
 * A group commit for reads: keys asked while a read runs wait for it and then go out together,
 * as ONE read. A quiet process reads at once; a busy one (many single-event requests at the same
 * time) reads once per round trip instead of once per request. Without `keepMs`, each read starts
 * after the asks it answers were made, so nothing is older than a direct read would be.
 * A failed read fails every ask in it.
 *
 * With `keepMs`, what a read found is answered from memory for that long after the read began
 * (ADR 0031: an API key and the branches of single-event ingest, asked thousands of times a
 * second). Keys not found are never kept; `forget()` drops everything kept, at once.
 */
type Waiting<K, V> = { keys: readonly K[]; resolve: (found: ReadonlyMap<K, V>) => void; reject: (error: unknown) => void };

export class GroupRead<K, V> {
  readonly #queue: Waiting<K, V>[] = [];
  readonly #read: (keys: K[]) => Promise<ReadonlyMap<K, V>>;
  readonly #maxKeys: number;
  readonly #keepMs: number;
  readonly #now: () => number;
  readonly #kept = new Map<K, { value: V; readAt: number }>();
  /** Bumped by forget(): a read that began before it keeps nothing. */
  #generation = 0;
  #running = false;

  /**
   * `read` answers the keys it finds (missing ones are simply absent); a read asks for about
   * `maxKeys` keys at most. `keepMs` (default 0: nothing kept) and a monotonic `now` in ms.
   */
  constructor(read: (keys: K[]) => Promise<ReadonlyMap<K, V>>, maxKeys: number, options: { keepMs?: number; now?: () => number } = {}) {
    this.#read = read;
    this.#maxKeys = maxKeys;
    this.#keepMs = options.keepMs ?? 0;
    this.#now = options.now ?? (() => performance.now());
  }

  get(keys: readonly K[]): Promise<ReadonlyMap<K, V>> {
    const kept = this.#keepMs > 0 ? this.#fromMemory(keys) : undefined;
    if (kept) return Promise.resolve(kept);
    return new Promise((resolve, reject) => {
      this.#queue.push({ keys, resolve, reject });
      void this.#drain();
    });
  }

  /** Drops everything kept: the next ask of every key reads. */
  forget(): void {
    this.#kept.clear();
    this.#generation++;
  }

  #fromMemory(keys: readonly K[]): ReadonlyMap<K, V> | undefined {
    const now = this.#now();
    const found = new Map<K, V>();
    for (const key of keys) {
      const entry = this.#kept.get(key);
      if (!entry || now - entry.readAt >= this.#keepMs) return undefined;
      found.set(key, entry.value);
    }
    return found;
  }

  #keep(keys: readonly K[], found: ReadonlyMap<K, V>, readAt: number, generation: number): void {
    if (this.#keepMs <= 0 || generation !== this.#generation) return;
    for (const key of keys) {
      const value = found.get(key);
      if (value === undefined) this.#kept.delete(key); // gone (revoked, removed): asked afresh each time
      else this.#kept.set(key, { value, readAt });
    }
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length) {
        const group = this.#take();
        try {
          const keys = [...new Set(group.flatMap((g) => g.keys))];
          const readAt = this.#now();
          const generation = this.#generation;
          const found = await this.#read(keys);
          this.#keep(keys, found, readAt, generation);
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
