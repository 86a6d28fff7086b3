/**
 * The soak's arithmetic, pure so it is tested apart from the hours-long run: least-squares slopes,
 * the per-sample summaries and the verdict's checks. A slope is per real hour of the run (at 10×
 * speed one real hour is ten bank hours).
 */
import { median } from './bench-kit.ts';

/** One sample of the run: server, browser and screens, all at the same moment. */
export interface SoakSample {
  /** Seconds since the load started (real time). */
  t: number;
  /** The bank's clock (the server's and the simulator's), local time with its offset. */
  bankTime: string;
  server: {
    heapUsed: number;
    heapTotal: number;
    rss: number;
    external: number;
    /** Event-loop delay over the interval since the previous sample, ms. */
    loopDelayP99: number;
    loopDelayMax: number;
    /** Pause of the sample's own forced GC (excluded from the loop delay), ms. */
    gcMs: number;
    handles: Record<string, number>;
    sockets: number;
    cpuPercent: number;
  };
  browser: { heapUsed: number; nodes: number; listeners: number };
  screens: { connected: number; messages: number; disconnects: number; rss: number };
  events: { accepted: number; duplicates: number; rejected: number; queued: number };
  jobs: Record<string, Record<string, number>>;
  loadAverage: number;
}

/** Least-squares slope of y over x; NaN with fewer than two distinct x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

export const MiB = 2 ** 20;
export const totalHandles = (handles: Record<string, number>): number => Object.values(handles).reduce((a, b) => a + b, 0);

/** The gates the soak judges, stated up front (docs/performance.md explains each). */
export interface SoakBounds {
  /** Server heap (after a forced GC), least-squares growth per real hour after warm-up. */
  serverHeapMiBPerHour: number;
  /** Browser (the wall page) JS heap after GC, growth per real hour after warm-up. */
  browserHeapMiBPerHour: number;
  /** Event-loop delay p99, median over the samples. */
  loopDelayP99MedianMs: number;
  /** Event-loop delay p99, worst sample (job runs, day changes included). */
  loopDelayP99MaxMs: number;
  /** Open handles in the last third of the run may exceed the first third's (medians) by at most this many. */
  handlesSlack: number;
}

/**
 * The bench plan's B6 gates (shared/reference/performance.md §5.2): server heap ≤ 1 MB/h after
 * warm-up, browser ≤ 2 MB/h, loop delay p99 ≤ 20 ms, listener counts constant. The worst sample's
 * bound and the handles' slack are ours: a job run or a day change may cost one slow sample, and
 * handles come and go with the requests in flight.
 */
export const DEFAULT_BOUNDS: SoakBounds = {
  serverHeapMiBPerHour: 1,
  browserHeapMiBPerHour: 2,
  loopDelayP99MedianMs: 20,
  loopDelayP99MaxMs: 200,
  handlesSlack: 10,
};

/** Start and end (medians), the least-squares slope per hour after warm-up, and that of its second half. */
export interface Trend {
  start: number;
  end: number;
  slopePerHour: number;
  secondHalfPerHour: number;
  /** Growth that outlives a bank day (see dayOverDay), per real hour; NaN when the run is shorter. */
  dayOverDayPerHour: number;
  /** The slope the gate judges: day over day when the run has it, else the least-squares slope. */
  judgedPerHour: number;
}

const BANK_DAY_MS = 86_400_000;

/**
 * What a bank day leaves behind: each sample against the first sample a bank day later, per real
 * hour between them, the median over all such pairs. The wall rooms' live state (feed, hours,
 * rankings) fills through the day and starts again at its change, so a least-squares slope over
 * part of a day measures the day's data; the same bank time one day apart compares like with like,
 * and only what survives the day change (a leak) remains. NaN when no sample has a day-later one.
 */
export function dayOverDay(samples: readonly SoakSample[], pick: (s: SoakSample) => number): { perHour: number; pairs: number } {
  const bank = samples.map((s) => Date.parse(s.bankTime));
  const rates: number[] = [];
  let j = 0;
  for (let i = 0; i < samples.length; i++) {
    while (j < samples.length && bank[j]! < bank[i]! + BANK_DAY_MS) j++;
    if (j === samples.length) break;
    const hours = (samples[j]!.t - samples[i]!.t) / 3600;
    if (hours > 0) rates.push((pick(samples[j]!) - pick(samples[i]!)) / hours);
  }
  return { perHour: rates.length ? median(rates) : Number.NaN, pairs: rates.length };
}

export interface SoakSummary {
  samples: number;
  /** Samples from this index on are after the warm-up; slopes and "start" are taken from there. */
  fromIndex: number;
  serverHeap: Trend;
  serverRss: Trend;
  browserHeap: Trend;
  loopDelayP99: { median: number; max: number };
  handles: { start: number; end: number; startByType: Record<string, number>; endByType: Record<string, number> };
  checks: { name: string; value: string; target: string; pass: boolean }[];
}

