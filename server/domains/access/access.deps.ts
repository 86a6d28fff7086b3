import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RateLimiter } from '../../platform/rate-limiter.ts';
import type { FailedLogins } from './login-guard.rules.ts';

/** What the access services need; built once in the composition root. */
export interface AccessDeps {
  db: Db;
  clock: Clock;
  sessions: {
    /** A session unused this long ends. */
    idleMinutes: number;
    /** A session ends this long after login, however busy. */
    maxHours: number;
  };
  /** Login attempts per client address and username. */
  loginLimiter: RateLimiter;
  /** Failed logins per client address, across usernames (password spraying). */
  addressFailures: RateLimiter;
  /** Failures of names that are no account, and of administrators per address (see login-guard.rules). */
  failedLogins: FailedLogins;
}

/** Change-feed channel on which revocations travel to every instance (sockets are then closed). */
export const ACCESS_REVOKED_CHANNEL = 'access_revoked';
