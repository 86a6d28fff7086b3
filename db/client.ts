import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';
import { createInProcessChangeFeed, createPostgresChangeFeed, type ChangeFeed } from './change-feed.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import type { Sql } from './types.ts';

/**
 * The only place a database client is built (ADR 0001).
 *   - `databaseUrl` set: a postgres.js pool on PostgreSQL; several instances may share it.
 *   - otherwise: embedded PGlite on `dataDir` (or in memory), served to postgres.js over
 *     pglite-socket on 127.0.0.1 with ONE connection. More corrupts the extended protocol, so
 *     never use the outer `sql` inside `sql.begin`: it would wait for itself forever.
 */
export interface DbOptions {
  databaseUrl?: string | undefined;
  /** A folder, or 'memory' for a throwaway database (tests). Ignored with databaseUrl. */
  dataDir?: string | 'memory';
  poolMax?: number;
  /** A PGlite data dump to start from (tests clone a migrated template instead of re-running initdb). */
  loadDataDir?: Blob | File;
  applicationName?: string;
  /** PostgreSQL only: one connection attempt's limit (postgres.js connect_timeout). */
  connectTimeoutSeconds?: number;
  /** PostgreSQL only: statement_timeout of every connection; 0 for none. */
  statementTimeoutMs?: number;
}

export interface Db {
  sql: Sql;
  mode: 'embedded' | 'postgres';
  changes: ChangeFeed;
  /** The data-folder lock in embedded file mode, so the server can publish its control port in it. */
  lock: DataDirLock | undefined;
  /** Dumps an embedded database (tests use it to make a migrated template). */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

// Dates (SQL `date`) stay 'YYYY-MM-DD' strings: a calendar day has no time zone, and a JS Date at
// UTC midnight would shift by a day when shown in Asia/Shanghai minus anything.
const types = {
  date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x },
};

const common = {
  transform: postgres.camel,
  types,
  onnotice: () => {},
  connection: { TimeZone: 'UTC' },
};

export async function createDb(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) return createServerDb(options.databaseUrl, options);
  return createEmbeddedDb(options);
}

function createServerDb(url: string, options: DbOptions): Db {
  const sql = postgres(url, {
    ...common,
    max: options.poolMax ?? 10,
    connection: {
      ...common.connection, application_name: options.applicationName ?? 'touchstone',
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
    // During an outage a request must fail in about a second (503 + Retry-After), not wait
    // for the driver's reconnect backoff, which grows to 20 s by default: retry a lost
    // connection after 50 ms, doubling up to 1 s.
    connect_timeout: options.connectTimeoutSeconds ?? 3,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
  }) as unknown as Sql;
  return {
    sql,
    mode: 'postgres',
    changes: createPostgresChangeFeed(sql),
    lock: undefined,
    dump: () => Promise.reject(new Error('dump is only for embedded databases')),
    close: () => sql.end({ timeout: 5 }),
  };
}

async function createEmbeddedDb(options: DbOptions): Promise<Db> {
  const inMemory = !options.dataDir || options.dataDir === 'memory';
  const lock = inMemory ? undefined : acquireDataDirLock(options.dataDir as string);
  let pglite: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    pglite = await PGlite.create(inMemory ? 'memory://' : `${options.dataDir}/pgdata`, {
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    const sql = postgres({
      ...common,
      host: '127.0.0.1',
      port,
      username: 'postgres',
      database: 'postgres',
      max: 1,
      // The one connection lives as long as the process; idle recycling would only add latency.
      idle_timeout: 0,
    }) as unknown as Sql;
    const owned = { pglite, server };
    return {
      sql,
      mode: 'embedded',
      changes: createInProcessChangeFeed(sql),
      lock,
      dump: () => owned.pglite.dumpDataDir('none'),
      async close() {
        // Order matters (stack.md §4): client, then socket server, then PGlite.
        await sql.end({ timeout: 5 });
        await owned.server.stop();
        await owned.pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    await server?.stop().catch(() => {});
    await pglite?.close().catch(() => {});
    lock?.release();
    throw error;
  }
}
