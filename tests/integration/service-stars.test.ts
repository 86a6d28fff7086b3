import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { runMonthlyAward } from '../../server/domains/awards/index.ts';
import { createJobs } from '../../server/jobs/schedule.ts';
import { createScheduler } from '../../server/jobs/scheduler.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { insertTellerEvents, seedStarsBank } from './helpers/stars-bank.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const OCTOBER = '2026-10';
// 2026-11-01 is a Sunday: the first working day of November is Monday the 2nd; 09:00 in Shanghai.
const AWARD_SLOT = new Date('2026-11-02T01:00:00Z');

/** Approved (or other) nominations of October, inserted as the workflow leaves them. */
async function nominate(db: Db, rows: Array<{ by: string; of: string; at: string; status?: string; approver?: string }>) {
  for (const r of rows) {
    const status = r.status ?? 'approved';
    await db.sql`
      insert into nominations (nominator_id, nominee_id, approver_id, month, reason, channel, status, decided_by, decided_at, created_at)
      select a.id, e.id, h.id, ${OCTOBER}, '主动帮助客户解决问题，获得表扬', 'web', ${status},
             case when ${status} = 'pending' then null else h.id end, case when ${status} = 'pending' then null else ${r.at}::timestamptz + interval '1 hour' end, ${r.at}::timestamptz
      from staff a, staff e, staff h where a.code = ${r.by} and e.code = ${r.of} and h.code = ${r.approver ?? 'S000030'}`;
  }
}

