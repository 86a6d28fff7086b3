/**
 * The dispatcher's pure rules: platform limits, backoff, quiet hours, peak spreading and digests.
 * Times are plain numbers (ms) or Dates passed in; nothing here reads a clock.
 */
import type { OutboxChannel, OutboxRow } from './outbox.types.ts';

export interface Window {
  max: number;
  windowMs: number;
}

/**
 * Limits we keep, a margin below each platform's: Feishu allows 50/s and 1,000/min per app and 5/s
 * per chat or user; WeCom and DingTalk robots 20/min each (DingTalk then blocks for 10 minutes).
 */
export const CHANNEL_LIMITS: Record<OutboxChannel, { app: Window[]; chat: Window[] }> = {
  feishu: { app: [{ max: 40, windowMs: 1_000 }, { max: 900, windowMs: 60_000 }], chat: [{ max: 4, windowMs: 1_000 }] },
  wecom: { app: [], chat: [{ max: 18, windowMs: 60_000 }] },
  dingtalk: { app: [], chat: [{ max: 18, windowMs: 60_000 }] },
  console: { app: [], chat: [] },
};

/**
 * Sliding-window counters per key. `reserve` takes a slot in every window of every key or none,
 * and otherwise says how long to wait for the tightest one.
 */
export class SlidingWindows {
  readonly #stamps = new Map<string, number[]>();

  reserve(checks: Array<{ key: string; windows: Window[] }>, now: number): number {
    let wait = 0;
    for (const { key, windows } of checks) {
      const stamps = this.#prune(key, now, windows);
      for (const w of windows) {
        const inWindow = stamps.filter((t) => t > now - w.windowMs);
        if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max]! + w.windowMs - now + 1);
      }
    }
    if (wait > 0) return wait;
    for (const { key, windows } of checks) if (windows.length > 0) this.#stamps.get(key)!.push(now);
    return 0;
  }

  #prune(key: string, now: number, windows: Window[]): number[] {
    const longest = Math.max(0, ...windows.map((w) => w.windowMs));
    const kept = (this.#stamps.get(key) ?? []).filter((t) => t > now - longest);
    this.#stamps.set(key, kept);
    return kept;
  }
}

export const MAX_ATTEMPTS = 8;

/**
 * Exponential backoff: a ceiling of 2 s doubling per attempt up to 5 min, the delay drawn between
 * half the ceiling and all of it (jitter that still grows); the platform's reset wins when longer.
 */
export function retryDelayMs(attempts: number, random: number, retryAfterMs?: number): number {
  const ceiling = Math.min(300_000, 2_000 * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(ceiling / 2 + (ceiling / 2) * random);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** `22:00-08:00` → minutes of the day; AppError-free so config and bindings can both use it. */
export function parseQuietHours(text: string | null | undefined): { start: number; end: number } | undefined {
  if (!text) return undefined;
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return undefined;
  return { start: h1 * 60 + m1, end: h2 * 60 + m2 };
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function minuteOfDay(at: Date, timeZone: string): number {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    partsFormatters.set(timeZone, format);
  }
  const [hour, minute] = format.format(at).split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

/**
 * When a message may go out, given quiet hours (bank time): `at` itself outside them, else the
 * end of the quiet period. A period may wrap midnight (22:00-08:00).
 */
export function quietUntil(at: Date, quiet: { start: number; end: number } | undefined, timeZone: string): Date {
  if (!quiet || quiet.start === quiet.end) return at;
  const minute = minuteOfDay(at, timeZone);
  const inside = quiet.start < quiet.end ? minute >= quiet.start && minute < quiet.end : minute >= quiet.start || minute < quiet.end;
  if (!inside) return at;
  const minutesLeft = (quiet.end - minute + 1440) % 1440;
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  return new Date(startOfMinute + minutesLeft * 60_000);
}

/**
 * Feishu asks apps not to burst at :00 and :30, when every scheduled job in the country fires.
 * A non-urgent message due in the minute around either moves 2–4 minutes later, spread by its key.
 */
export function spreadFromPeaks(at: Date, key: string): Date {
  const minute = at.getUTCMinutes() % 30; // whole and half hours are the same in every zone we serve
  if (minute !== 29 && minute !== 0 && minute !== 1) return at;
  const offset = 120_000 + (hash(key) % 120_000);
  return new Date(at.getTime() + (minute === 29 ? 60_000 : 0) + offset);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export const DIGEST_THRESHOLD = 3;
/** How long a digestible alert waits for others to the same chat before it goes out alone. */
export const DIGEST_WINDOW_MS = 2_000;
export const DIGEST_MAX_ITEMS = 50;

/** The key of the chat a row goes to, for per-chat limits and digests. */
export const chatKeyOf = (row: Pick<OutboxRow, 'channel' | 'recipientKind' | 'recipient'>): string => `${row.channel}:${row.recipientKind}:${row.recipient}`;

/** The limit checks a send must pass: the app's windows and the chat's (or person's). */
export function limitChecks(row: Pick<OutboxRow, 'channel' | 'recipientKind' | 'recipient'>): Array<{ key: string; windows: Window[] }> {
  const limits = CHANNEL_LIMITS[row.channel];
  return [
    { key: `app:${row.channel}`, windows: limits.app },
    { key: chatKeyOf(row), windows: limits.chat },
  ];
}
