/**
 * `npm run bench`: each benchmark reports our path against a raw baseline measured in the same
 * run, on embedded PGlite, or on PostgreSQL when DATABASE_URL is set — in a throwaway database
 * created next to the one named and dropped afterwards, so a bench never touches real data.
 * Ratios, not absolute times, are what to compare across machines. BENCH_ROUNDS sets the rounds
 * (the median is reported).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { formatResult } from './bench-kit.ts';
import { benchImport } from './import.bench.ts';

const serverUrl = process.env.DATABASE_URL || undefined;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const scratch = `touchstone_bench_${randomBytes(4).toString('hex')}`;

async function admin(statement: string): Promise<void> {
  const sql = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

if (serverUrl) await admin(`create database ${scratch}`);
const scratchUrl = serverUrl ? Object.assign(new URL(serverUrl), { pathname: `/${scratch}` }).toString() : undefined;
const db = await createDb(scratchUrl ? { databaseUrl: scratchUrl, poolMax: 4 } : { dataDir: 'memory' });
try {
  await migrate(db.sql);
  const mode = db.mode === 'embedded' ? 'embedded PGlite' : 'PostgreSQL';
  console.log(formatResult(await benchImport(db, rounds), mode));
} finally {
  await db.close();
  if (serverUrl) await admin(`drop database if exists ${scratch} with (force)`);
}
