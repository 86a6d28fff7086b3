import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importCsv, type ImportEntity } from '../../server/domains/imports/index.ts';
import { createSecuredRouter, orgScopeOf, principalForStaff, principalOf, scopeOf, type Principal } from '../../server/domains/access/index.ts';
import {
  registerOrgRoutes,
  findStaffByCode,
  findStaffIdentity,
  getOrgOverview,
  listStaff,
  upsertRegions,
} from '../../server/domains/org/index.ts';
import { createErrorHandler } from '../../server/http/error-handler.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createLogger } from '../../server/platform/logger.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const FIXTURES = new URL('../fixtures/csv/', import.meta.url);
const BANK = { name: '示范银行', timeZone: 'Asia/Shanghai' };
let db: TestDb;

async function importFile(entity: ImportEntity, content: string | Buffer): Promise<void> {
  const result = await importCsv({ db, clock: fixedClock('2026-06-01T02:00:00Z') }, { entity, fileName: `${entity}.csv`, content, actor: 'test' });
  expect(result.errors).toEqual([]);
}

async function importFixtureBank(): Promise<void> {
  for (const entity of ['regions', 'branches', 'staff', 'customers'] as const) {
    await importFile(entity, fs.readFileSync(new URL(`${entity}.csv`, FIXTURES)));
  }
}

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.truncate();
  await importFixtureBank();
});

describe('getOrgOverview', () => {
  it('counts active branches and staff, and every branch in each region subtree', async () => {
    const overview = await getOrgOverview(db.sql, BANK);
    expect(overview.bank).toEqual(BANK);
    // B005 and S008 are inactive.
    expect(overview.counts).toEqual({ regions: 6, branches: 4, staff: 7, customers: 4 });
    const byCode = Object.fromEntries(overview.regions.map((r) => [r.code, [r.parentCode, r.branchCount]]));
    expect(byCode).toEqual({
      HQ: [null, 4],
      SH: ['HQ', 3],
      SH01: ['SH', 2],
      SH02: ['SH', 1],
      BJ: ['HQ', 1],
      BJ01: ['BJ', 1],
    });
  });

  it('lists every parent before its children', async () => {
    const codes = (await getOrgOverview(db.sql, BANK)).regions.map((r) => r.code);
    for (const [child, parent] of [['SH', 'HQ'], ['SH01', 'SH'], ['BJ01', 'BJ']] as const) {
      expect(codes.indexOf(parent)).toBeLessThan(codes.indexOf(child));
    }
  });

  it('moves a region and its branches to a new parent when the import changes parent_code', async () => {
    await importFile('regions', 'code,name,kind,parent_code\nSH02,徐汇支行,sub_branch,BJ\n');
    const byCode = Object.fromEntries((await getOrgOverview(db.sql, BANK)).regions.map((r) => [r.code, r.branchCount]));
    expect([byCode.SH, byCode.BJ, byCode.HQ]).toEqual([2, 2, 4]);
  });
});

describe('listStaff', () => {
  it('finds active staff by part of the name or the start of the code', async () => {
    expect((await listStaff(db.sql, { q: '明' })).map((s) => s.code)).toEqual(['S002']);
    expect((await listStaff(db.sql, { q: 's00' })).map((s) => s.code)).toEqual(['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S007']);
  });

  it('filters by branch, applies the limit and leaves out inactive staff', async () => {
    expect((await listStaff(db.sql, { branchCode: 'B001' })).map((s) => s.code)).toEqual(['S002', 'S003', 'S004']);
    expect(await listStaff(db.sql, { limit: 2 })).toHaveLength(2);
    expect(await listStaff(db.sql, { branchCode: 'B002' })).toEqual([]); // S008 is inactive
  });

  it('gives branch staff the region of their branch and office staff their own region', async () => {
    const [teller] = await listStaff(db.sql, { q: 'S004' });
    expect(teller).toEqual({ code: 'S004', name: '刘芳', role: 'teller', branchCode: 'B001', branchName: '陆家嘴网点', regionCode: 'SH01' });
    const [inspector] = await listStaff(db.sql, { q: 'S007' });
    expect(inspector).toMatchObject({ branchCode: null, branchName: null, regionCode: 'SH' });
  });

  it('treats LIKE wildcards in the query as plain characters', async () => {
    expect(await listStaff(db.sql, { q: '%' })).toEqual([]);
  });
});

