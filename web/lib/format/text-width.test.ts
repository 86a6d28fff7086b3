import { describe, expect, it } from 'vitest';
import { estimateEm } from './text-width.ts';

describe('estimateEm', () => {
  it('counts digits at about half an em and separators narrower', () => {
    expect(estimateEm('39,268')).toBeCloseTo(5 * 0.56 + 0.28);
    expect(estimateEm('10:49')).toBeCloseTo(4 * 0.56 + 0.28);
  });

  it('grows with the figure, so a longer number gets a smaller font', () => {
    expect(estimateEm('2,678,923')).toBeGreaterThan(estimateEm('39,268'));
    expect(estimateEm('96.7%')).toBeCloseTo(3 * 0.56 + 0.28 + 0.85);
  });

  it('counts an em dash and CJK as wide', () => {
    expect(estimateEm('—')).toBe(1);
    expect(estimateEm('万')).toBe(1);
  });
});
