/**
 * Sliding-window rate limiting and bookkeeping for the fake Feishu Open API.
 *
 * Feishu documents its IM limits as "N requests per second / per minute" (send, reply, patch and
 * delayed card update: 50/s and 1000/min per app; 5/s per group chat; 5/s per p2p user). The fake
 * enforces them on a sliding window over ACCEPTED requests only: a rejected request does not
 * extend the lock-out, so `x-ogw-ratelimit-reset` is an exact "wait this long and it will pass",
 * and a test can assert that a well-behaved client never saw a single 99991400.
 */

export const APP_PER_SECOND = 50;
export const APP_PER_MINUTE = 1000;
export const CHAT_PER_SECOND = 5;
export const USER_PER_SECOND = 5;

/** Timestamps (ms) of accepted requests in one scope, oldest first. */
export class SlidingWindow {
  private readonly hits: number[] = [];

  constructor(private readonly horizonMs: number) {}

  /** Requests inside (now - horizon, now]. Drops what fell out so memory stays bounded. */
  count(now: number): number {
    while (this.hits.length > 0 && this.hits[0]! <= now - this.horizonMs) this.hits.shift();
    return this.hits.length;
  }

  add(now: number): void {
    this.hits.push(now);
  }

  /** Whole seconds until one slot frees up; Feishu's header is an integer, never 0. */
  resetSeconds(now: number): number {
    const oldest = this.hits[0] ?? now;
    return Math.max(1, Math.ceil((oldest + this.horizonMs - now) / 1000));
  }
}

export interface RateDecision {
  ok: boolean;
  /** The limit that tripped (value of `x-ogw-ratelimit-limit`). */
  limit?: number;
  resetSeconds?: number;
}

/** Where a message call lands: a group chat (by chat_id) or a p2p user (by open_id). */
export interface RateTarget {
  chatId?: string;
  userOpenId?: string;
}

export interface RateStats {
  maxPerSecondApp: number;
  maxPerMinuteApp: number;
  maxPerSecondByChat: Record<string, number>;
  maxPerSecondByUser: Record<string, number>;
}

export class RateLimiter {
  private readonly appSecond = new SlidingWindow(1000);
  private readonly appMinute = new SlidingWindow(60_000);
  private readonly chats = new Map<string, SlidingWindow>();
  private readonly users = new Map<string, SlidingWindow>();
  private readonly maxima: RateStats = { maxPerSecondApp: 0, maxPerMinuteApp: 0, maxPerSecondByChat: {}, maxPerSecondByUser: {} };

  /** Checks every scope first, then records the hit in all of them only if all pass. */
  tryAcquire(now: number, target: RateTarget): RateDecision {
    const chat = target.chatId ? window(this.chats, target.chatId, 1000) : undefined;
    const user = target.userOpenId ? window(this.users, target.userOpenId, 1000) : undefined;
    const checks: Array<[SlidingWindow | undefined, number]> = [
      [this.appSecond, APP_PER_SECOND], [this.appMinute, APP_PER_MINUTE],
      [chat, CHAT_PER_SECOND], [user, USER_PER_SECOND],
    ];
    for (const [w, limit] of checks) {
      if (w && w.count(now) >= limit) return { ok: false, limit, resetSeconds: w.resetSeconds(now) };
    }
    for (const [w] of checks) w?.add(now);
    const m = this.maxima;
    m.maxPerSecondApp = Math.max(m.maxPerSecondApp, this.appSecond.count(now));
    m.maxPerMinuteApp = Math.max(m.maxPerMinuteApp, this.appMinute.count(now));
    if (chat && target.chatId) m.maxPerSecondByChat[target.chatId] = Math.max(m.maxPerSecondByChat[target.chatId] ?? 0, chat.count(now));
    if (user && target.userOpenId) m.maxPerSecondByUser[target.userOpenId] = Math.max(m.maxPerSecondByUser[target.userOpenId] ?? 0, user.count(now));
    return { ok: true };
  }

  stats(): RateStats {
    return {
      ...this.maxima,
      maxPerSecondByChat: { ...this.maxima.maxPerSecondByChat },
      maxPerSecondByUser: { ...this.maxima.maxPerSecondByUser },
    };
  }
}

function window(map: Map<string, SlidingWindow>, key: string, horizonMs: number): SlidingWindow {
  let w = map.get(key);
  if (!w) map.set(key, (w = new SlidingWindow(horizonMs)));
  return w;
}
