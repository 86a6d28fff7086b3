import type { Db } from '../db/client.ts';
import { SERVICE_EVENT_TYPES } from '../server/contract/payloads/ingest.ts';
import type { Principal } from '../server/domains/access/index.ts';
import { bankBuckets, ingestEvents, type ValidEvent } from '../server/domains/ingest/index.ts';
import { insertEvents, lockTickets, saveTicketsAndRollups } from '../server/domains/ingest/ingest.repo.ts';
import { applyEvents, ticketKey } from '../server/domains/ingest/ingest.rules.ts';
import type { AcceptedEvent } from '../server/domains/ingest/ingest.types.ts';
import { findBranchUnitsByCodes } from '../server/domains/org/index.ts';
import { systemClock } from '../server/platform/clock.ts';
import { envNumber, fmt, median, percentile, timed, type Check, type SuiteResult } from './bench-kit.ts';
import { BENCH_TIME_ZONE, EventStream, seedBank, typeMix, type WireEvent } from './fixture.ts';
import { postEvents, startBenchServer } from './server-kit.ts';
import { fingerprint, planHandBatches, writeHandBatch } from './ingest-baseline.ts';
import { benchPosters } from './ingest-posters.ts';

/**
 * B1 Ingest: events/s of the whole use case (ingestEvents: validation against org and scope,
 * raw events, tickets, hour/day/business rollups, change notification, one transaction per
 * batch) at batch sizes 1, 100 and 1,000, against the raw baseline — postgres.js multi-row
 * `insert into service_events ${sql(rows)}` of the same rows (references already resolved),
 * one statement per batch. Batches go one after another (no concurrency); the tables are
 * emptied before every measured run, raw and ours alternate (ABBA), median of BENCH_ROUNDS.
 * BENCH_INGEST_HTTP=0 skips the HTTP rows; BENCH_INGEST_CONCURRENCY=N adds N posters at once
 * (batches of 100, each poster its own tickets, all over the same outlets); BENCH_INGEST_SCALE
 * multiplies the event counts.
 */
// Events per measured run (× BENCH_INGEST_SCALE); sized so the suite stays near 30 s on PGlite.
const PER_SIZE: Record<number, number> = { 1: 200, 100: 3_000, 1000: 5_000 };
const DEPS_BASE = { clock: systemClock, timeZone: BENCH_TIME_ZONE, longWaitSeconds: 15 * 60 };
const PRINCIPAL: Principal = { kind: 'api_key', keyId: 'bench', name: 'bench', prefix: 'tsk_bench', scope: { kind: 'bank' }, eventTypes: SERVICE_EVENT_TYPES };

export interface RawRow {
  source: string; eventId: string; type: string; branchId: string; at: Date; serviceDay: string;
  ticket: string | null; business: string | null; counter: string | null; teller: string | null; rating: number | null; receivedAt: Date;
}

interface Run { ms: number; batchMs: number[]; cpuMs: number }

