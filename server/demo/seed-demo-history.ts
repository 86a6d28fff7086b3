import type { Db } from '../../db/client.ts';
import { ensureCalendarSeeded, loadWorkingCalendar } from '../domains/calendar/index.ts';
import { addMonths, closeHistoryDays, monthOf, type KpiSums } from '../domains/kpi/index.ts';
import { addDays, bankDay, hoursOfBankDay, startOfBankDay } from '../platform/bank-time.ts';
import type { Clock } from '../platform/clock.ts';
import { outletQuality } from '../simulator/outlet-quality.ts';
import { historyComplaints } from './demo-history-complaints.ts';
import { historyDaySums, historyDays } from './demo-history.ts';
import { apportion } from './random.ts';

/**
 * Writes the demo's past (issue #16) on the first `npm run demo`: day rollups for every outlet from
 * the first of the month `months` back through yesterday, yesterday's hours (the wall's
 * today-vs-yesterday chart), a year of decided complaints, and the history rollup
 * (region_day_kpis). In bulk: multi-row inserts of a few thousand rows. A second run reuses it and
 * only fills the days since the last run; existing rows (live figures) are never overwritten.
 *
 * The demo writes the rollups directly: they are what the ingest would have produced from a year of
 * events, which nobody would replay through the API at start-up.
 */
export const DEFAULT_HISTORY_MONTHS = 13;
export const HISTORY_SEED = 20240601;
const BATCH = 2000;
const DECISION = '已向客户说明情况并妥善处理，客户表示理解。';
/** Bank-local hours of yesterday's hour rows and their share of the day (the day curve's shape). */
const HOUR_WEIGHTS: readonly [number, number][] = [[9, 1.45], [10, 1.3], [11, 0.95], [12, 0.6], [13, 0.85], [14, 1.15], [15, 1], [16, 0.45]];

export interface SeedHistoryResult {
  created: boolean;
  days: number;
  dayRows: number;
  complaints: number;
  ms: number;
}

const DAY_COLUMNS = ['branch_id', 'service_day', 'issued', 'called', 'finished', 'wait_count', 'wait_seconds', 'long_waits', 'handling_count',
  'handling_seconds', 'evaluations', 'satisfied', 'rating_sum', 'service_errors', 'updated_at'] as const;
const HOUR_COLUMNS = ['branch_id', 'hour', ...DAY_COLUMNS.slice(1)] as const;

const rowOf = (branchId: string, sums: KpiSums, at: Date) => ({
  branch_id: branchId, issued: sums.issued, called: sums.called, finished: sums.finished, wait_count: sums.waitCount, wait_seconds: sums.waitSeconds,
  long_waits: sums.longWaits, handling_count: sums.handlingCount, handling_seconds: sums.handlingSeconds, evaluations: sums.evaluations,
  satisfied: sums.satisfied, rating_sum: sums.ratingSum, service_errors: sums.serviceErrors, updated_at: at,
});

export async function seedDemoHistory(deps: { db: Db; clock: Clock; timeZone: string }, options: { months?: number; seed?: number } = {}): Promise<SeedHistoryResult> {
  const started = Date.now();
  const months = options.months ?? DEFAULT_HISTORY_MONTHS;
  const seed = options.seed ?? HISTORY_SEED;
  const { sql } = deps.db;
  const now = deps.clock.now();
  const today = bankDay(now, deps.timeZone);
  const yesterday = addDays(today, -1);
  const first = `${addMonths(monthOf(today), -months)}-01`;
  if (months <= 0) return { created: false, days: 0, dayRows: 0, complaints: 0, ms: 0 };
  const [state] = await sql<{ oldest: string | null; newest: string | null }[]>`
    select min(service_day)::text as oldest, max(service_day) filter (where service_day < ${today}::date)::text as newest from branch_day_kpis`;
  const reuse = state?.oldest !== null && state!.oldest! <= first;
  const from = reuse ? (state!.newest ? addDays(state!.newest, 1) : first) : first;
  const branches = await sql<{ id: string; code: string; regionCode: string }[]>`
    select b.id, b.code, r.code as region_code from branches b join regions r on r.id = b.region_id where b.active order by b.code`;
  if (from > yesterday || branches.length === 0) {
    if (reuse) await closeHistoryDays(sql, { from: addDays(yesterday, -2), to: yesterday });
    return { created: false, days: 0, dayRows: 0, complaints: 0, ms: Date.now() - started };
  }
  await ensureCalendarSeeded(sql, deps.clock);
  const calendar = await loadWorkingCalendar(sql, Number(from.slice(0, 4)), Number(today.slice(0, 4)) + 1);
  const dayList: string[] = [];
  for (let d = from; d <= yesterday; d = addDays(d, 1)) dayList.push(d);
  // 14 days ahead as well, so the rush before a 春节 just after yesterday is known.
  const lookahead = Array.from({ length: 14 }, (_, i) => addDays(yesterday, i + 1));
  const days = historyDays([...dayList, ...lookahead], {
    kindOf: (d) => calendar.findDay(d)?.kind,
    festivalOf: (d) => calendar.findDay(d)?.name,
  }).slice(0, dayList.length);

  let dayRows = 0;
  let batch: ReturnType<typeof rowOf>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await sql`insert into branch_day_kpis ${sql(batch as never, ...DAY_COLUMNS)} on conflict do nothing`;
    dayRows += batch.length;
    batch = [];
  };
  const hourRows: Record<string, unknown>[] = [];
  const yesterdayHours = hoursOfBankDay(yesterday, deps.timeZone);
  for (const day of days) {
    const monthsAgo = monthsBetween(day.day, today);
    for (const branch of branches) {
      const quality = outletQuality(branch.code);
      const sums = historyDaySums(seed, { code: branch.code, regionCode: branch.regionCode }, day, monthsAgo, quality);
      if (!sums) continue;
      batch.push({ ...rowOf(String(branch.id), sums, now), service_day: day.day } as ReturnType<typeof rowOf>);
      if (batch.length >= BATCH) await flush();
      if (day.day === yesterday) hourRows.push(...hourSplit(String(branch.id), sums, yesterdayHours, yesterday, now));
    }
  }
  await flush();
  for (let i = 0; i < hourRows.length; i += BATCH) {
    await sql`insert into branch_hour_kpis ${sql(hourRows.slice(i, i + BATCH) as never, ...HOUR_COLUMNS)} on conflict do nothing`;
  }
  const complaints = await seedHistoryComplaints(deps, branches, { from, until: startOfBankDay(addDays(today, -20), deps.timeZone).getTime(), seed });
  await closeHistoryDays(sql, { from, to: yesterday });
  return { created: !reuse, days: dayList.length, dayRows, complaints, ms: Date.now() - started };
}

