/**
 * Ingest of service events from queue machines, counter evaluators and error logs. Use case:
 * ingestEvents. Each event is checked on its own (branch known, inside the API key's scope and
 * event types, time plausible); the accepted ones are stored and rolled up in ONE transaction, so
 * the figures never disagree with the raw events and a crash loses nothing acknowledged (how the
 * transaction writes each row once and overlaps with the rules: ADR 0027). After
 * commit, `kpi_changed` carries the rollup deltas of the batch (kpi-change.rules.ts) on the change
 * feed, so the live walls add them in memory.
 */
import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { GroupRead } from '../../platform/group-read.ts';
import { authorizeEvent, type Principal } from '../access/index.ts';
import { findBranchUnitsByCodes, type OrgUnit } from '../org/index.ts';
import { EVENT_KEY_CONSTRAINT, TICKET_KEY_CONSTRAINT, insertEvents, lockTickets, saveTicketsAndRollups, selectRecentFeed, type FeedRow } from './ingest.repo.ts';
import { applyEvents, bankBuckets, checkEventTime, ticketKey } from './ingest.rules.ts';
import { GroupCommit } from './group-commit.ts';
import type { IngestOutcome, ServiceEventType, StoredEvent, TicketState } from './ingest.types.ts';
import { KpiChangeAssembler, kpiChangeParts, type KpiChange, type KpiChangePart } from './kpi-change.rules.ts';

export const KPI_CHANGED_CHANNEL = 'kpi_changed';
const MAX_FEED_PER_BATCH = 20;
/** Under PostgreSQL's 8,000-byte NOTIFY limit, with room for the change feed's own checks. */
const MAX_PART_BYTES = 7500;

export interface IngestDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  longWaitSeconds: number;
}

/** An event that passed the wire schema (the route validated fields). */
export interface ValidEvent {
  index: number;
  id: string;
  type: ServiceEventType;
  branch: string;
  at: string;
  ticket?: string | undefined;
  business?: string | undefined;
  counter?: string | undefined;
  teller?: string | undefined;
  rating?: number | undefined;
}

type Rejection = IngestOutcome['rejected'][number];

export async function ingestEvents(deps: IngestDeps, principal: Principal, events: readonly ValidEvent[], rejected: Rejection[]): Promise<IngestOutcome> {
  const now = deps.clock.now();
  const units = await findUnits(deps.db, [...new Set(events.map((e) => e.branch))]);
  const accepted: StoredEvent[] = [];
  const source = sourceOf(principal);
  const seen = new Set<string>();
  let duplicates = 0;
  for (const event of events) {
    const unit = units.get(event.branch);
    if (!unit) {
      rejected.push({ index: event.index, field: 'branch', reason: `unknown branch "${event.branch}"` });
      continue;
    }
    const refusal = refuse(principal, event, { kind: 'branch', branchId: unit.id, ancestorRegionIds: unit.regionIds }, now);
    if (refusal) {
      rejected.push(refusal);
      continue;
    }
    if (seen.has(event.id)) {
      duplicates++; // the same id twice in one batch: the second is a retry of the first
      continue;
    }
    seen.add(event.id);
    accepted.push(toStored(event, unit.id, deps.timeZone, source, now));
  }
  const inserted = accepted.length ? await store(deps, accepted, now) : new Set<number>();
  return {
    accepted: inserted.size,
    duplicates: duplicates + (accepted.length - inserted.size),
    rejected: rejected.sort((a, b) => a.index - b.index),
    changedBranchIds: [...new Set(accepted.filter((e) => inserted.has(e.index)).map((e) => e.branchId))],
  };
}

// Branch lookups of concurrent requests go out together (GroupRead: a lookup asked while another
// runs waits for it, then shares ONE query with every other waiting one), and what a lookup found
// is kept BRANCH_KEEP_MS (ADR 0031): with one event per request (bench B2), thousands of requests
// a second name the same branches. A branch imported or moved counts within that second.
const BRANCH_KEEP_MS = 1000;
const unitLookups = new WeakMap<Db, GroupRead<string, OrgUnit>>();

