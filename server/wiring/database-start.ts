import { createDb, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import type { Config } from '../config.ts';
import { isDatabaseUnavailable } from '../platform/db-unavailable.ts';
import type { Logger } from '../platform/logger.ts';

/**
 * Opens and migrates the database at start. PostgreSQL may be unreachable when the app starts
 * (a reboot where the app comes up first, a failover): instead of exiting, retry with backoff
 * (1 s doubling to 30 s) for DATABASE_START_WAIT_SECONDS, one clear log line per attempt. Any
 * other error (a bad migration, a held data-folder lock) still stops the start at once.
 */
export async function openDatabase(
  config: Readonly<Config>,
  logger: Logger,
  prepare: (db: Db) => Promise<void>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Db> {
  const deadline = Date.now() + config.dbOutage.startWaitSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    const db = await createDb({
      databaseUrl: config.db.databaseUrl, dataDir: config.db.dataDir, poolMax: config.db.poolMax,
      connectTimeoutSeconds: config.dbOutage.connectTimeoutSeconds, statementTimeoutMs: config.dbOutage.statementTimeoutMs,
    });
    try {
      await migrate(db.sql, { log: (line) => logger.info({ module: 'db' }, line) });
      await prepare(db);
      if (attempt > 1) logger.info({ module: 'db', attempt }, 'database reachable; starting');
      return db;
    } catch (error) {
      await db.close().catch(() => undefined);
      const waitMs = Math.min(1000 * 2 ** (attempt - 1), 30_000);
      if (!isDatabaseUnavailable(error) || Date.now() + waitMs > deadline) throw error;
      logger.warn(
        { module: 'db', attempt, retryInSeconds: waitMs / 1000, code: (error as { code?: string }).code },
        `database unreachable at start; retrying in ${waitMs / 1000} s (attempt ${attempt})`,
      );
      await sleep(waitMs);
    }
  }
}
