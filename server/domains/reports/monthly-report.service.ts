/**
 * The monthly service report 月度服务质量报告 (issue #16) for the bank, a region or an outlet: the
 * headline KPIs vs target, last year and last month; the outlet ranking (best, worst, most
 * improved, with movement since last month); complaints. Every KPI figure comes from the same
 * month sums the KPI history API reads (unitReadContext + monthSums), so they agree exactly.
 */
import type { Sql } from '../../../db/types.ts';
import { bankDay, startOfBankDay } from '../../platform/bank-time.ts';
import {
  addMonths, compareValues, KPI_DIRECTION, KPI_NAMES, meetsTarget, monthRange, monthSums, READ_SNAPSHOT, selectBranchRangeSums, unitReadContext,
  type UnitReadContext,
} from '../kpi/index.ts';
import { CATEGORY_LABELS, CHANNEL_LABELS, countRows, onTimeRate, rankWithMovement } from './reports.rules.ts';
import { selectComplaintFacts } from './reports.repo.ts';
import { EXTRA_SECTIONS, reportSections } from './report-sections.service.ts';
import type { MonthlyReport } from './reports.types.ts';

export const MONTHLY_SECTIONS = ['headline', 'ranking', 'complaints', ...EXTRA_SECTIONS] as const;

/** Overdue cases listed in the report (the count covers them all). */
const OVERDUE_CASES_LISTED = 20;

export async function getMonthlyReport(sql: Sql, input: { scope: string; month: string; timeZone: string; now: Date }): Promise<MonthlyReport> {
  const { month } = input;
  const periods = { month: monthRange(month), lastYear: monthRange(addMonths(month, -12)), lastMonth: monthRange(addMonths(month, -1)) };
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    const context = await unitReadContext(tx, input.scope, { timeZone: input.timeZone, today: bankDay(input.now, input.timeZone) });
    const [current, lastYear, lastMonth] = [await monthSums(context, month), await monthSums(context, addMonths(month, -12)), await monthSums(context, addMonths(month, -1))];
    // The index includes each month's inspections, fixes and care as they stood at its end (ADR 0022).
    const kpis = context.kpisOf(current, (await context.qualityOf(periods.month))?.unit);
    const kpisLastYear = context.kpisOf(lastYear, (await context.qualityOf(periods.lastYear))?.unit);
    const kpisLastMonth = context.kpisOf(lastMonth, (await context.qualityOf(periods.lastMonth))?.unit);
    const headline: MonthlyReport['headline'] = {
      volume: { issued: current.issued, finished: current.finished, evaluations: current.evaluations, serviceErrors: current.serviceErrors },
      volumeLastYear: { issued: lastYear.issued, finished: lastYear.finished },
      items: KPI_NAMES.map((kpi) => {
        const direction = KPI_DIRECTION[kpi];
        const target = context.targets[kpi];
        return {
          kpi, direction, value: kpis[kpi], target: target ?? null, meetsTarget: meetsTarget(kpis[kpi], target, direction),
          lastYear: compareValues(kpis[kpi], kpisLastYear[kpi], direction),
          lastMonth: compareValues(kpis[kpi], kpisLastMonth[kpi], direction),
        };
      }),
    };
    const ranking = await outletRanking(tx, context, periods.month, periods.lastMonth);
    const bounds = { from: startOfBankDay(periods.month.from, input.timeZone), to: startOfBankDay(monthRange(addMonths(month, 1)).from, input.timeZone), now: input.now };
    const facts = await selectComplaintFacts(tx, context.unit, bounds);
    const decided = facts.filter((f) => f.decided).length;
    const decidedOnTime = facts.filter((f) => f.decidedOnTime).length;
    const overdue = facts.filter((f) => f.overdue);
    const received = facts.filter((f) => f.received);
    const sections = await reportSections(tx, context.unit, { month, timeZone: input.timeZone, now: input.now });
    return {
      scope: input.scope === 'bank' ? 'bank' : `${context.unit.kind}:${context.unit.code}`,
      name: context.unit.name,
      month,
      generatedAt: input.now.toISOString(),
      periods,
      sections: [...MONTHLY_SECTIONS],
      headline,
      ranking,
      complaints: {
        received: received.length,
        decided,
        decidedOnTime,
        onTimeRate: onTimeRate(decided, decidedOnTime),
        overdue: overdue.length,
        byCategory: countRows(tallies(received.map((f) => f.category)), CATEGORY_LABELS),
        byChannel: countRows(tallies(received.map((f) => f.channel)), CHANNEL_LABELS),
        overdueCases: overdue.slice(0, OVERDUE_CASES_LISTED).map((f) => ({
          reference: f.reference, branchCode: f.branchCode, branchName: f.branchName, category: f.category,
          receivedAt: new Date(f.receivedAt).toISOString(), decisionDueAt: new Date(f.decisionDueAt).toISOString(),
          decidedAt: f.decidedAt ? new Date(f.decidedAt).toISOString() : null,
        })),
      },
      ...sections,
    };
  });
}

function tallies(keys: readonly string[]): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count }));
}

/** The outlets of the unit ranked on the month's service index, with last month's rank. */
async function outletRanking(tx: Parameters<typeof unitReadContext>[0], context: UnitReadContext, month: { from: string; to: string }, lastMonth: { from: string; to: string }) {
  const read = async (range: { from: string; to: string }) => {
    const quality = await context.qualityOf(range);
    return (await selectBranchRangeSums(tx, context.unit, range)).map((u) => ({
      code: u.code, name: u.name, regionCode: u.regionCode, serviceIndex: context.kpisOf(u.sums, quality?.branches.get(u.code)).serviceIndex, finished: u.sums.finished,
    }));
  };
  const { ranked, best, worst, mostImproved } = rankWithMovement(await read(month), await read(lastMonth));
  return { outlets: ranked.length, best, worst, mostImproved };
}
