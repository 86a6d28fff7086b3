import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SERVICE_EVENT_TYPES } from '../../server/contract/payloads/ingest.ts';
import type { Principal } from '../../server/domains/access/index.ts';
import { ingestEvents, type ValidEvent } from '../../server/domains/ingest/index.ts';
import { getBranchGrid, getRanking, getScopeKpis } from '../../server/domains/kpi/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import type { WallChange, WallPort } from '../../server/realtime/ports.ts';
import { wallComplaints } from '../../server/domains/complaints/index.ts';
import { wallStars } from '../../server/domains/awards/index.ts';
import { wallCare } from '../../server/domains/care/index.ts';
import { wallInspections } from '../../server/domains/inspections/index.ts';
import { createWallPort } from '../../server/wiring/wall-wiring.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

// 2026-11-28 10:30 in Shanghai.
const clock = fixedClock('2026-11-28T02:30:00Z');
const timeZone = 'Asia/Shanghai';
const at = (local: string, day = '2026-11-28') => `${day}T${local}+08:00`;
const PRINCIPAL: Principal = { kind: 'api_key', keyId: 'test', name: 'test', prefix: 'tsk_test', scope: { kind: 'bank' }, eventTypes: SERVICE_EVENT_TYPES };
const SCOPES = ['bank', 'region:BJ', 'region:SH', 'region:SH01', 'branch:BJ0101', 'branch:SH0101'];

describe('live wall models (in-memory deltas)', () => {
  let db: TestDb;
  let port: WallPort;
  let heard: WallChange[] = [];
  let n = 0;
  const ingest = async (events: Omit<ValidEvent, 'index' | 'id'>[]) => {
    const count = heard.length;
    const outcome = await ingestEvents({ db, clock, timeZone, longWaitSeconds: 900 }, PRINCIPAL, events.map((e, index) => ({ ...e, index, id: `e${++n}` })), []);
    expect(outcome.rejected).toEqual([]);
    // The change arrives after commit (and after the wiring placed its branches).
    await expect.poll(() => heard.length, { timeout: 5000 }).toBeGreaterThan(count);
    return heard.at(-1)!;
  };
  const fresh = async (scope: string) => {
    const day = '2026-11-28';
    const [kpis, ranking, grid] = await Promise.all([getScopeKpis(db.sql, { scope, day, timeZone }), getRanking(db.sql, { scope, day, timeZone }), getBranchGrid(db.sql, { scope, day, timeZone })]);
    const complaints = await wallComplaints({ sql: db.sql, timeZone, dueSoonHours: 72 }, scope, clock.now());
    // The panels that change at human pace are read with the scope as the room reads them.
    const inspections = await wallInspections(db.sql, scope, clock.now());
    const stars = await wallStars(db.sql, scope, clock.now(), timeZone);
    const care = await wallCare(db.sql, timeZone, scope, clock.now());
    return { kpis, ranking, grid: grid.items, complaints, inspections, stars, care };
  };
  const ticket = (branch: string, t: string, issued: string, called?: string, finished?: string, business = '开户', day?: string) => [
    { type: 'ticket.issued' as const, branch, at: at(issued, day), ticket: t, business },
    ...(called ? [{ type: 'ticket.called' as const, branch, at: at(called, day), ticket: t }] : []),
    ...(finished ? [{ type: 'ticket.finished' as const, branch, at: at(finished, day), ticket: t }] : []),
  ];

  beforeAll(async () => {
    db = await createTestDb();
    await seedTwoRegionBank(db.sql);
    port = createWallPort({ db, clock, timeZone, longWaitSeconds: 900, complaintDueSoonHours: 72 });
    await port.onChange((change) => heard.push(change), () => {});
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.sql`truncate service_events, tickets, branch_hour_kpis, branch_day_kpis, branch_day_business_kpis`;
    heard = [];
  });

  it('a model read before a batch, plus the batch’s change, equals a fresh read of every scope', async () => {
    await ingest([...ticket('BJ0101', 'A1', '09:00:00', '09:10:00', '09:20:00'), ...ticket('SH0101', 'B1', '09:30:00')]);
    const models = new Map(await Promise.all(SCOPES.map(async (scope) => [scope, await port.load(scope)] as const)));
    const changes = [
      await ingest([
        ...ticket('BJ0101', 'A2', '09:05:00', '09:40:00', '10:01:00', '存取款'),
        { type: 'evaluation.submitted', branch: 'BJ0101', at: at('10:02:00'), ticket: 'A2', rating: 2 },
        { type: 'ticket.called', branch: 'SH0101', at: at('10:05:00'), ticket: 'B1' },
        ...ticket('SH0101', 'Y1', '15:00:00', '15:20:00', '15:30:00', '开户', '2026-11-27'),
      ]),
      await ingest([{ type: 'service_error.recorded', branch: 'SH0101', at: at('10:10:00'), ticket: 'B1' }, { type: 'ticket.finished', branch: 'SH0101', at: at('10:20:00'), ticket: 'B1' }]),
    ];
    for (const [scope, model] of models) {
      for (const change of changes) expect(model.apply(change), scope).not.toBe('reload');
      expect(model.figures(), scope).toEqual(await fresh(scope));
      expect(model.figures(), scope).toEqual((await port.load(scope)).figures());
    }
  });

  it('skips a change the read already included', async () => {
    const change = await ingest(ticket('BJ0101', 'A1', '09:00:00', '09:10:00'));
    const model = await port.load('bank');
    expect(model.apply(change)).toBe('unchanged');
    expect(model.figures()).toEqual(await fresh('bank'));
  });

  it('joins a batch announced in several parts into one change', async () => {
    // 150 tickets in 150 different hours over seven days: far more hour rows than one notification holds.
    const events = Array.from({ length: 150 }, (_, i) => {
      const when = new Date(Date.parse('2026-11-28T02:00:00Z') - i * 3_600_000);
      return { type: 'ticket.issued' as const, branch: i % 2 ? 'BJ0101' : 'SH0101', at: when.toISOString(), ticket: `P${i}`, business: '开户' };
    });
    const model = await port.load('bank');
    const change = await ingest(events);
    expect(change.kpis!.branches.flatMap((b) => b.hours)).toHaveLength(150);
    expect(model.apply(change)).toBe('applied');
    expect(model.figures()).toEqual(await fresh('bank'));
  });
});

