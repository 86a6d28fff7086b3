import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KpiValues, Ranking, ScopeKpis } from '../../server/contract/index.ts';
import { createSecuredRouter, principalForStaff, resolveScope, type Principal } from '../../server/domains/access/index.ts';
import { closeHistoryDays, DEFAULT_TARGETS, EMPTY_SUMS, registerKpiRoutes, type KpiSums } from '../../server/domains/kpi/index.ts';
import { createErrorHandler } from '../../server/http/error-handler.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createLogger } from '../../server/platform/logger.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

/**
 * Fixture (hand-computed): HO → BJ → BJ01 → outlets BJ0101, BJ0102; BJ → outlet BJ0001 (no data)
 * and BJ0002 (inactive); HO → SH → SH01 → outlet SH0101. Day D = 2026-03-10, with D − 1 and the
 * same day a year earlier for BJ0101.
 */
const D = '2026-03-10';
const sums = (s: Partial<KpiSums>): KpiSums => ({ ...EMPTY_SUMS, ...s });
const DAY_ROWS: [string, string, KpiSums][] = [
  ['BJ0101', D, sums({ issued: 120, called: 110, finished: 100, waitCount: 110, waitSeconds: 66_000, longWaits: 11, handlingCount: 100, handlingSeconds: 48_000, evaluations: 80, satisfied: 78, ratingSum: 380, serviceErrors: 1 })],
  ['BJ0102', D, sums({ issued: 60, called: 50, finished: 50, waitCount: 50, waitSeconds: 15_000, handlingCount: 50, handlingSeconds: 15_000, evaluations: 50, satisfied: 50, ratingSum: 250 })],
  ['SH0101', D, sums({ issued: 200, called: 200, finished: 200, waitCount: 200, waitSeconds: 240_000, longWaits: 60, handlingCount: 200, handlingSeconds: 120_000, evaluations: 40, satisfied: 40, ratingSum: 200, serviceErrors: 2 })],
  ['BJ0101', '2026-03-09', sums({ issued: 95, called: 90, finished: 90, waitCount: 90, waitSeconds: 27_000, handlingCount: 90, handlingSeconds: 36_000, evaluations: 90, satisfied: 81 })],
  ['BJ0101', '2025-03-10', sums({ issued: 40, called: 40, finished: 40, waitCount: 40, waitSeconds: 48_000, longWaits: 20, handlingCount: 40, handlingSeconds: 24_000, evaluations: 20, satisfied: 19, serviceErrors: 1 })],
  ['BJ0101', '2027-02-28', sums({ issued: 7 })],
  // Last month (February 2026), for the ranking's movement: BJ0101 and BJ0102 in the opposite
  // order to D (BJ0101 perfect, BJ0102 poor), SH0101 without figures.
  ['BJ0101', '2026-02-03', sums({ issued: 50, called: 50, finished: 50, waitCount: 50, waitSeconds: 15_000, handlingCount: 50, handlingSeconds: 15_000, evaluations: 50, satisfied: 50, ratingSum: 250 })],
  ['BJ0101', '2026-02-27', sums({ issued: 10, called: 10, finished: 10, waitCount: 10, waitSeconds: 3_000, handlingCount: 10, handlingSeconds: 3_000, evaluations: 10, satisfied: 10, ratingSum: 50 })],
  ['BJ0102', '2026-02-10', sums({ issued: 40, called: 40, finished: 40, waitCount: 40, waitSeconds: 72_000, longWaits: 30, handlingCount: 40, handlingSeconds: 36_000, evaluations: 10, satisfied: 4, ratingSum: 20, serviceErrors: 4 })],
];
// Bank-local 09:00 and 10:00 (UTC+8) on D, and 09:00 the day before.
const HOUR_ROWS: [string, string, string, KpiSums][] = [
  ['BJ0101', '2026-03-10T01:00:00Z', D, sums({ issued: 30, finished: 25, evaluations: 20, satisfied: 20 })],
  ['BJ0101', '2026-03-10T02:00:00Z', D, sums({ issued: 40 })],
  ['SH0101', '2026-03-10T01:00:00Z', D, sums({ issued: 50 })],
  ['BJ0101', '2026-03-09T01:00:00Z', '2026-03-09', sums({ issued: 12 })],
];
const BUSINESS_ROWS: [string, string, number, number][] = [
  ['BJ0101', '开户', 10, 9_000], ['BJ0101', '存取款', 90, 27_000], ['BJ0102', '存取款', 50, 15_000], ['SH0101', '理财', 200, 120_000],
];

let db: TestDb;
let baseUrl: string;
let close: () => Promise<void>;
let principal: Principal;