export async function benchIngest(db: Db, mode: string, rounds: number): Promise<SuiteResult[]> {
  const branchCount = envNumber('BENCH_INGEST_BRANCHES', 250);
  const scale = envNumber('BENCH_INGEST_SCALE', 1);
  const posters = envNumber('BENCH_POSTERS', 1000);
  // B2 needs one outlet per poster; B1 uses the first BENCH_INGEST_BRANCHES of them.
  const allBranches = await seedBank(db.sql, Math.max(branchCount, posters));
  const branches = allBranches.slice(0, branchCount);
  const idOf = new Map(branches.map((b) => [b.code, b.id]));
  const deps = { ...DEPS_BASE, db };
  const reset = () => db.sql`truncate service_events, tickets, branch_hour_kpis, branch_day_kpis, branch_day_business_kpis`;
  const rows: SuiteResult['rows'] = [];
  const checks: Check[] = [];
  const details: Record<string, unknown> = {};
  const notes: string[] = [];
  const rawRates = new Map<number, number>();
  const handRates = new Map<number, number>();

  const sizes = (process.env.BENCH_INGEST_SIZES ?? '1,100,1000').split(',').filter(Boolean).map(Number);
  for (const size of sizes) {
    const total = Math.max(size, Math.round((PER_SIZE[size]! * scale) / size) * size);
    const events = makeEvents(branches.map((b) => b.code), total, `s${size}`);
    if (size === 1000) notes.push(`events: ${branchCount} outlets, ${typeMix(events)}; times spread over the last 2 h (a batch of 1,000 spans ~6 min)`);
    const batches = chunk(events, size);
    const validBatches = batches.map((batch) => batch.map((e, index): ValidEvent => ({ index, ...e })));
    const rawBatches = batches.map((batch) => batch.map((e) => toRawRow(e, idOf)));
    const handBatches = planHandBatches(batches, idOf, DEPS_BASE, new Date());
    const raw: Run[] = [];
    const hand: Run[] = [];
    const ours: Run[] = [];
    const prints = { hand: new Set<string>(), ours: new Set<string>() };
    for (let round = 0; round < rounds; round++) {
      // Rotated each round, so no path always runs first (warm caches) or last.
      const order = (['raw', 'hand', 'ours'] as const).map((_, i, all) => all[(i + round) % all.length]!);
      for (const which of order) {
        await reset();
        if (which === 'raw') raw.push(await measure(rawBatches, (batch) => db.sql`insert into service_events ${db.sql(batch as never, 'source', 'eventId', 'type', 'branchId', 'at', 'serviceDay', 'ticket', 'business', 'counter', 'teller', 'rating', 'receivedAt')}`));
        else if (which === 'hand') {
          hand.push(await measure(handBatches, (batch) => writeHandBatch(db.sql, batch)));
          prints.hand.add(await fingerprint(db.sql));
        } else {
          ours.push(await measure(validBatches, async (batch) => {
            const outcome = await ingestEvents(deps, PRINCIPAL, batch, []);
            if (outcome.accepted !== batch.length) throw new Error(`bench: ${batch.length - outcome.accepted} events refused`);
          }));
          prints.ours.add(await fingerprint(db.sql));
        }
      }
    }
    // The baseline is only honest if it wrote what ours wrote: same rows, counts and sums.
    if (prints.hand.size !== 1 || prints.ours.size !== 1 || [...prints.hand][0] !== [...prints.ours][0]) {
      throw new Error(`bench: the hand-written baseline and ours stored different rows at batch ${size}:\n hand ${[...prints.hand].join('\n      ')}\n ours ${[...prints.ours].join('\n      ')}`);
    }
    const rawRate = total / (median(raw.map((r) => r.ms)) / 1000);
    const handRate = total / (median(hand.map((r) => r.ms)) / 1000);
    const oursRate = total / (median(ours.map((r) => r.ms)) / 1000);
    rawRates.set(size, rawRate);
    handRates.set(size, handRate);
    rows.push(row(size, 'raw: insert service_events ${sql(rows)}', total, raw, rawRate, null, null));
    rows.push(row(size, 'hand: same rows, 5 statements, 1 transaction', total, hand, handRate, handRate / rawRate, null));
    rows.push(row(size, 'ours: ingestEvents (events+tickets+rollups)', total, ours, oursRate, oursRate / rawRate, oursRate / handRate));
    details[`batch${size}`] = { events: total, rawMs: raw.map((r) => r.ms), handMs: hand.map((r) => r.ms), oursMs: ours.map((r) => r.ms) };
    if (size >= 100) checks.push({ name: `ingest ev/s at batch ${size} vs the same writes by hand`, value: fmt.ratio(oursRate / handRate), target: '≥ 0.80×', pass: oursRate / handRate >= 0.8 });
    if (size >= 100) checks.push({ name: `ingest ev/s at batch ${size} vs events-only insert`, value: fmt.ratio(oursRate / rawRate), target: 'reported (was ≈ 0.3×)', pass: null });
    checks.push({ name: `ingest ev/s at batch ${size} (absolute)`, value: fmt.int(oursRate), target: mode === 'PostgreSQL' ? '≥ 20,000 (plan, native PG)' : '≥ 10,000 (plan, PGlite)', pass: size >= 100 ? oursRate >= (mode === 'PostgreSQL' ? 20_000 : 10_000) : null });
    if (size >= 100) {
      await reset();
      const steps = await breakdown(db, validBatches.slice(0, Math.ceil(3000 / size)));
      const sum = Object.values(steps).reduce((a, b) => a + b, 0);
      notes.push(`batch ${size}, where ours spends its time (replayed step by step): ${Object.entries(steps).map(([k, v]) => `${k} ${((100 * v) / sum).toFixed(0)}%`).join(', ')}`);
      details[`batch${size}Breakdown`] = steps;
    }
  }

  if (process.env.BENCH_INGEST_HTTP !== '0') {
    const server = await startBenchServer(db);
    try {
      for (const size of [100, 1000].filter((s) => sizes.includes(s))) {
        const total = Math.max(size, Math.round((PER_SIZE[size]! * scale * 0.6) / size) * size);
        const runs: Run[] = [];
        for (let round = 0; round < rounds; round++) {
          await reset();
          const batches = chunk(makeEvents(branches.map((b) => b.code), total, `h${size}r${round}`), size).map((b) => b.map(({ branchIndex: _, ...e }) => e));
          runs.push(await measure(batches, (batch) => postEvents(server.url, server.apiKey, batch)));
        }
        const rate = total / (median(runs.map((r) => r.ms)) / 1000);
        rows.push(row(size, 'ours via HTTP POST /api/v1/events (keep-alive)', total, runs, rate, rate / rawRates.get(size)!, rate / handRates.get(size)!));
      }
    } finally {
      await server.close();
    }
  }
  const concurrency = envNumber('BENCH_INGEST_CONCURRENCY', 0);
  if (concurrency > 1) {
    // N posters at once (N gateways, or N instances behind a balancer), each with its own tickets, all over every outlet.
    await reset();
    const perWorker = Math.max(100, Math.round((PER_SIZE[100]! * scale) / concurrency / 100) * 100);
    const workers = Array.from({ length: concurrency }, (_, w) =>
      chunk(makeEvents(branches.map((b) => b.code), perWorker, `c${w}`, String.fromCharCode(65 + (w % 26)) + w), 100).map((b) => b.map((e, index): ValidEvent => ({ index, ...e }))));
    const failures = new Map<string, number>();
    const batchMs: number[] = [];
    const cpu = process.cpuUsage();
    const ms = await timed(() => Promise.all(workers.map(async (batches) => {
      for (const batch of batches) {
        const started = performance.now();
        await ingestEvents(deps, PRINCIPAL, batch, []).catch((error: unknown) => {
          const reason = error instanceof Error ? error.message.slice(0, 60) : String(error);
          failures.set(reason, (failures.get(reason) ?? 0) + 1);
        });
        batchMs.push(performance.now() - started);
      }
    })));
    const used = process.cpuUsage(cpu);
    const total = perWorker * concurrency;
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    const rate = (total - failed * 100) / (ms / 1000);
    rows.push(row(100, `ours: ${concurrency} concurrent posters, shared outlets`, total, [{ ms, batchMs, cpuMs: (used.user + used.system) / 1000 }], rate, rate / rawRates.get(100)!, rate / handRates.get(100)!));
    notes.push(`${concurrency} concurrent posters: ${failed} of ${total / 100} batches failed${failed ? ` (${[...failures].map(([k, v]) => `${v}× ${k}`).join('; ')})` : ''}; ev/s counts accepted events only`);
    checks.push({ name: `${concurrency} concurrent posters: failed batches`, value: String(failed), target: '0', pass: failed === 0 });
  }
  notes.push('CPU ms/1k ev is this Node process only (on PGlite it includes the database; on PostgreSQL the server process is not counted)');
  notes.push('hand = the rows ours stores (events, tickets, hour/day/business rollups) as 5 multi-row statements pipelined in one transaction per batch, everything else worked out before the clock starts; checked equal to ours by counts and sums after every run');
  const b1: SuiteResult = {
    suite: 'ingest', title: 'B1 ingest: events/s, batches one after another (median of rounds)', mode,
    columns: ['batch', 'path', 'events', 'median ms', 'events/s', 'batch p50 ms', 'batch p99 ms', 'CPU ms/1k ev', '÷ events-only', '÷ by hand'],
    rows, notes, checks, details,
  };
  if (posters <= 0) return [b1];
  await reset();
  const allIds = new Map(allBranches.map((b) => [b.code, b.id]));
  const b2 = await benchPosters(db, allBranches.map((b) => b.code), mode, (e) => toRawRow(e, allIds));
  return [b1, {
    suite: 'ingest', title: 'B2 ingest: single-event posters, open loop', mode,
    columns: ['outlets × ev/req', 'load', 'events/s', 'ack p50 ms', 'ack p99 ms', 'sent p99 ms', 'failed', 'srv CPU %', 'srv CPU ms/ev', 'db CPU %', 'cli CPU %', 'loop p99 ms', 'load avg'],
    ...b2,
  }];
}

