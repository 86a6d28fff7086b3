import { describe, expect, it } from 'vitest';
import {
  CHANNEL_LIMITS, SlidingWindows, chatKeyOf, limitChecks, parseQuietHours, quietUntil, retryDelayMs, spreadFromPeaks, type Window,
} from './outbox.rules.ts';

const T0 = Date.parse('2026-03-10T02:00:00Z');
const chat = (recipient: string) => ({ channel: 'feishu' as const, recipientKind: 'chat' as const, recipient });

describe('SlidingWindows.reserve with the Feishu limits', () => {
  it('lets 4 messages a second into one chat and refuses the 5th until the first leaves the window', () => {
    const windows = new SlidingWindows();
    const checks = limitChecks(chat('oc_1'));
    for (let i = 0; i < 4; i++) expect(windows.reserve(checks, T0)).toBe(0);
    const wait = windows.reserve(checks, T0 + 10);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1_000);
    expect(windows.reserve(checks, T0 + 999)).toBeGreaterThan(0);
    expect(windows.reserve(checks, T0 + 10 + wait)).toBe(0);
  });

  it('waits for the oldest stamp that matters when sends were spread over the second', () => {
    const windows = new SlidingWindows();
    const checks = limitChecks(chat('oc_1'));
    for (const at of [0, 100, 200, 300]) expect(windows.reserve(checks, T0 + at)).toBe(0);
    const wait = windows.reserve(checks, T0 + 500);
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThanOrEqual(501);
    expect(windows.reserve(checks, T0 + 500 + wait)).toBe(0);
    // Now 100, 200, 300 and the new one are inside: the next slot frees when 100 leaves.
    const second = windows.reserve(checks, T0 + 500 + wait);
    expect(T0 + 500 + wait + second).toBeGreaterThanOrEqual(T0 + 1_100);
    expect(windows.reserve(checks, T0 + 500 + wait + second)).toBe(0);
  });

  it('keeps chats apart: a full chat does not hold back another', () => {
    const windows = new SlidingWindows();
    for (let i = 0; i < 4; i++) windows.reserve(limitChecks(chat('oc_1')), T0);
    expect(windows.reserve(limitChecks(chat('oc_1')), T0)).toBeGreaterThan(0);
    expect(windows.reserve(limitChecks(chat('oc_2')), T0)).toBe(0);
  });

  it('lets 40 messages a second out of the app across chats and refuses the 41st', () => {
    const windows = new SlidingWindows();
    for (let i = 0; i < 40; i++) expect(windows.reserve(limitChecks(chat(`oc_${i}`)), T0)).toBe(0);
    const wait = windows.reserve(limitChecks(chat('oc_new')), T0);
    expect(wait).toBeGreaterThan(0);
    expect(windows.reserve(limitChecks(chat('oc_new')), T0 + 999)).toBeGreaterThan(0);
    expect(windows.reserve(limitChecks(chat('oc_new')), T0 + wait)).toBe(0);
  });

  it('lets 900 messages a minute out of the app and refuses the 901st until a minute after the first', () => {
    const windows = new SlidingWindows();
    for (let i = 0; i < 900; i++) expect(windows.reserve(limitChecks(chat(`oc_${i}`)), T0 + Math.floor(i / 40) * 1_000)).toBe(0);
    const last = T0 + 22_000; // 20 sends in this second: the per-second window has room, the minute has none
    const wait = windows.reserve(limitChecks(chat('oc_new')), last);
    expect(wait).toBeGreaterThanOrEqual(38_000);
    expect(wait).toBeLessThanOrEqual(38_001);
    expect(windows.reserve(limitChecks(chat('oc_new')), T0 + 59_999)).toBeGreaterThan(0);
    expect(windows.reserve(limitChecks(chat('oc_new')), last + wait)).toBe(0);
  });

  it('reserves in every key or none: a refused send takes no app slot', () => {
    const windows = new SlidingWindows();
    for (let i = 0; i < 4; i++) windows.reserve(limitChecks(chat('oc_busy')), T0);
    for (let i = 0; i < 10; i++) expect(windows.reserve(limitChecks(chat('oc_busy')), T0)).toBeGreaterThan(0);
    // 4 app slots used; if the refusals had counted, fewer than 36 would remain.
    for (let i = 0; i < 36; i++) expect(windows.reserve(limitChecks(chat(`oc_${i}`)), T0)).toBe(0);
    expect(windows.reserve(limitChecks(chat('oc_late')), T0)).toBeGreaterThan(0);
  });

  it('does not charge the first key when the second refuses', () => {
    const one: Window[] = [{ max: 1, windowMs: 1_000 }];
    const windows = new SlidingWindows();
    expect(windows.reserve([{ key: 'b', windows: one }], T0)).toBe(0);
    expect(windows.reserve([{ key: 'a', windows: one }, { key: 'b', windows: one }], T0)).toBeGreaterThan(0);
    expect(windows.reserve([{ key: 'a', windows: one }], T0)).toBe(0);
  });

  it('returns the wait of the tightest window when several are full', () => {
    const windows = new SlidingWindows();
    const checks = [{ key: 'k', windows: [{ max: 1, windowMs: 1_000 }, { max: 2, windowMs: 10_000 }] }];
    expect(windows.reserve(checks, T0)).toBe(0);
    expect(windows.reserve(checks, T0 + 2_000)).toBe(0);
    const wait = windows.reserve(checks, T0 + 3_000);
    expect(T0 + 3_000 + wait).toBeGreaterThanOrEqual(T0 + 10_000);
    expect(windows.reserve(checks, T0 + 3_000 + wait)).toBe(0);
  });

  it('never limits the console', () => {
    const windows = new SlidingWindows();
    const checks = limitChecks({ channel: 'console', recipientKind: 'staff', recipient: 'S1' });
    for (let i = 0; i < 1_000; i++) expect(windows.reserve(checks, T0)).toBe(0);
  });
});