function findUnits(db: Db, codes: string[]): Promise<ReadonlyMap<string, OrgUnit>> {
  let lookup = unitLookups.get(db);
  if (!lookup) {
    lookup = new GroupRead(async (asked) => new Map((await findBranchUnitsByCodes(db.sql, asked)).map((u) => [u.code, u])), MAX_GROUP_EVENTS, { keepMs: BRANCH_KEEP_MS });
    unitLookups.set(db, lookup);
  }
  return codes.length ? lookup.get(codes) : Promise.resolve(new Map());
}

/**
 * PostgreSQL deadlock and serialization failures, and a new ticket another transaction created
 * first (TICKET_KEY_CONSTRAINT): the whole group is simply tried again.
 */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;
/** Events per group-commit transaction at most (one batch alone may be bigger: MAX_EVENTS_PER_BATCH). */
const MAX_GROUP_EVENTS = 5000;

interface StoreRequest { accepted: StoredEvent[]; now: Date }

// One group commit per database and rule settings: batches of this process share transactions.
const groups = new WeakMap<Db, Map<string, GroupCommit<StoreRequest, Set<number>>>>();

function store(deps: IngestDeps, accepted: StoredEvent[], now: Date): Promise<Set<number>> {
  const byRules = groups.get(deps.db) ?? new Map<string, GroupCommit<StoreRequest, Set<number>>>();
  groups.set(deps.db, byRules);
  const key = `${deps.timeZone}|${deps.longWaitSeconds}`;
  let group = byRules.get(key);
  if (!group) {
    group = new GroupCommit((requests) => storeWithRetries(deps, requests), { sizeOf: (r) => r.accepted.length, maxSize: MAX_GROUP_EVENTS });
    byRules.set(key, group);
  }
  return group.submit({ accepted, now });
}