function row(size: number, path: string, total: number, runs: Run[], rate: number, ratio: number | null, handRatio: number | null): SuiteResult['rows'][number] {
  const batchMs = runs.flatMap((r) => r.batchMs).sort((a, b) => a - b);
  return [size, path, total, fmt.ms(median(runs.map((r) => r.ms)), 0), fmt.int(rate), fmt.ms(percentile(batchMs, 50), 2), fmt.ms(percentile(batchMs, 99), 2),
    fmt.ms((median(runs.map((r) => r.cpuMs)) / total) * 1000, 0), ratio === null ? '—' : fmt.ratio(ratio), handRatio === null ? '—' : fmt.ratio(handRatio)];
}

async function measure<T>(batches: T[], send: (batch: T) => Promise<unknown>): Promise<Run> {
  const batchMs: number[] = [];
  const cpu = process.cpuUsage();
  const ms = await timed(async () => {
    for (const batch of batches) batchMs.push(await timed(() => send(batch)));
  });
  const used = process.cpuUsage(cpu);
  return { ms, batchMs, cpuMs: (used.user + used.system) / 1000 };
}

function makeEvents(codes: string[], total: number, prefix: string, ticketPrefix = 'A'): (WireEvent & { branchIndex: number })[] {
  const stream = new EventStream(codes, prefix, total + prefix.length, ticketPrefix);
  const end = Date.now() - 60_000;
  const start = end - 2 * 3_600_000;
  return Array.from({ length: total }, (_, i) => stream.next(new Date(start + ((end - start) * i) / total)));
}

