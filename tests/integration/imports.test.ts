import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureCalendarSeeded, getCalendarCoverage } from '../../server/domains/calendar/index.ts';
import { findCustomerByCode } from '../../server/domains/customers/index.ts';
import { importCsv, importRecords, type ImportEntity, type ImportProgress } from '../../server/domains/imports/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { AppError } from '../../server/platform/errors.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const FIXTURES = new URL('../fixtures/csv/', import.meta.url);
const fixture = (name: string): Buffer => fs.readFileSync(new URL(name, FIXTURES));

let db: TestDb;
const clock = fixedClock('2026-06-01T02:00:00Z');
const deps = () => ({ db, clock });
const importFixture = (entity: ImportEntity, name: string, onProgress?: (p: ImportProgress) => void) =>
  importCsv(deps(), { entity, fileName: name, content: fixture(name), actor: 'test', ...(onProgress ? { onProgress } : {}) });
const importOrg = async () => {
  for (const entity of ['regions', 'branches', 'staff'] as const) expect((await importFixture(entity, `${entity}.csv`)).status).toBe('succeeded');
};
const count = async (table: 'regions' | 'branches' | 'staff' | 'customers' | 'calendar_days') =>
  (await db.sql<{ n: number }[]>`select count(*)::int as n from ${db.sql(table)}`)[0]?.n;

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.truncate();
});

describe('importCsv with good files', () => {
  it('imports regions listed child-first, with a BOM, CRLF and trailing blank lines, and computes ancestor paths', async () => {
    const result = await importFixture('regions', 'regions.csv');
    expect(result).toMatchObject({ status: 'succeeded', rowCount: 6, inserted: 6, updated: 0, errorCount: 0, errors: [] });
    const [row] = await db.sql<{ codes: string[] }[]>`
      select array(select a.code from unnest(r.ancestor_ids) with ordinality as u(id, n) join regions a on a.id = u.id order by u.n) as codes
      from regions r where r.code = 'SH01'`;
    expect(row?.codes).toEqual(['HQ', 'SH', 'SH01']);
  });

  it('reads Chinese headers and kinds', async () => {
    const result = await importFixture('regions', 'regions-zh.csv');
    expect(result).toMatchObject({ status: 'succeeded', inserted: 2 });
    const rows = await db.sql<{ code: string; kind: string }[]>`select code, kind from regions order by code`;
    expect(rows.map((r) => [r.code, r.kind])).toEqual([['GZ', 'branch_office'], ['HQ', 'head_office']]);
  });

  it('imports every entity in order, and a branch_head becomes the head of their branch', async () => {
    await importOrg();
    const customers = await importFixture('customers', 'customers.csv');
    expect(customers).toMatchObject({ status: 'succeeded', inserted: 4 });
    expect([await count('branches'), await count('staff'), await count('customers')]).toEqual([5, 8, 4]);
    const heads = await db.sql<{ branch: string; head: string | null }[]>`
      select b.code as branch, s.code as head from branches b left join staff s on s.id = b.head_staff_id order by b.code`;
    expect(heads.map((h) => [h.branch, h.head])).toEqual([['B001', 'S002'], ['B002', null], ['B003', 'S005'], ['B004', null], ['B005', null]]);
    const runs = await db.sql<{ entity: string; status: string }[]>`select entity, status from import_runs order by id`;
    expect(runs.map((r) => `${r.entity}:${r.status}`)).toEqual(['regions:succeeded', 'branches:succeeded', 'staff:succeeded', 'customers:succeeded']);
  });

  it('stores normalized customer data and returns it masked unless revealed', async () => {
    await importOrg();
    await importFixture('customers', 'customers.csv');
    const masked = await findCustomerByCode(db.sql, 'C001');
    expect(masked).toMatchObject({ name: '欧阳**', phone: '139****5678', idNumber: '110***********0010', tier: 'gold', masked: true });
    expect(masked?.birthday).toEqual({ calendar: 'solar', year: null, month: 1, day: 1, leapMonth: false });
    const revealed = await findCustomerByCode(db.sql, 'C004', { reveal: true });
    expect(revealed).toMatchObject({ name: '吴一凡', phone: '13712345678', tier: 'mass', careOptOut: true, accountManagerCode: 'S006' });
    expect((await findCustomerByCode(db.sql, 'C003'))?.birthday).toEqual({ calendar: 'lunar', year: null, month: 4, day: 15, leapMonth: true });
    expect(await findCustomerByCode(db.sql, 'C999')).toBeUndefined();
  });
});

