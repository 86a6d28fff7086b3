/**
 * The back office's calendar use cases: next year's status (the warning banner and the wall's
 * status line), reading one year's days, and replacing a year typed in the form — the same
 * replacement as `touchstone import holidays` (source 'import', official), audited.
 */
import type { Sql } from '../../../db/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit, type Actor } from '../access/index.ts';
import { deleteCalendarDays, insertCalendarDays, listCalendarDays, listCalendarYears, lockCalendarYears, upsertCalendarYear } from './calendar.repo.ts';
import { checkYearDays, nextYearCalendarStatus, type NextYearStatus } from './calendar-warning.rules.ts';
import type { CalendarDay, CalendarYear } from './calendar.types.ts';
import { getCalendarCoverage } from './calendar.service.ts';

export interface CalendarAdminDeps {
  sql: Sql;
  clock: Clock;
  timeZone: string;
}

export async function getNextYearStatus(deps: CalendarAdminDeps): Promise<NextYearStatus> {
  const coverage = await getCalendarCoverage(deps.sql);
  return nextYearCalendarStatus(deps.clock.now(), deps.timeZone, coverage.officialYears);
}

export async function getCalendarYear(sql: Sql, year: number): Promise<{ year: number; source: CalendarYear['source'] | null; official: boolean; days: CalendarDay[] }> {
  const entry = (await listCalendarYears(sql)).find((y) => y.year === year);
  return { year, source: entry?.source ?? null, official: entry?.official ?? false, days: await listCalendarDays(sql, year, year) };
}

/** Replaces `year` with exactly `days` (validated here: 400 naming the first bad field), audited in the same transaction. */
export async function replaceCalendarYear(deps: CalendarAdminDeps, actor: Actor, year: number, input: readonly Record<string, unknown>[]): Promise<{ year: number; days: number }> {
  const { issues, days } = checkYearDays(year, input);
  if (issues.length > 0) throw new AppError('INVALID_INPUT', `${issues[0]!.field}: ${issues[0]!.reason}`, issues);
  const now = deps.clock.now();
  return deps.sql.begin(async (tx) => {
    await lockCalendarYears(tx);
    const before = await deleteCalendarDays(tx, [year]);
    await upsertCalendarYear(tx, { year, source: 'import', official: true });
    await insertCalendarDays(tx, days);
    await recordAudit(tx, actor, { action: 'holidays.replace', targetType: 'calendar_year', targetId: String(year), summary: { days: { before: before.length, after: days.length } } }, now);
    return { year, days: days.length };
  });
}