async function seedFixture(sql: TestDb['sql']): Promise<void> {
  await seedTwoRegionBank(sql);
  await sql`
    insert into branches (code, name, region_id, active)
    select v.code, v.name, r.id, v.active
    from (values ('BJ0102', '北京朝阳望京网点', 'BJ01', true), ('BJ0001', '北京分行营业部', 'BJ', true), ('BJ0002', '北京旧网点', 'BJ', false))
      as v (code, name, region_code, active)
    join regions r on r.code = v.region_code`;
  for (const [code, day, s] of DAY_ROWS) {
    await sql`
      insert into branch_day_kpis (branch_id, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
        handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
      select id, ${day}::date, ${s.issued}, ${s.called}, ${s.finished}, ${s.waitCount}, ${s.waitSeconds}, ${s.longWaits},
        ${s.handlingCount}, ${s.handlingSeconds}, ${s.evaluations}, ${s.satisfied}, ${s.ratingSum}, ${s.serviceErrors}, now()
      from branches where code = ${code}`;
  }
  for (const [code, hour, day, s] of HOUR_ROWS) {
    await sql`
      insert into branch_hour_kpis (branch_id, hour, service_day, issued, finished, evaluations, satisfied, updated_at)
      select id, ${hour}::timestamptz, ${day}::date, ${s.issued}, ${s.finished}, ${s.evaluations}, ${s.satisfied}, now()
      from branches where code = ${code}`;
  }
  for (const [code, business, finished, seconds] of BUSINESS_ROWS) {
    await sql`
      insert into branch_day_business_kpis (branch_id, service_day, business, finished, handling_count, handling_seconds)
      select id, ${D}::date, ${business}, ${finished}, ${finished}, ${seconds} from branches where code = ${code}`;
  }
}

async function startApp(): Promise<void> {
  const app = express();
  const api = createSecuredRouter([]);
  // 00:30 on D in Shanghai, still D − 1 in UTC.
  registerKpiRoutes(api, { sql: db.sql, timeZone: 'Asia/Shanghai', clock: fixedClock('2026-03-09T16:30:00Z') });
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
}

const get = async <T>(path: string, status = 200): Promise<T> => {
  const response = await fetch(`${baseUrl}${path}`);
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body as T;
};
const rows = (r: Ranking) => r.items.map((i) => [i.scope, i.kind, i.rank]);
const kpisOf = async (scope: string, day = D): Promise<ScopeKpis> => get<ScopeKpis>(`/kpis?scope=${scope}&day=${day}`);

/** Compares every given KPI: counts exactly, rates to 9 decimals, nulls as null. */
function expectKpis(actual: KpiValues, expected: Partial<KpiValues>): void {
  for (const [name, value] of Object.entries(expected)) {
    const got = actual[name as keyof KpiValues];
    if (value === null) expect(got, name).toBeNull();
    else expect(got, name).toBeCloseTo(value, 9);
  }
}

beforeAll(async () => {
  db = await createTestDb();
  await seedFixture(db.sql);
  await startApp();
});
afterAll(async () => {
  await close();
  await db.close();
});
beforeEach(() => {
  principal = { kind: 'system', name: 'test' };
});

