import { describe, expect, it } from 'vitest';
import { formatCount, formatDecimal, formatDuration, formatPercent } from './number.ts';

describe('formatCount', () => {
  it('groups thousands in both locales', () => {
    expect(formatCount(12345, 'zh-CN')).toBe('12,345');
    expect(formatCount(12345, 'en')).toBe('12,345');
  });

  it('shows small counts as they are', () => {
    expect(formatCount(0, 'zh-CN')).toBe('0');
    expect(formatCount(999, 'zh-CN')).toBe('999');
    expect(formatCount(1000, 'zh-CN')).toBe('1,000');
  });

  it('rounds a fractional count to a whole number', () => {
    expect(formatCount(2.6, 'en')).toBe('3');
  });

  it('shows an em dash for a value that is not a number', () => {
    expect(formatCount(Number.NaN, 'zh-CN')).toBe('—');
    expect(formatCount(Number.POSITIVE_INFINITY, 'en')).toBe('—');
  });
});

describe('formatPercent', () => {
  it('shows a ratio with one decimal by default', () => {
    expect(formatPercent(0.9834, 'zh-CN')).toBe('98.3%');
  });

  it('honours the number of decimals asked for', () => {
    expect(formatPercent(0.5, 'en', 0)).toBe('50%');
    expect(formatPercent(1, 'en', 2)).toBe('100.00%');
  });

  it('shows an em dash for a value that is not a number', () => {
    expect(formatPercent(Number.NaN, 'en')).toBe('—');
  });
});

describe('formatDecimal', () => {
  it('shows exactly the decimals asked for, with grouping', () => {
    expect(formatDecimal(81.25, 'zh-CN')).toBe('81.3');
    expect(formatDecimal(80, 'zh-CN')).toBe('80.0');
    expect(formatDecimal(12345.678, 'en', 2)).toBe('12,345.68');
  });

  it('shows an em dash for a value that is not a number', () => {
    expect(formatDecimal(Number.NaN, 'zh-CN')).toBe('—');
  });
});

describe('formatDuration', () => {
  it('shows seconds as mm:ss, rounded to the second', () => {
    expect(formatDuration(372.4)).toBe('06:12');
    expect(formatDuration(59.6)).toBe('01:00');
    expect(formatDuration(0)).toBe('00:00');
  });

  it('lets minutes pass 59 instead of adding hours', () => {
    expect(formatDuration(3599)).toBe('59:59');
    expect(formatDuration(3600)).toBe('60:00');
    expect(formatDuration(4500)).toBe('75:00');
  });

  it('shows an em dash for a negative or non-numeric duration', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});
