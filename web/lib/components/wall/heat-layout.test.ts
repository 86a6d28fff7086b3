import { describe, expect, it } from 'vitest';
import { gapFor, layoutHeatGrid, type HeatLayout, type HeatLayoutInput } from './heat-layout.ts';

/** The height the layout takes, computed as the grid's CSS lays it out. */
function usedHeight(input: HeatLayoutInput, layout: HeatLayout): number {
  if (layout.isFlow) {
    const total = input.groupSizes.reduce((a, b) => a + b, 0);
    return Math.ceil(total / layout.perRow) * (layout.cell + layout.gap) - layout.gap;
  }
  const labelHeight = layout.hasLabels ? Math.ceil(layout.labelFont * 1.35) : 0;
  const columns = Array.from({ length: layout.columns }, () => 0);
  const counts = Array.from({ length: layout.columns }, () => 0);
  input.groupSizes.forEach((n, i) => {
    const column = layout.columnOf[i]!;
    const height = Math.max(labelHeight, Math.ceil(n / layout.perRow) * (layout.cell + layout.gap) - layout.gap);
    columns[column]! += height + (counts[column]! > 0 ? layout.groupGap : 0);
    counts[column]! += 1;
  });
  return Math.max(...columns);
}

function usedWidth(input: HeatLayoutInput, layout: HeatLayout): number {
  const columnWidth = (input.width - (layout.columns - 1) * layout.columnGap) / layout.columns;
  return layout.labelWidth + layout.perRow * (layout.cell + layout.gap) - layout.gap - columnWidth + input.width;
}

const split = (total: number, groups: number): number[] =>
  Array.from({ length: groups }, (_, i) => Math.floor(total / groups) + (i < total % groups ? 1 : 0));

// The heat panel of a 1920×1080 wall is about 760×560 CSS pixels.
const PANEL_1080 = { width: 760, height: 560, unit: 1 };

describe('layoutHeatGrid', () => {
  it('fills a 1080p panel with 300 branches in 14 分行: big cells, labelled', () => {
    const input = { ...PANEL_1080, groupSizes: split(300, 14) };
    const layout = layoutHeatGrid(input);
    expect(layout.hasLabels).toBe(true);
    expect(layout.cell).toBeGreaterThanOrEqual(18);
    expect(usedHeight(input, layout)).toBeLessThanOrEqual(input.height);
    expect(usedWidth(input, layout)).toBeLessThanOrEqual(input.width + 0.001);
  });

  it('still fits 20,000 branches in 40 分行 on 1080p, as specks', () => {
    const input = { ...PANEL_1080, groupSizes: split(20_000, 40) };
    const layout = layoutHeatGrid(input);
    expect(layout.cell).toBeGreaterThanOrEqual(3);
    expect(usedHeight(input, layout)).toBeLessThanOrEqual(input.height);
    expect(usedWidth(input, layout)).toBeLessThanOrEqual(input.width + 0.001);
  });

  it('collapses labels, then group rows, when hundreds of groups leave no room for them', () => {
    const input = { ...PANEL_1080, groupSizes: split(20_000, 600) };
    const layout = layoutHeatGrid(input);
    expect(layout.hasLabels).toBe(false);
    expect(layout.isFlow).toBe(true);
    expect(layout.cell).toBeGreaterThanOrEqual(2);
    expect(usedHeight(input, layout)).toBeLessThanOrEqual(input.height);
  });

  it('drops labels before cells get too small to read', () => {
    const input = { width: 400, height: 300, unit: 1, groupSizes: split(8_000, 30) };
    const layout = layoutHeatGrid(input);
    expect(layout.hasLabels).toBe(false);
    expect(usedHeight(input, layout)).toBeLessThanOrEqual(input.height);
  });

  it('doubles with the screen: the same bank on 4K has cells twice the size', () => {
    const sizes = split(300, 14);
    const hd = layoutHeatGrid({ ...PANEL_1080, groupSizes: sizes });
    const uhd = layoutHeatGrid({ width: 1520, height: 1120, unit: 2, groupSizes: sizes });
    expect(uhd.cell).toBeGreaterThanOrEqual(hd.cell * 2 - 2);
    expect(uhd.labelFont).toBe(hd.labelFont * 2);
  });

  it('keeps a single branch to a bounded cell', () => {
    const layout = layoutHeatGrid({ ...PANEL_1080, groupSizes: [1] });
    expect(layout.cell).toBe(44);
    expect(layout.columns).toBe(1);
  });

  it('balances groups across columns in order', () => {
    const layout = layoutHeatGrid({ width: 760, height: 200, unit: 1, groupSizes: split(300, 14) });
    expect(layout.columnOf).toEqual([...layout.columnOf].sort((a, b) => a - b));
    expect(new Set(layout.columnOf).size).toBe(layout.columns);
  });
});

describe('gapFor', () => {
  it('is about a seventh of the cell, at least a pixel, none for specks', () => {
    expect(gapFor(3)).toBe(0);
    expect(gapFor(4)).toBe(1);
    expect(gapFor(21)).toBe(3);
  });
});
