import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './access.rules.ts';

/**
 * Failed logins the database cannot hold: names that are no account (they must lock exactly as a
 * real account does, or the lockout tells which usernames exist) and an administrator's failures
 * per client address (an administrator is never locked out from outside: failures lock the
 * address that made them, for that account, not the account itself). In memory per instance,
 * bounded; the per-address failure budget (`FAILURES_PER_ADDRESS`) stops password spraying.
 */
export const FAILURES_PER_ADDRESS = 20;
/** One more failure allowed per address every this many seconds once the budget is spent. */
export const ADDRESS_REFILL_SECONDS = 30;

export class FailedLogins {
  readonly #entries = new Map<string, { failures: number; lockedUntil: Date | null }>();
  readonly #maxKeys: number;

  constructor(maxKeys = 20_000) {
    this.#maxKeys = maxKeys;
  }

  /** Until when `key` is locked, or null. */
  lockedUntil(key: string, now: Date): Date | null {
    const entry = this.#entries.get(key);
    if (!entry?.lockedUntil) return null;
    if (entry.lockedUntil > now) return entry.lockedUntil;
    this.#entries.delete(key); // served its time: counting starts again, as for an account
    return null;
  }

  /** Counts a failure; returns the lock it caused (after MAX_FAILED_LOGINS in a row), else null. */
  fail(key: string, now: Date): Date | null {
    const entry = this.#entries.get(key) ?? { failures: 0, lockedUntil: null };
    this.#entries.delete(key);
    entry.failures += 1;
    if (entry.failures >= MAX_FAILED_LOGINS) entry.lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxKeys) this.#entries.delete(this.#entries.keys().next().value as string);
    return entry.lockedUntil;
  }

  succeed(key: string): void {
    this.#entries.delete(key);
  }
}

/** The one lockout message: the same words for real, unknown and administrator accounts. */
export const lockedMessage = (until: Date): string => `account locked after repeated failures until ${until.toISOString()}`;
