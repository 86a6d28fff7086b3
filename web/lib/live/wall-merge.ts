import type { FeedItem, KpiUpdated, Ranking, ScopeKpis, WallComplaints, WallInspections, WallSnapshot, WallStars } from '$contract';

/**
 * The pure half of the wall's live state (wall-state.svelte.ts holds it in runes): the sequence
 * rule and how a delta merges into what is shown. Every merge returns new objects only for the
 * parts that changed and keeps the others' identity, so the page re-renders only those.
 */

/** The feed a wall keeps, newest first (the server's snapshot holds at most as many). */
export const MAX_FEED_ITEMS = 30;

export type RankingItem = Ranking['items'][number];
export type HourlyKpis = ScopeKpis['hourly'][number];

/** Everything a wall shows for its scope except the feed. */
export interface WallFigures {
  /** The unit's name (for the bank, its head office's). */
  name: string;
  /** The bank day the figures are for, `YYYY-MM-DD`. */
  day: string;
  kpis: ScopeKpis['kpis'];
  targets: ScopeKpis['targets'];
  comparison: ScopeKpis['comparison'];
  hourly: readonly HourlyKpis[];
  byBusiness: ScopeKpis['byBusiness'];
  ranking: readonly RankingItem[];
  /** Open complaints by clock state, the 30-day rates and the clock strip (most at risk first). */
  complaints: WallComplaints;
  /** The inspection panel (scores, pass rate, red lines, fixes); absent from a server without inspections. */
  inspections?: WallInspections | undefined;
  /** The star board: this month's approvals and last month's stars (undefined from a server without it). */
  stars?: WallStars | undefined;
}

/**
 * What to do with a message numbered `seq` after `last` was applied: `apply` exactly the next one,
 * ignore an older or repeated one (`stale`), and on a `gap` (one or more lost) resubscribe.
 */
export function judgeSeq(last: number, seq: number): 'apply' | 'stale' | 'gap' {
  if (seq === last + 1) return 'apply';
  return seq <= last ? 'stale' : 'gap';
}

export function figuresOf(snapshot: WallSnapshot): WallFigures {
  const { name, day, kpis, targets, comparison, hourly, byBusiness } = snapshot.kpis;
  return { name, day, kpis, targets, comparison, hourly, byBusiness, ranking: snapshot.ranking.items, complaints: snapshot.complaints, inspections: snapshot.inspections, stars: snapshot.stars };
}

/**
 * Applies a `kpi:updated` delta: each part present replaces the shown one (the complaints section
 * comes whole whenever anything in it changed), except `hourly`, which
 * carries only the changed hours and is merged by `hour`. Parts absent keep their identity; with
 * no change at all the same object comes back.
 */
export function mergeKpiChanges(figures: WallFigures, changes: KpiUpdated['changes']): WallFigures {
  const next: WallFigures = {
    ...figures,
    ...(changes.kpis && { kpis: changes.kpis }),
    ...(changes.targets && { targets: changes.targets }),
    ...(changes.comparison && { comparison: changes.comparison }),
    ...(changes.hourly && { hourly: mergeHourly(figures.hourly, changes.hourly) }),
    ...(changes.byBusiness && { byBusiness: changes.byBusiness }),
    ...(changes.ranking && { ranking: changes.ranking }),
    ...(changes.complaints && { complaints: changes.complaints }),
    ...(changes.inspections && { inspections: changes.inspections }),
    ...(changes.stars && { stars: changes.stars }),
  };
  const isSame = (Object.keys(next) as (keyof WallFigures)[]).every((key) => next[key] === figures[key]);
  return isSame ? figures : next;
}

/**
 * The day's hours with `changed` merged in by `hour`: a known hour is replaced in place, an unknown
 * one (the day's list grew) is added, and the list stays in time order. Unchanged hours keep their
 * identity.
 */
export function mergeHourly(hourly: readonly HourlyKpis[], changed: readonly HourlyKpis[]): readonly HourlyKpis[] {
  if (changed.length === 0) return hourly;
  const byHour = new Map(changed.map((h) => [h.hour, h]));
  const merged = hourly.map((h) => byHour.get(h.hour) ?? h);
  const known = new Set(hourly.map((h) => h.hour));
  const added = changed.filter((h) => !known.has(h.hour));
  if (added.length === 0) return merged;
  // ISO-8601 UTC instants of the same format sort as text.
  return [...merged, ...added].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0));
}

/**
 * `items` (newest first) in front of the feed, capped at `cap`. An item already shown (same id) is
 * not shown twice: the id keys the list on screen.
 */
export function prependFeed(feed: readonly FeedItem[], items: readonly FeedItem[], cap = MAX_FEED_ITEMS): readonly FeedItem[] {
  if (items.length === 0) return feed;
  const seen = new Set<string>();
  const next: FeedItem[] = [];
  for (const item of [...items, ...feed]) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    next.push(item);
    if (next.length === cap) break;
  }
  return next;
}