/**
 * "Start" is the median of the first three samples after the warm-up and "end" the median of the
 * last three, so one sample caught mid-burst does not decide; the slopes use every sample after
 * the warm-up (a step while caches fill in the first minutes is not a leak).
 */
export function summarise(samples: readonly SoakSample[], warmupSeconds: number, bounds: SoakBounds = DEFAULT_BOUNDS): SoakSummary {
  if (samples.length < 2) throw new Error('the soak needs at least two samples');
  let fromIndex = samples.findIndex((s) => s.t >= warmupSeconds);
  // A run too short for its warm-up still judges its second half.
  if (fromIndex < 0 || samples.length - fromIndex < 3) fromIndex = Math.floor(samples.length / 2);
  const judged = samples.slice(fromIndex);
  // The second half's slope is reported beside it: state that fills up and stops (a room's feed,
  // the outlets seen so far today) bends the curve, where a leak keeps its slope.
  const edge = (pick: (s: SoakSample) => number): Trend => {
    const slopePerHour = slope(judged.map((s) => [s.t / 3600, pick(s)] as const));
    const dayOverDayPerHour = dayOverDay(judged, pick).perHour;
    return {
      start: median(judged.slice(0, 3).map(pick)),
      end: median(judged.slice(-3).map(pick)),
      slopePerHour,
      secondHalfPerHour: slope(judged.slice(Math.floor(judged.length / 2)).map((s) => [s.t / 3600, pick(s)] as const)),
      dayOverDayPerHour,
      judgedPerHour: Number.isNaN(dayOverDayPerHour) ? slopePerHour : dayOverDayPerHour,
    };
  };
  const serverHeap = edge((s) => s.server.heapUsed / MiB);
  const serverRss = edge((s) => s.server.rss / MiB);
  const browserHeap = edge((s) => s.browser.heapUsed / MiB);
  const p99s = samples.slice(1).map((s) => s.server.loopDelayP99); // the first covers start-up
  const loopDelayP99 = { median: median(p99s), max: Math.max(...p99s) };
  // Handles come and go with every request in flight: the first and last thirds' medians are
  // compared, so a leak (a timer or socket per request, per day, per job run) shows and a burst not.
  const third = Math.max(1, Math.floor(judged.length / 3));
  const handles = {
    start: median(judged.slice(0, third).map((s) => totalHandles(s.server.handles))),
    end: median(judged.slice(-third).map((s) => totalHandles(s.server.handles))),
    startByType: judged[0]!.server.handles,
    endByType: judged.at(-1)!.server.handles,
  };
  const mib = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)} MiB/h`;
  const judgedValue = (trend: Trend) => Number.isNaN(trend.dayOverDayPerHour) ? mib(trend.slopePerHour) : `${mib(trend.dayOverDayPerHour)} day over day`;
  const checks = [
    { name: 'server heap slope (after GC)', value: judgedValue(serverHeap), target: `≤ ${bounds.serverHeapMiBPerHour} MiB/h`, pass: serverHeap.judgedPerHour <= bounds.serverHeapMiBPerHour },
    { name: 'browser heap slope (after GC)', value: judgedValue(browserHeap), target: `≤ ${bounds.browserHeapMiBPerHour} MiB/h`, pass: browserHeap.judgedPerHour <= bounds.browserHeapMiBPerHour },
    { name: 'open handles flat', value: `${handles.start} → ${handles.end}`, target: `end ≤ start + ${bounds.handlesSlack}`, pass: handles.end <= handles.start + bounds.handlesSlack },
    { name: 'loop delay p99, median of samples', value: `${loopDelayP99.median.toFixed(1)} ms`, target: `≤ ${bounds.loopDelayP99MedianMs} ms`, pass: loopDelayP99.median <= bounds.loopDelayP99MedianMs },
    { name: 'wall page event listeners constant', value: `${judged[0]!.browser.listeners} → ${judged.at(-1)!.browser.listeners}`, target: 'no growth', pass: judged.at(-1)!.browser.listeners <= judged[0]!.browser.listeners },
    { name: 'loop delay p99, worst sample', value: `${loopDelayP99.max.toFixed(1)} ms`, target: `≤ ${bounds.loopDelayP99MaxMs} ms`, pass: loopDelayP99.max <= bounds.loopDelayP99MaxMs },
  ];
  return { samples: samples.length, fromIndex, serverHeap, serverRss, browserHeap, loopDelayP99, handles, checks };
}

/** Counts of `process.getActiveResourcesInfo()` by type. */
export function countByType(resources: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of resources) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/**
 * An `Etc/GMT±N` zone in which the bank's clock reaches `endHour` (local) when the run ends: a
 * run shorter than a bank day then covers opening hours, not the night (the demo's trick).
 */
export function soakZone(endsAt: Date, endHour: number): string {
  let offset = endHour - endsAt.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Median helper re-exported for the suite. */
export { median };
