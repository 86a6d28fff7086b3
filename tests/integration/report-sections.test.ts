import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyReportPayload } from '../../server/contract/index.ts';
import { seedDemoBank } from '../../server/demo/seed-demo-bank.ts';
import { seedDemoCare } from '../../server/demo/demo-care.ts';
import { seedDemoInspections } from '../../server/demo/demo-inspections.ts';
import { seedDemoStars } from '../../server/demo/demo-stars.ts';
import { actOnRectification } from '../../server/domains/inspections/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

/**
 * The monthly report's inspection, rectification, care and star sections (issue #16 item 3) on a
 * small demo bank whose demo season was seeded at 10:00 on 1 December 2026 (Shanghai): November
 * holds inspections, rectifications in every state, a month of care tasks and awarded stars. The
 * figures must equal the domains' own APIs read at the matching moment, scope must hold, and the
 * XLSX must carry the JSON's numbers.
 */
const TZ = 'Asia/Shanghai';
const MONTH = '2026-11';
const SEEDED_AT = '2026-12-01T02:00:00Z';
/** 00:00 on 1 December: November has just ended (the inspections board over 30 days is November). */
const MONTH_END = '2026-11-30T16:00:00Z';
/** 10:00 on 30 November: `GET /kpis/care?days=30` covers 1–30 November. */
const LAST_DAY = '2026-11-30T02:00:00Z';
const clock = fixedClock(SEEDED_AT);

let app: TestServer;
let leader: Client;
let regionManager: Client;
let branchHead: Client;
let region: { id: string; code: string };
let otherRegion: string;
let branch: string;
let regionBranches: Set<string>;

