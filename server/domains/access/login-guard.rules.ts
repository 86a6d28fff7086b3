import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './access.rules.ts';

/**
 * Failed logins the users table cannot hold (stored in `login_failures`, shared by every
 * instance; see migration 00017): names that are no account (they must lock exactly as a real
 * account does, or the lockout tells which usernames exist), an administrator's failures per
 * client address (an administrator is never locked out from outside: failures lock the address
 * that made them, for that account, not the account itself), and each address's failure budget
 * across usernames (`FAILURES_PER_ADDRESS`), which stops password spraying.
 */
export const FAILURES_PER_ADDRESS = 20;
/** One more failure allowed per address every this many seconds once the budget is spent. */
export const ADDRESS_REFILL_SECONDS = 30;
/** Rows untouched this long are forgotten (every lock and budget has long run out by then). */
export const LOGIN_FAILURES_KEEP_HOURS = 24;

export interface LoginFailures {
  /** Failures in a row (name keys). */
  failures: number;
  lockedUntil: Date | null;
  /** How much of the address budget is spent, as of `updatedAt` (address keys). */
  spent: number;
  updatedAt: Date;
}

export const loginFailureKeys = (address: string, username: string) => ({
  address: `address:${address}`,
  unknown: `unknown:${username}`,
  admin: `admin:${address}:${username}`,
});

/** Until when a name key is locked, or null; a lock served counts as none. */
export function nameLockedUntil(state: LoginFailures | undefined, now: Date): Date | null {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null;
}

/** A failure on a name key; after MAX_FAILED_LOGINS in a row it is locked. Counting starts again once a lock was served. */
export function afterNameFailure(state: LoginFailures | undefined, now: Date): LoginFailures {
  const served = state?.lockedUntil && state.lockedUntil <= now;
  const failures = (state && !served ? state.failures : 0) + 1;
  return {
    failures, spent: state?.spent ?? 0, updatedAt: now,
    lockedUntil: failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null,
  };
}

const spentAt = (state: LoginFailures | undefined, now: Date): number =>
  state ? Math.max(0, state.spent - Math.max(0, now.getTime() - state.updatedAt.getTime()) / 1000 / ADDRESS_REFILL_SECONDS) : 0;

/** Seconds until this address may fail once more (0: now). */
export function addressWait(state: LoginFailures | undefined, now: Date): number {
  const over = spentAt(state, now) + 1 - FAILURES_PER_ADDRESS;
  // Rounded to the millisecond first: a third of a refill is 10 s, not 10.0000001 s.
  return over > 0 ? Math.ceil(Math.round(over * ADDRESS_REFILL_SECONDS * 1000) / 1000) : 0;
}

/** A failure from this address, spending one of its budget (never beyond the budget). */
export function afterAddressFailure(state: LoginFailures | undefined, now: Date): LoginFailures {
  return { failures: 0, lockedUntil: null, spent: Math.min(FAILURES_PER_ADDRESS, spentAt(state, now) + 1), updatedAt: now };
}

/** The one lockout message: the same words for real, unknown and administrator accounts. */
export const lockedMessage = (until: Date): string => `account locked after repeated failures until ${until.toISOString()}`;
