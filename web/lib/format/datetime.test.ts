import { describe, expect, it } from 'vitest';
import { bankDay, bankDayBoundary, formatDateTime, formatLongDate, formatMessageTime, formatTime } from './datetime.ts';

const SHANGHAI = 'Asia/Shanghai';

describe('formatDateTime', () => {
  it('shows the instant in the bank time zone, not UTC', () => {
    expect(formatDateTime('2025-11-28T06:05:00Z', SHANGHAI, 'zh-CN')).toBe('2025-11-28 14:05');
  });

  // Shanghai is UTC+8: 15:59Z is still the 28th there, 16:00Z is midnight of the 29th.
  it('rolls over to the next day exactly at local midnight', () => {
    expect(formatDateTime('2025-11-28T15:59:00Z', SHANGHAI)).toBe('2025-11-28 23:59');
    expect(formatDateTime('2025-11-28T16:00:00Z', SHANGHAI)).toBe('2025-11-29 00:00');
    expect(formatDateTime('2025-11-28T16:01:00Z', SHANGHAI)).toBe('2025-11-29 00:01');
  });

  it('uses the zone it is given', () => {
    expect(formatDateTime('2025-11-28T16:00:00Z', 'UTC')).toBe('2025-11-28 16:00');
  });

  it('accepts a Date as well as an ISO string', () => {
    expect(formatDateTime(new Date('2025-01-01T00:00:00Z'), SHANGHAI)).toBe('2025-01-01 08:00');
  });

  it('shows an em dash for an unreadable timestamp', () => {
    expect(formatDateTime('not a date', SHANGHAI)).toBe('—');
  });
});

describe('formatTime', () => {
  it('shows 24-hour time without seconds by default', () => {
    expect(formatTime('2025-11-28T13:05:09Z', SHANGHAI)).toBe('21:05');
  });

  it('shows seconds when asked', () => {
    expect(formatTime('2025-11-28T13:05:09Z', SHANGHAI, { hasSeconds: true })).toBe('21:05:09');
  });

  it('writes midnight as 00, not 24', () => {
    expect(formatTime('2025-11-28T16:00:00Z', SHANGHAI, { hasSeconds: true })).toBe('00:00:00');
  });
});

describe('formatLongDate', () => {
  it('writes the Chinese long date with the weekday', () => {
    expect(formatLongDate('2025-11-28T16:30:00Z', SHANGHAI, 'zh-CN')).toBe('2025年11月29日星期六');
  });

  it('writes the English long date with the weekday', () => {
    expect(formatLongDate('2025-11-28T16:30:00Z', SHANGHAI, 'en')).toBe('Saturday, November 29, 2025');
  });
});

describe('bankDay', () => {
  it('is the calendar day in the bank time zone', () => {
    expect(bankDay('2025-12-31T15:59:59Z', SHANGHAI)).toBe('2025-12-31');
    expect(bankDay('2025-12-31T16:00:00Z', SHANGHAI)).toBe('2026-01-01');
  });
});

describe('formatMessageTime', () => {
  const now = new Date('2025-11-28T04:00:00Z'); // 12:00 in Shanghai

  it('shows only the time for a message sent today in the bank time zone', () => {
    expect(formatMessageTime('2025-11-27T16:00:00Z', SHANGHAI, now)).toBe('00:00');
  });

  it('shows the date for a message sent on an earlier day', () => {
    expect(formatMessageTime('2025-11-27T15:59:00Z', SHANGHAI, now)).toBe('2025-11-27 23:59');
  });
});

describe('bankDayBoundary', () => {
  it('gives the first instant of the day with the zone offset', () => {
    expect(bankDayBoundary('2025-11-29', 'Asia/Shanghai', 'start')).toBe('2025-11-29T00:00:00+08:00');
  });

  it('gives the last instant of the day for an inclusive "to"', () => {
    expect(bankDayBoundary('2025-11-29', 'Asia/Shanghai', 'end')).toBe('2025-11-29T23:59:59.999+08:00');
  });

  it('uses the offset in force that day in a zone with daylight saving', () => {
    expect(bankDayBoundary('2025-07-01', 'Europe/London', 'start')).toBe('2025-07-01T00:00:00+01:00');
    expect(bankDayBoundary('2025-12-01', 'Europe/London', 'start')).toBe('2025-12-01T00:00:00+00:00');
  });

  it('is undefined for a malformed day', () => {
    expect(bankDayBoundary('29/11/2025', 'Asia/Shanghai', 'start')).toBeUndefined();
    expect(bankDayBoundary('', 'Asia/Shanghai', 'start')).toBeUndefined();
  });
});
