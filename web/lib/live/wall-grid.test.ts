import { describe, expect, it } from 'vitest';
import { countTones, groupCells, groupCodeOf, heatTone, shortRegionName, type RegionNode } from './wall-grid.ts';

const tree = (...nodes: [string, string, string | null][]): Map<string, RegionNode> =>
  new Map(nodes.map(([code, name, parentCode]) => [code, { code, name, parentCode }]));

// 总行 HO → 北京分行 BJ → 北京朝阳支行 BJ01, 北京海淀支行 BJ02; 上海分行 SH → SH01
const regions = tree(['HO', '总行', null], ['BJ', '北京分行', 'HO'], ['BJ01', '北京朝阳支行', 'BJ'], ['BJ02', '北京海淀支行', 'BJ'], ['SH', '上海分行', 'HO'], ['SH01', '上海浦东支行', 'SH']);
const cell = (code: string, regionCode: string) => ({ code, regionCode });

describe('heatTone', () => {
  it('is red below 60, amber from 60, green from 80', () => {
    expect(heatTone(59.9)).toBe('bad');
    expect(heatTone(60)).toBe('warn');
    expect(heatTone(79.9)).toBe('warn');
    expect(heatTone(80)).toBe('good');
    expect(heatTone(0)).toBe('bad');
  });

  it('is grey without data, never red', () => {
    expect(heatTone(null)).toBe('none');
    expect(heatTone(undefined)).toBe('none');
    expect(heatTone(Number.NaN)).toBe('none');
  });
});

describe('groupCodeOf', () => {
  it('groups a bank wall’s branches by 分行', () => {
    expect(groupCodeOf('BJ01', regions, 'bank')).toBe('BJ');
    expect(groupCodeOf('SH01', regions, 'bank')).toBe('SH');
    expect(groupCodeOf('BJ', regions, 'bank')).toBe('BJ'); // an outlet attached to the 分行 itself
    expect(groupCodeOf('HO', regions, 'bank')).toBe('HO');
  });

  it('groups a 分行 wall’s branches by 支行, and its own outlets under itself', () => {
    expect(groupCodeOf('BJ01', regions, 'region:BJ')).toBe('BJ01');
    expect(groupCodeOf('BJ02', regions, 'region:BJ')).toBe('BJ02');
    expect(groupCodeOf('BJ', regions, 'region:BJ')).toBe('BJ');
  });

  it('falls back to the branch’s own region without the tree', () => {
    expect(groupCodeOf('BJ01', new Map(), 'bank')).toBe('BJ01');
    expect(groupCodeOf('XX01', regions, 'region:BJ')).toBe('XX01');
    expect(groupCodeOf('BJ01', regions, 'branch:BJ0101')).toBe('BJ01');
  });

  it('stops on a parent loop', () => {
    const loop = tree(['A', 'A', 'B'], ['B', 'B', 'A']);
    expect(groupCodeOf('A', loop, 'bank')).toMatch(/^[AB]$/);
  });
});

describe('groupCells', () => {
  it('keeps the order sent: groups by first branch, cells as they come', () => {
    const cells = [cell('BJ0101', 'BJ01'), cell('BJ0201', 'BJ02'), cell('SH0101', 'SH01'), cell('BJ0102', 'BJ01')];
    const groups = groupCells(cells, regions, 'bank');
    expect(groups.map((g) => [g.code, g.name, g.cells.map((c) => c.code)])).toEqual([
      ['BJ', '北京分行', ['BJ0101', 'BJ0201', 'BJ0102']],
      ['SH', '上海分行', ['SH0101']],
    ]);
  });

  it('labels a group by its code when the region is unknown', () => {
    expect(groupCells([cell('X1', 'X')], new Map(), 'bank')).toEqual([{ code: 'X', name: 'X', cells: [cell('X1', 'X')] }]);
  });
});

describe('countTones', () => {
  it('counts each band, no data apart', () => {
    expect(countTones([90, 80, 70, 10, null])).toEqual({ good: 2, warn: 1, bad: 1, none: 1 });
  });
});

describe('shortRegionName', () => {
  it('drops the office ending', () => {
    expect(shortRegionName('北京分行')).toBe('北京');
  });

  it('drops the name of the unit shown', () => {
    expect(shortRegionName('北京朝阳支行', '北京分行')).toBe('朝阳');
    expect(shortRegionName('上海浦东支行', '北京分行')).toBe('上海浦东');
  });

  it('never leaves an empty label', () => {
    expect(shortRegionName('北京分行', '北京分行')).toBe('北京');
    expect(shortRegionName('分行')).toBe('分行');
  });
});