describe('retryDelayMs', () => {
  it.each([
    [1, 1_000, 2_000], [2, 2_000, 4_000], [3, 4_000, 8_000], [5, 16_000, 32_000], [8, 128_000, 256_000], [9, 150_000, 300_000],
  ])('attempt %i waits between %i and %i ms', (attempts, low, high) => {
    expect(retryDelayMs(attempts, 0)).toBe(low);
    expect(retryDelayMs(attempts, 1)).toBe(high);
    const middle = retryDelayMs(attempts, 0.5);
    expect(middle).toBeGreaterThan(low);
    expect(middle).toBeLessThan(high);
  });

  it('never waits more than 5 minutes however many attempts', () => {
    for (const attempts of [10, 20, 100, 5_000]) expect(retryDelayMs(attempts, 1)).toBe(300_000);
  });

  it("lets the platform's retry-after win when it is longer, and only then", () => {
    expect(retryDelayMs(1, 0.5, 600_000)).toBe(600_000);
    expect(retryDelayMs(5, 1, 1_000)).toBe(32_000);
  });
});

describe('parseQuietHours', () => {
  it('reads HH:MM-HH:MM as minutes of the day', () => {
    expect(parseQuietHours('22:00-08:00')).toEqual({ start: 1_320, end: 480 });
    expect(parseQuietHours('00:00-23:59')).toEqual({ start: 0, end: 1_439 });
    expect(parseQuietHours('12:30-13:45')).toEqual({ start: 750, end: 825 });
  });

  it.each([null, undefined, '', '24:00-08:00', '22:60-08:00', '22:00-08:60', '9:00-10:00', '22:00~08:00', ' 22:00-08:00', '22:00-08:00 ', '22:00'])(
    'refuses %j', (text) => expect(parseQuietHours(text)).toBeUndefined(),
  );
});

describe('quietUntil (Asia/Shanghai, UTC+8)', () => {
  const zone = 'Asia/Shanghai';
  const night = { start: 22 * 60, end: 8 * 60 };
  const lunch = { start: 12 * 60, end: 14 * 60 };
  const at = (iso: string) => new Date(iso);

  it.each([
    ['22:00 sharp', '2026-03-10T14:00:00.000Z', '2026-03-11T00:00:00.000Z'],
    ['23:30:45 before midnight', '2026-03-10T15:30:45.123Z', '2026-03-11T00:00:00.000Z'],
    ['02:45 after midnight', '2026-03-10T18:45:30.500Z', '2026-03-11T00:00:00.000Z'],
    ['07:59:59.999', '2026-03-10T23:59:59.999Z', '2026-03-11T00:00:00.000Z'],
  ])('holds a message at %s until 08:00 bank time', (_, when, until) => {
    expect(quietUntil(at(when), night, zone).toISOString()).toBe(until);
  });

  it.each([
    ['08:00 sharp', '2026-03-11T00:00:00.000Z'],
    ['12:00', '2026-03-11T04:00:00.000Z'],
    ['21:59:59', '2026-03-11T13:59:59.000Z'],
  ])('lets a message at %s go at once', (_, when) => {
    expect(quietUntil(at(when), night, zone).toISOString()).toBe(when);
  });

  it('handles a window that does not wrap midnight', () => {
    expect(quietUntil(at('2026-03-10T05:15:20Z'), lunch, zone).toISOString()).toBe('2026-03-10T06:00:00.000Z');
    expect(quietUntil(at('2026-03-10T04:00:00Z'), lunch, zone).toISOString()).toBe('2026-03-10T06:00:00.000Z');
    expect(quietUntil(at('2026-03-10T06:00:00Z'), lunch, zone).toISOString()).toBe('2026-03-10T06:00:00.000Z');
    expect(quietUntil(at('2026-03-10T03:59:00Z'), lunch, zone).toISOString()).toBe('2026-03-10T03:59:00.000Z');
    expect(quietUntil(at('2026-03-10T15:00:00Z'), lunch, zone).toISOString()).toBe('2026-03-10T15:00:00.000Z');
  });

  it('reads bank midnight as minute 0, not 24:00', () => {
    const early = { start: 0, end: 6 * 60 };
    expect(quietUntil(at('2026-03-10T16:00:00Z'), early, zone).toISOString()).toBe('2026-03-10T22:00:00.000Z');
    expect(quietUntil(at('2026-03-10T15:59:59Z'), early, zone).toISOString()).toBe('2026-03-10T15:59:59.000Z');
  });

  it('does nothing without quiet hours or with an empty window', () => {
    const when = at('2026-03-10T15:30:00Z');
    expect(quietUntil(when, undefined, zone)).toBe(when);
    expect(quietUntil(when, { start: 600, end: 600 }, zone)).toBe(when);
  });
});

