import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type Db } from '../../../db/client.ts';
import { migrate } from '../../../db/migrate.ts';
import { testDatabaseUrl } from './test-env.ts';

export interface TestDb extends Db {
  /** The URL of this test's own PostgreSQL database (undefined when embedded). */
  url: string | undefined;
  /** Empties every table but schema_migrations, for beforeEach isolation. */
  truncate(): Promise<void>;
}

/** A fresh, migrated database for one test file: PGlite from the template, or a new PG database. */
export async function createTestDb(): Promise<TestDb> {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) {
    const template = fs.readFileSync(inject('pgliteTemplate'));
    const db = await createDb({ dataDir: 'memory', loadDataDir: new Blob([template]) });
    return { ...db, url: undefined, truncate: () => truncateAll(db) };
  }
  const name = `touchstone_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const db = await createDb({ databaseUrl: url, poolMax: 5 });
  await migrate(db.sql);
  return {
    ...db,
    url,
    truncate: () => truncateAll(db),
    async close() {
      await db.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function truncateAll(db: Db): Promise<void> {
  const tables = await db.sql<{ tablename: string }[]>`
    select tablename from pg_tables
    where schemaname = 'public' and tablename <> 'schema_migrations'`;
  if (tables.length === 0) return;
  await db.sql`truncate ${db.sql(tables.map((t) => t.tablename))} restart identity cascade`;
}
