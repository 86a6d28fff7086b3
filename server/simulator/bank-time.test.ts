import { describe, expect, it } from 'vitest';
import { formatAt, instantOf, localTime, stableHash } from './bank-time.ts';

describe('formatAt', () => {
  it('writes the bank’s wall clock with its offset, to the second', () => {
    expect(formatAt(Date.parse('2026-11-28T01:15:02.900Z'), 'Asia/Shanghai')).toBe('2026-11-28T09:15:02+08:00');
  });

  it('follows a zone with daylight saving and a negative offset', () => {
    expect(formatAt(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(formatAt(Date.parse('2026-12-01T12:00:00Z'), 'America/New_York')).toBe('2026-12-01T07:00:00-05:00');
  });
});

describe('localTime', () => {
  it('gives the local date, weekday and minute of the day', () => {
    // 2026-11-27T16:30Z is already Saturday 00:30 in Shanghai.
    expect(localTime(Date.parse('2026-11-27T16:30:30Z'), 'Asia/Shanghai')).toEqual({
      isoDate: '2026-11-28', dayOfMonth: 28, weekday: 6, minuteOfDay: 30.5, offsetMinutes: 480,
    });
  });
});

describe('instantOf', () => {
  it('is the inverse of localTime', () => {
    const at = instantOf('2026-11-28', 9 * 60 + 15, 'Asia/Shanghai');
    expect(new Date(at).toISOString()).toBe('2026-11-28T01:15:00.000Z');
    expect(new Date(instantOf('2026-07-01', 8 * 60, 'America/New_York')).toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });
});

describe('stableHash', () => {
  it('is stable and spreads neighbouring codes apart', () => {
    expect(stableHash('BJ0101', 1)).toBe(stableHash('BJ0101', 1));
    expect(stableHash('BJ0101')).not.toBe(stableHash('BJ0102'));
    expect(stableHash('a', 'bc')).not.toBe(stableHash('ab', 'c'));
  });
});
