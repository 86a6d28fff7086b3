import type { WallComplaint, WallComplaints } from '$contract';
import { countdownOf, type CountdownText } from '../complaints/countdown.ts';
import { zhCN, type MessageKey } from '../i18n/zh-CN.ts';

/**
 * The pure half of the wall's complaint-clock strip: what each item shows at `now` and the counts
 * of the strip's header. The server states each complaint's clock as of its last reading; the
 * wall's ticker moves on between readings, so a deadline that has just passed shows as overdue
 * before the server says so (the server re-reads the scope when a ladder step is reached).
 */

/** How many complaints the strip shows at most (the server sends as many). */
export const STRIP_ITEMS = 12;

export type StripClock = WallComplaint['clockState'];

/** The clock of `item` at `now`: overdue once its deadline has passed, unless the clock is paused. */
export function clockAt(item: Pick<WallComplaint, 'clockState' | 'decisionDueAt'>, now: Date): StripClock {
  if (item.clockState === 'paused' || item.clockState === 'overdue') return item.clockState;
  return Date.parse(item.decisionDueAt) < now.getTime() ? 'overdue' : item.clockState;
}

export interface StripCounts {
  overdue: number;
  dueSoon: number;
  paused: number;
  /** Every open complaint of the scope, whatever its clock. */
  total: number;
}

/**
 * The header's counts at `now`: the server's, with every strip item whose deadline has passed
 * since moved to overdue (the strip holds the most at risk, so those that cross first).
 */
export function countsAt(complaints: Pick<WallComplaints, 'open' | 'strip'>, now: Date): StripCounts {
  let { overdue, dueSoon } = complaints.open;
  for (const item of complaints.strip) {
    if (item.clockState === 'paused' || item.clockState === 'overdue' || clockAt(item, now) !== 'overdue') continue;
    overdue += 1;
    if (item.clockState === 'due_soon') dueSoon = Math.max(0, dueSoon - 1);
  }
  return { overdue, dueSoon, paused: complaints.open.paused, total: complaints.open.total };
}

/** What the item's countdown says at `now` (剩余 2 天 5 小时, 已超时 3 小时 10 分, 计时已暂停). */
export function countdownAt(item: Pick<WallComplaint, 'clockState' | 'decisionDueAt' | 'status'>, now: Date): CountdownText {
  return countdownOf({ status: item.status, clockState: item.clockState, decisionDueAt: item.decisionDueAt, decidedOnTime: null, mergedIntoId: null }, now);
}

/** The words for a category on the wall, or undefined for a code this build has none for (shown as sent). */
export function categoryKey(category: string): MessageKey | undefined {
  const key = `wall.complaints.category.${category}`;
  return Object.hasOwn(zhCN, key) ? (key as MessageKey) : undefined;
}
