import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './types.ts';

/**
 * Forward-only migrations: db/migrations/NNNNN_snake_name.sql, contiguous from 00001. Each runs in
 * its own transaction together with its row in schema_migrations, under an advisory lock so two
 * instances starting together on PostgreSQL do not both apply it. A database that holds a
 * migration this code does not know (a newer release ran) or one whose text changed refuses.
 */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const FILE_PATTERN = /^(\d{5})_([a-z0-9_]+)\.sql$/;
const LOCK_KEY = 7_340_017; // arbitrary, fixed: "touchstone migrations"

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  text: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file, index) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`migration file ${file} must be named NNNNN_snake_name.sql`);
    const version = Number(match[1]);
    if (version !== index + 1) throw new MigrationError(`migration ${file} breaks the numbering: expected ${String(index + 1).padStart(5, '0')}`);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version, name: match[2]!, text, checksum: createHash('sha256').update(text).digest('hex') };
  });
}

export interface MigrationStatus {
  applied: number;
  known: number;
  pending: Migration[];
  /** Versions in the database this code does not know, or whose text differs. */
  problems: string[];
}

export async function getMigrationStatus(sql: Sql, migrations = listMigrations()): Promise<MigrationStatus> {
  await ensureTable(sql);
  const rows = await sql<{ version: number; name: string; checksum: string }[]>`
    select version, name, checksum
    from schema_migrations
    order by version`;
  const problems: string[] = [];
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of rows) {
    const mine = known.get(row.version);
    if (!mine) problems.push(`the database has migration ${row.version} (${row.name}) that this release does not know; run a newer release`);
    else if (mine.checksum !== row.checksum) problems.push(`migration ${row.version} (${row.name}) was changed after it was applied; write a new migration instead`);
  }
  const applied = new Set(rows.map((r) => r.version));
  return { applied: rows.length, known: migrations.length, pending: migrations.filter((m) => !applied.has(m.version)), problems };
}

export async function migrate(sql: Sql, options: { migrations?: Migration[]; log?: (line: string) => void } = {}): Promise<Migration[]> {
  const migrations = options.migrations ?? listMigrations();
  const status = await getMigrationStatus(sql, migrations);
  if (status.problems.length > 0) throw new MigrationError(status.problems.join('; '));
  const done: Migration[] = [];
  for (const migration of status.pending) {
    const applied = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
      const [already] = await tx`select 1 as one from schema_migrations where version = ${migration.version}`;
      if (already) return false; // another instance applied it while we waited for the lock
      await tx.unsafe(migration.text);
      await tx`
        insert into schema_migrations (version, name, checksum)
        values (${migration.version}, ${migration.name}, ${migration.checksum})`;
      return true;
    });
    if (applied) {
      done.push(migration);
      options.log?.(`applied migration ${String(migration.version).padStart(5, '0')}_${migration.name}`);
    }
  }
  return done;
}

async function ensureTable(sql: Sql): Promise<void> {
  // Under the lock: two instances creating the table at once would otherwise collide in pg_type.
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
  });
}