describe('importCsv with bad rows', () => {
  it('rejects a regions file naming each bad row and field, and writes nothing', async () => {
    const result = await importFixture('regions', 'regions-bad.csv');
    expect(result).toMatchObject({ status: 'rejected', rowCount: 7, inserted: 0, updated: 0, errorCount: 5 });
    expect(result.errors).toEqual([
      { row: 4, field: 'parent_code', reason: 'unknown region "XX"' },
      { row: 5, field: 'name', reason: 'is required' },
      { row: 6, field: 'code', reason: '"SH" is already in row 3' },
      { row: 7, field: 'kind', reason: 'a second head office; "HQ" is the head office' },
      { row: 8, field: 'kind', reason: 'must be one of head_office, branch_office, sub_branch' },
    ]);
    expect(await count('regions')).toBe(0);
    const [run] = await db.sql<{ status: string; errorCount: number; rowCount: number }[]>`select status, error_count, row_count from import_runs`;
    expect(run).toEqual({ status: 'rejected', errorCount: 5, rowCount: 7 });
  });

  it('rejects a customers file with unknown references and bad personal data, without echoing the data', async () => {
    await importOrg();
    const result = await importFixture('customers', 'customers-bad.csv');
    expect(result.status).toBe('rejected');
    expect(result.errors.map((e) => `${e.row} ${e.field}: ${e.reason}`)).toEqual([
      '3 branch_code: unknown branch "BJ099"',
      '4 phone: not a valid phone number',
      '4 account_manager_code: unknown staff "S999"',
      '5 tier: must be one of mass, gold, platinum, diamond, private',
      '5 birthday: not a real date',
      '5 id_number: check digit does not match',
      '6 code: "C101" is already in row 2',
      '7 birthday_leap_month: only a lunar birthday can be in a leap month',
      '7 care_opt_out: must be true/false, 1/0, yes/no or 是/否',
    ]);
    expect(JSON.stringify(result)).not.toMatch(/12345|110101198001010011|赵六/);
    expect(await count('customers')).toBe(0);
  });

  it('rejects a holidays file with a bad date, a repeated date and a bad kind', async () => {
    const result = await importFixture('holidays', 'holidays-bad.csv');
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([[3, 'date'], [4, 'date'], [5, 'kind'], [5, 'name']]);
    expect(await count('calendar_days')).toBe(0);
  });

  it('rejects a branch whose head staff does not exist', async () => {
    await importFixture('regions', 'regions.csv');
    const content = 'code,name,region_code,head_staff_code\nB9,网点,SH01,S404\n';
    const result = await importCsv(deps(), { entity: 'branches', fileName: 'b.csv', content, actor: 'test' });
    expect(result.errors).toEqual([{ row: 2, field: 'head_staff_code', reason: 'unknown staff "S404"' }]);
  });
});

describe('importCsv structural problems', () => {
  const run = (entity: string, content: string | Buffer) =>
    importCsv(deps(), { entity: entity as ImportEntity, fileName: 'x.csv', content, actor: 'test' });

  it('names a missing required column', async () => {
    await expect(run('branches', 'code,name\nB1,x\n')).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'region_code' }] });
  });
  it('refuses an empty file, a header without rows, an unknown entity and binary content', async () => {
    await expect(run('regions', '')).rejects.toThrow('file: is empty');
    await expect(run('regions', 'code,name,kind\n\n')).rejects.toThrow('file: has a header but no data rows');
    await expect(run('accounts', 'code\nx\n')).rejects.toThrow(/^entity: must be one of regions/);
    await expect(run('regions', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).rejects.toBeInstanceOf(AppError);
    expect(await db.sql`select id from import_runs`).toHaveLength(0);
  });
});

