/**
 * The monthly report's inspection, rectification, care and star sections (issue #16 item 3) for
 * one unit and one bank month, read inside the report's snapshot transaction. "At the month's
 * end" is the start of the next bank month, or now for the month in progress: a past month's
 * open rectifications and care tasks are judged as they stood when it ended.
 */
import type { Queryable } from '../../../db/types.ts';
import { bankDay, startOfBankDay } from '../../platform/bank-time.ts';
import { addMonths, monthRange, type KpiUnit } from '../kpi/index.ts';
import {
  selectCareGroups, selectInspectionRows, selectMonthStars, selectNominationGroups, selectOverdueRectifications, selectRectificationCounts,
} from './report-sections.repo.ts';
import {
  byKind, careSection, inspectionFigures, lowestModules, lowestOutlets, OVERDUE_RECTIFICATIONS_LISTED, overdueRectification, rate, starSection,
} from './report-sections.rules.ts';
import type { CareSection, InspectionSection, RectificationSection, StarSection } from './report-sections.types.ts';

export interface ReportSections {
  inspections: InspectionSection;
  rectifications: RectificationSection;
  care: CareSection;
  stars: StarSection;
}

export const EXTRA_SECTIONS = ['inspections', 'rectifications', 'care', 'stars'] as const;

/** The bank-time bounds of a month: [from, to) and the instant "at the month's end" (capped at now). */
export function monthBounds(month: string, timeZone: string, now: Date): { from: Date; to: Date; asOf: Date } {
  const from = startOfBankDay(monthRange(month).from, timeZone);
  const to = startOfBankDay(monthRange(addMonths(month, 1)).from, timeZone);
  return { from, to, asOf: new Date(Math.min(to.getTime(), now.getTime())) };
}

export async function reportSections(tx: Queryable, unit: KpiUnit, input: { month: string; timeZone: string; now: Date }): Promise<ReportSections> {
  const { month, timeZone, now } = input;
  return {
    inspections: await inspectionSection(tx, unit, month, timeZone, now),
    rectifications: await rectificationSection(tx, unit, month, timeZone, now),
    care: await careOf(tx, unit, month, timeZone, now),
    stars: starSection(await selectMonthStars(tx, unit, month), await selectNominationGroups(tx, unit, month)),
  };
}

async function inspectionSection(tx: Queryable, unit: KpiUnit, month: string, timeZone: string, now: Date): Promise<InspectionSection> {
  const rows = await selectInspectionRows(tx, unit, monthBounds(month, timeZone, now));
  const lastMonth = inspectionFigures(await selectInspectionRows(tx, unit, monthBounds(addMonths(month, -1), timeZone, now)));
  const lastYear = inspectionFigures(await selectInspectionRows(tx, unit, monthBounds(addMonths(month, -12), timeZone, now)));
  return {
    ...inspectionFigures(rows),
    byKind: byKind(rows),
    latestScore: rows[0]?.score ?? null,
    lowestOutlets: lowestOutlets(rows),
    lowestModules: lowestModules(rows),
    lastMonth,
    lastYear: lastYear.inspections === 0 ? null : lastYear,
  };
}

async function rectificationSection(tx: Queryable, unit: KpiUnit, month: string, timeZone: string, now: Date): Promise<RectificationSection> {
  const bounds = monthBounds(month, timeZone, now);
  const counts = await selectRectificationCounts(tx, unit, bounds);
  const overdue = await selectOverdueRectifications(tx, unit, bounds.asOf);
  return {
    opened: counts.opened, fixed: counts.fixed, verified: counts.verified, reopened: counts.reopened,
    overdueAtMonthEnd: overdue.length,
    due: counts.due, verifiedByDue: counts.verifiedByDue, onTimeRate: rate(counts.verifiedByDue, counts.due),
    fixedOnTimeRate: rate(counts.fixedOnTime, counts.fixedOrPastDue),
    overdueList: overdue.slice(0, OVERDUE_RECTIFICATIONS_LISTED).map((r) => overdueRectification(r, bounds.asOf, timeZone)),
  };
}

/** Tasks due in the month up to today (a month in progress counts what has fallen due so far). */
async function careOf(tx: Queryable, unit: KpiUnit, month: string, timeZone: string, now: Date): Promise<CareSection> {
  const days = monthRange(month);
  const nextMonth = monthRange(addMonths(month, 1)).from;
  const today = bankDay(now, timeZone);
  const asOfDay = today < nextMonth ? today : nextMonth;
  const to = asOfDay < days.to ? asOfDay : days.to;
  if (to < days.from) return careSection([]);
  return careSection(await selectCareGroups(tx, unit, { from: days.from, to, today: asOfDay, timeZone }));
}