describe('findStaffByCode and findStaffIdentity', () => {
  it('returns the staff member with normalized contact data, or undefined', async () => {
    expect(await findStaffByCode(db.sql, 'S002')).toMatchObject({ code: 'S002', role: 'branch_head', branchCode: 'B001', mobile: '13800000002', feishuOpenId: 'ou_s002' });
    expect(await findStaffByCode(db.sql, 'S404')).toBeUndefined();
  });
  it('identifies an inactive staff member with branch and region names', async () => {
    expect(await findStaffIdentity(db.sql, 'S008')).toEqual({
      code: 'S008', name: '周敏', role: 'teller', branchCode: 'B002', branchName: '张江网点', regionCode: 'SH01', regionName: '浦东支行', active: false,
    });
  });
});

describe('branch heads', () => {
  it('a newly imported branch_head replaces the head, and a head who moves away is cleared', async () => {
    await importFile('staff', 'code,name,role,branch_code\nS009,新主任,branch_head,B001\nS005,陈静,teller,B004\n');
    const heads = await db.sql<{ branch: string; head: string | null }[]>`
      select b.code as branch, s.code as head from branches b left join staff s on s.id = b.head_staff_id
      where b.code in ('B001', 'B003') order by b.code`;
    expect(heads.map((h) => [h.branch, h.head])).toEqual([['B001', 'S009'], ['B003', null]]);
  });
});

describe('upsertRegions', () => {
  it('refuses a parent cycle with CONFLICT and leaves the tree unchanged', async () => {
    const cycle = db.changes.transaction((tx) =>
      upsertRegions(tx, [{ code: 'SH', name: '上海分行', kind: 'branch_office', parentCode: 'SH01' }]),
    );
    await expect(cycle).rejects.toMatchObject({ code: 'CONFLICT' });
    const [row] = await db.sql<{ parent: string }[]>`select p.code as parent from regions r join regions p on p.id = r.parent_id where r.code = 'SH'`;
    expect(row?.parent).toBe('HQ');
  });
  it('refuses a second head office with CONFLICT', async () => {
    const second = db.changes.transaction((tx) => upsertRegions(tx, [{ code: 'HQ2', name: '二', kind: 'head_office', parentCode: null }]));
    await expect(second).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('org routes', () => {
  let baseUrl: string;
  let close: () => Promise<void>;
  let principal: Principal;
  beforeAll(async () => {
    const app = express();
    const api = createSecuredRouter([]);
    registerOrgRoutes(api, { sql: db.sql, bank: BANK, readerScope: (req) => orgScopeOf(scopeOf(principalOf(req))) });
    app.use((req, _res, next) => {
      req.auth = { principal, via: 'bearer' };
      next();
    });
    app.use('/api/v1', api.router);
    app.use(createErrorHandler(createLogger({ level: 'silent' })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    close = () => new Promise((resolve) => void server.close(() => resolve()));
  });
  afterAll(async () => {
    await close();
  });
  beforeEach(() => {
    principal = { kind: 'system', name: 'test' };
  });

  it('GET /org/overview answers with the overview', async () => {
    const response = await fetch(`${baseUrl}/org/overview`);
    expect(response.status).toBe(200);
    expect((await response.json()).counts).toEqual({ regions: 6, branches: 4, staff: 7, customers: 4 });
  });
  it('GET /org/overview shows a branch head only their branch, with the regions above it', async () => {
    principal = await principalForStaff(db.sql, 'S002') as Principal; // 李明, head of B001 under SH01
    const body = await (await fetch(`${baseUrl}/org/overview`)).json();
    expect(body.counts.branches).toBe(1);
    expect(body.regions.map((r: { code: string }) => r.code)).toEqual(['HQ', 'SH', 'SH01']);
    expect(body.regions.every((r: { branchCount: number }) => r.branchCount === 1)).toBe(true);
  });
  it('GET /staff answers with matching staff summaries', async () => {
    const response = await fetch(`${baseUrl}/staff?q=${encodeURIComponent('芳')}&branch=B001&limit=5`);
    expect(await response.json()).toEqual({
      items: [{ code: 'S004', name: '刘芳', role: 'teller', branchCode: 'B001', branchName: '陆家嘴网点', regionCode: 'SH01' }],
    });
  });
  it('GET /staff lists only the staff inside the caller’s scope', async () => {
    principal = await principalForStaff(db.sql, 'S002') as Principal;
    const body = await (await fetch(`${baseUrl}/staff?limit=100`)).json();
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((s: { branchCode: string | null }) => s.branchCode === 'B001')).toBe(true);
  });
  it('GET /staff rejects a limit out of range with 400 naming the field', async () => {
    const response = await fetch(`${baseUrl}/staff?limit=500`);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'limit' }] });
  });
});