describe('re-import', () => {
  it('updates by code instead of duplicating', async () => {
    await importFixture('regions', 'regions.csv');
    const renamed = fixture('regions.csv').toString('utf8').replace('上海分行', '上海市分行');
    const result = await importCsv(deps(), { entity: 'regions', fileName: 'regions.csv', content: renamed, actor: 'test' });
    expect(result).toMatchObject({ status: 'succeeded', inserted: 0, updated: 6 });
    expect(await count('regions')).toBe(6);
    expect((await db.sql<{ name: string }[]>`select name from regions where code = 'SH'`)[0]?.name).toBe('上海市分行');
  });

  it('keeps values of optional columns the file leaves out, such as a branch head set by the staff import', async () => {
    await importOrg();
    await importFixture('branches', 'branches.csv'); // has no head_staff_code column
    const [head] = await db.sql<{ code: string }[]>`select s.code from branches b join staff s on s.id = b.head_staff_id where b.code = 'B001'`;
    expect(head?.code).toBe('S002');
  });

  it('accepts records from code and counts blank values as cleared', async () => {
    await importFixture('regions', 'regions.csv');
    const records = [{ code: 'SH', name: '上海分行', kind: 'branch_office', parent_code: 'HQ', name_en: '' }];
    expect(await importRecords(deps(), { entity: 'regions', fileName: 'demo', records, actor: 'demo' })).toMatchObject({ updated: 1 });
    expect((await db.sql<{ nameEn: string | null }[]>`select name_en from regions where code = 'SH'`)[0]?.nameEn).toBeNull();
    expect((await db.sql<{ nameEn: string | null }[]>`select name_en from regions where code = 'BJ'`)[0]?.nameEn).toBe('Beijing Branch');
  });
});

describe('holidays import', () => {
  it('replaces a computed year with exactly the rows of the file', async () => {
    await ensureCalendarSeeded(db.sql, clock);
    const before = await db.sql`select day from calendar_days where day = '2027-06-09'`;
    expect(before).toHaveLength(1); // computed 端午
    const result = await importFixture('holidays', 'holidays-2027.csv');
    expect(result).toMatchObject({ status: 'succeeded', inserted: 4, updated: 6 });
    const days = await db.sql<{ day: string; kind: string }[]>`select day, kind from calendar_days where year = 2027 order by day`;
    expect(days).toHaveLength(10);
    expect(days.find((d) => d.day === '2027-02-20')?.kind).toBe('workday');
    expect((await getCalendarCoverage(db.sql)).years.find((y) => y.year === 2027)).toMatchObject({ source: 'import', official: true });
  });
});

describe('progress and notifications', () => {
  it('reports progress per 1,000 rows in both phases and notifies org_changed after commit', async () => {
    await importOrg();
    const notified = new Promise<Record<string, unknown>>((resolve) => void db.changes.listen('org_changed', resolve));
    const records = Array.from({ length: 2500 }, (_, i) => ({ code: `P${i}`, name: `客户${i}`, branch_code: 'B002' }));
    const progress: string[] = [];
    const result = await importRecords(deps(), {
      entity: 'customers', fileName: 'generated', records, actor: 'test', onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(result).toMatchObject({ status: 'succeeded', inserted: 2500 });
    expect(progress).toEqual([
      'validating 0/2500', 'validating 1000/2500', 'validating 2000/2500', 'validating 2500/2500',
      'writing 0/2500', 'writing 1000/2500', 'writing 2000/2500', 'writing 2500/2500',
    ]);
    expect(await notified).toEqual({ entity: 'customers', inserted: 2500, updated: 0 });
  });
});

describe('scale', () => {
  // GB 11643 check character, so generated ID numbers pass validation.
  const withCheck = (first17: string) => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = weights.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
    return first17 + '10X98765432'[sum % 11];
  };

  // Its speed is measured by `npm run bench` (against raw inserts), not asserted here.
  it('imports a 50,000-customer file as one all-or-nothing run', async () => {
    await importOrg();
    const header = 'code,name,branch_code,account_manager_code,tier,birthday,birthday_calendar,phone,id_number,care_opt_out';
    const lines = Array.from({ length: 50_000 }, (_, i) => {
      const id = withCheck(`3101151980${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`);
      return `C${String(i).padStart(6, '0')},客户${i},B00${(i % 4) + 1},${i % 2 ? 'S003' : ''},gold,${(i % 12) + 1}-${(i % 28) + 1},solar,139${String(i).padStart(8, '0')},${id},false`;
    });
    const content = Buffer.from([header, ...lines].join('\n'));
    const result = await importCsv(deps(), { entity: 'customers', fileName: 'customers-50k.csv', content, actor: 'test' });
    expect(result).toMatchObject({ status: 'succeeded', inserted: 50_000, errorCount: 0 });
    expect(await count('customers')).toBe(50_000);
  });
});

