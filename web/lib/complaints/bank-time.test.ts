import { describe, expect, it } from 'vitest';
import { bankLocalInputValue, bankLocalToIso } from './bank-time.ts';

describe('bankLocalToIso', () => {
  it('reads a datetime-local value as the bank wall clock, with the zone offset', () => {
    expect(bankLocalToIso('2026-11-05T10:30', 'Asia/Shanghai')).toBe('2026-11-05T10:30:00+08:00');
    expect(Date.parse(bankLocalToIso('2026-11-05T10:30', 'Asia/Shanghai')!)).toBe(Date.parse('2026-11-05T02:30:00Z'));
  });

  it('keeps seconds when the input has them', () => {
    expect(bankLocalToIso('2026-11-05T10:30:15', 'Asia/Shanghai')).toBe('2026-11-05T10:30:15+08:00');
  });

  it('uses the offset in force on that day where daylight saving applies', () => {
    expect(bankLocalToIso('2026-01-15T09:00', 'Europe/London')).toBe('2026-01-15T09:00:00+00:00');
    expect(bankLocalToIso('2026-07-15T09:00', 'Europe/London')).toBe('2026-07-15T09:00:00+01:00');
  });

  it('refuses a malformed value', () => {
    expect(bankLocalToIso('2026-11-05 10:30', 'Asia/Shanghai')).toBeUndefined();
    expect(bankLocalToIso('', 'Asia/Shanghai')).toBeUndefined();
  });
});

describe('bankLocalInputValue', () => {
  it('writes an instant as the bank wall clock, not the browser zone', () => {
    expect(bankLocalInputValue(new Date('2026-11-04T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-05T00:30');
  });

  it('is empty for an unreadable instant', () => {
    expect(bankLocalInputValue('nope', 'Asia/Shanghai')).toBe('');
  });
});
