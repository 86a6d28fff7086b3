import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoBank } from '../../server/demo/seed-demo-bank.ts';
import { seedDemoHistory } from '../../server/demo/seed-demo-history.ts';
import { createSecuredRouter, type Principal } from '../../server/domains/access/index.ts';
import { computeKpis, registerKpiHistoryRoutes, type KpiHistory, type KpiSums, type ScopeComparisons } from '../../server/domains/kpi/index.ts';
import { registerReportRoutes, type ComplaintStatistics, type MonthlyReport } from '../../server/domains/reports/index.ts';
import { createErrorHandler } from '../../server/http/error-handler.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createLogger } from '../../server/platform/logger.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

/**
 * The demo's history, the history API, the monthly report and the regulator's complaint
 * statistics on one small demo bank (2 分行) with 13 months of history to 2026-03-10 (Shanghai):
 * February 2026 holds 春节 (17 Feb), February 2025 does not (29 Jan).
 */
const TZ = 'Asia/Shanghai';
const clock = fixedClock('2026-03-10T02:00:00Z');
let db: TestDb;
let baseUrl: string;
let close: () => Promise<void>;
let principal: Principal;
let seedResult: Awaited<ReturnType<typeof seedDemoHistory>>;

async function startApp(): Promise<void> {
  const app = express();
  const api = createSecuredRouter([]);
  registerKpiHistoryRoutes(api, { sql: db.sql, timeZone: TZ, clock });
  registerReportRoutes(api, { sql: db.sql, timeZone: TZ, clock });
  app.use((req, _res, next) => {
    // What the app's request-id middleware sets: audit rows carry it.
    (req as { id?: string }).id = 'test-request';
    req.auth = { principal, via: 'bearer' };
    next();
  });
  app.use('/api/v1', api.router);
  app.use(createErrorHandler(createLogger({ level: process.env.TEST_LOG ?? 'silent' })));
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
const download = async (path: string): Promise<Response> => {
  const response = await fetch(`${baseUrl}${path}`);
  expect(response.status).toBe(200);
  return response;
};

/** The raw read the rollups replace: every branch-day row of the bank in a range, summed. */
async function rawBankSums(from: string, to: string): Promise<KpiSums> {
  const [row] = await db.sql<Record<string, string>[]>`
    select sum(issued) as issued, sum(called) as called, sum(finished) as finished, sum(wait_count) as wait_count, sum(wait_seconds) as wait_seconds,
           sum(long_waits) as long_waits, sum(handling_count) as handling_count, sum(handling_seconds) as handling_seconds, sum(evaluations) as evaluations,
           sum(satisfied) as satisfied, sum(rating_sum) as rating_sum, sum(service_errors) as service_errors
    from branch_day_kpis where service_day between ${from}::date and ${to}::date`;
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v ?? 0)])) as unknown as KpiSums;
}

beforeAll(async () => {
  db = await createTestDb();
  await seedDemoBank({ db, clock }, { branchOffices: 2, customersTotal: 400 });
  seedResult = await seedDemoHistory({ db, clock, timeZone: TZ }, { months: 13 });
  await startApp();
}, 240_000);
afterAll(async () => {
  await close();
  await db.close();
});
beforeEach(() => {
  principal = { kind: 'system', name: 'test' };
});

