/**
 * The working-day calendar (法定节假日 and 调休): which days a branch works, and deadlines counted
 * in working days. Dates are 'YYYY-MM-DD' strings in the bank's own calendar.
 *
 * @example
 *   await ensureCalendarSeeded(db.sql, clock);               // at start-up
 *   const calendar = await loadWorkingCalendar(db.sql, 2026, 2027);
 *   calendar.addWorkingDays('2026-09-30', 15);                // '2026-10-27'
 */
export type {
  CalendarCoverage,
  CalendarDay,
  CalendarDayKind,
  CalendarSource,
  CalendarYear,
  IsoDate,
  SeedResult,
} from './calendar.types.ts';
export { CALENDAR_DAY_KINDS, CALENDAR_SOURCES } from './calendar.types.ts';

/**
 * `createWorkingCalendar(days)` builds a calendar from entries (pure; tests use it directly);
 * `computeTraditionalFestivals(year)` gives a year's statutory festival days, tentative;
 * `parseIsoDate(value)` returns days since 1970-01-01 for a real 'YYYY-MM-DD', else undefined.
 */
export { computeTraditionalFestivals, createWorkingCalendar, parseIsoDate, type WorkingCalendar } from './calendar.rules.ts';

/**
 * `ensureCalendarSeeded(sql, clock)`: idempotent; official chinese-days years plus computed ones
 * through the current year + 2; never overwrites an imported year. Needs the pool (opens a transaction).
 * `loadWorkingCalendar(sql, fromYear, toYear)`: the calendar for those years.
 * `getCalendarCoverage(sql)`: which years are official and which tentative.
 * `importCalendarDays(tx, days)`: replaces each year in `days` (source 'import'); inside a transaction.
 */
export { ensureCalendarSeeded, getCalendarCoverage, importCalendarDays, loadWorkingCalendar } from './calendar.service.ts';

/**
 * `nextYearCalendarStatus(now, timeZone, officialYears)` / `isNextYearTentativeWarning(...)`: warn
 * from 1 December (bank time) while next year is tentative. `registerCalendarRoutes(api, deps)`:
 * GET /calendar/status, GET /holidays?year=, PUT /holidays/:year (administrators, audited).
 */
export { isNextYearTentativeWarning, nextYearCalendarStatus, type NextYearStatus } from './calendar-warning.rules.ts';
export { registerCalendarRoutes } from './calendar.routes.ts';
export type { CalendarAdminDeps } from './calendar-admin.service.ts';
