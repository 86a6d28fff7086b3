import { describe, expect, it } from 'vitest';
import { addDays, bankDay, hoursOfBankDay, isValidDay, previousDay, sameDayLastYear, startOfBankDay } from './bank-time.ts';

const SHANGHAI = 'Asia/Shanghai';

describe('bankDay', () => {
  it('changes day at midnight in the bank’s time zone, not at UTC midnight', () => {
    // Shanghai is UTC+8: local midnight of 03-10 is 16:00Z on 03-09.
    expect(bankDay(new Date('2026-03-09T15:59:59.999Z'), SHANGHAI)).toBe('2026-03-09');
    expect(bankDay(new Date('2026-03-09T16:00:00.000Z'), SHANGHAI)).toBe('2026-03-10');
    expect(bankDay(new Date('2026-03-09T16:00:00.001Z'), SHANGHAI)).toBe('2026-03-10');
  });
  it('follows the zone it is given', () => {
    expect(bankDay(new Date('2026-03-09T16:00:00Z'), 'UTC')).toBe('2026-03-09');
  });
});

describe('isValidDay', () => {
  it('accepts a real YYYY-MM-DD day', () => {
    expect(isValidDay('2026-03-10')).toBe(true);
    expect(isValidDay('2024-02-29')).toBe(true);
  });
  it('rejects days that do not exist and other spellings', () => {
    for (const text of ['2026-02-29', '2026-13-01', '2026-04-31', '2026-3-1', '20260310', 'today', '2026-03-10T00:00:00Z', '']) {
      expect(isValidDay(text), text).toBe(false);
    }
  });
});

describe('previousDay and addDays', () => {
  it('crosses month, leap-day and year boundaries', () => {
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
    expect(previousDay('2026-01-01')).toBe('2025-12-31');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-10', 0)).toBe('2026-03-10');
  });
  it('refuses something that is not a day', () => {
    expect(() => previousDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('sameDayLastYear', () => {
  it('compares 29 February with 28 February, and the days around it with themselves', () => {
    expect(sameDayLastYear('2024-02-28')).toBe('2023-02-28');
    expect(sameDayLastYear('2024-02-29')).toBe('2023-02-28');
    expect(sameDayLastYear('2024-03-01')).toBe('2023-03-01');
  });
  it('keeps 28 February when the year before is a leap year', () => {
    expect(sameDayLastYear('2025-02-28')).toBe('2024-02-28');
    expect(sameDayLastYear('2025-03-01')).toBe('2024-03-01');
  });
});

describe('startOfBankDay and hoursOfBankDay', () => {
  it('gives the 24 local hours of a Shanghai day, from 16:00Z the day before', () => {
    const hours = hoursOfBankDay('2026-03-10', SHANGHAI).map((h) => h.toISOString());
    expect(hours).toHaveLength(24);
    expect(hours[0]).toBe('2026-03-09T16:00:00.000Z');
    expect(hours[9]).toBe('2026-03-10T01:00:00.000Z');
    expect(hours[23]).toBe('2026-03-10T15:00:00.000Z');
  });
  it('starts hours on the half hour in a zone offset by half an hour', () => {
    expect(startOfBankDay('2026-03-10', 'Asia/Kolkata').toISOString()).toBe('2026-03-09T18:30:00.000Z');
  });
  it('has 23 hours on the day clocks go forward and 25 on the day they go back', () => {
    expect(hoursOfBankDay('2026-03-07', 'America/New_York')).toHaveLength(24);
    expect(hoursOfBankDay('2026-03-08', 'America/New_York')).toHaveLength(23);
    expect(hoursOfBankDay('2026-11-01', 'America/New_York')).toHaveLength(25);
  });
  it('starts at the first existing hour when midnight is skipped', () => {
    // Chile moved clocks from 24:00 to 01:00 on 2025-09-07 (UTC−4 → UTC−3).
    expect(startOfBankDay('2025-09-07', 'America/Santiago').toISOString()).toBe('2025-09-07T04:00:00.000Z');
    expect(startOfBankDay('2025-09-06', 'America/Santiago').toISOString()).toBe('2025-09-06T04:00:00.000Z');
  });
});