describe('demo history', () => {
  it('writes 13 months of day rollups through yesterday, and a second run reuses them', async () => {
    expect(seedResult.created).toBe(true);
    const [range] = await db.sql<{ first: string; last: string; n: number }[]>`
      select min(service_day)::text as first, max(service_day)::text as last, count(*)::int as n from branch_day_kpis`;
    expect(range).toEqual({ first: '2025-02-01', last: '2026-03-09', n: seedResult.dayRows });
    expect(seedResult.complaints).toBeGreaterThan(50);
    const again = await seedDemoHistory({ db, clock, timeZone: TZ }, { months: 13 });
    expect(again).toMatchObject({ created: false, dayRows: 0, complaints: 0 });
    const [count] = await db.sql<{ n: number }[]>`select count(*)::int as n from branch_day_kpis`;
    expect(count!.n).toBe(seedResult.dayRows);
  });

  it('writes yesterday’s hours (the wall compares today with them) adding up to the day', async () => {
    const [row] = await db.sql<{ hours: number; issued: number; day: number }[]>`
      select (select count(distinct hour)::int from branch_hour_kpis where service_day = '2026-03-09') as hours,
             (select sum(issued)::int from branch_hour_kpis where service_day = '2026-03-09') as issued,
             (select sum(issued)::int from branch_day_kpis where service_day = '2026-03-09') as day`;
    expect(row!.hours).toBe(8);
    expect(row!.issued).toBe(row!.day);
  });

  it('shapes the year: 春节 week quieter than the weeks around it; the bank near its targets, with some outlets red', async () => {
    const festival = await rawBankSums('2026-02-17', '2026-02-23');
    const before = await rawBankSums('2026-02-03', '2026-02-09');
    expect(festival.issued).toBeLessThan(before.issued * 0.5);
    const month = computeKpis(await rawBankSums('2026-02-01', '2026-02-28'));
    expect(month.serviceIndex).toBeGreaterThan(72);
    expect(month.serviceIndex).toBeLessThan(90);
    expect(month.errorRate).toBeLessThan(8);
    const outlets = await db.sql<{ code: string; s: number; e: number; f: number }[]>`
      select b.code, sum(satisfied)::float / sum(evaluations) as s, sum(service_errors)::float as e, sum(finished)::float as f
      from branch_day_kpis k join branches b on b.id = k.branch_id where service_day between '2026-02-01' and '2026-02-28' group by b.code`;
    expect(outlets.filter((o) => o.s >= 0.98).length).toBeGreaterThan(outlets.length / 2);
    expect(outlets.some((o) => o.s < 0.97)).toBe(true);
  });
});

