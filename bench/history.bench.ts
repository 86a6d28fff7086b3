import type { Db } from '../db/client.ts';
import { closeHistoryDays, getKpiHistory } from '../server/domains/kpi/index.ts';
import { addDays } from '../server/platform/bank-time.ts';
import { envNumber, fmt, median, percentile, timed, type Check, type SuiteResult } from './bench-kit.ts';
import { seedBank } from './fixture.ts';

/**
 * History (issue #16): a 13-month daily series of the bank — what the KPI page and the monthly
 * report read — from the subtree rollup (region_day_kpis for folded days, branch_day_kpis after),
 * against the raw SQL of the same read: summing every branch-day row per day. Days are folded up
 * to yesterday, as the nightly job leaves them; today is read from the branch rollup.
 *
 *   BENCH_HISTORY_OUTLETS=20000  BENCH_HISTORY_DAYS=396
 */
const TODAY = '2026-11-27';

export async function benchHistory(db: Db, mode: string, rounds: number): Promise<SuiteResult> {
  const outlets = Math.max(10, envNumber('BENCH_HISTORY_OUTLETS', 20_000));
  const days = Math.max(2, envNumber('BENCH_HISTORY_DAYS', 396));
  const from = addDays(TODAY, -(days - 1));
  const reps = Math.max(5, rounds * 2 + 1);
  const seedMs = await timed(async () => {
    await seedBank(db.sql, outlets);
    // Figures varied per outlet and day with cheap arithmetic: the sums matter, not their realism.
    await db.sql`
      insert into branch_day_kpis (branch_id, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
        handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
      select b.id, d::date, 300 + (b.id % 97), 295 + (b.id % 97), 290 + (b.id % 97), 295, 295 * (420 + (b.id * 7 + g) % 300), 20 + g % 11,
             290, 290 * 480, 230 + (b.id % 40), 225 + (b.id % 40) - g % 5, 1100, (b.id + g) % 3, now()
      from branches b
      cross join generate_series(0, ${days - 1}::int) g
      cross join lateral (select ${from}::date + g as d) day`;
  });
  const foldMs = await timed(() => closeHistoryDays(db.sql, { from, to: addDays(TODAY, -1) }));
  await db.sql`analyze`;
  const ours = () => getKpiHistory(db.sql, { scope: 'bank', kpi: 'serviceIndex', from, to: TODAY, grain: 'day' });
  const raw = () => db.sql`
    select service_day, sum(issued)::int8 as issued, sum(called)::int8 as called, sum(finished)::int8 as finished, sum(wait_count)::int8 as wait_count,
           sum(wait_seconds)::int8 as wait_seconds, sum(long_waits)::int8 as long_waits, sum(handling_count)::int8 as handling_count,
           sum(handling_seconds)::int8 as handling_seconds, sum(evaluations)::int8 as evaluations, sum(satisfied)::int8 as satisfied,
           sum(rating_sum)::int8 as rating_sum, sum(service_errors)::int8 as service_errors
    from branch_day_kpis
    where service_day between ${from}::date and ${TODAY}::date
    group by service_day
    order by service_day`;
  const check = await ours();
  const rawRows = await raw();
  if (check.items.length !== rawRows.length) throw new Error(`bench: history has ${check.items.length} days, raw ${rawRows.length}`);
  const paths: [string, () => Promise<unknown>][] = [
    ['raw: sum branch_day_kpis per day', raw],
    ['ours: getKpiHistory bank, day grain', ours],
    ['ours: getKpiHistory bank, month grain', () => getKpiHistory(db.sql, { scope: 'bank', kpi: 'serviceIndex', from, to: TODAY, grain: 'month' })],
  ];
  const times = new Map<string, number[]>(paths.map(([name]) => [name, []]));
  for (let warm = 0; warm < 2; warm++) for (const [, run] of paths) await run();
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? paths : [...paths].reverse();
    for (const [name, run] of order) times.get(name)!.push(await timed(run));
  }
  const rawMs = median(times.get(paths[0]![0])!);
  const rows: SuiteResult['rows'] = paths.map(([name]) => {
    const ms = times.get(name)!;
    const sorted = [...ms].sort((a, b) => a - b);
    return [outlets, name, fmt.ms(median(ms), 2), fmt.ms(percentile(sorted, 90), 2), fmt.ms(sorted.at(-1)!, 2), name.startsWith('raw') ? '1.00×' : fmt.ratio(median(ms) / rawMs)];
  });
  const oursMs = median(times.get(paths[1]![0])!);
  const checks: Check[] = [{ name: `bank 13-month daily history at ${fmt.int(outlets)} outlets`, value: `${fmt.ms(oursMs, 1)} ms (${fmt.ratio(oursMs / rawMs)} raw)`, target: '≤ 300 ms', pass: oursMs <= 300 }];
  return {
    suite: 'history', title: `History: the bank's ${days}-day daily series (median of ${reps})`, mode,
    columns: ['outlets', 'path', 'median ms', 'p90 ms', 'max ms', 'time ours ÷ raw'],
    rows, checks, details: { seedMs: Math.round(seedMs), foldMs: Math.round(foldMs), times: Object.fromEntries(times) },
    notes: [`${fmt.int(outlets * days)} branch-day rows; days up to yesterday folded into region_day_kpis (${Math.round(foldMs / 1000)} s), today read from branch_day_kpis`],
  };
}
