import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { ensureDemoCredentials } from '../../server/demo/demo-credentials.ts';
import { authenticateBearer } from '../../server/domains/access/index.ts';
import { createAccessDeps } from '../../server/wiring/access-wiring.ts';
import { seedDemoBank } from '../../server/demo/seed-demo-bank.ts';
import { importCsv } from '../../server/domains/imports/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const clock = fixedClock('2026-11-28T02:00:00Z');
const small = { branchOffices: 2, customersTotal: 300 };

describe('demo bank seeding', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());
  beforeEach(() => db.truncate());

  const count = async (table: 'regions' | 'branches' | 'staff' | 'customers') =>
    (await db.sql<{ n: number }[]>`select count(*)::int as n from ${db.sql(table)}`)[0]!.n;

  it('creates the bank through the import service on the first run and reuses it on the second', async () => {
    const progress: string[] = [];
    const first = await seedDemoBank({ db, clock }, { ...small, onProgress: (p) => progress.push(p.entity) });
    expect(first.created).toBe(true);
    expect(await count('customers')).toBe(300);
    expect(new Set(progress)).toEqual(new Set(['regions', 'branches', 'staff', 'customers']));
    const heads = await db.sql`select count(*)::int as n from branches where head_staff_id is null`;
    expect(heads[0]!.n).toBe(0);

    const second = await seedDemoBank({ db, clock }, small);
    expect(second.created).toBe(false);
    expect(await count('customers')).toBe(300);
  });

  it('completes a seeding that was interrupted after the organisation', async () => {
    await seedDemoBank({ db, clock }, { ...small, customersTotal: 0 }).catch(() => undefined); // an empty customer list is rejected, like a Ctrl+C before customers
    await db.sql`delete from import_runs where entity = 'customers'`;
    const resumed = await seedDemoBank({ db, clock }, small);
    expect(resumed.created).toBe(true);
    expect(await count('customers')).toBe(300);
  });

  it('never mixes demo rows into a bank that imported its own data', async () => {
    const csv = 'code,name,kind,parent_code\nHQ,本行总行,head_office,\n';
    await importCsv({ db, clock }, { entity: 'regions', fileName: 'regions.csv', content: csv, actor: 'cli:admin' });
    const result = await seedDemoBank({ db, clock }, small);
    expect(result.created).toBe(false);
    expect(await count('regions')).toBe(1);
  });
});

describe('demo credentials', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  it('are generated once, kept in the data folder, and still valid on the next run', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-demo-credentials-'));
    const access = createAccessDeps(db, clock, loadConfig({}));
    const first = await ensureDemoCredentials(access, dataDir);
    expect(first).toMatchObject({ adminUser: 'admin', adminPassword: expect.stringMatching(/^\S{20}$/), ingestApiKey: expect.stringMatching(/^tsk_/), wallToken: expect.stringMatching(/^tsd_/) });
    expect(fs.statSync(path.join(dataDir, 'demo-credentials.json')).mode & 0o777).toBe(0o600);
    expect(await ensureDemoCredentials(access, dataDir)).toEqual(first);
    expect(await authenticateBearer(access, first.wallToken)).toMatchObject({ kind: 'display_token', scope: { kind: 'bank' } });
    // The file lost: a new admin password (the old one is reset), new key and token.
    fs.rmSync(path.join(dataDir, 'demo-credentials.json'));
    const again = await ensureDemoCredentials(access, dataDir);
    expect(again.adminPassword).not.toBe(first.adminPassword);
    const [counted] = await db.sql<{ n: number }[]>`select count(*)::int as n from users where username = 'admin'`;
    expect(counted!.n).toBe(1);
  });
});
