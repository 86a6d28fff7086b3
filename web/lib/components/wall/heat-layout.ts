/**
 * How the heat grid fills its panel: the largest square cell at which every branch fits, with
 * groups (one per region) as rows of cells behind a region label, in one to four columns of
 * groups. Pure arithmetic on the panel's size, so the grid's CSS gets exact pixel sizes and a wall
 * never scrolls: 300 branches fill a 1080p panel with big cells, 20,000 still fit as specks, and
 * labels collapse when there is no room for them.
 */

export interface HeatLayoutInput {
  /** The panel's inner size in CSS pixels. */
  width: number;
  height: number;
  /** Cells per group, in order. */
  groupSizes: readonly number[];
  /** CSS pixels per design pixel (1 on 1920×1080, 2 on 3840×2160). */
  unit: number;
}

export interface HeatLayout {
  /** Square cell side and the gap between cells, in CSS pixels. */
  cell: number;
  gap: number;
  /** Cells per row inside a group. */
  perRow: number;
  /** Columns of groups, and which column each group goes to (contiguous, in order). */
  columns: number;
  columnOf: number[];
  /**
   * Too many groups for a row each (hundreds of 支行): every cell in one flow, in group order, with
   * no break between groups (`columnOf` then puts everything in column 0).
   */
  isFlow: boolean;
  /** Region labels beside each group, or none (separators only) when they would not fit. */
  hasLabels: boolean;
  labelWidth: number;
  labelFont: number;
  /** Space between two groups in a column, and between columns. */
  groupGap: number;
  columnGap: number;
}

const MAX_COLUMNS = 4;
/** Bigger cells stop reading as a grid (a branch scope has a single cell). */
const MAX_CELL = 44;
/** Below this cell size a label column costs more than it tells. */
const MIN_CELL_WITH_LABELS = 4;
/** Below this a grouped layout gives way to one flow of cells. */
const MIN_GROUPED_CELL = 2;

/** The gap that goes with a cell: about a seventh of it, at least one pixel, and none for specks (a texture). */
export const gapFor = (cell: number): number => (cell < 4 ? 0 : Math.max(1, Math.round(cell / 7)));

interface Shape {
  unit: number;
  labelFont: number;
  hasLabels: boolean;
  labelWidth: number;
  labelHeight: number;
  groupGap: number;
  columnGap: number;
}

function shapeOf(unit: number, hasLabels: boolean, groupCount: number, labelScale = 1): Shape {
  const labelFont = labelFontFor(unit, labelScale);
  return {
    unit,
    labelFont,
    hasLabels,
    labelWidth: hasLabels ? Math.round(labelFont * 5.6) : 0,
    labelHeight: hasLabels ? Math.ceil(labelFont * 1.35) : 0,
    groupGap: groupCount > 1 ? Math.max(2, Math.round((hasLabels ? 8 : 4) * unit)) : 0,
    columnGap: Math.round(24 * unit),
  };
}

/** Label type: 16 design pixels, or 13 when many groups need the room; never below 11 CSS pixels. */
const labelFontFor = (unit: number, scale = 1): number => Math.max(11, Math.round(16 * scale * unit));
const LABEL_SCALES = [1, 0.8];

/** Each group's height at `cell`, and the cells per row; undefined when not even one cell fits a row. */
function groupHeights(input: HeatLayoutInput, shape: Shape, columns: number, cell: number): { heights: number[]; perRow: number } | undefined {
  const gap = gapFor(cell);
  const columnWidth = (input.width - (columns - 1) * shape.columnGap) / columns;
  const cellsWidth = columnWidth - shape.labelWidth;
  const perRow = Math.floor((cellsWidth + gap) / (cell + gap));
  if (perRow < 1) return undefined;
  const heights = input.groupSizes.map((n) => Math.max(shape.labelHeight, Math.ceil(n / perRow) * (cell + gap) - gap));
  return { heights, perRow };
}

/** Splits heights (each followed by `gap`) into contiguous columns no taller than `limit`; undefined if more than `columns` are needed. */
function splitColumns(heights: readonly number[], gap: number, limit: number, columns: number): number[] | undefined {
  const columnOf: number[] = [];
  let column = 0;
  let used = 0;
  for (const height of heights) {
    const needed = used === 0 ? height : used + gap + height;
    if (needed <= limit) used = needed;
    else {
      column += 1;
      used = height;
      if (height > limit || column >= columns) return undefined;
    }
    columnOf.push(column);
  }
  return columnOf;
}