describe('GET /kpis/history and /kpis/comparison', () => {
  it('answers month points from the rollups equal to the raw sums, with the target', async () => {
    const body = await get<KpiHistory>('/kpis/history?scope=bank&kpi=satisfactionRate&from=2025-03-01&to=2026-02-28&grain=month');
    expect(body.items).toHaveLength(12);
    const feb = body.items.find((i) => i.period === '2026-02')!;
    const raw = computeKpis(await rawBankSums('2026-02-01', '2026-02-28'));
    expect(feb.value).toBeCloseTo(raw.satisfactionRate!, 12);
    expect(feb.target).toBe(0.98);
  });

  it('reads days after the folded ones from the branch rollups (today’s live figures)', async () => {
    await db.sql`
      insert into branch_day_kpis (branch_id, service_day, issued, finished, updated_at)
      select id, '2026-03-10', 7, 5, now() from branches where active order by code limit 3`;
    const body = await get<KpiHistory>('/kpis/history?scope=bank&kpi=issued&from=2026-03-08&to=2026-03-10');
    expect(body.items.map((i) => i.period)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    expect(body.items[2]!.value).toBe(21);
    expect(body.items[1]!.value).toBe((await rawBankSums('2026-03-09', '2026-03-09')).issued);
  });

  it('compares each KPI with last week, last year and last month, with a 30-day trend', async () => {
    const body = await get<ScopeComparisons>('/kpis/comparison?scope=bank&day=2026-03-09');
    expect(body.periods).toEqual({ monthToDate: { from: '2026-03-01', to: '2026-03-09' }, lastYear: { from: '2025-03-01', to: '2025-03-09' }, lastMonth: { from: '2026-02-01', to: '2026-02-09' }, lastWeekDay: '2026-03-02' });
    const satisfaction = body.items.find((i) => i.kpi === 'satisfactionRate')!;
    expect(satisfaction.trend).toHaveLength(30);
    expect(satisfaction.trend.at(-1)!.value).not.toBeNull();
    const raw = computeKpis(await rawBankSums('2025-03-01', '2025-03-09'));
    expect(satisfaction.yearOnYear.previous).toBeCloseTo(raw.satisfactionRate!, 12);
    expect(satisfaction.direction).toBe('up');
    // Before the history starts (February 2025) there is nothing to compare with: null, not 0 tickets.
    const early = await get<ScopeComparisons>('/kpis/comparison?scope=bank&day=2026-01-15');
    const issued = early.items.find((i) => i.kpi === 'issued')!;
    expect(issued.yearOnYear).toMatchObject({ previous: null, delta: null, better: null });
    expect(issued.monthOnMonth.previous).toBeGreaterThan(0);
  });

  it('lets a wall screen read the comparison its tiles show, and not the reports', async () => {
    principal = { kind: 'display_token', tokenId: 'wall-1', name: 'lobby wall', scope: { kind: 'bank' } };
    const body = await get<ScopeComparisons>('/kpis/comparison?scope=bank&day=2026-03-09');
    expect(body.items.find((i) => i.kpi === 'satisfactionRate')!.trend).toHaveLength(30);
    await get('/reports/monthly?scope=bank&month=2026-02', 403);
    await get('/reports/complaints?quarter=2026Q1', 403);
  });

  it('names the field of a bad request', async () => {
    const bad = await get<{ error: { issues: { field: string }[] } }>('/kpis/history?kpi=nope&from=2026-01-01&to=2026-01-31', 400);
    expect(bad.error.issues[0]!.field).toBe('kpi');
    const backwards = await get<{ error: { issues: { field: string }[] } }>('/kpis/history?kpi=issued&from=2026-02-01&to=2026-01-31', 400);
    expect(backwards.error.issues[0]!.field).toBe('to');
  });
});

describe('GET /reports/monthly', () => {
  it('carries the same figures as the KPI history API for the same scope and month', async () => {
    const report = await get<MonthlyReport>('/reports/monthly?scope=bank&month=2026-02');
    expect(report.sections).toEqual(['headline', 'ranking', 'complaints', 'inspections', 'rectifications', 'care', 'stars']);
    for (const item of report.headline.items) {
      const history = await get<KpiHistory>(`/kpis/history?scope=bank&kpi=${item.kpi}&from=2026-02-01&to=2026-02-28&grain=month`);
      expect(item.value, item.kpi).toBe(history.items[0]!.value);
      const lastYear = await get<KpiHistory>(`/kpis/history?scope=bank&kpi=${item.kpi}&from=2025-02-01&to=2025-02-28&grain=month`);
      expect(item.lastYear.previous, item.kpi).toBe(lastYear.items[0]!.value);
    }
    expect(report.ranking.best.length).toBe(10);
    expect(report.ranking.best[0]!.rank).toBe(1);
    expect(report.ranking.worst[0]!.serviceIndex).toBeLessThanOrEqual(report.ranking.best.at(-1)!.serviceIndex!);
    expect(report.complaints.received).toBe(report.complaints.byCategory.reduce((s, r) => s + r.count, 0));
  });

  it('downloads as XLSX with a sheet per section and the JSON’s numbers', async () => {
    const report = await get<MonthlyReport>('/reports/monthly?scope=bank&month=2026-02');
    const response = await download('/reports/monthly?scope=bank&month=2026-02&format=xlsx');
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['概要', '核心指标', '排名-前十', '排名-后十', '进步最快', '投诉', '投诉-类别', '投诉-渠道', '超期投诉',
      '检查', '检查-得分最低网点', '检查-得分最低模块', '整改', '超期整改', '客户关怀', '关怀-按类型', '关怀-按网点', '关怀-跳过原因', '服务明星', '明星-提名状态', '明星-网点']);
    const kpiSheet = book.getWorksheet('核心指标')!;
    report.headline.items.forEach((item, i) => {
      const row = kpiSheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(item.kpi);
      expect(row.getCell(3).value).toBe(item.value);
      expect(row.getCell(6).value).toBe(item.lastYear.previous);
    });
    const best = book.getWorksheet('排名-前十')!;
    expect(best.getRow(2).getCell(2).value).toBe(report.ranking.best[0]!.code);
    expect(best.getRow(2).getCell(5).value).toBe(report.ranking.best[0]!.serviceIndex);
    expect(book.getWorksheet('投诉')!.getRow(2).getCell(2).value).toBe(report.complaints.received);
  });

  it('gives a region manager their own region’s report and nothing above or beside it', async () => {
    const regions = await db.sql<{ id: string; code: string }[]>`select id, code from regions where kind = 'branch_office' order by code`;
    const [own, other] = regions as unknown as [{ id: string; code: string }, { id: string; code: string }];
    principal = { kind: 'user', userId: '1', username: 'rm', role: 'region_manager', scope: { kind: 'region', regionId: String(own.id), code: own.code }, staffCode: null, sessionId: null };
    const report = await get<MonthlyReport>('/reports/monthly?month=2026-02');
    expect(report.scope).toBe(`region:${own.code}`);
    expect(report.ranking.best.every((u) => u.code.startsWith(own.code))).toBe(true);
    await get(`/reports/monthly?scope=bank&month=2026-02`, 404);
    await get(`/reports/monthly?scope=region:${other.code}&month=2026-02`, 404);
    const bad = await get<{ error: { issues: { field: string }[] } }>('/reports/monthly?month=2026-13', 400);
    expect(bad.error.issues[0]!.field).toBe('month');
  });
});

