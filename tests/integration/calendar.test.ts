import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureCalendarSeeded, getCalendarCoverage, loadWorkingCalendar } from '../../server/domains/calendar/index.ts';
import { importCsv } from '../../server/domains/imports/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const PACKAGE_YEARS = Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i);
let db: TestDb;
const clock = fixedClock('2026-06-01T02:00:00Z');

const yearsBySource = async () =>
  Object.fromEntries((await getCalendarCoverage(db.sql)).years.map((y) => [y.year, y.source]));

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.truncate();
});

describe('ensureCalendarSeeded', () => {
  it('loads the official years of chinese-days and computes two years ahead', async () => {
    const { seeded } = await ensureCalendarSeeded(db.sql, clock);
    expect(seeded).toEqual([
      ...PACKAGE_YEARS.map((year) => ({ year, source: 'chinese-days' })),
      { year: 2027, source: 'computed' },
      { year: 2028, source: 'computed' },
    ]);
    const calendar = await loadWorkingCalendar(db.sql, 2026, 2027);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // 调休 Saturday
    expect(calendar.isWorkingDay('2026-02-17')).toBe(false); // 春节
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.findDay('2027-02-06')).toEqual({ date: '2027-02-06', kind: 'holiday', name: '春节' });
    expect(calendar.isWorkingDay('2027-09-15')).toBe(false); // computed 中秋
  });

  it('is idempotent: a second run writes nothing', async () => {
    await ensureCalendarSeeded(db.sql, clock);
    const before = await db.sql<{ n: number; latest: Date }[]>`select count(*)::int as n, max(updated_at) as latest from calendar_years`;
    const days = await db.sql<{ n: number }[]>`select count(*)::int as n from calendar_days`;
    expect(await ensureCalendarSeeded(db.sql, clock)).toEqual({ seeded: [] });
    expect(await db.sql`select count(*)::int as n, max(updated_at) as latest from calendar_years`).toEqual(before);
    expect(await db.sql`select count(*)::int as n from calendar_days`).toEqual(days);
  });

  it('extends the computed horizon as the years pass', async () => {
    await ensureCalendarSeeded(db.sql, clock);
    const { seeded } = await ensureCalendarSeeded(db.sql, fixedClock('2027-01-05T00:00:00Z'));
    expect(seeded).toEqual([{ year: 2029, source: 'computed' }]);
  });

  it('replaces a computed year with official package data', async () => {
    await db.sql`insert into calendar_years (year, source, official) values (2026, 'computed', false)`;
    await db.sql`insert into calendar_days (day, kind, name, year) values ('2026-12-25', 'holiday', '测试', 2026)`;
    await ensureCalendarSeeded(db.sql, clock);
    expect((await yearsBySource())[2026]).toBe('chinese-days');
    expect(await db.sql`select day from calendar_days where day = '2026-12-25'`).toHaveLength(0);
  });
});

describe('getCalendarCoverage', () => {
  it('tells official years from tentative ones', async () => {
    expect(await getCalendarCoverage(db.sql)).toEqual({ years: [], officialYears: [], tentativeYears: [] });
    await ensureCalendarSeeded(db.sql, clock);
    const coverage = await getCalendarCoverage(db.sql);
    expect(coverage.officialYears).toEqual(PACKAGE_YEARS);
    expect(coverage.tentativeYears).toEqual([2027, 2028]);
  });
});

describe('holidays import and seeding', () => {
  it('an imported year overrides the computed one and survives later seeding', async () => {
    await ensureCalendarSeeded(db.sql, clock);
    const content = 'date,kind,name\n2027-02-05,休,春节\n2027-02-06,休,春节\n2027-02-20,班,春节\n';
    const result = await importCsv({ db, clock }, { entity: 'holidays', fileName: '2027.csv', content, actor: 'admin' });
    expect(result.status).toBe('succeeded');
    await ensureCalendarSeeded(db.sql, fixedClock('2027-01-05T00:00:00Z'));
    expect((await yearsBySource())[2027]).toBe('import');
    const coverage = await getCalendarCoverage(db.sql);
    expect(coverage.tentativeYears).toEqual([2028, 2029]);
    const calendar = await loadWorkingCalendar(db.sql, 2027, 2027);
    expect(calendar.isWorkingDay('2027-02-20')).toBe(true); // imported make-up Saturday
    expect(calendar.isWorkingDay('2027-09-15')).toBe(true); // computed 中秋 is gone with the computed year
  });
});
