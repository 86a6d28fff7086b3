import type { Db } from '../db/client.ts';
import { getRanking, getScopeKpis } from '../server/domains/kpi/index.ts';
import { addDays } from '../server/platform/bank-time.ts';
import { envNumber, fmt, median, percentile, timed, type Check, type SuiteResult } from './bench-kit.ts';
import { BENCH_TIME_ZONE, seedBank, seedDayRollups } from './fixture.ts';

/**
 * B10 snapshot build: what a wall's subscribe (and every refresh of a room) reads for the bank —
 * getScopeKpis (KPIs, targets, yesterday, last year, every hour, business mix) and getRanking (the
 * 分行 ranked by service index), run together as the wall port does — for 240 and 20,000 outlets
 * with one bank day of rollups each (BENCH_SNAPSHOT_DAYS=2 adds yesterday, which the hourly
 * comparison reads in production), against the raw SQL floor: one aggregate query summing
 * branch_day_kpis for that day. Also one 分行 and one outlet, for scale. ABBA, median of rounds.
 */
const DAY = '2026-11-27';

export async function benchSnapshot(db: Db, mode: string, rounds: number): Promise<SuiteResult> {
  const sizes = (process.env.BENCH_SNAPSHOT_SIZES ?? '240,20000').split(',').map(Number).filter((n) => n > 0);
  const reps = Math.max(5, rounds * 2 + 1);
  const days = Math.max(1, envNumber('BENCH_SNAPSHOT_DAYS', 1));
  const rows: SuiteResult['rows'] = [];
  const checks: Check[] = [];
  const details: Record<string, unknown> = {};
  for (const size of sizes) {
    await db.sql`truncate branch_day_business_kpis, branch_day_kpis, branch_hour_kpis, tickets, service_events, branches, regions restart identity cascade`;
    const seedMs = await timed(async () => {
      await seedBank(db.sql, size);
      for (let back = 0; back < days; back++) await seedDayRollups(db.sql, addDays(DAY, -back));
    });
    await db.sql`analyze`;
    const [region] = await db.sql<{ code: string }[]>`select code from regions where kind = 'branch_office' order by code limit 1`;
    const [branch] = await db.sql<{ code: string }[]>`select code from branches order by code limit 1`;
    const snapshot = (scope: string) => Promise.all([getScopeKpis(db.sql, { scope, day: DAY, timeZone: BENCH_TIME_ZONE }), getRanking(db.sql, { scope, day: DAY, timeZone: BENCH_TIME_ZONE })]);
    const raw = () => db.sql`
      select sum(issued)::int8 as issued, sum(called)::int8 as called, sum(finished)::int8 as finished, sum(wait_count)::int8 as wait_count,
             sum(wait_seconds)::int8 as wait_seconds, sum(long_waits)::int8 as long_waits, sum(handling_count)::int8 as handling_count,
             sum(handling_seconds)::int8 as handling_seconds, sum(evaluations)::int8 as evaluations, sum(satisfied)::int8 as satisfied,
             sum(rating_sum)::int8 as rating_sum, sum(service_errors)::int8 as service_errors
      from branch_day_kpis
      where service_day = ${DAY}`;
    const [check] = await snapshot('bank');
    const [rawSums] = await raw();
    if (Number(rawSums!.issued) !== check.kpis.issued) throw new Error(`bench: snapshot issued ${check.kpis.issued} ≠ raw ${rawSums!.issued}`);
    const paths: [string, () => Promise<unknown>][] = [
      ['raw: one aggregate over branch_day_kpis', raw],
      ['ours: bank getScopeKpis + getRanking (parallel)', () => snapshot('bank')],
      ['ours: bank getScopeKpis alone', () => getScopeKpis(db.sql, { scope: 'bank', day: DAY, timeZone: BENCH_TIME_ZONE })],
      ['ours: bank getRanking alone', () => getRanking(db.sql, { scope: 'bank', day: DAY, timeZone: BENCH_TIME_ZONE })],
      [`ours: region:${region!.code} (one 分行) both`, () => snapshot(`region:${region!.code}`)],
      [`ours: branch:${branch!.code} (one outlet) both`, () => snapshot(`branch:${branch!.code}`)],
    ];
    const times = new Map<string, number[]>(paths.map(([name]) => [name, []]));
    for (let warm = 0; warm < 3; warm++) for (const [, run] of paths) await run(); // warm caches, JIT and prepared statements
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? paths : [...paths].reverse();
      for (const [name, run] of order) times.get(name)!.push(await timed(run));
    }
    const rawMs = median(times.get(paths[0]![0])!);
    for (const [name] of paths) {
      const ms = times.get(name)!;
      const sorted = [...ms].sort((a, b) => a - b);
      rows.push([size, name, fmt.ms(median(ms), 2), fmt.ms(percentile(sorted, 90), 2), fmt.ms(sorted.at(-1)!, 2), name.startsWith('raw') ? '1.00×' : fmt.ratio(median(ms) / rawMs)]);
    }
    const oursMs = median(times.get(paths[1]![0])!);
    details[`outlets${size}`] = { seedMs: Math.round(seedMs), times: Object.fromEntries(times) };
    checks.push({ name: `bank snapshot at ${fmt.int(size)} outlets`, value: `${fmt.ms(oursMs, 1)} ms (${fmt.ratio(oursMs / rawMs)} raw)`, target: size >= 20_000 ? '≤ 300 ms' : '≤ 50 ms (plan: one unit)', pass: oursMs <= (size >= 20_000 ? 300 : 50) });
  }
  return {
    suite: 'snapshot', title: `B10 snapshot build for the bank wall, one day of rollups per outlet (median of ${reps})`, mode,
    columns: ['outlets', 'path', 'median ms', 'p90 ms', 'max ms', 'time ours ÷ raw'],
    rows, checks, details,
    notes: [`per outlet and day (${days} day${days > 1 ? 's' : ''}): 1 day row, 9 hour rows (09–17), 4 business rows; 分行 ≈ outlets/550 (10–36), 支行 of ~25 outlets; tables ANALYZEd first`],
  };
}