describe('monthly service stars and scorecards', () => {
  let app: TestServer;
  const clock = fixedClock('2026-11-02T00:30:00Z');
  let rm: Client;
  let head: Client;
  let teller: Client;

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedStarsBank(db.sql) });
    const sql = app.db.sql;
    // Chats: BJ0101's group, the 北京分行 group, the leadership group (console channel).
    await sql`insert into chat_bindings (branch_id, purpose, channel, chat_id, created_at) select id, 'alerts', 'console', 'oc_bj0101', now() from branches where code = 'BJ0101'`;
    await sql`insert into chat_bindings (region_id, purpose, channel, chat_id, created_at) select id, 'alerts', 'console', 'oc_bj', now() from regions where code = 'BJ'`;
    await sql`insert into chat_bindings (purpose, channel, chat_id, created_at) values ('leadership', 'console', 'oc_leaders', now())`;
    // BJ0101: 李晓梅 (S000002) and 张伟 (S000004) 2 approved each — satisfaction decides (李晓梅 2/2, 张伟 1/2).
    // BJ0102: 郑小琴 (S000011) and 冯晨 (S000012) 1 each, both 100 % satisfied — error-free tickets decide (郑小琴 2 clean, 冯晨 1 of 2).
    // SH0101: 陈浦东 (S000013) and 褚明 (S000014) 1 each, no events — the earliest nomination decides (褚明 first).
    await nominate(app.db, [
      { by: 'S000006', of: 'S000002', at: '2026-10-09T02:00:00Z' }, { by: 'S000007', of: 'S000002', at: '2026-10-10T02:00:00Z' },
      { by: 'S000006', of: 'S000004', at: '2026-10-03T02:00:00Z' }, { by: 'S000007', of: 'S000004', at: '2026-10-04T02:00:00Z' },
      { by: 'S000012', of: 'S000011', at: '2026-10-20T02:00:00Z' }, { by: 'S000011', of: 'S000012', at: '2026-10-05T02:00:00Z' },
      { by: 'S000014', of: 'S000013', at: '2026-10-15T02:00:00Z' }, { by: 'S000013', of: 'S000014', at: '2026-10-14T02:00:00Z' },
      { by: 'S000001', of: 'S000006', at: '2026-10-16T02:00:00Z', status: 'rejected' },
      { by: 'S000002', of: 'S000007', at: '2026-10-30T02:00:00Z', status: 'pending', approver: 'S000001' },
    ]);
    const ev = (id: string, type: string, branch: string, day: string, ticket: string, teller: string, rating?: number) =>
      ({ id, type, branch, at: `2026-10-${day}T02:00:00Z`, ticket, teller, ...(rating ? { rating } : {}) });
    await insertTellerEvents(app.db.sql, [
      ev('a1', 'ticket.finished', 'BJ0101', '12', 'A1', 'S000002'), ev('a2', 'evaluation.submitted', 'BJ0101', '12', 'A1', 'S000002', 5),
      ev('a3', 'ticket.finished', 'BJ0101', '13', 'A2', 'S000002'), ev('a4', 'evaluation.submitted', 'BJ0101', '13', 'A2', 'S000002', 4),
      ev('b1', 'ticket.finished', 'BJ0101', '12', 'B1', 'S000004'), ev('b2', 'evaluation.submitted', 'BJ0101', '12', 'B1', 'S000004', 5),
      ev('b3', 'ticket.finished', 'BJ0101', '13', 'B2', 'S000004'), ev('b4', 'evaluation.submitted', 'BJ0101', '13', 'B2', 'S000004', 1),
      ev('c1', 'ticket.finished', 'BJ0102', '12', 'C1', 'S000011'), ev('c2', 'evaluation.submitted', 'BJ0102', '12', 'C1', 'S000011', 5),
      ev('c3', 'ticket.finished', 'BJ0102', '13', 'C2', 'S000011'),
      ev('d1', 'ticket.finished', 'BJ0102', '12', 'D1', 'S000012'), ev('d2', 'evaluation.submitted', 'BJ0102', '12', 'D1', 'S000012', 4),
      ev('d3', 'ticket.finished', 'BJ0102', '13', 'D2', 'S000012'), ev('d4', 'service_error.recorded', 'BJ0102', '13', 'D2', 'S000012'),
    ]);
    for (const u of [
      { username: 'rm', role: 'region_manager', scope: 'region:BJ', staffCode: 'S000020' },
      { username: 'head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' },
      { username: 'teller', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' },
    ] as const) await createUser(app.db, u);
    rm = await login(app.url, 'rm');
    head = await login(app.url, 'head');
    teller = await login(app.url, 'teller');
  });
  afterAll(() => app?.close());

  it('awards.monthly runs once across two instances and picks each star by its tie-breaker', async () => {
    // A second instance: its own connection pool on PostgreSQL; the same database handle embedded (one process by design).
    const second = app.db.url ? await createDb({ databaseUrl: app.db.url, poolMax: 2 }) : app.db;
    try {
      const awardsDeps = (db: Db) => ({ db, clock, timeZone: 'Asia/Shanghai', outbox: { staffChannel: 'console' as const } });
      const schedulerOn = (db: Db, instanceId: string) => createScheduler(
        createJobs({ db, clock, timeZone: 'Asia/Shanghai', complaints: undefined as never, awards: awardsDeps(db) }).filter((j) => j.name === 'awards.monthly'),
        { sql: db.sql, clock, logger: pino({ level: 'silent' }), instanceId, timezone: 'Asia/Shanghai', catchUpHours: 0, singleInstance: false },
      );
      const outcomes = await Promise.all([schedulerOn(app.db, 'a').runSlot('awards.monthly', AWARD_SLOT, 'schedule'), schedulerOn(second, 'b').runSlot('awards.monthly', AWARD_SLOT, 'schedule')]);
      expect(outcomes.sort()).toEqual(['claimed_elsewhere', 'succeeded']);
      const [run] = await app.db.sql<{ summary: string }[]>`select summary from job_runs where job_name = 'awards.monthly'`;
      expect(run!.summary).toBe('2026-10: 8 stars (stored), announced, 1 pending handed to region managers');
      // Even run directly from both instances at once (the CLI beside the job), the month is announced once.
      await Promise.all([runMonthlyAward(awardsDeps(app.db), { month: OCTOBER }), runMonthlyAward(awardsDeps(second), { month: OCTOBER })]);
    } finally {
      if (second !== app.db) await second.close();
    }
    const stars = await app.db.sql<{ scope: string; code: string; nominations: number }[]>`
      select st.scope, s.code, st.nominations from service_stars st join staff s on s.id = st.staff_id where st.month = ${OCTOBER} order by st.scope`;
    expect(stars).toEqual([
      { scope: 'branch:BJ0101', code: 'S000002', nominations: 2 }, // satisfaction 100 % over 50 %
      { scope: 'branch:BJ0102', code: 'S000011', nominations: 1 }, // 2 error-free tickets over 1
      { scope: 'branch:SH0101', code: 'S000014', nominations: 1 }, // nominated first
      { scope: 'region:BJ', code: 'S000002', nominations: 2 },
      { scope: 'region:BJ01', code: 'S000002', nominations: 2 },
      { scope: 'region:HO', code: 'S000002', nominations: 2 },
      { scope: 'region:SH', code: 'S000014', nominations: 1 },
      { scope: 'region:SH01', code: 'S000014', nominations: 1 },
    ]);
    const cards = await app.db.sql<{ recipient: string; template: string; data: { stars: Array<{ name: string }> } }[]>`
      select recipient, template, data from outbox_messages where template = 'awards.announced' order by recipient`;
    expect(cards.map((c) => [c.recipient, c.data.stars.map((s) => s.name).join(',')])).toEqual([
      ['S000002', '李晓梅,李晓梅,李晓梅,李晓梅'],
      ['S000011', '郑小琴'],
      ['S000014', '褚明,褚明,褚明'],
      ['oc_bj', '李晓梅'],
      ['oc_bj0101', '李晓梅'],
      ['oc_leaders', '李晓梅,李晓梅,褚明,李晓梅,褚明,李晓梅,郑小琴,褚明'], // the bank, 分行, 支行, then outlets,
    ]);
    // The pending one went to the region manager with a review card.
    expect(await app.db.sql`select p.code from nominations n join staff p on p.id = n.approver_id where n.status = 'pending'`).toEqual([{ code: 'S000020' }]);
  });

  it('touchstone awards run is idempotent: nothing changes until an approval does, and it never announces again', async () => {
    const deps = { db: app.db as Db, clock, timeZone: 'Asia/Shanghai', outbox: { staffChannel: 'console' as const } };
    const before = await app.db.sql`select count(*)::int as n from outbox_messages`;
    expect(await runMonthlyAward(deps, { month: OCTOBER })).toMatchObject({ changed: false, announced: false, escalated: 0 });
    // The region manager approves the last pending one: 周杰 now stars nowhere new (1 approval), but the run stores again.
    await app.db.sql`update nominations set status = 'approved', decided_at = now() where status = 'pending'`;
    await app.db.sql`update nominations set status = 'approved' where status = 'rejected'`; // 孙丽 1 approval, nominated 10-16
    const after = await runMonthlyAward(deps, { month: OCTOBER });
    expect(after).toMatchObject({ changed: false, announced: false });
    await app.db.sql`insert into nominations (nominator_id, nominee_id, approver_id, month, reason, channel, status, decided_at, created_at)
      select a.id, e.id, (select id from staff where code = 'S000020'), ${OCTOBER}, '第二次提名，同样耐心细致', 'web', 'approved', now(), '2026-10-21T00:00:00Z' from staff a, staff e where a.code = 'S000001' and e.code = 'S000012'`;
    const changed = await runMonthlyAward(deps, { month: OCTOBER });
    expect(changed).toMatchObject({ changed: true, announced: false });
    expect(changed.stars.find((s) => s.scope === 'branch:BJ0102')?.candidate.staffCode).toBe('S000012');
    expect(await app.db.sql`select count(*)::int as n from outbox_messages where template = 'awards.announced'`).toEqual([{ n: 6 }]);
    expect((await app.db.sql<{ n: number }[]>`select count(*)::int as n from outbox_messages`)[0]!.n).toBe(before[0]!.n);
    // The current month is a preview: nothing stored.
    expect(await runMonthlyAward(deps, { month: '2026-11' })).toMatchObject({ preview: true, changed: false });
    expect(await app.db.sql`select count(*)::int as n from award_months where month = '2026-11'`).toEqual([{ n: 0 }]);
  });

  it('GET /service-stars lists a month’s stars in scope, and a star’s profile with the reasons', async () => {
    const all = await (await rm.get(`/service-stars?month=${OCTOBER}`)).json();
    expect(all.items.map((s: { scope: string }) => s.scope)).toEqual(['region:BJ', 'region:BJ01', 'branch:BJ0101', 'branch:BJ0102']);
    expect(all.items[2]).toEqual({ month: OCTOBER, scope: 'branch:BJ0101', scopeName: '北京朝阳建国路网点', staff: { code: 'S000002', name: '李晓梅' }, branch: { code: 'BJ0101', name: '北京朝阳建国路网点' }, nominations: 2 });
    const mine = await (await head.get(`/service-stars?month=${OCTOBER}&scope=branch:BJ0101`)).json();
    expect(mine.items.map((s: { staff: { name: string } }) => s.staff.name)).toEqual(['李晓梅']);
    expect((await head.get('/service-stars?scope=branch:SH0101')).status).toBe(404);
    const profile = await (await head.get('/service-stars?staff=S000002')).json();
    expect(profile.reasons).toHaveLength(2);
    expect(profile.reasons[0]).toMatchObject({ month: OCTOBER, reason: '主动帮助客户解决问题，获得表扬' });
    expect((await head.get('/service-stars?month=2026-1')).status).toBe(400);
  });

  it('scorecards: the arithmetic of a hand-computed fixture, scope per role, CSV with BOM and XLSX with the same rows', async () => {
    const json = await (await head.get(`/scorecards?month=${OCTOBER}`)).json();
    expect(json.scope).toBe('branch:BJ0101');
    const li = json.items.find((r: { staffCode: string }) => r.staffCode === 'S000002');
    // 李晓梅: 2 tickets, 2 evaluations both satisfied (100), participation 100, 0 errors (100), 0 complaints (100),
    // star of BJ0101, BJ01, BJ and HO (4 star rows) → 4×50 + 2×10 capped at 100.
    // (40×100 + 15×100 + 20×100 + 15×100 + 10×100) / 100 = 100.
    expect(li).toMatchObject({ ticketsHandled: 2, satisfaction: 1, participation: 1, errorsPer10k: 0, complaints: 0, stars: 4, nominationsApproved: 2, score: 100 });
    const zhang = json.items.find((r: { staffCode: string }) => r.staffCode === 'S000004');
    // 张伟: satisfaction 1/2 → 50; participation 100; errors 0 → 100; complaints 100; stars 0 + 2×10 = 20.
    // (40×50 + 15×100 + 20×100 + 15×100 + 10×20) / 100 = (2000 + 1500 + 2000 + 1500 + 200) / 100 = 72.
    expect(zhang).toMatchObject({ ticketsHandled: 2, satisfaction: 0.5, score: 72 });
    const byRm = await (await rm.get(`/scorecards?month=${OCTOBER}`)).json();
    const feng = byRm.items.find((r: { staffCode: string }) => r.staffCode === 'S000012');
    // 冯晨: 2 tickets, 1 evaluation satisfied → 100; participation 50; 1 error in 2 = 5,000 per 10k → 0;
    // complaints 100; stars: branch:BJ0102 star now (1×50) + 2 approved × 10 = 70.
    // (4000 + 750 + 0 + 1500 + 700) / 100 = 69.5
    expect(feng).toMatchObject({ ticketsHandled: 2, participation: 0.5, errorsPer10k: 5000, stars: 1, nominationsApproved: 2, score: 69.5 });
    expect(byRm.items.some((r: { branchCode: string }) => r.branchCode === 'SH0101')).toBe(false);
    const own = await (await teller.get(`/scorecards?month=${OCTOBER}`)).json();
    expect(own.items.map((r: { staffCode: string }) => r.staffCode)).toEqual(['S000002']);
    expect((await head.get('/scorecards?scope=region:BJ')).status).toBe(404);

    const csv = await head.get(`/scorecards?month=${OCTOBER}&format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toBe('工号,姓名,网点,办理笔数,平均办理时长(秒),满意率,参评率,差错率(每万笔),投诉数,服务明星,获通过提名,综合得分');
    expect(lines).toContain('S000002,李晓梅,北京朝阳建国路网点,2,,1,1,0,0,4,2,100');
    expect(lines.length - 1).toBe(json.items.length);

    const xlsx = await head.get(`/scorecards?month=${OCTOBER}&format=xlsx`);
    expect(xlsx.headers.get('content-disposition')).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]![0]).toBe('工号');
    expect(rows.slice(1).map((r) => [r[0], r[1], r[11]])).toEqual(json.items.map((r: { staffCode: string; staffName: string; score: number }) => [r.staffCode, r.staffName, r.score]));
  });

  it('lets an administrator set the weights (stored, audited) and refuses bad ones naming the field', async () => {
    const admin = await app.admin();
    const settings = await (await admin.get('/award-settings')).json();
    expect(settings).toEqual({ nominationQuota: 3, pendingAtMonthEnd: 'region_manager', tieBreakers: ['satisfaction', 'error_free', 'earliest'], scorecardWeights: { satisfaction: 40, participation: 15, errors: 20, complaints: 15, stars: 10 } });
    const bad = await admin.patch('/award-settings', { ...settings, scorecardWeights: { ...settings.scorecardWeights, errors: 120 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].field).toBe('scorecardWeights.errors');
    const saved = await admin.patch('/award-settings', { ...settings, scorecardWeights: { satisfaction: 100, participation: 0, errors: 0, complaints: 0, stars: 0 } });
    expect(saved.status).toBe(200);
    const zhang = (await (await head.get(`/scorecards?month=${OCTOBER}`)).json()).items.find((r: { staffCode: string }) => r.staffCode === 'S000004');
    expect(zhang.score).toBe(50);
    expect(await app.db.sql`select action from audit_log where action = 'awards.settings'`).toEqual([{ action: 'awards.settings' }]);
    expect((await head.patch('/award-settings', settings)).status).toBe(403);
  });

  it('documents nominations, stars and scorecards in openapi.json', async () => {
    const doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
    expect(doc.paths['/nominations'].post.requestBody.content['application/json'].schema.required).toEqual(['nominee', 'reason']);
    const item = doc.paths['/nominations'].get.responses['200'].content['application/json'].schema.properties.items.items;
    expect(item.required).toEqual(expect.arrayContaining(['id', 'nominee', 'nominator', 'reason', 'status', 'approver', 'decidedAt']));
    expect(doc.paths['/nominations/{id}/decision'].post.requestBody.content['application/json'].schema.required).toEqual(['approved']);
    expect(doc.paths['/service-stars'].get.responses['200'].content['application/json'].schema.properties.items.items.required)
      .toEqual(expect.arrayContaining(['month', 'scope', 'staff', 'branch', 'nominations']));
    expect(doc.paths['/scorecards'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['month', 'scope', 'format']);
  });
});