describe('GET /kpis numbers', () => {
  it('computes a branch’s KPIs as ratios of its rollup sums, and its service index from them', async () => {
    const body = await kpisOf('branch:BJ0101');
    expect(body).toMatchObject({ scope: 'branch:BJ0101', name: '北京朝阳建国路网点', day: D });
    // satisfaction 0.975 scores 80 × 0.075 / 0.08 = 75 (weight 35); errors 100 per 10k score 0 (weight 15);
    // participation, wait, long waits and handling are exactly on target, 80 each (weights 15, 15, 10, 10).
    expectKpis(body.kpis, {
      issued: 120, called: 110, finished: 100, evaluations: 80, serviceErrors: 1, satisfactionRate: 0.975, participationRate: 0.8,
      averageWaitSeconds: 600, longWaitShare: 0.1, averageHandlingSeconds: 480, errorRate: 100, serviceIndex: (35 * 75 + 50 * 80) / 100,
    });
  });

  it('rolls a region up as the sum of its branches, not the mean of their rates', async () => {
    const region = await kpisOf('region:BJ');
    expectKpis(region.kpis, {
      issued: 180, called: 160, finished: 150, evaluations: 130, serviceErrors: 1, satisfactionRate: 128 / 130, participationRate: 130 / 150,
      averageWaitSeconds: 81_000 / 160, longWaitShare: 11 / 160, averageHandlingSeconds: 63_000 / 150, errorRate: 10_000 / 150,
    });
    expect((await kpisOf('region:BJ01')).kpis).toEqual(region.kpis);
  });

  it('rolls the bank up as the sum of every branch', async () => {
    const bank = await kpisOf('bank');
    expect(bank).toMatchObject({ scope: 'bank', name: '示范银行总行' });
    expectKpis(bank.kpis, {
      issued: 380, called: 360, finished: 350, evaluations: 170, serviceErrors: 3, satisfactionRate: 168 / 170, participationRate: 170 / 350,
      averageWaitSeconds: 321_000 / 360, longWaitShare: 71 / 360, averageHandlingSeconds: 183_000 / 350, errorRate: 30_000 / 350,
    });
  });

  it('compares with yesterday and the same day last year, and answers null rates for a day without data', async () => {
    const { comparison } = await kpisOf('branch:BJ0101');
    expectKpis(comparison.yesterday, { finished: 90, satisfactionRate: 0.9, participationRate: 1, averageWaitSeconds: 300, averageHandlingSeconds: 400, errorRate: 0 });
    expectKpis(comparison.sameDayLastYear, { finished: 40, satisfactionRate: 0.95, participationRate: 0.5, averageWaitSeconds: 1200, longWaitShare: 0.5, errorRate: 250 });
    const empty = (await kpisOf('branch:BJ0102')).comparison.yesterday;
    expectKpis(empty, { finished: 0, satisfactionRate: null, participationRate: null, errorRate: null, serviceIndex: null });
  });

  it('compares 29 February with 28 February of the year before', async () => {
    expect((await kpisOf('branch:BJ0101', '2028-02-29')).comparison.sameDayLastYear.issued).toBe(7);
  });

  it('lists every bank-local hour of the day next to the same hour of yesterday', async () => {
    const { hourly } = await kpisOf('branch:BJ0101');
    expect(hourly).toHaveLength(24);
    expect(hourly[0]).toMatchObject({ hour: '2026-03-09T16:00:00.000Z', kpis: { issued: 0, satisfactionRate: null }, yesterday: { issued: 0 } });
    expect(hourly[9]).toMatchObject({ hour: '2026-03-10T01:00:00.000Z', kpis: { issued: 30, satisfactionRate: 1, participationRate: 0.8 }, yesterday: { issued: 12 } });
    expect(hourly[10]).toMatchObject({ hour: '2026-03-10T02:00:00.000Z', kpis: { issued: 40 }, yesterday: { issued: 0 } });
    expect((await kpisOf('bank')).hourly[9]!.kpis.issued).toBe(80);
  });

  it('sums handling by business type across the scope, most finished first', async () => {
    expect((await kpisOf('region:BJ')).byBusiness).toEqual([
      { business: '存取款', finished: 140, averageHandlingSeconds: 300 },
      { business: '开户', finished: 10, averageHandlingSeconds: 900 },
    ]);
    expect((await kpisOf('bank')).byBusiness.map((b) => b.business)).toEqual(['理财', '存取款', '开户']);
  });

  it('defaults the day to today in the bank’s time zone', async () => {
    expect((await get<ScopeKpis>('/kpis?scope=bank')).day).toBe(D);
  });
});

describe('targets', () => {
  beforeAll(async () => {
    await db.sql`
      insert into kpi_targets (region_id, kpi, target)
      select r.id, v.kpi, v.target
      from (values (null, 'serviceIndex', 85), ('BJ', 'satisfactionRate', 0.99), ('BJ01', 'averageWaitSeconds', 500), ('SH01', 'no_such_kpi', 1))
        as v (region_code, kpi, target)
      left join regions r on r.code = v.region_code`;
  });
  afterAll(async () => {
    await db.sql`delete from kpi_targets`;
  });

  it('uses the nearest region’s target up the tree, then the bank’s, then the defaults', async () => {
    const bank = { ...DEFAULT_TARGETS, serviceIndex: 85 };
    expect((await kpisOf('bank')).targets).toEqual(bank);
    expect((await kpisOf('region:SH')).targets).toEqual(bank);
    expect((await kpisOf('branch:SH0101')).targets).toEqual(bank);
    expect((await kpisOf('region:BJ')).targets).toEqual({ ...bank, satisfactionRate: 0.99 });
    expect((await kpisOf('branch:BJ0101')).targets).toEqual({ ...bank, satisfactionRate: 0.99, averageWaitSeconds: 500 });
  });
});

