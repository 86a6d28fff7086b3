import type { Db } from '../db/client.ts';
import { maintainTables } from '../db/maintenance.ts';
import { SERVICE_EVENT_TYPES } from '../server/contract/payloads/ingest.ts';
import type { Principal } from '../server/domains/access/index.ts';
import { bankBuckets, ingestEvents, type ValidEvent } from '../server/domains/ingest/index.ts';
import { readLiveScope } from '../server/domains/kpi/index.ts';
import { systemClock } from '../server/platform/clock.ts';
import { envNumber, fmt, median, timed, type Check, type SuiteResult } from './bench-kit.ts';
import { BENCH_TIME_ZONE, EventStream, seedBank } from './fixture.ts';
import { toRawRow } from './ingest.bench.ts';

/**
 * B11 a bank day: does ingest stay as fast at the end of a busy day as at its start? BENCH_DAY_EVENTS
 * (300,000: a day of a large bank's 250 outlets) are ingested in time order in batches of 100; at
 * every tenth of the day the suite times PROBE_BATCHES batches of ours (ingestEvents) and of the raw
 * baseline (the same shape of rows inserted into service_events, events only), and a read of the
 * bank's live figures. The ratio that matters is ours ÷ raw at the end against the start: a
 * statement whose cost grows with the day's rows shows up there. On embedded PGlite the
 * `database.maintain` job's work (ADR 0029: PGlite never vacuums or analyses by itself) runs every
 * BENCH_DAY_MAINTAIN_EVERY events (10,000; 0 = never, to see the day without it).
 */
const PROBE_BATCHES = 20;
const PRINCIPAL: Principal = { kind: 'api_key', keyId: 'bench', name: 'bench', prefix: 'tsk_bench', scope: { kind: 'bank' }, eventTypes: SERVICE_EVENT_TYPES };

export async function benchDay(db: Db, mode: string): Promise<SuiteResult> {
  const total = envNumber('BENCH_DAY_EVENTS', 300_000);
  const maintainEvery = db.mode === 'embedded' ? envNumber('BENCH_DAY_MAINTAIN_EVERY', 10_000) : 0;
  const branches = await seedBank(db.sql, 250);
  const codes = branches.map((b) => b.code);
  const idOf = new Map(branches.map((b) => [b.code, b.id]));
  const deps = { clock: systemClock, timeZone: BENCH_TIME_ZONE, longWaitSeconds: 900, db };
  const ours = new EventStream(codes, 'day', 5, 'D');
  const raw = new EventStream(codes, 'dayraw', 9, 'R');
  // Spread over the last three hours, in order, so every event is accepted and the day's tables grow as a day's would.
  const end = Date.now() - 60_000;
  const start = end - 3 * 3_600_000;
  // Ten probes, each of PROBE_BATCHES batches of ours and as many of the raw baseline: all take times in order.
  const probeEvents = 2 * PROBE_BATCHES * 100 * 10;
  let sent = 0;
  const nextAt = () => new Date(start + ((end - start) * Math.min(sent++, total + probeEvents)) / (total + probeEvents));
  const batchOf = (stream: EventStream) => Array.from({ length: 100 }, (_, index): ValidEvent => {
    const { branchIndex: _branch, ...event } = stream.next(nextAt());
    return { index, ...event } as ValidEvent;
  });
  let maintenance = { runs: 0, ms: 0, longest: 0 };
  let sinceMaintenance = 0;
  const ingest = async (count: number) => {
    for (let i = 0; i < count; i += 100) {
      await ingestEvents(deps, PRINCIPAL, batchOf(ours), []);
      sinceMaintenance += 100;
      if (maintainEvery && sinceMaintenance >= maintainEvery) {
        sinceMaintenance = 0;
        const ms = await timed(() => maintainTables(db.sql));
        maintenance = { runs: maintenance.runs + 1, ms: maintenance.ms + ms, longest: Math.max(maintenance.longest, ms) };
      }
    }
  };
  const probe = async () => {
    const oursMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < PROBE_BATCHES; i++) {
      const batch = batchOf(ours);
      oursMs.push(await timed(() => ingestEvents(deps, PRINCIPAL, batch, [])));
      const rows = batchOf(raw).map((e) => toRawRow(e, idOf));
      rawMs.push(await timed(() => db.sql`insert into service_events ${db.sql(rows as never, 'source', 'eventId', 'type', 'branchId', 'at', 'serviceDay', 'ticket', 'business', 'counter', 'teller', 'rating', 'receivedAt')}`));
    }
    const day = bankBuckets(new Date(end), BENCH_TIME_ZONE).serviceDay;
    const readMs: number[] = [];
    for (let i = 0; i < 5; i++) readMs.push(await timed(() => readLiveScope(db.sql, { scope: 'bank', day, timeZone: BENCH_TIME_ZONE })));
    const stored = (await db.sql<{ stored: number }[]>`select count(*)::int as stored from service_events`)[0]!.stored;
    return { stored, ours: median(oursMs), raw: median(rawMs), read: median(readMs) };
  };
  const points: Awaited<ReturnType<typeof probe>>[] = [];
  for (let tenth = 0; tenth < 10; tenth++) {
    await ingest(total / 10);
    points.push(await probe());
  }
  const first = points[0]!;
  const last = points.at(-1)!;
  const growth = last.ours / last.raw / (first.ours / first.raw);
  const checks: Check[] = [
    { name: 'ingest at the end of the day ÷ at its first tenth (each ÷ raw insert)', value: fmt.ratio(growth), target: '≤ 1.50×', pass: growth <= 1.5 },
  ];
  return {
    suite: 'day', title: `B11 a bank day: ${fmt.int(total)} events in batches of 100, ingest cost as the day's tables grow`, mode,
    columns: ['events stored', 'ours ms/100', 'raw insert ms/100', 'ours ÷ raw', 'bank read ms'],
    rows: points.map((p) => [fmt.int(p.stored), fmt.ms(p.ours), fmt.ms(p.raw, 2), fmt.ratio(p.ours / p.raw), fmt.ms(p.read)]),
    notes: [
      `median of ${PROBE_BATCHES} batches at each point; raw = the same shape of 100 rows inserted into service_events (events only)`,
      maintainEvery
        ? `embedded: the database.maintain job's work (ADR 0029) after every ${fmt.int(maintainEvery)} events: ${maintenance.runs} runs, ${fmt.int(maintenance.ms)} ms in all, longest ${fmt.int(maintenance.longest)} ms`
        : db.mode === 'embedded' ? 'embedded without maintenance (BENCH_DAY_MAINTAIN_EVERY=0): PGlite never vacuums or analyses by itself' : 'PostgreSQL: its autovacuum maintains the tables',
    ],
    checks,
    details: { points, maintenance, total },
  };
}