const chunk = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export function toRawRow(e: WireEvent, idOf: Map<string, string>): RawRow {
  const at = new Date(e.at);
  return {
    source: 'raw', eventId: e.id, type: e.type, branchId: idOf.get(e.branch)!, at, serviceDay: bankBuckets(at, BENCH_TIME_ZONE).serviceDay,
    ticket: e.ticket ?? null, business: e.business ?? null, counter: e.counter ?? null, teller: e.teller ?? null, rating: e.rating ?? null, receivedAt: new Date(),
  };
}

/**
 * The use case's steps replayed one by one with the repo functions it calls, each timed, to say
 * what dominates a batch (ingest.service.ts `ingestEvents` + `store`; the notify is left out). The
 * product overlaps the events' insert with its rules (ADR 0027); replayed here, each step waits.
 */
async function breakdown(db: Db, batches: ValidEvent[][]): Promise<Record<string, number>> {
  const steps: Record<string, number> = { 'branch lookup': 0, 'JS prepare': 0, 'begin+commit': 0, 'lock tickets': 0, 'insert events': 0, 'apply rules': 0, 'save tickets+rollups': 0 };
  const lap = (() => {
    let last = performance.now();
    return (step: string) => {
      const now = performance.now();
      steps[step]! += now - last;
      last = now;
    };
  })();
  for (const batch of batches) {
    lap('JS prepare');
    const units = new Map((await findBranchUnitsByCodes(db.sql, [...new Set(batch.map((e) => e.branch))])).map((u) => [u.code, u]));
    lap('branch lookup');
    const now = new Date();
    const accepted: AcceptedEvent[] = batch.map((e) => {
      const at = new Date(e.at);
      return { index: e.index, eventId: e.id, type: e.type, branchId: units.get(e.branch)!.id, at, ...bankBuckets(at, BENCH_TIME_ZONE),
        ticket: e.ticket ?? null, business: e.business ?? null, counter: e.counter ?? null, teller: e.teller ?? null, rating: e.rating ?? null };
    });
    lap('JS prepare');
    await db.sql.begin(async (tx) => {
      lap('begin+commit');
      const keys = [...new Map(accepted.filter((e) => e.ticket && e.type.startsWith('ticket.')).map((e) => [ticketKey(e.branchId, e.serviceDay, e.ticket!), { branchId: e.branchId, serviceDay: e.serviceDay, ticket: e.ticket! }])).values()];
      const { tickets: locked } = await lockTickets(tx, keys);
      lap('lock tickets');
      await insertEvents(tx, accepted.map((e) => ({ ...e, source: 'api_key:breakdown', receivedAt: now })), { skipStored: false });
      lap('insert events');
      const stored = new Map(locked.map((t) => [ticketKey(t.branchId, t.serviceDay, t.ticket), t]));
      const { tickets, deltas } = applyEvents(accepted, stored, DEPS_BASE);
      lap('apply rules');
      const states = { stored: [...tickets].filter(([k]) => stored.has(k)).map(([, t]) => t), created: [...tickets].filter(([k]) => !stored.has(k)).map(([, t]) => t) };
      await saveTicketsAndRollups(tx, states, deltas, now);
      lap('save tickets+rollups');
    });
    lap('begin+commit');
  }
  return Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(v)]));
}