describe('GET /kpis/ranking', () => {
  const ranking = (scope: string) => get<Ranking>(`/kpis/ranking?scope=${scope}&day=${D}`);

  it('ranks the bank’s 分行 by service index with the same KPIs as their own scope', async () => {
    const body = await ranking('bank');
    expect(rows(body)).toEqual([['region:BJ', 'region', 1], ['region:SH', 'region', 2]]);
    expect(body.items[0]!.kpis).toEqual((await kpisOf('region:BJ')).kpis);
    expect(body.items[1]!.kpis).toEqual((await kpisOf('region:SH')).kpis);
  });

  it('ranks a 支行’s outlets; the one meeting or beating every target first', async () => {
    const body = await ranking('region:BJ01');
    expect(rows(body)).toEqual([['branch:BJ0102', 'branch', 1], ['branch:BJ0101', 'branch', 2]]);
    // BJ0102: satisfaction, participation, long waits, errors 100; wait 300 s → 92.5; handling 300 s → 92.
    expect(body.items[0]!.kpis.serviceIndex).toBeCloseTo((35 * 100 + 15 * 100 + 10 * 100 + 15 * 100 + 15 * 92.5 + 10 * 92) / 100, 9);
  });

  it('lists a 分行’s 支行 and its directly attached active outlets, those without data last and unranked', async () => {
    const body = await ranking('region:BJ');
    expect(rows(body)).toEqual([['region:BJ01', 'region', 1], ['branch:BJ0001', 'branch', null]]);
    expect(body.items[1]!.kpis).toMatchObject({ issued: 0, serviceIndex: null });
  });

  it('ranks an outlet as itself', async () => {
    expect(rows(await ranking('branch:BJ0101'))).toEqual([['branch:BJ0101', 'branch', 1]]);
  });
});

describe('scope isolation', () => {
  it('shows a branch head their own branch by default, and 404 for another branch, their region or the bank', async () => {
    principal = (await principalForStaff(db.sql, 'S000001'))!; // head of BJ0101
    expect((await get<ScopeKpis>(`/kpis?day=${D}`)).scope).toBe('branch:BJ0101');
    for (const scope of ['branch:SH0101', 'branch:BJ0102', 'region:BJ', 'bank']) {
      expect((await get<{ error: { code: string } }>(`/kpis?scope=${scope}`, 404)).error.code).toBe('NOT_FOUND');
      await get(`/kpis/ranking?scope=${scope}`, 404);
    }
    expect(rows(await get<Ranking>(`/kpis/ranking?day=${D}`))).toEqual([['branch:BJ0101', 'branch', 1]]);
  });

  it('shows a display token of region:SH only SH', async () => {
    const scope = await resolveScope(db.sql, 'region:SH');
    principal = { kind: 'display_token', tokenId: '1', name: 'SH wall', scope };
    const own = await get<ScopeKpis>(`/kpis?day=${D}`);
    expect([own.scope, own.kpis.issued]).toEqual(['region:SH', 200]);
    expect((await kpisOf('branch:SH0101')).kpis.issued).toBe(200);
    for (const path of ['/kpis?scope=region:BJ', '/kpis?scope=branch:BJ0101', '/kpis?scope=bank', '/kpis/ranking?scope=bank']) await get(path, 404);
    expect(rows(await get<Ranking>(`/kpis/ranking?day=${D}`))).toEqual([['region:SH01', 'region', 1]]);
    await get('/branches', 403); // branch codes are for people and integrators, not screens
  });

  it('lists an API key of region:SH only SH’s branch codes, and keeps KPIs from it', async () => {
    const scope = await resolveScope(db.sql, 'region:SH');
    principal = { kind: 'api_key', keyId: '1', name: 'SH queue', prefix: 'tsk_test', scope, eventTypes: ['ticket.issued'] };
    expect((await get<{ items: unknown[] }>('/branches')).items).toEqual([{ code: 'SH0101', name: '上海陆家嘴网点', regionCode: 'SH01' }]);
    await get('/kpis', 403);
    await get('/kpis/ranking', 403);
  });

  it('answers 404 for a unit that does not exist, exactly as for one outside the scope', async () => {
    const body = await get<{ error: { code: string } }>('/kpis?scope=branch:XX9999', 404);
    expect(body.error.code).toBe('NOT_FOUND');
    await get('/kpis/ranking?scope=region:NOPE', 404);
  });
});

