import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../calendar/calendar.rules.ts';
import { computeClock, DEFAULT_CLOCK_SETTINGS } from './complaint-clock.rules.ts';
import { DEFAULT_LADDER_TEXT, parseLadder, reachedSteps, stageKeyOf, type LadderStep } from './ladder.rules.ts';

const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
const HOUR = 3_600_000;
const ladder: LadderStep[] = parseLadder(DEFAULT_LADDER_TEXT)!;
const DUE = at('2026-11-16 23:59:59');
const open = { decisionDueAt: DUE, paused: false, decided: false };
const keys = (now: Date, clock = open) => reachedSteps(clock, now, ladder).map((s) => s.key);

describe('parseLadder', () => {
  it('parses the default ladder into four steps', () => {
    expect(ladder).toEqual([
      { key: '72h', hoursBefore: 72, role: 'handler', severity: 'warning' },
      { key: '24h', hoursBefore: 24, role: 'branch_head', severity: 'warning' },
      { key: '0h', hoursBefore: 0, role: 'region_manager', severity: 'critical' },
      { key: 'overdue', hoursBefore: null, role: 'leadership', severity: 'critical' },
    ]);
  });
  it('tolerates spaces around steps and a trailing comma', () => {
    expect(parseLadder(' 48h=handler , overdue=leadership, ')?.map((s) => s.key)).toEqual(['48h', 'overdue']);
  });
  it.each([
    ['', 'empty'],
    [' , ', 'only separators'],
    ['72h=ceo', 'an unknown role'],
    ['72=handler', 'no unit'],
    ['-1h=handler', 'a negative hour'],
    ['72m=handler', 'minutes'],
    ['12345h=handler', 'five digits'],
    ['72h handler', 'no equals sign'],
    ['72h = handler', 'spaces inside a step'],
    ['72h=handler,72h=branch_head', 'a repeated step'],
    ['overdue=leadership,overdue=handler', 'a repeated overdue'],
    ['late=leadership', 'an unknown step'],
  ])('rejects %j (%s)', (text) => {
    expect(parseLadder(text)).toBeUndefined();
  });
});

describe('reachedSteps', () => {
  it('reaches nothing more than 72 h before the deadline', () => {
    expect(keys(new Date(DUE.getTime() - 72 * HOUR - 1000))).toEqual([]);
  });
  it('reaches the handler at exactly 72 h', () => {
    expect(keys(new Date(DUE.getTime() - 72 * HOUR))).toEqual(['72h']);
  });
  it('reaches the branch head at exactly 24 h', () => {
    expect(keys(new Date(DUE.getTime() - 24 * HOUR - 1000))).toEqual(['72h']);
    expect(keys(new Date(DUE.getTime() - 24 * HOUR))).toEqual(['72h', '24h']);
  });
  it('reaches the region manager at the deadline (23:59:59), not yet the leadership', () => {
    expect(keys(DUE)).toEqual(['72h', '24h', '0h']);
  });
  it('reaches the leadership one second after the deadline', () => {
    expect(keys(at('2026-11-17 00:00:00'))).toEqual(['72h', '24h', '0h', 'overdue']);
  });
  it('reaches 72h and 24h at once for a backdated complaint 10 h from its deadline', () => {
    const settings = { timeZone: 'Asia/Shanghai', ...DEFAULT_CLOCK_SETTINGS };
    const now = new Date(DUE.getTime() - 10 * HOUR); // a regulator transfer received 11-01, taken in on 11-16
    const clock = computeClock({ receivedAt: at('2026-11-01 09:00:00'), events: [], decidedAt: null }, now, settings, createWorkingCalendar([]));
    expect(clock.decisionDueAt).toEqual(DUE);
    expect(reachedSteps(clock, now, ladder).map((s) => s.role)).toEqual(['handler', 'branch_head']);
  });
  it('reaches nothing while paused or once decided, even overdue', () => {
    const late = at('2026-11-20 00:00:00');
    expect(keys(late, { ...open, paused: true })).toEqual([]);
    expect(keys(late, { ...open, decided: true })).toEqual([]);
  });
});

describe('stageKeyOf', () => {
  const step = ladder[0]!;
  it('names the period start, the stage and the step', () => {
    expect(stageKeyOf({ startDay: '2026-11-01', stage: 15 }, step)).toBe('2026-11-01/15:72h');
  });
  it('differs after an extension, so the ladder starts again', () => {
    const keysOf = (stage: 15 | 30 | 60) => stageKeyOf({ startDay: '2026-11-01', stage }, step);
    expect(new Set([keysOf(15), keysOf(30), keysOf(60)]).size).toBe(3);
  });
  it('differs after a restart on new facts (a new start day)', () => {
    expect(stageKeyOf({ startDay: '2026-11-20', stage: 15 }, step)).not.toBe(stageKeyOf({ startDay: '2026-11-01', stage: 15 }, step));
  });
  it('differs from step to step', () => {
    expect(new Set(ladder.map((s) => stageKeyOf({ startDay: '2026-11-01', stage: 15 }, s))).size).toBe(ladder.length);
  });
});
