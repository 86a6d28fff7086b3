import { describe, expect, it } from 'vitest';
import { sourceData, writePoints } from './chart-data.ts';

describe('writePoints', () => {
  it('rewrites the points in place, keeping the array and its point objects', () => {
    const target = [{ x: 0, y: 1 }, { x: 1, y: 2 }];
    const [first] = target;
    writePoints(target, [{ x: 0, y: 5 }, { x: 1, y: null }]);
    expect(target).toEqual([{ x: 0, y: 5 }, { x: 1, y: null }]);
    expect(target[0]).toBe(first);
  });

  it('grows and shrinks the same array', () => {
    const target = [{ x: 0, y: 1 }];
    writePoints(target, [{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 3 }]);
    expect(target).toHaveLength(3);
    writePoints(target, [{ x: 0, y: 9 }]);
    expect(target).toEqual([{ x: 0, y: 9 }]);
  });

  it('copies new points rather than sharing the source’s objects', () => {
    const source = [{ x: 0, y: 1 }];
    const target: { x: number; y: number | null }[] = [];
    writePoints(target, source);
    source[0]!.y = 7;
    expect(target[0]!.y).toBe(1);
  });
});

describe('sourceData', () => {
  it('is the data array, or the full series chart.js keeps aside while decimating', () => {
    const data = [1, 2];
    expect(sourceData({ data })).toBe(data);
    const full = [1, 2, 3, 4];
    expect(sourceData(Object.assign({ data: [1, 4] }, { _data: full }))).toBe(full);
  });
});