describe('validation', () => {
  it('rejects a malformed scope with 400 naming scope', async () => {
    for (const scope of ['everything', 'region:', 'branch:BJ 01', '']) {
      const body = await get<{ error: { code: string; issues: { field: string }[] } }>(`/kpis?scope=${encodeURIComponent(scope)}`, 400);
      expect(body.error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'scope' }] });
    }
    await get('/kpis/ranking?scope=everything', 400);
  });

  it('rejects a day that is not a real YYYY-MM-DD date with 400 naming day', async () => {
    for (const day of ['2026-02-30', 'today', '2026-3-1', '2026-03-10T00:00:00Z']) {
      const body = await get<{ error: { issues: { field: string }[] } }>(`/kpis?scope=bank&day=${encodeURIComponent(day)}`, 400);
      expect(body.error.issues).toEqual([expect.objectContaining({ field: 'day' })]);
    }
    expect((await get<{ error: { issues: { field: string }[] } }>('/kpis/ranking?day=x', 400)).error.issues[0]!.field).toBe('day');
  });
});

describe('GET /branches', () => {
  it('lists active branch codes with their region codes, by code, up to the limit', async () => {
    const { items } = await get<{ items: { code: string; regionCode: string }[] }>('/branches');
    expect(items.map((b) => [b.code, b.regionCode])).toEqual([['BJ0001', 'BJ'], ['BJ0101', 'BJ01'], ['BJ0102', 'BJ01'], ['SH0101', 'SH01']]);
    expect((await get<{ items: unknown[] }>('/branches?limit=2')).items).toHaveLength(2);
    const bad = await get<{ error: { issues: { field: string }[] } }>('/branches?limit=0', 400);
    expect(bad.error.issues[0]!.field).toBe('limit');
  });
});

describe('KPI targets per bank and region', () => {
  it('lets an administrator set a region target that its walls then show, naming bad fields', async () => {
    const { startTestServer } = await import('./helpers/test-server.ts');
    const { seedTwoRegionBank } = await import('./helpers/seed.ts');
    const app = await startTestServer({ seed: (db) => seedTwoRegionBank(db.sql) });
    try {
      const admin = await app.admin();
      expect((await admin.post('/kpi-targets', { scope: 'region:BJ', kpi: 'satisfactionRate', target: 0.95 })).status).toBe(200);
      const bj = await (await admin.get('/kpis?scope=branch:BJ0101')).json();
      const sh = await (await admin.get('/kpis?scope=branch:SH0101')).json();
      expect([bj.targets.satisfactionRate, sh.targets.satisfactionRate]).toEqual([0.95, 0.98]);
      const bad = await admin.post('/kpi-targets', { scope: 'region:BJ', kpi: 'happiness', target: 2 });
      expect((await bad.json()).error.issues[0].field).toBe('kpi');
      const outOfRange = await admin.post('/kpi-targets', { scope: 'bank', kpi: 'satisfactionRate', target: 98 });
      expect((await outOfRange.json()).error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'target' }] });
      expect((await (await admin.get('/kpi-targets')).json()).items).toEqual([{ regionCode: 'BJ', kpi: 'satisfactionRate', target: 0.95 }]);
    } finally {
      await app.close();
    }
  });
});

describe('GET /kpis/ranking movement since last month', () => {
  const movements = async (scope: string) => (await get<Ranking>(`/kpis/ranking?scope=${scope}&day=${D}`)).items.map((i) => [i.scope, i.rank, i.movement]);

  it('gives the places gained since February’s whole-month ranking: two outlets that swapped places', async () => {
    // February: BJ0101 1st, BJ0102 2nd; on D: BJ0102 1st (2 − 1 = +1), BJ0101 2nd (1 − 2 = −1).
    expect(await movements('region:BJ01')).toEqual([['branch:BJ0102', 1, 1], ['branch:BJ0101', 2, -1]]);
  });

  it('is null for a unit without figures last month, and 0 for one that kept its place', async () => {
    // February: only BJ had figures (1st); on D BJ is 1st again (0), SH had none (null).
    expect(await movements('bank')).toEqual([['region:BJ', 1, 0], ['region:SH', 2, null]]);
    expect(await movements('branch:SH0101')).toEqual([['branch:SH0101', 1, null]]);
    expect(await movements('branch:BJ0101')).toEqual([['branch:BJ0101', 1, 0]]);
  });

  it('reads the same places from the closed days’ region rollup as from the outlets’ rollups', async () => {
    await closeHistoryDays(db.sql, { from: '2026-02-01', to: '2026-02-28' });
    expect(await movements('bank')).toEqual([['region:BJ', 1, 0], ['region:SH', 2, null]]);
    expect(await movements('region:BJ')).toEqual([['region:BJ01', 1, 0], ['branch:BJ0001', null, null]]);
    expect(await movements('region:BJ01')).toEqual([['branch:BJ0102', 1, 1], ['branch:BJ0101', 2, -1]]);
  });
});