describe('spreadFromPeaks', () => {
  const delta = (iso: string, key: string) => spreadFromPeaks(new Date(iso), key).getTime() - Date.parse(iso);
  const keys = Array.from({ length: 50 }, (_, i) => `complaint:${i}:stage:1:ou_${i}`);

  it.each(['2026-03-10T02:00:00Z', '2026-03-10T02:00:59Z', '2026-03-10T02:01:30Z', '2026-03-10T02:30:10Z', '2026-03-10T02:31:59Z'])(
    'moves a message due at %s 2–4 minutes later', (iso) => {
      for (const key of keys) {
        expect(delta(iso, key)).toBeGreaterThanOrEqual(120_000);
        expect(delta(iso, key)).toBeLessThan(240_000);
      }
    },
  );

  it('moves a message due in the minute before a peak past it too', () => {
    for (const iso of ['2026-03-10T02:29:00Z', '2026-03-10T02:59:59Z']) {
      for (const key of keys) {
        const moved = spreadFromPeaks(new Date(iso), key);
        expect(moved.getTime()).toBeGreaterThan(Date.parse(iso) + 120_000);
        expect([2, 3, 4]).toContain(moved.getUTCMinutes() % 30);
      }
    }
  });

  it('never lands in a peak minute', () => {
    for (const iso of ['2026-03-10T02:29:00Z', '2026-03-10T02:00:00Z', '2026-03-10T02:01:59.999Z']) {
      for (const key of keys) expect([29, 0, 1]).not.toContain(spreadFromPeaks(new Date(iso), key).getUTCMinutes() % 30);
    }
  });

  it('is deterministic per key and spreads different keys apart', () => {
    const iso = '2026-03-10T02:00:00Z';
    expect(delta(iso, 'a')).toBe(delta(iso, 'a'));
    expect(new Set(keys.map((k) => delta(iso, k))).size).toBeGreaterThan(40);
  });

  it.each(['2026-03-10T02:02:00Z', '2026-03-10T02:15:00Z', '2026-03-10T02:28:59Z', '2026-03-10T02:32:00Z', '2026-03-10T02:58:30Z'])(
    'leaves %s alone', (iso) => expect(spreadFromPeaks(new Date(iso), 'k').toISOString()).toBe(new Date(iso).toISOString()),
  );
});

describe('limitChecks and chatKeyOf', () => {
  it('checks the app windows and the chat windows of a Feishu row', () => {
    expect(limitChecks(chat('oc_1'))).toEqual([
      { key: 'app:feishu', windows: CHANNEL_LIMITS.feishu.app },
      { key: 'feishu:chat:oc_1', windows: CHANNEL_LIMITS.feishu.chat },
    ]);
    expect(CHANNEL_LIMITS.feishu).toEqual({ app: [{ max: 40, windowMs: 1_000 }, { max: 900, windowMs: 60_000 }], chat: [{ max: 4, windowMs: 1_000 }] });
  });

  it('keeps a person and a chat with the same id apart, and channels apart', () => {
    const staff = chatKeyOf({ channel: 'feishu', recipientKind: 'staff', recipient: 'x' });
    expect(staff).toBe('feishu:staff:x');
    expect(staff).not.toBe(chatKeyOf({ channel: 'feishu', recipientKind: 'chat', recipient: 'x' }));
    expect(chatKeyOf({ channel: 'wecom', recipientKind: 'chat', recipient: 'x' })).toBe('wecom:chat:x');
  });

  it('limits a WeCom robot to 18 a minute', () => {
    const windows = new SlidingWindows();
    const checks = limitChecks({ channel: 'wecom', recipientKind: 'chat', recipient: 'https://qyapi.weixin.qq.com/x' });
    for (let i = 0; i < 18; i++) expect(windows.reserve(checks, T0 + i * 1_000)).toBe(0);
    const wait = windows.reserve(checks, T0 + 18_000);
    expect(T0 + 18_000 + wait).toBeGreaterThanOrEqual(T0 + 60_000);
    expect(windows.reserve(checks, T0 + 18_000 + wait)).toBe(0);
  });
});
