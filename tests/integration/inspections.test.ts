import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { DEFAULT_CHECKLIST_MODULES } from '../../server/domains/inspections/checklist-default.ts';
import { sweepRectifications } from '../../server/domains/inspections/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { jpegWithExif } from '../fixtures/photos.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// Thursday 2026-11-05 10:00 in Shanghai.
const clock = fixedClock('2026-11-05T02:00:00Z');
const ITEMS = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);
type Result = { item: string; points: number; reason?: string; notApplicable?: boolean; photos?: string[] };
/** Every item at full points, with the given overrides. */
const results = (over: Record<string, Partial<Result>> = {}): Result[] => ITEMS.map((i) => ({ item: i.code, points: maxPoints[i.code] ?? i.maxPoints, ...over[i.code] }));
/** Maximum points changed by a later checklist version. */
const maxPoints: Record<string, number> = {};
const failing = {
  ENV07: { points: 4, reason: '灭火器过期' }, // red line
  ATT02: { points: 2, reason: '未起身迎候' },
  EFF02: { points: 0, reason: '高峰期未增开窗口' },
};

describe('inspections: scoring, rectifications, versions, photos, escalation, KPIs', () => {
  let app: TestServer;
  let inspector: Client;
  let shInspector: Client;
  let head: Client;
  /** Moves the clock; sessions idle out over days, so everyone logs in again. */
  const setClock = async (iso: string) => {
    clock.set(iso);
    [inspector, shInspector, head] = await Promise.all([login(app.url, 'bj-inspector'), login(app.url, 'sh-inspector'), login(app.url, 'bj-head')]);
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-insp-'));
  const submit = (client: Client, body: object) => client.post('/inspections', body);
  const inspection = (id: string, extra: object = {}) => ({ id, branch: 'BJ0101', kind: 'routine', checklist: 'CBSS', visitedAt: '2026-11-05T09:30:00+08:00', results: results(), ...extra });

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql), env: { DATA_DIR: dataDir } });
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000040', '孙检查', 'inspector', id, true from regions where code = 'BJ'`;
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000041', '钱检查', 'inspector', id, true from regions where code = 'BJ'`;
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000020', '周经理', 'region_manager', id, true from regions where code = 'BJ'`;
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000030', '林行长', 'leader', id, true from regions where code = 'HO'`;
    await createUser(app.db, { username: 'bj-inspector', role: 'inspector', scope: 'region:BJ', staffCode: 'S000040' });
    await createUser(app.db, { username: 'bj-inspector2', role: 'inspector', scope: 'region:BJ', staffCode: 'S000041' });
    await createUser(app.db, { username: 'sh-inspector', role: 'inspector', scope: 'region:SH' });
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    inspector = await login(app.url, 'bj-inspector');
    shInspector = await login(app.url, 'sh-inspector');
    head = await login(app.url, 'bj-head');
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the active default checklist: six modules, CBSS-shaped, in Chinese', async () => {
    const body = await (await inspector.get('/checklists')).json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ name: expect.stringContaining('检查表'), version: 1 });
    expect(body.items[0].modules.map((m: { code: string }) => m.code)).toEqual(['ENV', 'ATT', 'EFF', 'INF', 'CMP', 'SSD']);
    expect(body.items[0].modules[0].items[6]).toMatchObject({ code: 'ENV07', maxPoints: 8, redLine: true });
  });

  it('scores a failed inspection, opens one rectification per finding with working-day due dates, and a retry answers the same', async () => {
    const first = await submit(inspector, inspection('T-1', { results: results(failing) }));
    expect(first.status).toBe(201);
    const body = await first.json();
    // Lost 4 + 4 + 7 = 15 of 272 → 257/272 = 94.49 → 94.5, but a red line lost points: failed.
    expect(body).toMatchObject({ id: 'T-1', score: 94.5, passed: false, redLineFailed: true });
    // ENV 42/46 = 91.3, ATT 44/48 = 91.7, EFF 41/48 = 85.4
    expect(body.modules).toEqual([
      { code: 'ENV', score: 91.3 }, { code: 'ATT', score: 91.7 }, { code: 'EFF', score: 85.4 }, { code: 'INF', score: 100 }, { code: 'CMP', score: 100 }, { code: 'SSD', score: 100 },
    ]);
    // Red line first, due the next working day (Friday); others 5 working days on (Thursday 11-12), end of the bank day.
    expect(body.rectifications.map((r: { item: string; dueAt: string; status: string }) => [r.item, r.dueAt, r.status])).toEqual([
      ['ENV07', '2026-11-06T15:59:59.000Z', 'open'],
      ['ATT02', '2026-11-12T15:59:59.000Z', 'open'],
      ['EFF02', '2026-11-12T15:59:59.000Z', 'open'],
    ]);
    const retry = await submit(inspector, inspection('T-1', { results: results() }));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(body);
    expect(await app.db.sql`select count(*)::int as n from rectifications where inspection_id = 'T-1'`).toEqual([{ n: 3 }]);
    // The branch head gets the findings card and one card per rectification.
    const cards = await app.db.sql<Array<{ template: string; recipient: string }>>`select template, recipient from outbox_messages where subject like 'inspection:T-1' or subject in (select 'rectification:' || id from rectifications where inspection_id = 'T-1') order by id`;
    expect(cards).toEqual([
      { template: 'inspection.findings', recipient: 'S000001' },
      { template: 'rectification.card', recipient: 'S000001' },
      { template: 'rectification.card', recipient: 'S000001' },
      { template: 'rectification.card', recipient: 'S000001' },
    ]);
    const audit = await app.db.sql`select action, target_id from audit_log where action = 'inspections.submit'`;
    expect(audit).toEqual([{ action: 'inspections.submit', targetId: 'T-1' }]);
  });

  it('names the field of an unknown item, points above the maximum and a deduction without reason', async () => {
    const fieldOf = async (over: Record<string, Partial<Result>>, tweak: (r: Result[]) => Result[] = (r) => r) => {
      const response = await submit(inspector, inspection(`bad-${Math.random()}`, { results: tweak(results(over)) }));
      expect(response.status).toBe(400);
      return (await response.json()).error.issues.map((i: { field: string }) => i.field);
    };
    expect(await fieldOf({}, (r) => [...r.slice(0, 47), { item: 'ZZ99', points: 1 }])).toEqual(expect.arrayContaining(['results.47.item']));
    expect(await fieldOf({ ENV01: { points: 6 } })).toEqual(['results.0.points']);
    expect(await fieldOf({ ATT01: { points: 3 } })).toEqual(['results.8.reason']);
    const unknownBranch = await submit(inspector, inspection('bad-branch', { branch: 'ZZ0000' }));
    expect((await unknownBranch.json()).error.issues[0].field).toBe('branch');
    expect((await submit(shInspector, inspection('outside'))).status).toBe(403);
  });

  it('accepts an API key allowed inspection.submitted (a mystery-shopper vendor) and refuses one that is not', async () => {
    const admin = await app.admin();
    const vendor = (await (await admin.post('/api-keys', { name: '暗访供应商', scope: 'region:BJ', eventTypes: ['inspection.submitted'] })).json()).secret;
    const other = (await (await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued'] })).json()).secret;
    const post = (secret: string, body: object) => fetch(`${app.url}/api/v1/inspections`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post(vendor, inspection('MS-1', { kind: 'mystery_shopper' }));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ score: 100, passed: true, rectifications: [] });
    expect((await post(other, inspection('MS-2', { kind: 'mystery_shopper' }))).status).toBe(403);
  });

  it('keeps a past score when a new checklist version is published', async () => {
    const admin = await app.admin();
    const exported = await (await admin.get('/checklists/CBSS/export')).json();
    // Version 2 doubles ENV07's weight: T-1 scored on version 1 must not move.
    exported.modules[0].items[6].maxPoints = 16;
    const published = await admin.post('/checklists', { code: 'CBSS', name: exported.name, modules: exported.modules });
    expect(published.status).toBe(201);
    expect((await published.json()).version).toBe(2);
    maxPoints.ENV07 = 16;
    expect((await (await inspector.get('/checklists')).json()).items.map((c: { version: number }) => c.version)).toEqual([2]);
    const old = await (await inspector.get('/inspections/T-1')).json();
    expect(old).toMatchObject({ score: 94.5, checklist: { code: 'CBSS', version: 1 } });
    expect(old.modules[0].items[6]).toMatchObject({ code: 'ENV07', maxPoints: 8, points: 4 });
    // The same results on version 2: lost 12 + 4 + 7 = 23 of 280 → 257/280 = 91.79 → 91.8.
    const v2 = await (await submit(inspector, inspection('T-v2', { results: results(failing), visitedAt: '2026-11-05T09:40:00+08:00' }))).json();
    expect(v2.score).toBe(91.8);
  });

  it('runs the workflow from the API: fixed → rejected (reopened, new due date) → fixed → verified, redrawing cards', async () => {
    const [red] = await app.db.sql<Array<{ id: string }>>`select id from rectifications where inspection_id = 'T-1' and item_code = 'ENV07'`;
    const id = Number(red!.id);
    expect((await inspector.post(`/rectifications/${id}/fix`, { note: 'x' })).status).toBe(403); // the owner fixes, not the inspector
    const fixed = await (await head.post(`/rectifications/${id}/fix`, { note: '已更换灭火器' })).json();
    expect(fixed).toMatchObject({ status: 'fixed', clockState: 'met', fixedNote: '已更换灭火器' });
    expect(await app.db.sql`select recipient from outbox_messages where subject = ${`rectification:${id}`} and kind = 'send' order by id`).toEqual([{ recipient: 'S000001' }, { recipient: 'S000040' }]);
    expect((await inspector.post(`/rectifications/${id}/verify`, { accepted: false, note: '' })).status).toBe(400);
    await setClock('2026-11-06T03:00:00Z'); // Friday 11:00
    const reopened = await (await inspector.post(`/rectifications/${id}/verify`, { accepted: false, note: '照片看不到有效期' })).json();
    expect(reopened).toMatchObject({ status: 'reopened', dueAt: '2026-11-09T15:59:59.000Z' }); // next working day: Monday
    // Every card sent about it shows the new state: redrawn in place (sent ones) or before sending (pending ones).
    const rows = await app.db.sql<Array<{ id: string; kind: string; targetId: string | null; state: string }>>`
      select id, kind, target_id, data->>'status' as state, status from outbox_messages where subject = ${`rectification:${id}`} order by id`;
    const sends = rows.filter((r) => r.kind === 'send');
    expect(sends).toHaveLength(2);
    for (const send of sends) {
      const shown = [send, ...rows.filter((r) => r.kind === 'update' && String(r.targetId) === String(send.id))].at(-1)!;
      expect(shown.state, JSON.stringify(rows)).toBe('reopened');
    }
    await head.post(`/rectifications/${id}/fix`, { note: '已更换并拍照' });
    const verified = await (await inspector.post(`/rectifications/${id}/verify`, { accepted: true, note: '' })).json();
    expect(verified).toMatchObject({ status: 'verified', clockState: 'met' });
    const timeline = (await (await inspector.get('/inspections/T-1')).json()).rectifications.find((r: { id: number }) => r.id === id).timeline;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'fixed', 'reopened', 'fixed', 'verified']);
    await setClock('2026-11-05T02:00:00Z');
  });

  it('asks and grants an extension', async () => {
    const [r] = await app.db.sql<Array<{ id: string }>>`select id from rectifications where inspection_id = 'T-1' and item_code = 'ATT02'`;
    expect((await inspector.post(`/rectifications/${r!.id}/grant`, { days: 2 })).status).toBe(409);
    expect((await head.post(`/rectifications/${r!.id}/extend`, { reason: '待总行统一培训' })).status).toBe(200);
    const granted = await (await inspector.post(`/rectifications/${r!.id}/grant`, { days: 2 })).json();
    expect(granted).toMatchObject({ dueAt: '2026-11-16T15:59:59.000Z', status: 'open' }); // 11-12 + 2 working days
  });

  it('lists rectifications by branch and status within scope', async () => {
    const list = await (await inspector.get('/rectifications?branch=BJ0101&status=open')).json();
    // T-1's ATT02 and EFF02 (its ENV07 is verified) and all three of T-v2's; soonest due first.
    expect(list.items.map((r: { item: string }) => r.item).sort()).toEqual(['ATT02', 'ATT02', 'EFF02', 'EFF02', 'ENV07']);
    expect(list.items[0]).toEqual(expect.objectContaining({ inspection: 'T-v2', branch: 'BJ0101', item: 'ENV07', text: '消防及安防设施完好', dueAt: '2026-11-06T15:59:59.000Z', status: 'open', clockState: 'due_soon' }));
    expect((await shInspector.get('/rectifications?branch=BJ0101')).status).toBe(404);
    expect((await (await shInspector.get('/rectifications')).json()).items).toEqual([]);
  });

  it('escalates an overdue rectification once per stage across two sweeps', async () => {
    const [r] = await app.db.sql<Array<{ id: string }>>`select id from rectifications where inspection_id = 'T-1' and item_code = 'EFF02'`;
    const deps = app.server.inspections;
    const stages = async () => (await app.db.sql<Array<{ stageKey: string; recipient: string }>>`
      select stage_key, recipient from rectification_alerts where rectification_id = ${r!.id} order by created_at, stage_key, recipient`).map((a) => `${a.stageKey}>${a.recipient}`);
    await setClock('2026-11-11T02:00:00Z'); // Wednesday: T−1 working day
    await sweepRectifications(deps);
    await sweepRectifications(deps);
    expect(await stages()).toEqual(['2026-11-12:owner>staff:S000001']);
    await setClock('2026-11-18T02:00:00Z'); // +3 working days after Thursday 11-12 is Tuesday 11-17: all reached
    await sweepRectifications(deps);
    await sweepRectifications(deps);
    expect(await stages()).toEqual([
      '2026-11-12:owner>staff:S000001', '2026-11-12:branch_head>staff:S000001', '2026-11-12:leadership>staff:S000030', '2026-11-12:region_manager>staff:S000020',
    ]);
    const list = await (await inspector.get('/rectifications?clockState=overdue')).json();
    expect(list.items.map((i: { item: string }) => i.item)).toContain('EFF02');
    await setClock('2026-11-05T02:00:00Z');
  });

  it('escalates once per stage when two instances sweep at the same time (two pools on PostgreSQL)', async () => {
    const [r] = await app.db.sql<Array<{ id: string }>>`select id from rectifications where inspection_id = 'T-v2' and item_code = 'ENV07'`;
    const one = app.server.inspections;
    // On PostgreSQL the second instance has its own connection pool; embedded PGlite has one process.
    const otherDb = app.db.url ? await createDb({ databaseUrl: app.db.url, dataDir: dataDir, poolMax: 3 }) : undefined;
    const two = otherDb ? { ...one, db: otherDb } : one;
    try {
      await setClock('2026-11-12T02:00:00Z'); // due Friday 11-06: +3 working days is the end of Wednesday 11-11
      await Promise.all([sweepRectifications(one), sweepRectifications(two)]);
      await Promise.all([sweepRectifications(two), sweepRectifications(one)]);
      const alerts = await app.db.sql<Array<{ stageKey: string }>>`select stage_key from rectification_alerts where rectification_id = ${r!.id} order by stage_key`;
      expect(alerts.map((a) => a.stageKey)).toEqual(['2026-11-06:branch_head', '2026-11-06:leadership', '2026-11-06:owner', '2026-11-06:region_manager']);
      const queued = await app.db.sql<Array<{ n: number }>>`select count(*)::int as n from outbox_messages where subject = ${`rectification:${r!.id}`} and kind = 'send' and template = 'rectification.card' and data ? 'escalation'`;
      expect(queued[0]!.n).toBe(4);
    } finally {
      await otherDb?.close();
      await setClock('2026-11-05T02:00:00Z');
    }
  });

  it('stores photos with EXIF stripped (kept for mystery shoppers) and serves them only within scope', async () => {
    const upload = await inspector.post('/inspections/photos', { branch: 'BJ0101', data: jpegWithExif().toString('base64') });
    expect(upload.status).toBe(201);
    const { id } = await upload.json();
    const read = await inspector.get(`/inspections/photos/${id}`);
    expect(read.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await read.arrayBuffer());
    expect(bytes.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await shInspector.get(`/inspections/photos/${id}`)).status).toBe(404);
    const mystery = await (await inspector.post('/inspections/photos', { branch: 'BJ0101', kind: 'mystery_shopper', data: jpegWithExif().toString('base64') })).json();
    expect(Buffer.from(await (await inspector.get(`/inspections/photos/${mystery.id}`)).arrayBuffer()).includes(Buffer.from('GPSLatitude'))).toBe(true);
    const pdf = await inspector.post('/inspections/photos', { branch: 'BJ0101', data: Buffer.from('%PDF-1.7').toString('base64') });
    expect(pdf.status).toBe(400);
    expect((await pdf.json()).error.issues[0].field).toBe('file');
    // A photo sent with the inspection is linked to it.
    const withPhoto = await submit(inspector, inspection('T-photo', { results: results({ ENV04: { points: 5, reason: '台面有杂物', photos: [id] } }), visitedAt: '2026-11-04T15:00:00+08:00' }));
    expect(withPhoto.status, await withPhoto.clone().text()).toBe(201);
    expect((await (await inspector.get('/inspections/T-photo')).json()).photos).toEqual([id]);
  });

  it('reports the inspection KPIs and calibration figures of a scope', async () => {
    const kpis = await (await inspector.get('/kpis/inspections?scope=branch:BJ0101&days=30')).json();
    // T-1 94.5 (red line), MS-1 100, T-v2 91.8 (red line), T-photo 279/280 = 99.6 → average 96.475 → 96.5; 2 of 4 passed.
    expect(kpis).toMatchObject({ inspections: 4, redLineFailures: 2, averageScore: 96.5, passRate: 0.5 });
    // Open: T-1 ATT02, EFF02 + T-v2's three + T-photo ENV04; overdue: none at 11-05 10:00.
    expect(kpis).toMatchObject({ rectificationsOpen: 6, rectificationsOverdue: 0 });
    expect(Object.keys(kpis).sort()).toEqual(['averageScore', 'inspections', 'passRate', 'rectificationOnTimeRate', 'rectificationsOpen', 'rectificationsOverdue', 'redLineFailures'].sort());
    expect((await shInspector.get('/kpis/inspections?scope=branch:BJ0101')).status).toBe(404);
    // A second inspector at BJ0101 two days later: the per-module difference against T-v2 and the others.
    const other = await login(app.url, 'bj-inspector2');
    const cal1 = await submit(other, inspection('T-cal', { visitedAt: '2026-11-05T09:50:00+08:00', results: results({ ENV01: { points: 0, reason: '招牌破损' } }) }));
    expect(cal1.status).toBe(201);
    const cal = await (await inspector.get('/inspections/calibration?days=30')).json();
    expect(cal.windowDays).toBe(14);
    const pair = cal.pairs.find((p: { b: { id: string } ; a: { id: string } }) => p.a.id === 'T-v2' && p.b.id === 'T-cal');
    // Version 2's ENV has 54 points: T-v2 lost 12 → 42/54 = 77.8; T-cal lost 5 → 49/54 = 90.7; difference −12.9
    expect(pair.modules.find((m: { code: string }) => m.code === 'ENV')).toEqual({ code: 'ENV', a: 77.8, b: 90.7, difference: -12.9 });
    expect(pair.modules.find((m: { code: string }) => m.code === 'ATT')).toEqual({ code: 'ATT', a: 91.7, b: 100, difference: -8.3 });
    expect(cal.inspectors.map((i: { inspector: string }) => i.inspector)).toContain('user:bj-inspector2');
  });
});
