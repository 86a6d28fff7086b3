/**
 * When a Feishu card must be re-sent (ADR 0024). Feishu lets an app update — and users click — a
 * card for 14 days after it was sent: "仅支持更新 14 天内发送的消息" (im-v1 message patch,
 * 使用限制) and "发送卡片后，支持在 14 天内更新卡片" (feishu-cards/update-feishu-card). Subjects
 * live longer (complaint clocks run 15–60 days), so a card still about an open subject is re-sent
 * before then, and a redraw that arrives too late re-sends instead of being refused.
 */

export const FEISHU_UPDATE_WINDOW_MS = 14 * 86_400_000;
/** A retirement (the old card's last update) is queued only while this much of the window is left. */
export const RETIRE_MARGIN_MS = 10 * 60_000;
/** The template that retires a replaced card: no buttons, "此卡片已更新，请使用最新卡片". */
export const RETIRED_CARD_TEMPLATE = 'card.retired';
export const DEFAULT_REFRESH_AFTER_DAYS = 13;

/** Cards sent at or before this instant are due for a fresh copy. */
export function refreshCutoff(now: Date, refreshAfterDays: number): Date {
  return new Date(now.getTime() - refreshAfterDays * 86_400_000);
}

/** Whether Feishu would still accept an update of a card sent at `sentAt` (with `marginMs` to spare). */
export function insideUpdateWindow(sentAt: Date | null, now: Date, marginMs = 0): boolean {
  return sentAt !== null && now.getTime() - sentAt.getTime() < FEISHU_UPDATE_WINDOW_MS - marginMs;
}

/**
 * Whether a refused update was refused for the card's age. Feishu documents the 14-day limit but
 * not its error code; our fake answers 230031 (tests/fakes/feishu/README.md, "Guessed"). The age
 * check before sending is what we rely on; this catches a clock that disagrees with Feishu's.
 */
export function isUpdateWindowRefusal(message: string, sentAt: Date | null, now: Date): boolean {
  if (/\bcode 230031\b/.test(message) || /within 14 days/i.test(message)) return true;
  return !insideUpdateWindow(sentAt, now, RETIRE_MARGIN_MS) && /\bcode 2300\d\d\b/.test(message);
}

/** The subject kinds whose cards carry buttons while the subject is open, and what "open" is. */
export const LIVE_SUBJECT_KINDS = ['complaint', 'rectification', 'nomination', 'care'] as const;
