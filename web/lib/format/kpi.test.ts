import { describe, expect, it } from 'vitest';
import { formatKpi } from './kpi.ts';

describe('formatKpi', () => {
  it('shows each kind of figure in its own form', () => {
    expect(formatKpi(0.9834, 'percent', 'zh-CN')).toBe('98.3%');
    expect(formatKpi(372, 'duration', 'zh-CN')).toBe('06:12');
    expect(formatKpi(3.25, 'decimal', 'zh-CN')).toBe('3.3');
    expect(formatKpi(1234, 'count', 'zh-CN')).toBe('1,234');
  });

  it('shows no data as an em dash, and a real zero as zero', () => {
    expect(formatKpi(null, 'percent', 'zh-CN')).toBe('—');
    expect(formatKpi(undefined, 'count', 'zh-CN')).toBe('—');
    expect(formatKpi(0, 'percent', 'zh-CN')).toBe('0.0%');
    expect(formatKpi(0, 'count', 'zh-CN')).toBe('0');
  });
});
