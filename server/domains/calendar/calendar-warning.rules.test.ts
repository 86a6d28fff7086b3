import { describe, expect, it } from 'vitest';
import { checkYearDays, isNextYearTentativeWarning, nextYearCalendarStatus } from './calendar-warning.rules.ts';

const TZ = 'Asia/Shanghai';

describe('isNextYearTentativeWarning', () => {
  it('starts at 00:00 on 1 December bank time, not a minute before', () => {
    // 2026-11-30 23:59 and 2026-12-01 00:00 in Shanghai (UTC+8).
    expect(isNextYearTentativeWarning(new Date('2026-11-30T15:59:00Z'), TZ, [2026])).toBe(false);
    expect(isNextYearTentativeWarning(new Date('2026-11-30T16:00:00Z'), TZ, [2026])).toBe(true);
  });

  it('stops once next year is official', () => {
    expect(isNextYearTentativeWarning(new Date('2026-12-15T02:00:00Z'), TZ, [2026, 2027])).toBe(false);
  });

  it('counts the year in bank time: 31 Dec 16:00 UTC is already New Year in Shanghai', () => {
    expect(nextYearCalendarStatus(new Date('2026-12-31T15:59:00Z'), TZ, [2026])).toEqual({ nextYear: 2027, tentative: true, warn: true });
    // 1 January 2027: next year is 2028, and January is far from the warning month.
    expect(nextYearCalendarStatus(new Date('2026-12-31T16:00:00Z'), TZ, [2026])).toEqual({ nextYear: 2028, tentative: true, warn: false });
  });
});

describe('checkYearDays', () => {
  it('accepts holidays and workdays of the year, sorted', () => {
    const { issues, days } = checkYearDays(2027, [
      { date: '2027-02-20', kind: 'workday', name: '春节' },
      { date: '2027-01-01', kind: 'holiday', name: ' 元旦 ' },
    ]);
    expect(issues).toEqual([]);
    expect(days).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2027-02-20', kind: 'workday', name: '春节' }]);
  });

  it('names the field of a bad date, a date outside the year, a repeated date, a bad kind, a missing name', () => {
    const { issues } = checkYearDays(2027, [
      { date: '2027-02-29', kind: 'holiday', name: 'x' },
      { date: '2028-01-01', kind: 'holiday', name: 'x' },
      { date: '2027-05-01', kind: 'off', name: '劳动节' },
      { date: '2027-05-01', kind: 'holiday', name: '' },
    ]);
    expect(issues.map((i) => i.field)).toEqual(['days[0].date', 'days[1].date', 'days[2].kind', 'days[3].date', 'days[3].name']);
  });
});