describe('group commit of concurrent batches', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await seedTwoRegionBank(db.sql);
  });
  afterAll(() => db.close());

  it('stores concurrent batches as if one after another: each counts its own new events, a repeat is a duplicate once', async () => {
    const deps = { db, clock, timeZone, longWaitSeconds: 900 };
    const batch = (ids: string[], type: 'ticket.issued' | 'ticket.called', minute: string): ValidEvent[] =>
      ids.map((id, index) => ({ index, id, type, branch: 'BJ0101', at: at(`09:${minute}:00`), ticket: `G${id.slice(1)}` }));
    const outcomes = await Promise.all([
      ingestEvents(deps, PRINCIPAL, batch(['i1', 'i2', 'i3'], 'ticket.issued', '00'), []),
      ingestEvents(deps, PRINCIPAL, batch(['c1', 'c2'], 'ticket.called', '20'), []),
      ingestEvents(deps, PRINCIPAL, batch(['i3', 'i4'], 'ticket.issued', '00'), []),
      ingestEvents({ ...deps }, { ...PRINCIPAL, keyId: 'other' }, batch(['i1'], 'ticket.issued', '05'), []),
    ]);
    expect(outcomes.map((o) => [o.accepted, o.duplicates])).toEqual([[3, 0], [2, 0], [1, 1], [1, 0]]);
    const [day] = await db.sql<{ issued: number; called: number; waitCount: number; waitSeconds: string }[]>`
      select issued, called, wait_count, wait_seconds from branch_day_kpis where service_day = '2026-11-28'`;
    // G1 and G2 waited 20 minutes each; the other source’s i1 is a new event but issues ticket G1 again: no change.
    expect(day).toMatchObject({ issued: 4, called: 2, waitCount: 2 });
    expect(Number(day!.waitSeconds)).toBe(2400);
  });
});
