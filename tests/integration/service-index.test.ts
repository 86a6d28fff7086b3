import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST_MODULES } from '../../server/domains/inspections/checklist-default.ts';
import { DEFAULT_INDEX_WEIGHTS } from '../../server/domains/kpi/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// Thursday 2026-11-05 10:00 in Shanghai: no tickets today, so the index is the supervision part alone.
const clock = fixedClock('2026-11-05T02:00:00Z');
const ITEMS = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);
const results = (lost: Record<string, { points: number; reason: string }>) => ITEMS.map((i) => ({ item: i.code, points: i.maxPoints, ...lost[i.code] }));
/** 0 at 60, 80 at the pass mark 85, 100 at 100 (DEFAULT_INDEX_THRESHOLDS.inspectionScore). */
const inspectionPoints = (score: number) => (score >= 85 ? 80 + (20 * (score - 85)) / 15 : (80 * (score - 60)) / 25);

describe('the service index with inspections, rectifications and care, weighted by an administrator', () => {
  let app: TestServer;
  let admin: Client;
  let inspector: Client;
  let head: Client;
  const kpis = async (scope: string) => (await (await admin.get(`/kpis?scope=${scope}`)).json()).kpis;
  const ranking = async (scope: string) => (await (await admin.get(`/kpis/ranking?scope=${scope}`)).json()).items.map((i: { code: string; rank: number | null; kpis: { serviceIndex: number | null } }) => [i.code, i.rank]);
  const putWeights = (client: Client, weights: unknown) => client.request('PUT', '/service-index/weights', { weights });

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql) });
    await app.db.sql`insert into branches (code, name, region_id) select 'BJ0102', '北京朝阳国贸网点', id from regions where code = 'BJ01'`;
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000040', '孙检查', 'inspector', id, true from regions where code = 'BJ'`;
    await createUser(app.db, { username: 'si-inspector', role: 'inspector', scope: 'region:BJ', staffCode: 'S000040' });
    await createUser(app.db, { username: 'si-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    [admin, inspector, head] = await Promise.all([app.admin(), login(app.url, 'si-inspector'), login(app.url, 'si-head')]);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers the default weights with their shares until an administrator sets them', async () => {
    const body = await (await admin.get('/service-index/weights')).json();
    expect(body).toMatchObject({ weights: DEFAULT_INDEX_WEIGHTS, updatedAt: null, updatedBy: null });
    expect(body.normalized.inspectionScore).toBe(0.1111); // 15 of 135
  });

  it('ranks by the inspection score, and a verified rectification lifts a branch’s index and its place', async () => {
    const visit = { kind: 'routine', checklist: 'CBSS', visitedAt: '2026-11-05T09:30:00+08:00' };
    // BJ0101 loses 4 + 4 + 7 = 15 points (a red line among them), BJ0102 loses 4 + 7 = 11.
    const a = await (await inspector.post('/inspections', { ...visit, id: 'SI-1', branch: 'BJ0101', results: results({ ENV07: { points: 4, reason: '灭火器过期' }, ATT02: { points: 2, reason: '未起身迎候' }, EFF02: { points: 0, reason: '未增开窗口' } }) })).json();
    const b = await (await inspector.post('/inspections', { ...visit, id: 'SI-2', branch: 'BJ0102', results: results({ ATT02: { points: 2, reason: '未起身迎候' }, EFF02: { points: 0, reason: '未增开窗口' } }) })).json();
    expect([a.score, b.score]).toEqual([94.5, 96]);

    // No fix is due or verified yet: the index is the inspection component alone, re-normalised.
    const before = await kpis('branch:BJ0101');
    expect(before).toMatchObject({ inspectionScore: 94.5, rectificationOnTimeRate: null, careCompletionRate: null });
    expect(before.serviceIndex).toBeCloseTo(inspectionPoints(94.5), 6); // 92.667
    expect((await kpis('branch:BJ0102')).serviceIndex).toBeCloseTo(inspectionPoints(96), 6); // 94.667
    // The 支行 averages its branches' latest scores: (94.5 + 96) / 2.
    expect((await kpis('region:BJ01')).inspectionScore).toBeCloseTo(95.25, 6);
    expect(await ranking('region:BJ01')).toEqual([['BJ0102', 1], ['BJ0101', 2]]);

    // The head fixes 未起身迎候 on time, the inspector verifies: 1 of 1 fixes on time.
    const [fix] = await app.db.sql<{ id: string }[]>`select id from rectifications where inspection_id = 'SI-1' and item_code = 'ATT02'`;
    expect((await head.post(`/rectifications/${fix!.id}/fix`, { note: '已培训迎候礼仪' })).status).toBe(200);
    expect((await inspector.post(`/rectifications/${fix!.id}/verify`, { accepted: true, note: '' })).status).toBe(200);
    const after = await kpis('branch:BJ0101');
    expect(after.rectificationOnTimeRate).toBe(1);
    // (15 × 92.667 + 10 × 100) ÷ 25 = 95.6: above BJ0102's 94.667.
    expect(after.serviceIndex).toBeCloseTo((15 * inspectionPoints(94.5) + 10 * 100) / 25, 6);
    expect(after.serviceIndex).toBeCloseTo(95.6, 6);
    expect(await ranking('region:BJ01')).toEqual([['BJ0101', 1], ['BJ0102', 2]]);
  });

  it('counts care tasks done by their due day among those past due or closed', async () => {
    await app.db.sql`
      insert into care_tasks (customer_id, assignee_id, branch_id, kind, occasion, occasion_date, due_date, appears_on, tier, status, done_via, closed_at, created_at)
      select c.id, null, c.branch_id, 'holiday', v.occasion, v.due::date, v.due::date, v.due::date, 'gold', v.status, v.via, v.closed::timestamptz, '2026-11-01T00:00:00Z'
      from customers c, (values
        ('甲', '2026-11-04', 'done', 'phone', '2026-11-04T09:00:00+08:00'),  -- due, done on time
        ('乙', '2026-11-03', 'open', null, null),                           -- due, still open: late
        ('丙', '2026-11-02', 'done', 'sms', '2026-11-03T09:00:00+08:00'),   -- due, done a day late
        ('丁', '2026-11-05', 'open', null, null),                           -- due today, day not over: not counted
        ('戊', '2026-11-05', 'done', 'visit', '2026-11-05T09:00:00+08:00')  -- due today, done: counted, on time
      ) as v (occasion, due, status, via, closed)
      where c.code = 'C1'`;
    const k = await kpis('branch:BJ0101');
    expect(k.careCompletionRate).toBeCloseTo(2 / 4, 6);
    // Care 0.5 scores 0: (15 × 92.667 + 10 × 100 + 10 × 0) ÷ 35.
    expect(k.serviceIndex).toBeCloseTo((15 * inspectionPoints(94.5) + 1000) / 35, 6);
  });

  it('gives the history, the comparison and the monthly report the same index', async () => {
    const today = (await kpis('region:BJ01')).serviceIndex;
    expect(today).not.toBeNull();
    const history = await (await admin.get('/kpis/history?scope=region:BJ01&kpi=serviceIndex&from=2026-11-04&to=2026-11-05')).json();
    expect(history.items[1].value).toBeCloseTo(today, 6);
    // Yesterday (as of its end) no inspection had been made and no fix was due: only care counted,
    // 1 of 3 done on time (甲; 乙 open, 丙 late) → 0.333, below the worst 0.5 → 0.
    expect(history.items[0].value).toBe(0);
    const comparison = await (await admin.get('/kpis/comparison?scope=region:BJ01&day=2026-11-05')).json();
    expect(comparison.items.find((i: { kpi: string }) => i.kpi === 'serviceIndex').today).toBeCloseTo(today, 6);
    const report = await (await admin.get('/reports/monthly?scope=region:BJ01&month=2026-11')).json();
    expect(report.headline.items.find((i: { kpi: string }) => i.kpi === 'serviceIndex').value).toBeCloseTo(today, 6);
  });

  it('lets an administrator change the weights, which every index read then uses, audited', async () => {
    const weights = { ...DEFAULT_INDEX_WEIGHTS, inspectionScore: 0, careCompletionRate: 30 };
    const res = await putWeights(admin, weights);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ weights, updatedBy: expect.any(String) });
    expect(body.normalized.careCompletionRate).toBe(0.2143); // 30 of 140
    expect((await (await admin.get('/service-index/weights')).json()).weights).toEqual(weights);
    // BJ0101: rectification 100 (10) and care 0 (30) → 1000 ÷ 40 = 25; BJ0102 has only its (now weightless) inspection → null.
    expect((await kpis('branch:BJ0101')).serviceIndex).toBeCloseTo(25, 6);
    expect((await kpis('branch:BJ0102')).serviceIndex).toBeNull();
    expect(await ranking('region:BJ01')).toEqual([['BJ0101', 1], ['BJ0102', null]]);
    const audit = await app.db.sql<{ action: string; summary: { after: Record<string, number> } }[]>`
      select action, summary from audit_log where action = 'service_index.weights' order by id desc limit 1`;
    expect(audit[0]?.summary.after.careCompletionRate).toBe(30);
    expect((await putWeights(admin, DEFAULT_INDEX_WEIGHTS)).status).toBe(200);
  });

  it('refuses bad weights with 400 naming the field, and a branch head with 403', async () => {
    const negative = await putWeights(admin, { ...DEFAULT_INDEX_WEIGHTS, inspectionScore: -1 });
    expect(negative.status).toBe(400);
    expect((await negative.json()).error.issues[0].field).toBe('weights.inspectionScore');
    const { careCompletionRate: _c, ...missing } = DEFAULT_INDEX_WEIGHTS;
    expect((await (await putWeights(admin, missing)).json()).error.issues[0].field).toBe('weights.careCompletionRate');
    const allZero = Object.fromEntries(Object.keys(DEFAULT_INDEX_WEIGHTS).map((k) => [k, 0]));
    const zero = await putWeights(admin, allZero);
    expect(zero.status).toBe(400);
    expect((await zero.json()).error.issues[0].field).toBe('weights');
    const unknown = await putWeights(admin, { ...DEFAULT_INDEX_WEIGHTS, happiness: 5 });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify((await unknown.json()).error.issues)).toContain('weights');
    expect((await putWeights(head, DEFAULT_INDEX_WEIGHTS)).status).toBe(403);
    // Nothing changed by the refusals.
    expect((await (await admin.get('/service-index/weights')).json()).weights).toEqual(DEFAULT_INDEX_WEIGHTS);
    expect((await head.get('/service-index/weights')).status).toBe(200);
  });
});
