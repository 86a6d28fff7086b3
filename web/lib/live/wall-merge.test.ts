import { describe, expect, it } from 'vitest';
import type { FeedItem, KpiValues, WallSnapshot } from '$contract';
import { figuresOf, judgeSeq, MAX_FEED_ITEMS, mergeHourly, mergeKpiChanges, prependFeed, type HourlyKpis, type RankingItem } from './wall-merge.ts';

const values = (over: Partial<KpiValues> = {}): KpiValues => ({
  issued: 0, called: 0, finished: 0, evaluations: 0, serviceErrors: 0, satisfactionRate: null, participationRate: null,
  averageWaitSeconds: null, longWaitShare: null, averageHandlingSeconds: null, errorRate: null, serviceIndex: null, inspectionScore: null, rectificationOnTimeRate: null, careCompletionRate: null, ...over,
});
const hour = (utcHour: number, issued = 0): HourlyKpis => ({
  hour: `2026-11-28T${String(utcHour).padStart(2, '0')}:00:00.000Z`, kpis: values({ issued }), yesterday: values(),
});
const unit = (code: string, serviceIndex: number | null): RankingItem => ({
  scope: `region:${code}`, code, name: `${code}分行`, kind: 'region', kpis: values({ serviceIndex }), rank: null,
});
const feedItem = (id: string): FeedItem => ({ id, at: '2026-11-28T02:00:00.000Z', kind: 'low_rating', branchCode: 'BJ0101', branchName: '北京朝阳建国路网点', ticket: 'A001', value: 1 });

const snapshot: WallSnapshot = {
  scope: 'bank',
  seq: 7,
  at: '2026-11-28T02:30:00.000Z',
  kpis: {
    scope: 'bank', name: '示范银行总行', day: '2026-11-28', kpis: values({ issued: 3 }), targets: { satisfactionRate: 0.98 },
    comparison: { yesterday: values(), sameDayLastYear: values() }, hourly: [hour(0), hour(1, 1), hour(2, 2)], byBusiness: [],
  },
  ranking: { scope: 'bank', day: '2026-11-28', items: [unit('BJ', 85), unit('SH', 70)] },
  grid: [{ code: 'BJ0101', name: '北京朝阳建国路网点', regionCode: 'BJ01', serviceIndex: 85 }],
  feed: [feedItem('f1')],
  complaints: { open: { total: 0, onTrack: 0, dueSoon: 0, overdue: 0, paused: 0 }, onTimeRate: null, receivedToday: 0, per1000Branches: null, per10MCustomers: null, strip: [] },
};

describe('judgeSeq', () => {
  it('applies exactly the next number', () => {
    expect(judgeSeq(7, 8)).toBe('apply');
  });

  it('ignores a repeated or older number', () => {
    expect(judgeSeq(7, 7)).toBe('stale');
    expect(judgeSeq(7, 3)).toBe('stale');
  });

  it('reports a gap when a number was skipped', () => {
    expect(judgeSeq(7, 9)).toBe('gap');
    expect(judgeSeq(0, 5)).toBe('gap');
  });
});

describe('mergeKpiChanges', () => {
  const figures = figuresOf(snapshot);

  it('replaces the day figures and keeps every other part as it was', () => {
    const next = mergeKpiChanges(figures, { kpis: values({ issued: 4 }) });
    expect(next.kpis.issued).toBe(4);
    expect(next.targets).toBe(figures.targets);
    expect(next.hourly).toBe(figures.hourly);
    expect(next.ranking).toBe(figures.ranking);
    expect(next.comparison).toBe(figures.comparison);
  });

  it('replaces the whole ranking, order included, when one is sent', () => {
    const ranking = [unit('SH', 90), unit('BJ', 60)];
    const next = mergeKpiChanges(figures, { ranking });
    expect(next.ranking).toBe(ranking);
    expect(next.ranking.map((u) => u.code)).toEqual(['SH', 'BJ']);
    expect(next.kpis).toBe(figures.kpis);
  });

  it('keeps the snapshot’s complaints and replaces them whole when a delta carries them', () => {
    expect(figures.complaints).toBe(snapshot.complaints);
    const complaints = {
      ...snapshot.complaints,
      open: { total: 1, onTrack: 0, dueSoon: 0, overdue: 1, paused: 0 },
      onTimeRate: 0.5,
      strip: [{ id: 3, reference: 'TS-2026-000003', branchCode: 'BJ0101', branchName: '北京朝阳建国路网点', category: 'fees', decisionDueAt: '2026-11-27T15:59:59.999Z', clockState: 'overdue' as const, status: 'received' as const }],
    };
    const next = mergeKpiChanges(figures, { complaints });
    expect(next.complaints).toBe(complaints);
    expect(next.kpis).toBe(figures.kpis);
    expect(next.ranking).toBe(figures.ranking);
    // A delta without complaints leaves them as they were.
    expect(mergeKpiChanges(next, { kpis: values({ issued: 5 }) }).complaints).toBe(complaints);
  });

  it('merges the changed hours only', () => {
    const next = mergeKpiChanges(figures, { hourly: [hour(1, 5)] });
    expect(next.hourly.map((h) => h.kpis.issued)).toEqual([0, 5, 2]);
    expect(next.hourly[0]).toBe(figures.hourly[0]);
  });

  it('returns the same figures for an empty change', () => {
    expect(mergeKpiChanges(figures, {})).toBe(figures);
  });
});

describe('mergeHourly', () => {
  const day = [hour(0), hour(1, 1), hour(2, 2)];

  it('replaces a known hour in place and keeps the others’ identity', () => {
    const merged = mergeHourly(day, [hour(2, 9)]);
    expect(merged.map((h) => h.kpis.issued)).toEqual([0, 1, 9]);
    expect(merged[0]).toBe(day[0]);
    expect(merged[1]).toBe(day[1]);
  });

  it('adds an hour it did not know, in time order', () => {
    const merged = mergeHourly([hour(0), hour(2)], [hour(1, 4)]);
    expect(merged.map((h) => h.hour.slice(11, 13))).toEqual(['00', '01', '02']);
  });

  it('returns the same list when no hour changed', () => {
    expect(mergeHourly(day, [])).toBe(day);
  });
});

describe('prependFeed', () => {
  it('puts new items first, newest first as sent', () => {
    expect(prependFeed([feedItem('a')], [feedItem('c'), feedItem('b')]).map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });

  it('keeps at most MAX_FEED_ITEMS, dropping the oldest', () => {
    const full = Array.from({ length: MAX_FEED_ITEMS }, (_, i) => feedItem(`old${i}`));
    expect(prependFeed(full.slice(1), [feedItem('new')])).toHaveLength(MAX_FEED_ITEMS); // below the cap: nothing dropped
    const next = prependFeed(full, [feedItem('new')]); // at the cap: one in, one out
    expect(next).toHaveLength(MAX_FEED_ITEMS);
    expect(next[0]!.id).toBe('new');
    expect(next.at(-1)!.id).toBe(`old${MAX_FEED_ITEMS - 2}`);
    expect(prependFeed([], Array.from({ length: MAX_FEED_ITEMS + 5 }, (_, i) => feedItem(`n${i}`)))).toHaveLength(MAX_FEED_ITEMS);
  });

  it('shows an item only once when it is sent again', () => {
    expect(prependFeed([feedItem('a'), feedItem('b')], [feedItem('b')]).map((i) => i.id)).toEqual(['b', 'a']);
  });

  it('returns the same feed when nothing was appended', () => {
    const feed = [feedItem('a')];
    expect(prependFeed(feed, [])).toBe(feed);
  });
});
