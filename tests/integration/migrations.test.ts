import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMigrationStatus, listMigrations, migrate, MigrationError } from '../../db/migrate.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

describe('migrations', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(); // already migrated, the way every start migrates
  });
  afterAll(() => db.close());

  it('are numbered 00001 upwards without gaps', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });

  it('leave a fresh database with every migration applied and the master-data tables present', async () => {
    const status = await getMigrationStatus(db.sql);
    expect(status.pending).toEqual([]);
    expect(status.applied).toBe(listMigrations().length);
    const tables = await db.sql<{ tablename: string }[]>`select tablename from pg_tables where schemaname = 'public' order by tablename`;
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['regions', 'branches', 'staff', 'customers', 'calendar_days', 'job_runs', 'schema_migrations']));
  });

  it('apply nothing the second time', async () => {
    expect(await migrate(db.sql)).toEqual([]);
  });

  it('refuse a database that holds a migration this code does not know', async () => {
    await db.sql`insert into schema_migrations (version, name, checksum) values (99999, 'from_the_future', 'x')`;
    try {
      await expect(migrate(db.sql)).rejects.toThrow(/migration 99999 \(from_the_future\).*newer release/);
      expect((await getMigrationStatus(db.sql)).problems).toHaveLength(1);
    } finally {
      await db.sql`delete from schema_migrations where version = 99999`;
    }
  });

  it('refuse when an applied migration was edited afterwards', async () => {
    const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
    await expect(migrate(db.sql, { migrations: edited })).rejects.toBeInstanceOf(MigrationError);
  });

  it('run each new migration in its own transaction: a failing one leaves no trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-migrations-'));
    for (const m of listMigrations()) fs.writeFileSync(path.join(dir, `${String(m.version).padStart(5, '0')}_${m.name}.sql`), m.text);
    const next = String(listMigrations().length + 1).padStart(5, '0');
    fs.writeFileSync(path.join(dir, `${next}_broken.sql`), 'create table half_done (id int);\nselect * from no_such_table;');
    await expect(migrate(db.sql, { migrations: listMigrations(dir) })).rejects.toThrow(/no_such_table/);
    const [row] = await db.sql`select to_regclass('public.half_done') as t`;
    expect(row!.t).toBeNull();
    expect((await getMigrationStatus(db.sql)).applied).toBe(listMigrations().length);
  });

  it('reject a file whose name breaks the numbering', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-migrations-'));
    fs.writeFileSync(path.join(dir, '00001_a.sql'), 'select 1');
    fs.writeFileSync(path.join(dir, '00003_c.sql'), 'select 1');
    expect(() => listMigrations(dir)).toThrow(/expected 00002/);
  });
});
