import { describe, expect, it } from 'vitest';
import { computeTraditionalFestivals, createWorkingCalendar, parseIsoDate, planCalendarSeeding } from './calendar.rules.ts';
import type { CalendarDay } from './calendar.types.ts';

const range = (from: number, to: number, month: string, kind: CalendarDay['kind'], name: string): CalendarDay[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ date: `2026-${month}-${String(from + i).padStart(2, '0')}`, kind, name }));

// The State Council's 2026 schedule for 春节 and 国庆节 (国办发明电〔2025〕7号).
const OFFICIAL_2026: CalendarDay[] = [
  { date: '2026-02-14', kind: 'workday', name: '春节' },
  ...range(15, 23, '02', 'holiday', '春节'),
  { date: '2026-02-28', kind: 'workday', name: '春节' },
  { date: '2026-09-20', kind: 'workday', name: '国庆节' },
  ...range(1, 7, '10', 'holiday', '国庆节'),
  { date: '2026-10-10', kind: 'workday', name: '国庆节' },
];
const calendar = createWorkingCalendar(OFFICIAL_2026);

describe('isWorkingDay', () => {
  it('treats a make-up Saturday (调休) as a working day', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
  });
  it('treats a weekday holiday as a rest day', () => {
    expect(calendar.isWorkingDay('2026-02-17')).toBe(false);
  });
  it('treats an ordinary weekday as working and an ordinary weekend as rest', () => {
    expect(calendar.isWorkingDay('2026-03-02')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false);
  });
  it('rejects a date that does not exist', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('findDay', () => {
  it('returns the festival an entry belongs to', () => {
    expect(calendar.findDay('2026-02-17')).toEqual({ date: '2026-02-17', kind: 'holiday', name: '春节' });
    expect(calendar.findDay('2026-03-02')).toBeUndefined();
  });
});

describe('nextWorkingDay', () => {
  it('skips the whole 春节 break to the first day back', () => {
    expect(calendar.nextWorkingDay('2026-02-14')).toBe('2026-02-24');
  });
  it('lands on a make-up Saturday', () => {
    expect(calendar.nextWorkingDay('2026-02-27')).toBe('2026-02-28');
  });
  it('moves from Friday to Monday in an ordinary week', () => {
    expect(calendar.nextWorkingDay('2026-03-06')).toBe('2026-03-09');
  });
});

describe('addWorkingDays', () => {
  it('returns the date itself for zero days', () => {
    expect(calendar.addWorkingDays('2026-02-17', 0)).toBe('2026-02-17');
  });
  it('counts only working days after the start date', () => {
    // 02-13 (Fri) + 1 = 02-14 (make-up Sat) ; + 2 = 02-24 (first day after the break)
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
  });
  it('counts backwards for a negative number', () => {
    expect(calendar.addWorkingDays('2026-02-24', -1)).toBe('2026-02-14');
  });
  it('gives a 15-working-day complaint deadline across 国庆节', () => {
    // 09-30 (Wed) → 10-08, 09 and the make-up 10-10 are days 1-3; then 10-12 … 10-23 are days 4-13; 10-26, 27 are 14, 15.
    expect(calendar.addWorkingDays('2026-09-30', 15)).toBe('2026-10-27');
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after `from` up to and including `to`', () => {
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2);
  });
  it('is zero for the same day and negative backwards', () => {
    expect(calendar.workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(calendar.workingDaysBetween('2026-02-24', '2026-02-13')).toBe(-2);
  });
  it('is the inverse of addWorkingDays for a working-day target', () => {
    const n = calendar.workingDaysBetween('2026-09-30', '2026-10-27');
    expect(calendar.addWorkingDays('2026-09-30', n)).toBe('2026-10-27');
  });
});

describe('computeTraditionalFestivals', () => {
  const festivals2027 = computeTraditionalFestivals(2027);
  const nameOf = (date: string) => festivals2027.find((d) => d.date === date)?.name;

  it('places lunar festivals and 清明 by the 2027 lunar calendar', () => {
    expect(nameOf('2027-02-06')).toBe('春节');
    expect(nameOf('2027-06-09')).toBe('端午');
    expect(nameOf('2027-09-15')).toBe('中秋');
    expect(nameOf('2027-04-05')).toBe('清明');
  });
  it('includes 除夕 and the first three lunar days as 春节 (rule in force from 2025)', () => {
    const spring = festivals2027.filter((d) => d.name === '春节').map((d) => d.date);
    expect(spring).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
  });
  it('lists thirteen statutory days, all holidays, in date order', () => {
    expect(festivals2027).toHaveLength(13);
    expect(festivals2027.every((d) => d.kind === 'holiday')).toBe(true);
    expect([...festivals2027].map((d) => d.date).sort()).toEqual(festivals2027.map((d) => d.date));
  });
  it('matches the official 2026 春节 (02-17) for a year with published data', () => {
    expect(computeTraditionalFestivals(2026).find((d) => d.date === '2026-02-17')?.name).toBe('春节');
  });
  it('names both festivals when 中秋 falls within 国庆节', () => {
    const festivals2028 = computeTraditionalFestivals(2028);
    expect(festivals2028.find((d) => d.date === '2028-10-03')?.name).toBe('中秋、国庆节');
    expect(festivals2028).toHaveLength(12);
  });
});

describe('parseIsoDate', () => {
  it('accepts a real date and rejects an impossible one', () => {
    expect(parseIsoDate('2028-02-29')).toBeTypeOf('number');
    expect(parseIsoDate('2027-02-29')).toBeUndefined();
    expect(parseIsoDate('2027-2-1')).toBeUndefined();
  });
});

describe('planCalendarSeeding', () => {
  const packageYears = [2024, 2025, 2026];

  it('fills missing package years and computes the years up to two ahead', () => {
    expect(planCalendarSeeding(new Map(), packageYears, 2026)).toEqual([
      { year: 2024, source: 'chinese-days' },
      { year: 2025, source: 'chinese-days' },
      { year: 2026, source: 'chinese-days' },
      { year: 2027, source: 'computed' },
      { year: 2028, source: 'computed' },
    ]);
  });
  it('plans nothing when every year is present', () => {
    const existing = new Map([[2024, 'chinese-days'], [2025, 'chinese-days'], [2026, 'chinese-days'], [2027, 'computed'], [2028, 'computed']] as const);
    expect(planCalendarSeeding(existing, packageYears, 2026)).toEqual([]);
  });
  it('replaces a computed year once the package has official data for it', () => {
    expect(planCalendarSeeding(new Map([[2026, 'computed']] as const), [2026], 2026)).toContainEqual({ year: 2026, source: 'chinese-days' });
  });
  it('never replaces an imported year', () => {
    const plan = planCalendarSeeding(new Map([[2026, 'import'], [2027, 'import']] as const), [2026], 2026);
    expect(plan).toEqual([{ year: 2028, source: 'computed' }]);
  });
});
