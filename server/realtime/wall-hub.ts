import type { FeedItem, KpiUpdated, WallSnapshot } from '../contract/payloads/wall.ts';
import { rooms } from '../contract/rooms.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { Io } from './io.ts';
import type { WallChange, WallFigures, WallModel, WallPort } from './ports.ts';

const FEED_CAP = 30;
/**
 * A model older than this is read again even without changes: a safety net, and how org changes
 * (which announce no deltas) reach open walls. Long, because every open room pays one read per
 * period (16,000 outlet walls: about 50 reads a second).
 */
const RESYNC_MS = 300_000;

interface Room {
  seq: number;
  /** The figures last sent (or in the snapshot): deltas are computed against them. */
  figures: WallFigures;
  feed: FeedItem[];
  /** Feed items heard since the last push, newest first. */
  feedQueue: FeedItem[];
  model: WallModel | undefined;
  /** The model must be read again before the next emit. */
  stale: boolean;
  loadedAt: number;
  /** Changes heard while a read is in flight: added to its result (the model skips those it already holds). */
  pending: WallChange[] | undefined;
  /** Settles when the first read is done (subscribers wait on it). */
  ready: Promise<void>;
  lastEmitAt: number;
  timer: NodeJS.Timeout | undefined;
  flushing: boolean;
  dirty: boolean;
}

/**
 * The wall rooms of this instance: a snapshot on subscribe, then sequenced deltas. Each room keeps
 * its scope's figures as a model read once from the database; every committed change adds its
 * deltas to the model in memory (ADR 0012) and only what differs is sent, with the feed items heard
 * meanwhile, coalesced with a leading edge: the first change of a quiet scope goes out at once, a
 * busy scope at most `perSecond` times a second. A model that cannot follow a change, has missed changes, or is older
 * than RESYNC_MS is read again. Sequence numbers are per room and per instance: a client follows
 * one server, and any reconnect resubscribes for a fresh snapshot.
 */
export class WallHub {
  readonly #rooms = new Map<string, Room>();
  readonly #io: Io;
  readonly #port: WallPort;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #windowMs: number;
  readonly #resync: NodeJS.Timeout;
  #closed = false;

