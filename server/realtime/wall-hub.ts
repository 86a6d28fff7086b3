import type { FeedItem, KpiUpdated, WallSnapshot } from '../contract/payloads/wall.ts';
import { rooms } from '../contract/rooms.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { Io } from './io.ts';
import type { ScopedFeedItem, WallFigures, WallPort } from './ports.ts';

const FEED_CAP = 30;

interface Room {
  seq: number;
  figures: WallFigures;
  feed: FeedItem[];
  lastEmitAt: number;
  timer: NodeJS.Timeout | undefined;
  flushing: boolean;
  dirty: boolean;
}

/**
 * The wall rooms of this instance: a snapshot on subscribe, then sequenced deltas. A scope's
 * figures are re-read after a committed change and only what differs is sent, coalesced with a
 * leading edge: the first change of a quiet scope goes out at once, a busy scope at most
 * `perSecond` times a second. Sequence numbers are per room and per instance: a client follows
 * one server, and any reconnect resubscribes for a fresh snapshot.
 */
export class WallHub {
  readonly #rooms = new Map<string, Room>();
  readonly #io: Io;
  readonly #port: WallPort;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #windowMs: number;
  #closed = false;

  constructor(deps: { io: Io; port: WallPort; clock: Clock; logger: Logger; perSecond: number }) {
    this.#io = deps.io;
    this.#port = deps.port;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#windowMs = 1000 / deps.perSecond;
    // A room nobody watches any more is forgotten, so memory follows the screens actually open.
    this.#io.of('/').adapter.on('delete-room', (name: string) => this.#forget(name));
  }

  /** The snapshot for a new subscriber: the room's state as the last delta left it, so seq and data agree. */
  async snapshot(scope: string): Promise<WallSnapshot> {
    let room = this.#rooms.get(scope);
    if (!room) {
      const [figures, feed] = await Promise.all([this.#port.read(scope), this.#port.recentFeed(scope)]);
      room = this.#rooms.get(scope) ?? { seq: 0, figures, feed, lastEmitAt: 0, timer: undefined, flushing: false, dirty: false };
      this.#rooms.set(scope, room);
    }
    return { scope, seq: room.seq, at: this.#clock.now().toISOString(), kpis: room.figures.kpis, ranking: room.figures.ranking, grid: room.figures.grid, feed: room.feed };
  }

  changed(scopes: string[] | 'all', feed: ScopedFeedItem[]): void {
    for (const [scope, room] of this.#rooms) {
      const items = feed.filter((item) => item.scopes.includes(scope)).map(({ scopes: _scopes, ...item }) => item);
      if (items.length) this.#emitFeed(scope, room, items);
      if (scopes === 'all' || scopes.includes(scope)) this.#schedule(scope, room);
    }
  }

  close(): void {
    this.#closed = true;
    for (const room of this.#rooms.values()) clearTimeout(room.timer);
    this.#rooms.clear();
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
    if (this.#closed) return;
    room.flushing = true;
    try {
      const figures = await this.#port.read(scope);
      const changes = diffFigures(room.figures, figures);
      if (this.#closed || this.#rooms.get(scope) !== room) return; // shut down, or the last screen left meanwhile
      room.figures = figures;
      if (Object.keys(changes).length) {
        room.seq += 1;
        room.lastEmitAt = Date.now();
        this.#io.to(rooms.wall(scope)).emit('kpi:updated', { scope, seq: room.seq, at: this.#clock.now().toISOString(), changes });
      }
    } catch (error) {
      this.#logger.error({ err: error, scope }, 'wall refresh failed');
    } finally {
      room.flushing = false;
      if (room.dirty) {
        room.dirty = false;
        this.#schedule(scope, room);
      }
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
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(before.kpis.kpis, after.kpis.kpis)) changes.kpis = after.kpis.kpis;
  if (!same(before.kpis.targets, after.kpis.targets)) changes.targets = after.kpis.targets;
  if (!same(before.kpis.comparison, after.kpis.comparison)) changes.comparison = after.kpis.comparison;
  if (!same(before.kpis.byBusiness, after.kpis.byBusiness)) changes.byBusiness = after.kpis.byBusiness;
  const hours = after.kpis.hourly.filter((hour) => !same(hour, before.kpis.hourly.find((h) => h.hour === hour.hour)));
  if (hours.length) changes.hourly = hours;
  if (!same(before.ranking.items, after.ranking.items)) changes.ranking = after.ranking.items;
  const previous = new Map(before.grid.map((cell) => [cell.code, cell]));
  const cells = after.grid.filter((cell) => !same(cell, previous.get(cell.code)));
  if (cells.length) changes.grid = cells;
  return changes;
}
