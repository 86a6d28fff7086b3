import { describe, expect, it } from 'vitest';
import { interpolate } from '../i18n/interpolate.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import { countdownOf, firstContactOf, splitDuration } from './countdown.ts';

const DUE = '2026-11-16T15:59:59.000Z'; // 2026-11-16 23:59:59 in Shanghai
const open = { status: 'in_progress', clockState: 'on_track', decisionDueAt: DUE, decidedOnTime: null, mergedIntoId: null } as const;
const at = (iso: string) => new Date(iso);
const zh = (text: ReturnType<typeof countdownOf>) => interpolate(zhCN[text.key], text.params);

describe('splitDuration', () => {
  it('rounds down to whole minutes', () => {
    expect(splitDuration(2 * 86_400_000 + 5 * 3_600_000 + 59 * 60_000 + 59_000)).toEqual({ days: 2, hours: 5, minutes: 59 });
  });

  it('treats a negative span as nothing', () => {
    expect(splitDuration(-5_000)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});

describe('countdownOf', () => {
  it('shows days and hours left while a day or more remains', () => {
    expect(zh(countdownOf(open, at('2026-11-14T10:59:59Z')))).toBe('剩余 2 天 5 小时');
  });

  // Boundary triplet around one day left.
  it('switches to hours and minutes below one day', () => {
    expect(zh(countdownOf(open, at('2026-11-15T15:58:59Z')))).toBe('剩余 1 天 0 小时');
    expect(zh(countdownOf(open, at('2026-11-15T15:59:59Z')))).toBe('剩余 1 天 0 小时');
    expect(zh(countdownOf(open, at('2026-11-15T16:00:59Z')))).toBe('剩余 23 小时 59 分');
  });

  it('shows minutes in the last hour', () => {
    expect(zh(countdownOf({ ...open, clockState: 'due_soon' }, at('2026-11-16T15:20:59Z')))).toBe('剩余 39 分钟');
  });

  it('counts the time over once the deadline has passed', () => {
    expect(zh(countdownOf({ ...open, clockState: 'overdue' }, at('2026-11-16T19:10:00Z')))).toBe('已超时 3 小时 10 分');
    expect(zh(countdownOf({ ...open, clockState: 'overdue' }, at('2026-11-18T19:00:00Z')))).toBe('已超时 2 天 3 小时');
  });

  it('trusts an overdue clock state even a moment before the browser thinks the deadline passed', () => {
    expect(countdownOf({ ...open, clockState: 'overdue' }, at('2026-11-16T15:59:58Z')).key).toBe('complaints.countdown.overdueMinutes');
  });

  it('does not count while the clock is paused', () => {
    expect(countdownOf({ ...open, clockState: 'paused' }, at('2026-11-20T00:00:00Z')).key).toBe('complaints.countdown.paused');
  });

  it('says whether a decided or closed complaint was decided on time', () => {
    expect(zh(countdownOf({ ...open, status: 'decided', decidedOnTime: true }, at('2026-11-20T00:00:00Z')))).toBe('已按时办结');
    expect(zh(countdownOf({ ...open, status: 'closed', decidedOnTime: false }, at('2026-11-20T00:00:00Z')))).toBe('超时办结');
  });

  it('says a merged complaint no longer runs its own clock', () => {
    expect(countdownOf({ ...open, status: 'closed', mergedIntoId: 7 }, at('2026-11-20T00:00:00Z')).key).toBe('complaints.countdown.merged');
  });
});

describe('firstContactOf', () => {
  const due = { firstContactDueAt: '2026-11-02T15:59:59.000Z' };

  it('is met when contact came by the target time, late when after', () => {
    expect(firstContactOf({ ...due, firstContactAt: '2026-11-02T15:59:59.000Z' }, at('2026-11-05T00:00:00Z'))).toBe('met');
    expect(firstContactOf({ ...due, firstContactAt: '2026-11-02T16:00:00.000Z' }, at('2026-11-05T00:00:00Z'))).toBe('late');
  });

  it('is pending before the target time and missed after it without contact', () => {
    expect(firstContactOf({ ...due, firstContactAt: null }, at('2026-11-02T15:59:59Z'))).toBe('pending');
    expect(firstContactOf({ ...due, firstContactAt: null }, at('2026-11-02T16:00:00Z'))).toBe('missed');
  });
});