/** The most even split into at most `columns` columns: the lowest column limit that still fits, found by bisection. */
function balance(heights: readonly number[], gap: number, height: number, columns: number): number[] | undefined {
  let low = Math.max(0, ...heights);
  let high = height;
  let best = splitColumns(heights, gap, high, columns);
  if (!best) return undefined;
  while (high - low > 0.5) {
    const middle = (low + high) / 2;
    const split = splitColumns(heights, gap, middle, columns);
    if (split) {
      best = split;
      high = middle;
    } else low = middle;
  }
  return best;
}

function fit(input: HeatLayoutInput, shape: Shape, columns: number): { cell: number; perRow: number; columnOf: number[] } | undefined {
  const maxCell = Math.max(1, Math.floor(MAX_CELL * input.unit));
  let found: { cell: number; perRow: number; columnOf: number[] } | undefined;
  // Integer sizes (crisp edges): bisection for the largest cell that fits.
  let low = 1;
  let high = maxCell;
  while (low <= high) {
    const cell = Math.floor((low + high) / 2);
    const shaped = groupHeights(input, shape, columns, cell);
    const columnOf = shaped && splitColumns(shaped.heights, shape.groupGap, input.height, columns);
    if (shaped && columnOf) {
      found = { cell, perRow: shaped.perRow, columnOf };
      low = cell + 1;
    } else high = cell - 1;
  }
  return found;
}

export function layoutHeatGrid(input: HeatLayoutInput): HeatLayout {
  const groups = input.groupSizes.length;
  let best: (HeatLayout & { score: number }) | undefined;
  const variants = [...LABEL_SCALES.map((scale) => ({ hasLabels: true, scale })), { hasLabels: false, scale: 1 }];
  for (const { hasLabels, scale } of variants) {
    const shape = shapeOf(input.unit, hasLabels, groups, scale);
    for (let columns = 1; columns <= Math.min(MAX_COLUMNS, Math.max(1, groups)); columns++) {
      const found = fit(input, shape, columns);
      if (!found || found.cell < MIN_GROUPED_CELL || (hasLabels && found.cell < MIN_CELL_WITH_LABELS * input.unit)) continue;
      // Labels are worth a somewhat smaller cell (bigger labels a little more); otherwise the bigger
      // cell wins, then fewer columns.
      const score = found.cell * (hasLabels ? 1 + 0.3 * scale : 1) - columns * 0.01;
      if (best && score <= best.score) continue;
      const heights = groupHeights(input, shape, columns, found.cell)!.heights;
      const columnOf = balance(heights, shape.groupGap, input.height, columns) ?? found.columnOf;
      best = {
        score, cell: found.cell, gap: gapFor(found.cell), perRow: found.perRow, columns, columnOf, isFlow: false, hasLabels,
        labelWidth: shape.labelWidth, labelFont: shape.labelFont, groupGap: shape.groupGap, columnGap: shape.columnGap,
      };
    }
  }
  // One flow of cells: the fallback when groups do not fit a row each, and the better choice when
  // grouping would leave only specks anyway (group gaps and half-empty rows cost cells their size).
  const total = input.groupSizes.reduce((sum, n) => sum + n, 0);
  const flowShape = shapeOf(input.unit, false, 1);
  const flow = fit({ ...input, groupSizes: [total] }, flowShape, 1);
  if (best && (best.cell >= MIN_CELL_WITH_LABELS * input.unit || !flow || flow.cell <= best.cell)) {
    const { score: _score, ...layout } = best;
    return layout;
  }
  // (In a panel far too small even for that: clipped one-pixel specks.)
  const cell = flow?.cell ?? 1;
  return {
    cell, gap: gapFor(cell), perRow: flow?.perRow ?? Math.max(1, Math.floor(input.width)), columns: 1, columnOf: input.groupSizes.map(() => 0),
    isFlow: true, hasLabels: false, labelWidth: 0, labelFont: labelFontFor(input.unit), groupGap: 0, columnGap: flowShape.columnGap,
  };
}
