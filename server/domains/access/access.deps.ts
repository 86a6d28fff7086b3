import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RateLimiter } from '../../platform/rate-limiter.ts';

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
  /**
   * Login attempts per client address and username, in this instance's memory: a speed bump.
   * Failures are counted in the database (users, login_failures), shared by every instance.
   */
  loginLimiter: RateLimiter;
}

/** Change-feed channel on which revocations travel to every instance (sockets are then closed). */
export const ACCESS_REVOKED_CHANNEL = 'access_revoked';
