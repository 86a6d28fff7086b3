import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { AccessDeps } from '../domains/access/index.ts';
import type { Clock } from '../platform/clock.ts';
import { RateLimiter } from '../platform/rate-limiter.ts';

/** Part of the composition root: the access services' dependencies, for the server and the CLI. */
export function createAccessDeps(db: Db, clock: Clock, config: Readonly<Config>): AccessDeps {
  return {
    db,
    clock,
    sessions: config.sessions,
    // Ten attempts at once per client address, then one every six seconds.
    loginLimiter: new RateLimiter({ capacity: 10, perSecond: 1 / 6 }),
  };
}