async function storeWithRetries(deps: IngestDeps, requests: StoreRequest[]): Promise<Set<number>[]> {
  let skipStored = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeOnce(deps, requests, skipStored);
    } catch (error) {
      const { code, constraint_name: constraint } = error as { code?: string; constraint_name?: string };
      if (code === '23505' && constraint === EVENT_KEY_CONSTRAINT && !skipStored) {
        skipStored = true; // a retried batch: store the group again, skipping what is stored
        attempt--;
        continue;
      }
      if (!code || !(RETRYABLE.has(code) || (code === '23505' && constraint === TICKET_KEY_CONSTRAINT))) throw error;
      if (attempt >= ATTEMPTS) throw new AppError('UNAVAILABLE', 'the database is busy with conflicting writes; retry the batch', [], { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

/**
 * Stores the batches of a group in one transaction; answers, per batch, the indexes of its new
 * events. Two round trips inside the transaction: the events' insert pipelined with the lock of
 * the stored tickets they name, then (after the rules ran here) the change notification pipelined
 * with the tickets' and rollups' writes.
 */
async function storeOnce(deps: IngestDeps, requests: StoreRequest[], skipStored: boolean): Promise<Set<number>[]> {
  // One row per (source, id) across the group: a later copy is a duplicate, as within one batch.
  // Positions in `events` name the group's events; `origin` maps them back to their batches.
  const events: StoredEvent[] = [];
  const origin: { request: number; index: number }[] = [];
  const seen = new Set<string>();
  requests.forEach((request, r) => {
    for (const event of request.accepted) {
      const key = `${event.source}|${event.eventId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      origin.push({ request: r, index: event.index });
      events.push(event);
    }
  });
  const now = new Date(Math.max(...requests.map((r) => r.now.getTime())));
  const inserted = await deps.db.changes.transaction(async (tx, changes) => {
    // Tickets of every accepted ticket event are locked (a duplicate's too: harmless), then only
    // the new events are applied. On the usual path (every event new) with PostgreSQL, the lock
    // goes first and the events' insert right behind it on the connection: the rules run here
    // while the database still inserts, and the writes queue up behind that insert. PGlite works
    // in this process, so nothing could run meanwhile: one statement does both there (on PostgreSQL
    // it measured no faster, even for single events: ADR 0027). Should one event be stored already, the
    // insert fails, and with it the transaction: storeWithRetries then stores the group again
    // with `skipStored`, which waits for the insert's answer first.
    const keys = dedupeKeys(events.filter((e) => e.ticket && e.type.startsWith('ticket.')).map((e) => ({ branchId: e.branchId, serviceDay: e.serviceDay, ticket: e.ticket! })));
    const overlap = skipStored || deps.db.mode === 'postgres';
    const lock = lockTickets(tx, keys, overlap ? undefined : events);
    const insert = overlap ? insertEvents(tx, events, { skipStored }) : Promise.resolve(null);
    insert.catch(() => {}); // awaited below; its error must not count as unhandled meanwhile
    const [{ tickets: locked, xid }, newPositions] = skipStored ? await Promise.all([lock, insert]) : [await lock, null];
    const fresh = newPositions ? events.filter((_, i) => newPositions.has(i)) : events;
    if (fresh.length === 0) return new Set<number>();
    const stored = new Map(locked.map((t) => [ticketKey(t.branchId, t.serviceDay, t.ticket), t]));
    const { tickets, deltas, notable } = applyEvents(fresh, stored, deps);
    const states = { stored: [] as TicketState[], created: [] as TicketState[] };
    for (const [key, state] of tickets) (stored.has(key) ? states.stored : states.created).push(state);
    // The notification is sent ahead of the rollup statement, pipelined on the connection (one
    // round trip for both): the rollup rows, the hottest locks, are then held for that statement
    // and the commit only. Delivery still waits for the commit.
    for (const part of kpiChangeParts(xid, deltas, notable.slice(-MAX_FEED_PER_BATCH), MAX_PART_BYTES)) changes.notify(KPI_CHANGED_CHANNEL, part as never);
    await Promise.all([insert, changes.send(), saveTicketsAndRollups(tx, states, deltas, now)]);
    return newPositions ?? new Set(events.keys());
  });
  const results = requests.map(() => new Set<number>());
  for (const position of inserted) results[origin[position]!.request]!.add(origin[position]!.index);
  return results;
}

function refuse(principal: Principal, event: ValidEvent, target: Parameters<typeof authorizeEvent>[2], now: Date): Rejection | undefined {
  try {
    authorizeEvent(principal, event.type, target);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { index: event.index, field: error.issues[0]?.field ?? 'type', reason: error.issues[0]?.reason ?? error.message };
  }
  const late = checkEventTime(new Date(event.at), now);
  return late ? { index: event.index, field: 'at', reason: late } : undefined;
}

function toStored(event: ValidEvent, branchId: string, timeZone: string, source: string, receivedAt: Date): StoredEvent {
  const at = new Date(event.at);
  return {
    index: event.index, eventId: event.id, type: event.type, branchId, at, ...bankBuckets(at, timeZone),
    ticket: event.ticket ?? null, business: event.business ?? null, counter: event.counter ?? null, teller: event.teller ?? null, rating: event.rating ?? null,
    source, receivedAt,
  };
}

const sourceOf = (principal: Principal): string =>
  principal.kind === 'api_key' ? `api_key:${principal.keyId}` : principal.kind === 'system' ? principal.name : principal.kind;

function dedupeKeys<T extends { branchId: string; serviceDay: string; ticket: string }>(keys: T[]): T[] {
  return [...new Map(keys.map((k) => [ticketKey(k.branchId, k.serviceDay, k.ticket), k])).values()];
}

export type { KpiChange };

/**
 * After each committed batch, on every instance: the batch's rollup deltas and notable events.
 * `onGap` runs when notifications may have been missed (the listening connection was lost and
 * re-established): anything kept from them must be read again.
 */
export function onKpiChanged(db: Db, handler: (change: KpiChange) => void, onGap: () => void = () => {}): Promise<() => Promise<void>> {
  const assembler = new KpiChangeAssembler();
  return db.changes.listen(
    KPI_CHANGED_CHANNEL,
    (payload) => {
      const change = assembler.add(payload as unknown as KpiChangePart);
      if (change) handler(change);
    },
    () => {
      assembler.clear();
      onGap();
    },
  );
}

export async function listRecentFeed(
  db: Db,
  filter: { regionId: string | null; branchId: string | null; since: Date; longWaitSeconds: number; limit: number },
): Promise<FeedRow[]> {
  return selectRecentFeed(db.sql, filter);
}