const json = async <T>(client: Client, path: string, status = 200): Promise<T> => {
  const response = await client.get(path);
  const body = await response.json();
  expect(response.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(status);
  return body as T;
};
const report = (client: Client, scope?: string, month = MONTH) =>
  json<MonthlyReportPayload>(client, `/reports/monthly?month=${month}${scope ? `&scope=${scope}` : ''}`);

beforeAll(async () => {
  app = await startTestServer({ clock, seed: (db) => seedDemoBank({ db, clock }, { branchOffices: 2, customersTotal: 600 }) });
  const sql = app.db.sql;
  const branches = await sql<{ code: string }[]>`
    select b.code from branches b where exists (select 1 from staff s where s.branch_id = b.id and s.role = 'branch_head' and s.active) order by b.code limit 12`;
  const inspectors = await sql<{ code: string }[]>`
    select s.code from staff s join regions r on r.id = s.region_id where s.role = 'inspector' and s.active and r.parent_id is null order by s.code limit 2`;
  await seedDemoInspections(app.server.inspections, { branches: branches.map((b) => b.code), inspectors: inspectors.map((s) => s.code), now: clock.now(), log: () => {} });
  await seedDemoCare(app.server.care, () => {});
  await seedDemoStars({ db: app.db, clock, timeZone: TZ, outbox: { staffChannel: 'console' } });
  // The region of the first inspected outlet (it has inspections, care and stars), and another.
  const [first] = await sql<{ id: string; code: string; branch: string }[]>`
    select r.id, r.code, b.code as branch from branches b join regions r on r.ancestor_ids @> array[r.id] and r.kind = 'branch_office'
      join regions own on own.id = b.region_id and own.ancestor_ids @> array[r.id]
    where b.code = ${branches[0]!.code}`;
  region = { id: first!.id, code: first!.code };
  branch = first!.branch;
  otherRegion = (await sql<{ code: string }[]>`select code from regions where kind = 'branch_office' and code <> ${region.code} order by code limit 1`)[0]!.code;
  regionBranches = new Set((await sql<{ code: string }[]>`
    select b.code from branches b join regions r on r.id = b.region_id where r.ancestor_ids @> array[${region.id}::bigint]`).map((b) => b.code));
  await createUser(app.db, { username: 'leader', role: 'leader', scope: 'bank' });
  await createUser(app.db, { username: 'rm', role: 'region_manager', scope: `region:${region.code}` });
  await createUser(app.db, { username: 'head', role: 'branch_head', scope: `branch:${branch}` });
  [leader, regionManager, branchHead] = await Promise.all([login(app.url, 'leader'), login(app.url, 'rm'), login(app.url, 'head')]);
}, 300_000);
afterAll(() => app?.close());

describe('the monthly report’s inspection, rectification, care and star sections', () => {
  it('lists the four sections after the first three, with real content from the demo’s last month', async () => {
    clock.set(MONTH_END);
    const r = await report(leader, 'bank');
    expect(r.sections).toEqual(['headline', 'ranking', 'complaints', 'inspections', 'rectifications', 'care', 'stars']);
    expect(r.inspections.inspections).toBeGreaterThan(0);
    expect(r.inspections.byKind.reduce((n, k) => n + k.count, 0)).toBe(r.inspections.inspections);
    expect(r.inspections.lowestOutlets.length).toBeGreaterThan(0);
    expect(r.inspections.lowestModules.length).toBeGreaterThan(0);
    expect(r.rectifications.opened).toBeGreaterThan(0);
    expect(r.rectifications.overdueAtMonthEnd).toBe(r.rectifications.overdueList.length);
    expect(r.care.due).toBeGreaterThan(0);
    expect(r.care.done + r.care.skipped).toBeGreaterThan(0);
    expect(r.care.skippedByReason.reduce((n, s) => n + s.count, 0)).toBe(r.care.skipped);
    expect(r.stars.stars.length).toBeGreaterThan(0);
    expect(r.stars.topOutlets.length).toBeGreaterThan(0);
    // The demo's last month shows the workflow: approvals, one sent back, one lapsed.
    expect(r.stars.nominationsByStatus.filter((n) => n.count > 0).map((n) => n.key)).toEqual(['approved', 'rejected', 'lapsed']);
    // No customer anywhere in the sections: no customer codes, names or phones.
    const customers = await app.db.sql<{ code: string; name: string }[]>`select code, name from customers where name is not null limit 200`;
    const text = JSON.stringify({ i: r.inspections, x: r.rectifications, c: r.care, s: r.stars });
    expect(customers.filter((c) => text.includes(`"${c.code}"`) || text.includes(c.name))).toEqual([]);
  });

  it('equals the inspections board, GET /kpis/care, GET /service-stars and GET /nominations for the bank, a region and an outlet', async () => {
    const clients = [[leader, 'bank'], [regionManager, `region:${region.code}`], [branchHead, `branch:${branch}`]] as const;
    for (const [client, scope] of clients) {
      clock.set(MONTH_END);
      const r = await report(client, scope);
      const board = await json<Record<string, number | null>>(client, `/kpis/inspections?scope=${scope}&days=30`);
      expect({ scope, ...r.inspections, lastMonth: undefined }).toMatchObject({
        scope, inspections: board.inspections, averageScore: board.averageScore, passRate: board.passRate, redLineFailures: board.redLineFailures,
      });
      expect([scope, r.rectifications.overdueAtMonthEnd, r.rectifications.fixedOnTimeRate]).toEqual([scope, board.rectificationsOverdue, board.rectificationOnTimeRate]);

      const stars = await json<{ items: MonthlyReportPayload['stars']['stars'] }>(client, `/service-stars?month=${MONTH}`);
      const byScope = (a: { scope: string }, b: { scope: string }) => a.scope.localeCompare(b.scope);
      expect([...r.stars.stars].sort(byScope)).toEqual([...stars.items].sort(byScope));
      const nominations = await json<{ items: { status: string }[] }>(client, `/nominations?month=${MONTH}`);
      expect(r.stars.nominations).toBe(nominations.items.length);
      for (const row of r.stars.nominationsByStatus) expect([scope, row.key, row.count]).toEqual([scope, row.key, nominations.items.filter((n) => n.status === row.key).length]);

      clock.set(LAST_DAY);
      const day = await report(client, scope);
      const care = await json<Record<string, unknown> & { byBranch: Array<Record<string, unknown> & { branch: string }> }>(client, `/kpis/care?scope=${scope}&days=30`);
      const figures = ['due', 'done', 'doneOnTime', 'skipped', 'overdue', 'completionRate', 'onTimeRate'] as const;
      const pick = (o: object) => Object.fromEntries(figures.map((k) => [k, (o as Record<string, unknown>)[k]]));
      expect({ scope, ...pick(day.care) }).toEqual({ scope, ...pick(care) });
      expect(day.care.outlets).toBe(care.byBranch.length);
      for (const outlet of day.care.byOutlet) expect(pick(outlet)).toEqual(pick(care.byBranch.find((b) => b.branch === outlet.code)!));
    }
  });

  it('gives a region manager only their region: their outlets in every section, nothing above or beside', async () => {
    clock.set(MONTH_END);
    const own = await report(regionManager);
    expect(own.scope).toBe(`region:${region.code}`);
    const outlets = [
      ...own.inspections.lowestOutlets.map((o) => o.code), ...own.rectifications.overdueList.map((o) => o.branchCode),
      ...own.care.byOutlet.map((o) => o.code), ...own.stars.topOutlets.map((o) => o.code), ...own.stars.stars.flatMap((s) => (s.branch ? [s.branch.code] : [])),
    ];
    expect(outlets.length).toBeGreaterThan(0);
    expect(outlets.filter((code) => !regionBranches.has(code))).toEqual([]);
    const bank = await report(leader, 'bank');
    expect(own.care.due).toBeLessThanOrEqual(bank.care.due);
    await json(regionManager, `/reports/monthly?scope=bank&month=${MONTH}`, 404);
    await json(regionManager, `/reports/monthly?scope=region:${otherRegion}&month=${MONTH}`, 404);
  });

  it('judges a past month as it stood at its end: a fix in December leaves November’s overdue list alone', async () => {
    clock.set(MONTH_END);
    const before = await report(leader, 'bank');
    const overdue = before.rectifications.overdueList[0];
    expect(overdue).toBeDefined();
    expect(overdue!.daysOverdue).toBeGreaterThan(0);
    const [row] = await app.db.sql<{ id: string }[]>`
      select x.id from rectifications x join branches b on b.id = x.branch_id where b.code = ${overdue!.branchCode} and x.item_code = ${overdue!.itemCode} and x.status in ('open', 'reopened')`;
    const fixedAt = new Date('2026-12-03T03:00:00Z');
    await actOnRectification({ ...app.server.inspections, clock: fixedClock(fixedAt) }, { principal: { kind: 'system', name: 'test' }, channel: 'web', requestId: null }, Number(row!.id), { kind: 'fix', note: '已整改' });
    clock.set('2026-12-20T02:00:00Z');
    const later = await login(app.url, 'leader'); // the first session has expired by then
    const after = await report(later, 'bank');
    expect(after.rectifications).toEqual(before.rectifications);
    const december = await report(later, 'bank', '2026-12');
    expect(december.rectifications.fixed).toBeGreaterThanOrEqual(1);
  });

  it('answers 400 naming the month for a month whose neighbours are no dates (never a 500)', async () => {
    clock.set(MONTH_END);
    for (const month of ['9999-12', '0000-01']) {
      const body = await json<{ error: { code: string; issues: { field: string }[] } }>(leader, `/reports/monthly?month=${month}`, 400);
      expect(body.error.issues.map((i) => i.field)).toEqual(['month']);
    }
  });

  it('writes a sheet per section to the XLSX with the JSON’s numbers', async () => {
    clock.set(MONTH_END);
    const r = await report(leader, 'bank');
    const response = await leader.get(`/reports/monthly?scope=bank&month=${MONTH}&format=xlsx`);
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const values = (name: string) => {
      const ws = book.getWorksheet(name);
      expect(ws, name).toBeDefined();
      const rows: unknown[][] = [];
      ws!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const item = (name: string, label: string) => values(name).find((row) => row[0] === label)?.[1];
    expect([item('检查', '检查次数'), item('检查', '平均得分'), item('检查', '合格率'), item('检查', '红线失分次数'), item('检查', '其中暗访')])
      .toEqual([r.inspections.inspections, r.inspections.averageScore, r.inspections.passRate, r.inspections.redLineFailures, r.inspections.byKind.find((k) => k.key === 'mystery_shopper')!.count]);
    expect(values('检查-得分最低网点').slice(1)).toEqual(r.inspections.lowestOutlets.map((o) => [o.code, o.name, o.inspections, o.averageScore]));
    expect([item('整改', '新开整改'), item('整改', '已验收'), item('整改', '月末超期未改'), item('整改', '按时验收率') ?? null])
      .toEqual([r.rectifications.opened, r.rectifications.verified, r.rectifications.overdueAtMonthEnd, r.rectifications.onTimeRate]);
    expect(values('超期整改').slice(1).map((row) => [row[0], row[2], row[6]])).toEqual(r.rectifications.overdueList.map((o) => [o.branchCode, o.itemCode, o.daysOverdue]));
    expect([item('客户关怀', '应关怀'), item('客户关怀', '已完成'), item('客户关怀', '完成率'), item('客户关怀', '逾期未办')]).toEqual([r.care.due, r.care.done, r.care.completionRate, r.care.overdue]);
    expect(values('关怀-按网点').slice(1).map((row) => [row[0], row[2], row[7] ?? null])).toEqual(r.care.byOutlet.map((o) => [o.code, o.due, o.completionRate]));
    expect(values('服务明星').slice(1).map((row) => [row[1], row[3], row[4]])).toEqual(r.stars.stars.map((s) => [s.scope, s.staff.code, s.staff.name]));
    expect(values('明星-提名状态').slice(1).map((row) => [row[0], row[2]])).toEqual([...r.stars.nominationsByStatus.map((n) => [n.key, n.count]), ['total', r.stars.nominations]]);
  });
});
