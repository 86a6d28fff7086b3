import { describe, expect, it } from 'vitest';
import { FEISHU_UPDATE_WINDOW_MS, insideUpdateWindow, isUpdateWindowRefusal, refreshCutoff } from './card-refresh.rules.ts';

const NOW = new Date('2026-12-07T02:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe('card refresh rules', () => {
  it('a card sent 13 days ago is due for a fresh copy, one sent 12 days and 23 hours ago is not', () => {
    const cutoff = refreshCutoff(NOW, 13);
    expect(daysAgo(13).getTime() <= cutoff.getTime()).toBe(true);
    expect(new Date(daysAgo(13).getTime() + 3_600_000).getTime() <= cutoff.getTime()).toBe(false);
  });

  it('the update window is 14 days from the send, exclusive, with an optional margin', () => {
    expect(FEISHU_UPDATE_WINDOW_MS).toBe(14 * 24 * 3600 * 1000);
    expect(insideUpdateWindow(daysAgo(13.9), NOW)).toBe(true);
    expect(insideUpdateWindow(daysAgo(14), NOW)).toBe(false);
    expect(insideUpdateWindow(new Date(daysAgo(14).getTime() + 5 * 60_000), NOW, 10 * 60_000)).toBe(false);
    expect(insideUpdateWindow(null, NOW)).toBe(false);
  });

  it('tells a refusal for age from other refusals', () => {
    expect(isUpdateWindowRefusal('code 230031 (HTTP 400): The message can only be updated within 14 days of sending.', daysAgo(1), NOW)).toBe(true);
    expect(isUpdateWindowRefusal('code 230099 (HTTP 400): Failed to create card content', daysAgo(1), NOW)).toBe(false);
    // Another 2300xx code for a card our clock says is past the window: Feishu's clock wins.
    expect(isUpdateWindowRefusal('code 230001 (HTTP 400): invalid message_id', daysAgo(15), NOW)).toBe(true);
    expect(isUpdateWindowRefusal('code 99991400: rate limited', daysAgo(15), NOW)).toBe(false);
  });
});
