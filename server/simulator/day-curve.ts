import { stableHash } from './bank-time.ts';

/**
 * How many customers take a queue ticket at a branch, minute by minute. Pure: the local date and
 * time are parameters. Numbers follow ../shared/reference/performance.md §1.3: about 300 tickets on
 * an ordinary working day at an average branch, up to about 2× on pay days and at month start;
 * the busiest hour about 1.5× the day's average.
 */
export const DESIGN_TICKETS_PER_DAY = 300;

export type DayKind = 'workday' | 'weekend' | 'holiday';

export interface ServiceDay {
  isoDate: string;
  dayOfMonth: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  kind: DayKind;
}

/** What the curve needs to know about a branch. */
export interface CurveBranch {
  code: string;
  /** Its region's code; the demo's codes start with the city (BJ01 → BJ). */
  regionCode?: string;
  /** Relative volume when known (1 = average); otherwise derived from the city and the code. */
  sizeFactor?: number;
}

/** Without a holiday calendar, Saturday and Sunday are weekends and every other day a workday. */
export const defaultDayKind = (weekday: number): DayKind => (weekday === 0 || weekday === 6 ? 'weekend' : 'workday');

// Shape of a day as [local minute, relative intensity] knots, linearly interpolated: customers wait
// at the door at 09:00 (opening rush), thin out over lunch while tellers rotate (12:00–13:30), come
// back mid-afternoon and trickle off before closing.
const WORKDAY_SHAPE: readonly (readonly [number, number])[] = [
  [540, 1.25], [570, 1.6], [600, 1.45], [660, 1.15], [720, 0.75], [750, 0.55], [810, 0.65],
  [840, 1.0], [900, 1.2], [930, 1.15], [960, 0.85], [990, 0.55], [1020, 0.3],
];
// Weekend outlets open 09:00–16:00 with a flatter late-morning peak (no office workers' rush).
const WEEKEND_SHAPE: readonly (readonly [number, number])[] = [
  [540, 0.9], [600, 1.2], [660, 1.2], [720, 0.85], [780, 0.8], [840, 1.05], [900, 0.95], [930, 0.7], [960, 0.35],
];

/** Share of branches that open on a weekend or holiday: the rest close, as real networks do. */
const OPEN_SHARE: Record<DayKind, number> = { workday: 1, weekend: 0.3, holiday: 0.15 };
/** A day's volume at an open branch relative to a working day (the few open outlets absorb some). */
const KIND_VOLUME: Record<DayKind, number> = { workday: 1, weekend: 0.8, holiday: 0.6 };
/** Monday carries the weekend's backlog; mid-week is quieter. Mean over Mon–Fri is 1. */
const WEEKDAY_VOLUME = [1, 1.1, 0.95, 0.95, 0.95, 1.05, 1];
/** Month start (pensions, transfers) and the usual pay days. */
const PEAK_DAYS: ReadonlyMap<number, number> = new Map([[1, 1.6], [2, 1.5], [3, 1.4], [10, 1.5], [15, 1.8], [25, 1.6]]);

const TIER_ONE = new Set(['BJ', 'SH', 'GZ', 'SZ']);
const TIER_TWO = new Set(['HZ', 'NJ', 'CD', 'WH', 'XA', 'CQ', 'TJ']);

const shapeOf = (kind: DayKind) => (kind === 'workday' ? WORKDAY_SHAPE : WEEKEND_SHAPE);

/** Local opening hours in minutes since midnight, or undefined when the branch is closed that day. */
export function openingHours(branchCode: string, day: ServiceDay): { opensAt: number; closesAt: number } | undefined {
  // Which branches open at weekends is a fixed trait of the branch, not a daily coin toss.
  if (day.kind !== 'workday' && unitInterval(branchCode, 'weekend') >= OPEN_SHARE[day.kind]) return undefined;
  const shape = shapeOf(day.kind);
  return { opensAt: shape[0]![0], closesAt: shape[shape.length - 1]![0] };
}

/** Multiplier of the whole day's volume: pay days, month start and the day of the week. */
export function dayFactor(day: ServiceDay): number {
  return (PEAK_DAYS.get(day.dayOfMonth) ?? 1) * KIND_VOLUME[day.kind] * (day.kind === 'workday' ? WEEKDAY_VOLUME[day.weekday] ?? 1 : 1);
}

/**
 * Relative volume of a branch (average ≈ 1): big-city branches are busier, about one in seven is a
 * flagship (CBD, transport hub), and the rest vary ±30% with their neighbourhood.
 */
export function branchSizeFactor(branch: CurveBranch): number {
  if (branch.sizeFactor !== undefined) return branch.sizeFactor;
  const city = (branch.regionCode ?? branch.code).slice(0, 2).toUpperCase();
  const tier = TIER_ONE.has(city) ? 1.2 : TIER_TWO.has(city) ? 0.95 : 0.75;
  const flagship = unitInterval(branch.code, 'flagship') < 1 / 7 ? 1.5 : 1;
  return tier * flagship * (0.7 + 0.6 * unitInterval(branch.code, 'size'));
}

/** Expected tickets for the whole day (0 when closed). */
export function expectedTicketsPerDay(branch: CurveBranch, day: ServiceDay): number {
  if (!openingHours(branch.code, day)) return 0;
  return DESIGN_TICKETS_PER_DAY * dayFactor(day) * branchSizeFactor(branch);
}

/** Expected tickets issued per minute at `minuteOfDay` (local); 0 outside opening hours. */
export function arrivalRate(branch: CurveBranch, day: ServiceDay, minuteOfDay: number): number {
  const perDay = expectedTicketsPerDay(branch, day);
  if (perDay === 0) return 0;
  const shape = shapeOf(day.kind);
  return (perDay * intensity(shape, minuteOfDay)) / shapeArea(shape);
}

/** The day's crowding at that minute relative to its average (1 = an average minute of an average day). */
export function loadIndex(day: ServiceDay, minuteOfDay: number): number {
  const shape = shapeOf(day.kind);
  const open = shape[shape.length - 1]![0] - shape[0]![0];
  return (dayFactor(day) * intensity(shape, minuteOfDay) * open) / shapeArea(shape);
}

function intensity(shape: readonly (readonly [number, number])[], minute: number): number {
  for (let i = 1; i < shape.length; i++) {
    const [m0, v0] = shape[i - 1]!;
    const [m1, v1] = shape[i]!;
    if (minute >= m0 && minute < m1) return v0 + ((v1 - v0) * (minute - m0)) / (m1 - m0);
  }
  return 0;
}

// Exact integral of the piecewise-linear shape (trapezoids), so a day's tickets add up to perDay.
const areas = new Map<readonly unknown[], number>();
function shapeArea(shape: readonly (readonly [number, number])[]): number {
  let area = areas.get(shape);
  if (area === undefined) {
    area = 0;
    for (let i = 1; i < shape.length; i++) area += ((shape[i]![0] - shape[i - 1]![0]) * (shape[i]![1] + shape[i - 1]![1])) / 2;
    areas.set(shape, area);
  }
  return area;
}

/** A fixed pseudo-random number in [0, 1) for a trait of a branch. */
function unitInterval(code: string, trait: string): number {
  return stableHash('branch-trait', trait, code) / 4294967296;
}
