import type { FeedAppended, FeedItem, KpiUpdated, WallComplaints, WallInspections, WallSnapshot, WallStars, WireError } from '$contract';
import { figuresOf, judgeSeq, mergeKpiChanges, prependFeed, type HourlyKpis, type RankingItem, type WallFigures } from './wall-merge.ts';
import { HeatGrid } from './wall-heat.svelte.ts';
import { buildKpiTiles, issuedByThisTimeYesterday, type KpiTile } from './wall-tiles.ts';

const NO_ITEMS: readonly never[] = [];

/**
 * What one wall scope shows: the snapshot of `wall:subscribe`, then the `kpi:updated` and
 * `feed:appended` deltas applied in sequence. The single source of truth for the wall page;
 * components only read. Fed by wall-subscription.ts, which owns the socket listeners.
 *
 * Figures are held raw (not deep-proxied) and replaced part by part: a delta that changes only the
 * ranking leaves the tiles' inputs untouched, so the tiles are not recomputed. The heat grid is
 * held cell by cell (wall-heat.svelte.ts): a delta repaints only the branches it names.
 */
export class WallState {
  readonly scope: string;
  /** The last applied sequence number; undefined until the first snapshot. Nothing renders it. */
  #seq: number | undefined;
  #at = $state<string | undefined>();
  #figures = $state.raw<WallFigures | undefined>();
  #feed = $state.raw<readonly FeedItem[]>(NO_ITEMS);
  #error = $state<WireError | undefined>();

  // Deriveds hand on a new value only when its identity changes, so each reader below re-runs
  // only for the part it reads.
  #kpis = $derived(this.#figures?.kpis);
  #targets = $derived(this.#figures?.targets);
  #hourly = $derived(this.#figures?.hourly ?? NO_ITEMS);
  #yesterday = $derived(this.#figures?.comparison.yesterday);
  #issuedYesterday = $derived(issuedByThisTimeYesterday(this.#hourly, this.#at));
  #tiles = $derived(buildKpiTiles(this.#kpis, this.#targets, this.#yesterday, this.#issuedYesterday));
  #ranking = $derived(this.#figures?.ranking ?? NO_ITEMS);
  #complaints = $derived(this.#figures?.complaints);
  #inspections = $derived(this.#figures?.inspections);
  #stars = $derived(this.#figures?.stars);
  readonly #grid = new HeatGrid();

  constructor(scope: string) {
    this.scope = scope;
  }

  /** Whether a snapshot has arrived (the figures are real, possibly stale). */
  get hasSnapshot(): boolean {
    return this.#figures !== undefined;
  }
  /** The server time of the last applied snapshot or delta: the "data as of" moment. */
  get asOf(): string | undefined {
    return this.#at;
  }
  get name(): string {
    return this.#figures?.name ?? '';
  }
  get day(): string {
    return this.#figures?.day ?? '';
  }
  get kpis(): WallFigures['kpis'] | undefined {
    return this.#kpis;
  }
  get tiles(): readonly KpiTile[] {
    return this.#tiles;
  }
  /** Every bank-local hour of the day with the same hour yesterday, for the hourly charts. */
  get hourly(): readonly HourlyKpis[] {
    return this.#hourly;
  }
  /** Every branch of the scope with its service index. */
  get grid(): HeatGrid {
    return this.#grid;
  }
  /** The scope's child units, best first, as the server ranked them. */
  get ranking(): readonly RankingItem[] {
    return this.#ranking;
  }
  /** Open complaints by clock state, the rates and the clock strip; undefined until a snapshot. */
  get complaints(): WallComplaints | undefined {
    return this.#complaints;
  }
  /** The star board (this month's approvals, last month's stars); undefined until a snapshot. */
  get stars(): WallStars | undefined {
    return this.#stars;
  }

  /** The inspection panel's figures; undefined until a snapshot (or from a server without inspections). */
  get inspections(): WallInspections | undefined {
    return this.#inspections;
  }
  /** Notable events, newest first, at most MAX_FEED_ITEMS. */
  get feed(): readonly FeedItem[] {
    return this.#feed;
  }
  /** Why the subscription was refused (NOT_FOUND outside the caller's scope …); cleared by a snapshot. */
  get error(): WireError | undefined {
    return this.#error;
  }

  applySnapshot(snapshot: WallSnapshot): void {
    if (snapshot.scope !== this.scope) return;
    this.#seq = snapshot.seq;
    this.#at = snapshot.at;
    this.#figures = figuresOf(snapshot);
    this.#grid.replace(snapshot.grid);
    this.#feed = prependFeed(NO_ITEMS, snapshot.feed);
    this.#error = undefined;
  }

  /** Applies the next delta; returns true when a gap means a fresh snapshot is needed. */
  applyKpiUpdated(update: KpiUpdated): boolean {
    const verdict = this.#accept(update);
    if (verdict === 'apply' && this.#figures) {
      this.#figures = mergeKpiChanges(this.#figures, update.changes);
      if (update.changes.grid) this.#grid.patch(update.changes.grid);
    }
    return verdict === 'gap';
  }

  /** Applies the next feed items; returns true when a gap means a fresh snapshot is needed. */
  applyFeedAppended(feed: FeedAppended): boolean {
    const verdict = this.#accept(feed);
    if (verdict === 'apply') this.#feed = prependFeed(this.#feed, feed.items);
    return verdict === 'gap';
  }

  /** The subscription was refused: the page says why; figures already shown stay (greyed by the page). */
  fail(error: WireError): void {
    this.#error = error;
  }

  /** Both deltas share one sequence per scope: only the next number applies, and it moves `asOf`. */
  #accept(message: { scope: string; seq: number; at: string }): 'apply' | 'stale' | 'gap' {
    // Another scope on the same socket, or a delta before any snapshot (the subscription buffers those).
    if (message.scope !== this.scope || this.#seq === undefined) return 'stale';
    const verdict = judgeSeq(this.#seq, message.seq);
    if (verdict === 'apply') {
      this.#seq = message.seq;
      this.#at = message.at;
    }
    return verdict;
  }
}
