import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { interpolate } from './interpolate.ts';
import { zhCN } from './zh-CN.ts';

describe('interpolate', () => {
  it('fills every named placeholder', () => {
    expect(interpolate('{count} 个网点，{name}', { count: 12, name: '华东分行' })).toBe('12 个网点，华东分行');
  });

  it('returns the template unchanged when there are no params', () => {
    expect(interpolate('自 {time}')).toBe('自 {time}');
  });

  it('leaves an unknown placeholder visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('dictionaries', () => {
  it('use the same placeholders in zh-CN and en for every key', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('have no empty messages', () => {
    for (const [key, value] of [...Object.entries(zhCN), ...Object.entries(en)]) expect(value.trim(), key).not.toBe('');
  });
});
