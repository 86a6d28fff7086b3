import type { Queryable, TransactionSql } from '../../../db/types.ts';
import type { CalendarDay, CalendarDayKind, CalendarSource, CalendarYear, IsoDate } from './calendar.types.ts';

// 1,000 rows × 4 columns stays far below the 65,535 bind parameters of one statement.
const BATCH_SIZE = 1000;

interface CalendarYearRow {
  year: number;
  source: CalendarSource;
  official: boolean;
  updatedAt: Date;
}

interface CalendarDayRow {
  day: IsoDate;
  kind: CalendarDayKind;
  name: string;
}

export async function listCalendarYears(sql: Queryable): Promise<CalendarYear[]> {
  const rows = await sql<CalendarYearRow[]>`
    select year, source, official, updated_at
    from calendar_years
    order by year`;
  return rows.map((row) => ({ year: row.year, source: row.source, official: row.official, updatedAt: row.updatedAt }));
}

/** Serializes seeding and imports across instances; readers are not blocked. */
export async function lockCalendarYears(tx: TransactionSql): Promise<void> {
  await tx`lock table calendar_years in share row exclusive mode`;
}

export async function upsertCalendarYear(sql: Queryable, year: { year: number; source: CalendarSource; official: boolean }): Promise<void> {
  await sql`
    insert into calendar_years (year, source, official)
    values (${year.year}, ${year.source}, ${year.official})
    on conflict (year) do update
    set source = excluded.source, official = excluded.official, updated_at = now()`;
}

/** Deletes every entry of the given years and returns the dates that were there. */
export async function deleteCalendarDays(sql: Queryable, years: number[]): Promise<IsoDate[]> {
  if (years.length === 0) return [];
  const rows = await sql<{ day: IsoDate }[]>`
    delete from calendar_days
    where year = any(${years}::int[])
    returning day`;
  return rows.map((row) => row.day);
}

/** Inserts entries whose years already exist in calendar_years. */
export async function insertCalendarDays(sql: Queryable, days: readonly CalendarDay[]): Promise<void> {
  for (let start = 0; start < days.length; start += BATCH_SIZE) {
    const rows = days.slice(start, start + BATCH_SIZE).map((d) => ({
      day: d.date,
      kind: d.kind,
      name: d.name,
      year: Number(d.date.slice(0, 4)),
    }));
    await sql`insert into calendar_days ${sql(rows, 'day', 'kind', 'name', 'year')}`;
  }
}

export async function listCalendarDays(sql: Queryable, fromYear: number, toYear: number): Promise<CalendarDay[]> {
  const rows = await sql<CalendarDayRow[]>`
    select day, kind, name
    from calendar_days
    where year between ${fromYear} and ${toYear}
    order by day`;
  return rows.map((row) => ({ date: row.day, kind: row.kind, name: row.name }));
}
