/**
 * A token bucket per key (an IP, an API key): `capacity` requests at once, refilled at
 * `perSecond`. In memory, so each instance limits on its own; that bounds abuse well enough for
 * logins and ingest, and account lockout (in the database) is what stops password guessing across
 * instances. Keys idle for long are forgotten so memory stays bounded.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #capacity: number;
  readonly #perSecond: number;
  readonly #maxKeys: number;

  constructor(options: { capacity: number; perSecond: number; maxKeys?: number }) {
    this.#capacity = options.capacity;
    this.#perSecond = options.perSecond;
    this.#maxKeys = options.maxKeys ?? 50_000;
  }

  /** The seconds to wait before `cost` tokens are there, without taking any (0: there now). */
  waitFor(key: string, now: number, cost = 1): number {
    const bucket = this.#buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.#capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.#perSecond);
    return tokens >= cost ? 0 : Math.ceil((cost - tokens) / this.#perSecond);
  }

  /** Takes `cost` tokens; returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: string, now: number, cost = 1): number {
    const bucket = this.#buckets.get(key) ?? { tokens: this.#capacity, at: now };
    // A clock set back (NTP step, an injected test clock) refills nothing rather than draining.
    const tokens = Math.min(this.#capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.#perSecond);
    this.#buckets.delete(key); // re-insert keeps the map ordered by last use
    if (tokens < cost) {
      this.#buckets.set(key, { tokens, at: now });
      return Math.ceil((cost - tokens) / this.#perSecond);
    }
    this.#buckets.set(key, { tokens: tokens - cost, at: now });
    if (this.#buckets.size > this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
    return 0;
  }
}