  constructor(deps: { io: Io; port: WallPort; clock: Clock; logger: Logger; perSecond: number; resyncMs?: number }) {
    this.#io = deps.io;
    this.#port = deps.port;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#windowMs = 1000 / deps.perSecond;
    // A room nobody watches any more is forgotten, so memory follows the screens actually open.
    this.#io.of('/').adapter.on('delete-room', (name: string) => this.#forget(name));
    const resyncMs = deps.resyncMs ?? RESYNC_MS;
    this.#resync = setInterval(() => {
      for (const [scope, room] of this.#rooms) if (room.model && Date.now() - room.loadedAt >= resyncMs) this.#reload(scope, room);
    }, Math.max(100, resyncMs / 6));
    this.#resync.unref();
  }

  /** The snapshot for a new subscriber: the room's state as the last delta left it, so seq and data agree. */
  async snapshot(scope: string): Promise<WallSnapshot> {
    let room = this.#rooms.get(scope);
    if (!room) {
      const created: Room = {
        seq: 0, figures: undefined as never, feed: [], feedQueue: [], model: undefined, stale: false, loadedAt: 0, pending: [], ready: Promise.resolve(),
        lastEmitAt: 0, timer: undefined, flushing: false, dirty: false,
      };
      created.ready = this.#firstRead(scope, created);
      this.#rooms.set(scope, (room = created));
    }
    await room.ready;
    return { scope, seq: room.seq, at: this.#clock.now().toISOString(), kpis: room.figures.kpis, ranking: room.figures.ranking, grid: room.figures.grid, feed: room.feed, complaints: room.figures.complaints, ...(room.figures.inspections ? { inspections: room.figures.inspections } : {}), ...(room.figures.stars ? { stars: room.figures.stars } : {}), ...(room.figures.care ? { care: room.figures.care } : {}) };
  }

  changed(change: WallChange): void {
    // Each change reaches every room: its scopes and feed items are indexed once here, so the
    // cost is rooms + scopes rather than rooms × scopes (hundreds of outlets per group commit).
    const touched = change.scopes === 'all' ? 'all' : new Set(change.scopes);
    const feedOf = new Map<string, FeedItem[]>();
    for (const { scopes, ...item } of change.feed) {
      for (const scope of scopes) feedOf.set(scope, [...(feedOf.get(scope) ?? []), item]);
    }
    for (const [scope, room] of this.#rooms) {
      const items = feedOf.get(scope) ?? [];
      // Feed items wait for the room's next push like the figures, newest first. During the first
      // read they wait too: the read's recent feed may or may not hold them (see #firstRead).
      let due = items.length > 0 && room.model !== undefined;
      if (items.length > 0) room.feedQueue = [...items, ...room.feedQueue].slice(0, FEED_CAP);
      if (touched === 'all' || touched.has(scope)) {
        if (room.pending) room.pending.push(change); // a read is under way: added to its result
        else if (room.model && room.stale) due = true;
        else if (room.model) {
          const result = change.kpis ? room.model.apply(change) : 'reload';
          if (result === 'reload') room.stale = true;
          if (result !== 'unchanged') due = true;
        }
      }
      if (due) this.#schedule(scope, room);
    }
  }

  /** Changes may have been missed: every room reads its scope again. */
  resyncAll(): void {
    for (const [scope, room] of this.#rooms) this.#reload(scope, room);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#resync);
    for (const room of this.#rooms.values()) clearTimeout(room.timer);
    this.#rooms.clear();
  }

  async #firstRead(scope: string, room: Room): Promise<void> {
    try {
      const [model, feed] = await Promise.all([this.#port.load(scope), this.#port.recentFeed(scope)]);
      this.#adopt(room, model);
      room.feed = feed;
      room.figures = model.figures();
      // Items heard while the read ran and not in what it read (committed after it) go out next.
      const shown = new Set(feed.map((item) => item.id));
      room.feedQueue = room.feedQueue.filter((item) => !shown.has(item.id));
      // A change heard during the read that could not be added, or feed items it did not see.
      if (room.stale || room.feedQueue.length > 0) this.#schedule(scope, room);
    } catch (error) {
      if (this.#rooms.get(scope) === room) this.#rooms.delete(scope); // the next subscriber tries again
      throw error;
    }
  }

  /** Takes a fresh model, adding the changes heard while it was read. */
  #adopt(room: Room, model: WallModel): void {
    const heard = room.pending ?? [];
    room.pending = undefined;
    room.model = model;
    room.loadedAt = Date.now();
    room.stale = heard.some((change) => !change.kpis || model.apply(change) === 'reload');
  }

  #reload(scope: string, room: Room): void {
    if (!room.model) return; // the first read is under way
    room.stale = true;
    this.#schedule(scope, room);
  }

  #schedule(scope: string, room: Room): void {
    if (this.#closed) return;
    if (room.flushing) return void (room.dirty = true);
    if (room.timer) return;
    const wait = Math.max(0, room.lastEmitAt + this.#windowMs - Date.now());
    room.timer = setTimeout(() => void this.#flush(scope, room), wait);
  }

  async #flush(scope: string, room: Room): Promise<void> {
    room.timer = undefined;
    if (this.#closed || !room.model) return;
    room.flushing = true;
    let failed = false;
    try {
      if (room.stale) {
        room.pending = [];
        try {
          this.#adopt(room, await this.#port.load(scope));
        } catch (error) {
          room.pending = undefined; // keep the old model (stale) and try again on the next change
          throw error;
        }
      }
      if (this.#closed || this.#rooms.get(scope) !== room) return; // shut down, or the last screen left meanwhile
      if (room.feedQueue.length) {
        this.#emitFeed(scope, room, room.feedQueue);
        room.feedQueue = [];
        room.lastEmitAt = Date.now();
      }
      const figures = room.model.figures();
      const changes = diffFigures(room.figures, figures);
      room.figures = figures;
      if (Object.keys(changes).length) {
        room.seq += 1;
        room.lastEmitAt = Date.now();
        this.#io.to(rooms.wall(scope)).emit('kpi:updated', { scope, seq: room.seq, at: this.#clock.now().toISOString(), changes });
      }
    } catch (error) {
      this.#logger.error({ err: error, scope }, 'wall refresh failed');
      failed = true;
    } finally {
      room.flushing = false;
      const again = room.dirty || room.stale;
      room.dirty = false;
      // After a failed read, retry in a second rather than at once (the database may be down).
      if (failed && again && !this.#closed) room.timer = setTimeout(() => void this.#flush(scope, room), 1000);
      else if (again) this.#schedule(scope, room);
    }
  }

  #emitFeed(scope: string, room: Room, items: FeedItem[]): void {
    room.feed = [...items, ...room.feed].slice(0, FEED_CAP);
    room.seq += 1;
    this.#io.to(rooms.wall(scope)).emit('feed:appended', { scope, seq: room.seq, at: this.#clock.now().toISOString(), items });
  }

  #forget(roomName: string): void {
    if (!roomName.startsWith('wall:')) return;
    const scope = roomName.slice('wall:'.length);
    clearTimeout(this.#rooms.get(scope)?.timer);
    this.#rooms.delete(scope);
  }
}

/** What differs between two readings of a scope, field by field (hours one by one). */
export function diffFigures(before: WallFigures, after: WallFigures): KpiUpdated['changes'] {
  const changes: KpiUpdated['changes'] = {};
  if (!same(before.kpis.kpis, after.kpis.kpis)) changes.kpis = after.kpis.kpis;
  if (!same(before.kpis.targets, after.kpis.targets)) changes.targets = after.kpis.targets;
  if (!same(before.kpis.comparison, after.kpis.comparison)) changes.comparison = after.kpis.comparison;
  if (!same(before.kpis.byBusiness, after.kpis.byBusiness)) changes.byBusiness = after.kpis.byBusiness;
  const hourBefore = new Map(before.kpis.hourly.map((h) => [h.hour, h]));
  const hours = after.kpis.hourly.filter((hour) => !same(hour, hourBefore.get(hour.hour)));
  if (hours.length) changes.hourly = hours;
  if (!same(before.ranking.items, after.ranking.items)) changes.ranking = after.ranking.items;
  const previous = new Map(before.grid.map((cell) => [cell.code, cell]));
  const cells = after.grid.filter((cell) => !same(cell, previous.get(cell.code)));
  if (cells.length) changes.grid = cells;
  if (!same(before.complaints, after.complaints)) changes.complaints = after.complaints;
  if (after.inspections && !same(before.inspections, after.inspections)) changes.inspections = after.inspections;
  if (after.stars && !same(before.stars, after.stars)) changes.stars = after.stars;
  if (after.care && !same(before.care, after.care)) changes.care = after.care;
  return changes;
}

/** Deep equality of JSON-like values (cheaper than comparing their JSON at hundreds of refreshes a second). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