describe('GET /reports/complaints', () => {
  it('counts the quarter by category, cause, channel and branch, and records every export in the audit log', async () => {
    const stats = await get<ComplaintStatistics>('/reports/complaints?quarter=2025Q4');
    expect(stats.period).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(stats.totals.received).toBeGreaterThan(0);
    const sum = (rows: { received: number }[]) => rows.reduce((s, r) => s + r.received, 0);
    expect(sum(stats.byCategory)).toBe(stats.totals.received);
    expect(sum(stats.byCause)).toBe(stats.totals.received);
    expect(sum(stats.byChannel)).toBe(stats.totals.received);
    expect(sum(stats.byBranch)).toBe(stats.totals.received);
    expect(stats.totals.per1000Branches).toBeCloseTo((stats.totals.received * 1000) / stats.totals.branches, 9);
    expect(stats.totals.per10MillionCustomers).toBeCloseTo((stats.totals.received * 1e7) / 400, 9);
    const [raw] = await db.sql<{ n: number; late: number }[]>`
      select count(*)::int as n, count(*) filter (where not decided_on_time and decision_due_at < '2025-12-31T16:00:00Z' and decision_due_at >= '2025-09-30T16:00:00Z')::int as late
      from complaints where received_at >= '2025-09-30T16:00:00Z' and received_at < '2025-12-31T16:00:00Z'`;
    expect(stats.totals.received).toBe(raw!.n);

    const csv = await download('/reports/complaints?quarter=2025Q4&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toContain('按投诉原因');
    expect(text).toContain(`受理,${stats.totals.received}`);
    expect(text).toContain(stats.byBranch[0]!.label);

    const xlsx = await download('/reports/complaints?quarter=2025Q4&format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const byChannel = book.getWorksheet('按渠道')!;
    stats.byChannel.forEach((row, i) => {
      expect(byChannel.getRow(i + 2).getCell(2).value).toBe(row.label);
      expect(byChannel.getRow(i + 2).getCell(3).value).toBe(row.received);
    });
    const audit = await db.sql<{ summary: { format: string } }[]>`select summary from audit_log where action = 'reports.complaints' order by id`;
    expect(audit.map((a) => a.summary.format)).toEqual(['json', 'csv', 'xlsx']);
  });

  it('answers 400 for a malformed quarter', async () => {
    const bad = await get<{ error: { issues: { field: string }[] } }>('/reports/complaints?quarter=2025-4', 400);
    expect(bad.error.issues[0]!.field).toBe('quarter');
  });
});
