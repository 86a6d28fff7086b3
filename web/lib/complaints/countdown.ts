import type { ComplaintView } from '$contract';
import type { MessageKey } from '../i18n/zh-CN.ts';

export interface CountdownText {
  key: MessageKey;
  params?: Record<string, number>;
}

const MINUTE = 60_000;

/** Whole days, hours and minutes in a span (rounded down: 2 d 5 h 59 min is not yet 2 d 6 h). */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/**
 * What the statutory clock says at `now`: time left (剩余 2 天 5 小时), time over (已超时 3 小时
 * 10 分), or why it does not run (paused, decided, merged). The largest two units are shown.
 */
export function countdownOf(
  c: Pick<ComplaintView, 'status' | 'clockState' | 'decisionDueAt' | 'decidedOnTime' | 'mergedIntoId'>,
  now: Date,
): CountdownText {
  if (c.mergedIntoId !== null) return { key: 'complaints.countdown.merged' };
  if (c.status === 'decided' || c.status === 'closed') {
    return { key: c.decidedOnTime === false ? 'complaints.countdown.decidedLate' : 'complaints.countdown.decidedOnTime' };
  }
  if (c.clockState === 'paused') return { key: 'complaints.countdown.paused' };
  const left = Date.parse(c.decisionDueAt) - now.getTime();
  const isOverdue = left < 0 || c.clockState === 'overdue';
  const { days, hours, minutes } = splitDuration(Math.abs(left));
  const prefix = isOverdue ? 'complaints.countdown.overdue' : 'complaints.countdown.left';
  if (days > 0) return { key: `${prefix}Days`, params: { days, hours } };
  if (hours > 0) return { key: `${prefix}Hours`, params: { hours, minutes } };
  return { key: `${prefix}Minutes`, params: { minutes } };
}

export type FirstContact = 'met' | 'late' | 'pending' | 'missed';

/** The internal first-contact target: met or late once contacted; pending, or missed once its time has passed. */
export function firstContactOf(c: Pick<ComplaintView, 'firstContactAt' | 'firstContactDueAt'>, now: Date): FirstContact {
  const due = Date.parse(c.firstContactDueAt);
  if (c.firstContactAt) return Date.parse(c.firstContactAt) <= due ? 'met' : 'late';
  return now.getTime() > due ? 'missed' : 'pending';
}
