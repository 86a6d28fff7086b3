import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createSlotWalker, driveJobs } from '../../bench/soak-jobs.ts';
import { countByType, dayOverDay, DEFAULT_BOUNDS, MiB, slope, soakZone, summarise, type SoakSample } from '../../bench/soak-stats.ts';
import { screenScopes } from '../../bench/soak.bench.ts';
import type { RunOutcome, Scheduler } from '../../server/jobs/scheduler.ts';
import { fixedClock } from '../../server/platform/clock.ts';

/** A sample every 30 s with the given server heap and handles (MiB, count) and browser heap. */
function series(n: number, at: (i: number) => { heap: number; browser: number; handles: number; p99?: number }): SoakSample[] {
  return Array.from({ length: n }, (_, i) => {
    const v = at(i);
    return {
      t: i * 30, bankTime: new Date(Date.UTC(2026, 11, 7, 1) + i * 300_000).toISOString(),
      server: { heapUsed: v.heap * MiB, heapTotal: 0, rss: 0, external: 0, loopDelayP99: v.p99 ?? 12, loopDelayMax: 0, gcMs: 0, handles: { Timeout: v.handles, TCPSocketWrap: 200 }, sockets: 201, cpuPercent: 10 },
      browser: { heapUsed: v.browser * MiB, nodes: 1800, listeners: 34 },
      screens: { connected: 200, messages: i * 1000, disconnects: 0, rss: 0 },
      events: { accepted: i * 3000, duplicates: 0, rejected: 0, queued: 0 },
      jobs: {}, loadAverage: 1,
    };
  });
}

describe('slope', () => {
  it('is the least-squares slope, exact on a line and unmoved by symmetric noise', () => {
    expect(slope([[0, 1], [1, 3], [2, 5]])).toBeCloseTo(2, 10);
    expect(slope([[0, 10], [1, 12], [2, 10], [3, 12], [4, 10], [5, 12], [6, 10], [7, 12]])).toBeCloseTo(2 / 21, 10);
    expect(slope([[1, 5]])).toBeNaN();
    expect(slope([[1, 5], [1, 6]])).toBeNaN();
  });
});

describe('summarise', () => {
  // An hour in 121 samples (every 30 s), the first 5 minutes warm-up.
  it('passes a flat run whose heap steps up during warm-up and then only jitters', () => {
    const flat = summarise(series(121, (i) => ({ heap: i < 10 ? 60 + i : 80 + (i % 2 ? 0.4 : -0.4), browser: 7 + (i % 3) * 0.1, handles: 12 + (i % 4) })), 300);
    expect(flat.fromIndex).toBe(10);
    expect(flat.serverHeap.slopePerHour).toBeGreaterThan(-0.5);
    expect(flat.serverHeap.slopePerHour).toBeLessThan(0.5);
    expect(flat.checks.every((c) => c.pass)).toBe(true);
  });

  it('fails a server leaking 6 MiB an hour, a browser leaking 3 and a timer per sample, naming each', () => {
    const leaky = summarise(series(121, (i) => ({ heap: 80 + (6 * i) / 120, browser: 7 + (3 * i) / 120, handles: 12 + i })), 300);
    expect(leaky.serverHeap.slopePerHour).toBeCloseTo(6, 5);
    expect(leaky.serverHeap.secondHalfPerHour).toBeCloseTo(6, 5);
    expect(leaky.browserHeap.slopePerHour).toBeCloseTo(3, 5);
    const failed = leaky.checks.filter((c) => !c.pass).map((c) => c.name);
    expect(failed).toEqual(['server heap slope (after GC)', 'browser heap slope (after GC)', 'open handles flat']);
    expect(leaky.checks.find((c) => c.name === 'wall page event listeners constant')!.pass).toBe(true);
    expect(leaky.checks[0]).toMatchObject({ value: '+6.00 MiB/h', target: `≤ ${DEFAULT_BOUNDS.serverHeapMiBPerHour} MiB/h` });
  });

  it('reports the second half’s slope apart: state that fills and stops bends it, a leak does not', () => {
    // +3 MiB over the first half after warm-up, then level: a cache filling, not a leak.
    const filling = summarise(series(121, (i) => ({ heap: 80 + Math.min(i - 10, 55) * (3 / 55), browser: 7, handles: 12 })), 300);
    expect(filling.serverHeap.slopePerHour).toBeGreaterThan(1);
    expect(filling.serverHeap.secondHalfPerHour).toBeCloseTo(0, 5);
  });

  it('judges the loop delay on the samples after the first (start-up) one: median and worst', () => {
    const slow = summarise(series(21, (i) => ({ heap: 80, browser: 7, handles: 12, p99: i === 0 ? 900 : i === 7 ? 600 : 20 })), 60);
    expect(slow.loopDelayP99).toEqual({ median: 20, max: 600 });
    expect(slow.checks.find((c) => c.name === 'loop delay p99, worst sample')!.pass).toBe(false);
    expect(slow.checks.find((c) => c.name === 'loop delay p99, median of samples')!.pass).toBe(true);
  });

  it('judges a run longer than a bank day day over day: the day’s data that resets passes, a leak under it fails', () => {
    // 400 samples every 30 s at 5 bank minutes each (10×): 33 bank hours. The heap fills 6 MiB over
    // each bank day and drops back at the day's change (the series' bank days are UTC days).
    const day = (i: number) => (1 + (i * 5) / 60) % 24; // sample i's bank hour
    const sawtooth = series(400, (i) => ({ heap: 80 + (6 * day(i)) / 24, browser: 7, handles: 12 }));
    const daily = summarise(sawtooth, 300);
    expect(daily.serverHeap.dayOverDayPerHour).toBeCloseTo(0, 5);
    expect(daily.checks[0]).toMatchObject({ value: '+0.00 MiB/h day over day', pass: true });
    // The same day plus 2 MiB per real hour that never goes away.
    const leaking = summarise(series(400, (i) => ({ heap: 80 + (6 * day(i)) / 24 + (2 * i * 30) / 3600, browser: 7, handles: 12 })), 300);
    expect(leaking.serverHeap.dayOverDayPerHour).toBeCloseTo(2, 5);
    expect(leaking.checks[0]!.pass).toBe(false);
    expect(dayOverDay(sawtooth, (s) => s.server.heapUsed).pairs).toBe(400 - 288);
    // Shorter than a bank day after warm-up: no pairs, and the least-squares slope (the day's data
    // filling, 2.5 MiB per real hour) is judged.
    const partOfADay = summarise(sawtooth.slice(0, 121), 300).serverHeap;
    expect(partOfADay.dayOverDayPerHour).toBeNaN();
    expect(partOfADay.judgedPerHour).toBeCloseTo(2.5, 5);
  });

  it('judges the second half of a run too short for its warm-up', () => {
    expect(summarise(series(6, () => ({ heap: 80, browser: 7, handles: 12 })), 3600).fromIndex).toBe(3);
  });
});