const monthsBetween = (day: string, today: string): number =>
  (Number(today.slice(0, 4)) - Number(day.slice(0, 4))) * 12 + Number(today.slice(5, 7)) - Number(day.slice(5, 7));

/** Yesterday's day sums split over the opening hours along the day curve (every field apportioned exactly). */
function hourSplit(branchId: string, sums: KpiSums, hours: readonly Date[], day: string, at: Date): Record<string, unknown>[] {
  const weights = HOUR_WEIGHTS.map(([, w]) => w);
  const parts = Object.fromEntries((Object.keys(sums) as (keyof KpiSums)[]).map((key) => [key, apportion(sums[key], weights)])) as Record<keyof KpiSums, number[]>;
  return HOUR_WEIGHTS.map(([hour], i) => {
    const split = Object.fromEntries(Object.entries(parts).map(([key, values]) => [key, values[i]!])) as unknown as KpiSums;
    return { ...rowOf(branchId, split, at), hour: hours[hour], service_day: day };
  }).filter((row) => row.hour !== undefined);
}

/** A year of decided complaints (two history events each), received from `from` until `until`. */
async function seedHistoryComplaints(deps: { db: Db; timeZone: string }, branches: readonly { id: string; code: string }[], range: { from: string; until: number; seed: number }): Promise<number> {
  const { sql } = deps.db;
  const rows: Record<string, unknown>[] = [];
  for (let month = monthOf(range.from); `${month}-01` <= new Date(range.until).toISOString().slice(0, 10); month = addMonths(month, 1)) {
    const start = startOfBankDay(`${month}-01`, deps.timeZone).getTime();
    for (const branch of branches) {
      for (const c of historyComplaints(range.seed, branch.code, outletQuality(branch.code), month, start, range.until)) {
        rows.push({
          source: 'demo-history', external_id: c.externalId, reference: `TS-H${month.replace('-', '')}-${String(rows.length + 1).padStart(5, '0')}`,
          branch_id: branch.id, channel: c.channel, category: c.category, complainant_name: c.complainantName, summary: c.summary,
          received_at: new Date(c.receivedAt), status: 'closed', decision: DECISION, decided_at: new Date(c.decidedAt),
          clock_stage: c.decisionDueAt - c.receivedAt > 20 * 86_400_000 ? 30 : 15, decision_due_at: new Date(c.decisionDueAt), decided_on_time: c.decidedOnTime,
          created_at: new Date(c.receivedAt), updated_at: new Date(c.decidedAt),
        });
      }
    }
  }
  const columns = ['source', 'external_id', 'reference', 'branch_id', 'channel', 'category', 'complainant_name', 'summary', 'received_at', 'status',
    'decision', 'decided_at', 'clock_stage', 'decision_due_at', 'decided_on_time', 'created_at', 'updated_at'];
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const inserted = await sql<{ id: string; receivedAt: Date; decidedAt: Date }[]>`
      insert into complaints ${sql(rows.slice(i, i + BATCH) as never, ...columns)}
      on conflict (source, external_id) do nothing
      returning id, received_at, decided_at`;
    const events = inserted.flatMap((c) => [
      { complaint_id: c.id, kind: 'received', at: c.receivedAt, recorded_at: c.receivedAt, actor: 'demo', channel: 'web', data: {} },
      { complaint_id: c.id, kind: 'decided', at: c.decidedAt, recorded_at: c.decidedAt, actor: 'demo', channel: 'web', data: { decision: DECISION, informedAt: new Date(c.decidedAt).toISOString(), informedVia: 'phone' } },
    ]);
    if (events.length) await sql`insert into complaint_events ${sql(events as never, 'complaint_id', 'kind', 'at', 'recorded_at', 'actor', 'channel', 'data')}`;
    written += inserted.length;
  }
  return written;
}
