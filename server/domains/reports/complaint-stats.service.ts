/**
 * The regulator's quarterly complaint statistics (issue #16): complaints received, decided, decided
 * on time and overdue, by category, cause, channel and branch, with the rates per 1,000 branches
 * and per 10 million customers. Reads only; the export is audited by the route.
 */
import type { Sql } from '../../../db/types.ts';
import { startOfBankDay, addDays } from '../../platform/bank-time.ts';
import { quarterRange, READ_SNAPSHOT, unitReadContext } from '../kpi/index.ts';
import { CATEGORY_LABELS, CAUSE_OF_CATEGORY, CHANNEL_LABELS, complaintRates, groupFacts, onTimeRate, totalOf, type ComplaintFact } from './reports.rules.ts';
import { selectComplaintFacts, selectUnitBases } from './reports.repo.ts';
import type { ComplaintStatistics } from './reports.types.ts';

const CAUSE_LABELS: Record<string, string> = Object.fromEntries(Object.values(CAUSE_OF_CATEGORY).map((cause) => [cause, cause]));

export async function getComplaintStatistics(sql: Sql, input: { scope: string; quarter: string; timeZone: string; now: Date }): Promise<ComplaintStatistics> {
  const period = quarterRange(input.quarter);
  return sql.begin(READ_SNAPSHOT, async (tx) => {
    const { unit } = await unitReadContext(tx, input.scope);
    const rows = await selectComplaintFacts(tx, unit, {
      from: startOfBankDay(period.from, input.timeZone), to: startOfBankDay(addDays(period.to, 1), input.timeZone), now: input.now,
    });
    const facts: ComplaintFact[] = rows.map((r) => ({
      category: r.category, channel: r.channel, branchCode: r.branchCode, received: r.received, decided: r.decided, decidedOnTime: r.decidedOnTime, overdue: r.overdue,
    }));
    const names = new Map(rows.map((r) => [r.branchCode, { name: r.branchName, regionCode: r.regionCode }]));
    const bases = await selectUnitBases(tx, unit);
    const total = totalOf(facts);
    return {
      scope: unit.kind === 'bank' ? 'bank' : `${unit.kind}:${unit.code}`,
      name: unit.name,
      quarter: input.quarter,
      period,
      generatedAt: input.now.toISOString(),
      totals: { ...total, ...bases, ...complaintRates(total.received, bases.branches, bases.customers), onTimeRate: onTimeRate(total.decided, total.decidedOnTime) },
      byCategory: groupFacts(facts, (f) => f.category, CATEGORY_LABELS),
      byCause: groupFacts(facts, (f) => CAUSE_OF_CATEGORY[f.category] ?? '其他', CAUSE_LABELS),
      byChannel: groupFacts(facts, (f) => f.channel, CHANNEL_LABELS),
      byBranch: groupFacts(facts, (f) => f.branchCode).map((row) => ({ ...row, label: names.get(row.key)?.name ?? row.key, regionCode: names.get(row.key)?.regionCode ?? '' })),
    };
  });
}