describe('the soak’s set-up', () => {
  it('counts active resources by type', () => {
    expect(countByType(['Timeout', 'TCPSocketWrap', 'Timeout'])).toEqual({ Timeout: 2, TCPSocketWrap: 1 });
  });

  it('picks a zone where the run ends at the given bank hour', () => {
    expect(soakZone(new Date('2026-12-07T04:30:00Z'), 17)).toBe('Etc/GMT-13');
    expect(soakZone(new Date('2026-12-07T20:30:00Z'), 17)).toBe('Etc/GMT+3');
    expect(soakZone(new Date('2026-12-07T10:30:00Z'), 10)).toBe('Etc/GMT');
  });

  it('puts a tenth of the screens on the bank, a fifth on the 分行 in turn, the rest over the outlets', () => {
    const scopes = screenScopes(200, ['BJ', 'SH'], Array.from({ length: 290 }, (_, i) => `B${i}`));
    expect(scopes).toHaveLength(200);
    expect(scopes.filter((s) => s === 'bank')).toHaveLength(20);
    expect(scopes.filter((s) => s === 'region:BJ')).toHaveLength(20);
    expect(scopes.filter((s) => s === 'region:SH')).toHaveLength(20);
    const outlets = scopes.filter((s) => s.startsWith('branch:'));
    expect(outlets).toHaveLength(140);
    expect(new Set(outlets).size).toBe(140);
  });
});

describe('jobs on the bank clock', () => {
  it('finds every cron slot the clock passes, in the job’s zone, across midnight', () => {
    const walker = createSlotWalker([
      { name: 'sweep', cron: '* * * * *', timezone: 'Asia/Shanghai' },
      { name: 'close-days', cron: '20 0 * * *', timezone: 'Asia/Shanghai' },
      { name: 'ten', cron: '*/10 * * * *', timezone: 'Asia/Shanghai' },
    ]);
    // 16:15Z → 16:25Z is 00:15 → 00:25 in Shanghai.
    const from = Date.parse('2026-12-07T16:15:00Z') / 60_000;
    const due = walker.due(from, from + 10);
    expect(due.filter((d) => d.name === 'sweep')).toHaveLength(10);
    expect(due.filter((d) => d.name === 'close-days').map((d) => d.slot.toISOString())).toEqual(['2026-12-07T16:20:00.000Z']);
    expect(due.filter((d) => d.name === 'ten').map((d) => d.slot.toISOString())).toEqual(['2026-12-07T16:20:00.000Z']);
    void walker.close();
  });

  it('runs each slot once through the scheduler as the clock moves, skipping a slot while its job still runs', async () => {
    const clock = fixedClock('2026-12-07T01:00:30Z');
    const ran: string[] = [];
    let release: (() => void) | undefined;
    const scheduler = {
      describe: () => [{ name: 'sweep', cron: '* * * * *', timezone: 'Asia/Shanghai', nextRunAt: null }],
      runSlot: (name: string, slot: Date) => {
        ran.push(`${name}@${slot.toISOString().slice(11, 16)}`);
        // The second run hangs until released: the next slot finds it running.
        return ran.length === 2 ? new Promise<RunOutcome>((resolve) => (release = () => resolve('succeeded'))) : Promise.resolve<RunOutcome>('succeeded');
      },
    } as unknown as Scheduler;
    const driver = driveJobs(scheduler, clock, { tickMs: 5 });
    clock.advance(60_000); // 01:01:30
    await sleep(30);
    clock.advance(60_000); // 01:02:30
    await sleep(30);
    clock.advance(60_000); // 01:03:30: the 01:02 run still going
    await sleep(30);
    release!();
    clock.advance(120_000); // 01:05:30: 01:04 and 01:05 in one tick
    await sleep(30);
    await driver.stop();
    expect(ran).toEqual(['sweep@01:01', 'sweep@01:02', 'sweep@01:04', 'sweep@01:05']);
    expect(driver.counts()).toEqual({ sweep: { succeeded: 4, skipped_overlap: 1 } });
  });
});
