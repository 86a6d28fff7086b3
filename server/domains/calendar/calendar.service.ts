/**
 * Calendar use cases: ensureCalendarSeeded (at start-up), loadWorkingCalendar (deadlines),
 * getCalendarCoverage (the "next year's schedule is missing" warning), importCalendarDays (the
 * holidays importer, inside its transaction). No domain events: the importer notifies.
 */
import { createRequire } from 'node:module';
import type { Clock } from '../../platform/clock.ts';
import type { Queryable, Sql, TransactionSql } from '../../../db/types.ts';
import {
  deleteCalendarDays,
  insertCalendarDays,
  listCalendarDays,
  listCalendarYears,
  lockCalendarYears,
  upsertCalendarYear,
} from './calendar.repo.ts';
import { computeTraditionalFestivals, createWorkingCalendar, planCalendarSeeding, type WorkingCalendar } from './calendar.rules.ts';
import type { CalendarCoverage, CalendarDay, CalendarDayKind, CalendarSource, SeedResult } from './calendar.types.ts';

/** chinese-days' bundled data: 'YYYY-MM-DD' → "English name,中文名,days". inLieuDays are also in holidays. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let packageCalendar: Map<number, CalendarDay[]> | undefined;

/** The package's official days grouped by year; read once, on first need. */
function readPackageCalendar(): Map<number, CalendarDay[]> {
  if (packageCalendar) return packageCalendar;
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const byYear = new Map<number, CalendarDay[]>();
  const add = (entries: Record<string, string>, kind: CalendarDayKind) => {
    for (const [date, label] of Object.entries(entries)) {
      const year = Number(date.slice(0, 4));
      const list = byYear.get(year) ?? [];
      list.push({ date, kind, name: label.split(',')[1] ?? label });
      byYear.set(year, list);
    }
  };
  add(data.holidays, 'holiday');
  add(data.workdays, 'workday');
  packageCalendar = byYear;
  return byYear;
}

function daysFor(year: number, source: CalendarSource): CalendarDay[] {
  if (source === 'computed') return computeTraditionalFestivals(year);
  return readPackageCalendar().get(year) ?? [];
}

/**
 * Makes sure the calendar holds every year chinese-days knows (official) and the current year
 * through two years ahead (computed, tentative, where nothing official exists). Idempotent; when
 * nothing is missing it costs one small query. Imported years are never overwritten.
 */
export async function ensureCalendarSeeded(sql: Sql, clock: Clock): Promise<SeedResult> {
  // UTC year: the horizon reaches two years ahead, so the 8-hour offset at New Year leaves no gap.
  const currentYear = clock.now().getUTCFullYear();
  const packageYears = [...readPackageCalendar().keys()];
  const planFrom = async (db: Queryable) =>
    planCalendarSeeding(new Map((await listCalendarYears(db)).map((y) => [y.year, y.source])), packageYears, currentYear);

  if ((await planFrom(sql)).length === 0) return { seeded: [] };
  return sql.begin(async (tx) => {
    await lockCalendarYears(tx);
    // Planned again under the lock: another instance may have seeded meanwhile.
    const plan = await planFrom(tx);
    await deleteCalendarDays(tx, plan.map((p) => p.year));
    for (const { year, source } of plan) await upsertCalendarYear(tx, { year, source, official: source !== 'computed' });
    await insertCalendarDays(tx, plan.flatMap(({ year, source }) => daysFor(year, source)));
    return { seeded: plan };
  });
}

/** The working calendar for the given years (inclusive); days outside them follow the weekday rule. */
export async function loadWorkingCalendar(sql: Queryable, fromYear: number, toYear: number): Promise<WorkingCalendar> {
  return createWorkingCalendar(await listCalendarDays(sql, fromYear, toYear));
}

export async function getCalendarCoverage(sql: Queryable): Promise<CalendarCoverage> {
  const years = await listCalendarYears(sql);
  return {
    years,
    officialYears: years.filter((y) => y.official).map((y) => y.year),
    tentativeYears: years.filter((y) => !y.official).map((y) => y.year),
  };
}

/**
 * Replaces every year present in `days` with exactly these entries (source 'import', official),
 * whatever the year held before. Call inside the importer's transaction. `updated` counts the
 * dates that already had an entry.
 */
export async function importCalendarDays(
  tx: TransactionSql,
  days: readonly CalendarDay[],
): Promise<{ inserted: number; updated: number; years: number[] }> {
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  await lockCalendarYears(tx);
  const previous = new Set(await deleteCalendarDays(tx, years));
  for (const year of years) await upsertCalendarYear(tx, { year, source: 'import', official: true });
  await insertCalendarDays(tx, days);
  const updated = days.filter((d) => previous.has(d.date)).length;
  return { inserted: days.length - updated, updated, years };
}
