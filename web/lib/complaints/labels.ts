import type { ComplaintView } from '$contract';
import { zhCN, type MessageKey } from '../i18n/zh-CN.ts';

/**
 * Words for the codes a complaint carries. The server sends some of them as free strings
 * (channel, category, an event's kind): a code this build has no words for is shown as sent.
 */
export type LabelGroup = 'status' | 'category' | 'channel' | 'severity' | 'clock' | 'event' | 'via' | 'pause' | 'inform' | 'field' | 'input';

export function labelKey(group: LabelGroup, value: string): MessageKey | undefined {
  const key = `complaints.${group}.${value}`;
  return Object.hasOwn(zhCN, key) ? (key as MessageKey) : undefined;
}

/** The badge colour of a clock state: red overdue, orange due soon, grey paused. */
export type ClockTone = 'bad' | 'warn' | 'paused' | 'good';
export const CLOCK_TONE: Record<ComplaintView['clockState'], ClockTone> = { overdue: 'bad', due_soon: 'warn', paused: 'paused', on_track: 'good' };

/** `user:bj-head` → `bj-head`; a staff member acting through the bot, a job or a key keeps its prefix. */
export function actorName(actor: string): string {
  return actor.startsWith('user:') ? actor.slice('user:'.length) : actor;
}
