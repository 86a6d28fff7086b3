import { EMPTY_SUMS } from '../kpi/index.ts';
import type { AcceptedEvent, NotableEvent, RollupDeltas, RollupSums, TicketState } from './ingest.types.ts';

/**
 * Pure rules of the ingest path: bank-time buckets, accepted time window, and how a batch of
 * ticket events turns into additive rollup deltas. A ticket's wait (called − issued) counts once,
 * in the hour of the call, as soon as both ends are known — whichever arrived first — and its
 * handling (finished − called) likewise in the hour it finished. So out-of-order and late events
 * land in the right hour and day.
 */
/** A rating at or below this is shown on the walls' feed. */
export const LOW_RATING = 2;
/** Events older than this are refused: a queue machine replaying a month-old backlog is a mistake. */
export const MAX_EVENT_AGE_DAYS = 31;
/** Clock skew allowed for events from the future. */
export const MAX_FUTURE_SKEW_SECONDS = 300;

// Building an Intl.DateTimeFormat costs ~0.1 ms — more than the rest of an event's handling — so
// one is kept per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The zone's offset from UTC in each quarter hour, remembered: formatting a date in a time zone
 * costs microseconds and a batch needs it for every event and delta. Every current zone's offset
 * is a multiple of 15 minutes and changes at a whole quarter hour, so one lookup per quarter hour
 * is exact.
 */
const QUARTER_HOUR = 900_000;
const offsets = new Map<string, number>();

function offsetAt(at: Date, timeZone: string): number {
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR);
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = new Date(quarter * QUARTER_HOUR);
    const p = Object.fromEntries(formatterFor(timeZone).formatToParts(start).map((part) => [part.type, part.value]));
    offset = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - start.getTime();
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

export function bankBuckets(at: Date, timeZone: string): { serviceDay: string; hour: Date } {
  const { serviceDay, hourMs } = bucketsOf(at.getTime(), timeZone);
  return { serviceDay, hour: new Date(hourMs) };
}

// A batch asks for the buckets of every event and delta, and formatting a day is most of an
// event's rules: the answer is the same for a whole quarter hour (see offsetAt), so it is kept.
const buckets = new Map<string, { serviceDay: string; hourMs: number }>();

function bucketsOf(ms: number, timeZone: string): { serviceDay: string; hourMs: number } {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR)}`;
  let found = buckets.get(key);
  if (!found) {
    // The local wall-clock time written as if it were UTC: its date is the service day, and the
    // time since its hour began is the same on both clocks.
    const local = ms + offsetAt(new Date(ms), timeZone);
    found = { serviceDay: new Date(local).toISOString().slice(0, 10), hourMs: ms - (((local % 3_600_000) + 3_600_000) % 3_600_000) };
    if (buckets.size > 10_000) buckets.clear();
    buckets.set(key, found);
  }
  return found;
}

/** Why an event time is refused, or undefined when it is acceptable. */
export function checkEventTime(at: Date, now: Date): string | undefined {
  if (at.getTime() > now.getTime() + MAX_FUTURE_SKEW_SECONDS * 1000) return 'is in the future';
  if (at.getTime() < now.getTime() - MAX_EVENT_AGE_DAYS * 86_400_000) return `is older than ${MAX_EVENT_AGE_DAYS} days`;
  return undefined;
}

export const emptySums = (): RollupSums => ({ ...EMPTY_SUMS });

export const ticketKey = (branchId: string, serviceDay: string, ticket: string): string => `${branchId}|${serviceDay}|${ticket}`;

/**
 * Applies accepted events (already de-duplicated) to the current ticket states and returns the new
 * states plus the rollup deltas. `tickets` holds the stored state of every ticket the batch names.
 */
export function applyEvents(
  events: readonly AcceptedEvent[],
  tickets: ReadonlyMap<string, TicketState>,
  options: { timeZone: string; longWaitSeconds: number },
): { tickets: Map<string, TicketState>; deltas: RollupDeltas; notable: NotableEvent[] } {
  const states = new Map([...tickets].map(([key, state]) => [key, { ...state }]));
  const deltas: RollupDeltas = { hours: new Map(), days: new Map(), business: new Map() };
  const notable: NotableEvent[] = [];
  const add = (branchId: string, when: Date, change: Partial<RollupSums>) => {
    const { serviceDay, hourMs } = bucketsOf(when.getTime(), options.timeZone);
    const hourKey = `${branchId}|${hourMs}`;
    const dayKey = `${branchId}|${serviceDay}`;
    let hourRow = deltas.hours.get(hourKey);
    if (!hourRow) deltas.hours.set(hourKey, (hourRow = { branchId, hour: new Date(hourMs), serviceDay, sums: emptySums() }));
    let dayRow = deltas.days.get(dayKey);
    if (!dayRow) deltas.days.set(dayKey, (dayRow = { branchId, serviceDay, sums: emptySums() }));
    for (const field in change) {
      const value = change[field as keyof RollupSums]!;
      hourRow.sums[field as keyof RollupSums] += value;
      dayRow.sums[field as keyof RollupSums] += value;
    }
  };
  for (const event of events) {
    if (event.type === 'evaluation.submitted') {
      add(event.branchId, event.at, { evaluations: 1, satisfied: event.rating! >= 4 ? 1 : 0, ratingSum: event.rating! });
      if (event.rating! <= LOW_RATING) notable.push({ kind: 'low_rating', branchId: event.branchId, at: event.at, ticket: event.ticket, value: event.rating });
      continue;
    }
    if (event.type === 'service_error.recorded') {
      add(event.branchId, event.at, { serviceErrors: 1 });
      notable.push({ kind: 'service_error', branchId: event.branchId, at: event.at, ticket: event.ticket, value: null });
      continue;
    }
    const key = ticketKey(event.branchId, event.serviceDay, event.ticket!);
    const state = states.get(key) ?? { branchId: event.branchId, serviceDay: event.serviceDay, ticket: event.ticket!, business: null, issuedAt: null, calledAt: null, finishedAt: null };
    const waitSeconds = applyTicketEvent(state, event, (when, change) => add(event.branchId, when, change), deltas, options.longWaitSeconds);
    if (waitSeconds !== undefined && waitSeconds >= options.longWaitSeconds) {
      notable.push({ kind: 'long_wait', branchId: event.branchId, at: state.calledAt!, ticket: state.ticket, value: waitSeconds });
    }
    states.set(key, state);
  }
  return { tickets: states, deltas, notable };
}

function applyTicketEvent(
  state: TicketState,
  event: AcceptedEvent,
  add: (when: Date, change: Partial<RollupSums>) => void,
  deltas: RollupDeltas,
  longWaitSeconds: number,
): number | undefined {
  const hadWait = Boolean(state.issuedAt && state.calledAt);
  const hadHandling = Boolean(state.calledAt && state.finishedAt);
  state.business ??= event.business;
  // The first report of each step wins: a recall (second call) does not move the wait.
  if (event.type === 'ticket.issued' && !state.issuedAt) {
    state.issuedAt = event.at;
    add(event.at, { issued: 1 });
  } else if (event.type === 'ticket.called' && !state.calledAt) {
    state.calledAt = event.at;
    add(event.at, { called: 1 });
  } else if (event.type === 'ticket.finished' && !state.finishedAt) {
    state.finishedAt = event.at;
    add(event.at, { finished: 1 });
    addBusiness(deltas, state, { finished: 1 });
  }
  let waitSeconds: number | undefined;
  if (!hadWait && state.issuedAt && state.calledAt) {
    waitSeconds = Math.max(0, (state.calledAt.getTime() - state.issuedAt.getTime()) / 1000);
    add(state.calledAt, { waitCount: 1, waitSeconds: Math.round(waitSeconds), longWaits: waitSeconds >= longWaitSeconds ? 1 : 0 });
  }
  if (!hadHandling && state.calledAt && state.finishedAt) {
    const seconds = Math.round(Math.max(0, (state.finishedAt.getTime() - state.calledAt.getTime()) / 1000));
    add(state.finishedAt, { handlingCount: 1, handlingSeconds: seconds });
    addBusiness(deltas, state, { handlingCount: 1, handlingSeconds: seconds });
  }
  return waitSeconds === undefined ? undefined : Math.round(waitSeconds);
}

function addBusiness(deltas: RollupDeltas, state: TicketState, change: { finished?: number; handlingCount?: number; handlingSeconds?: number }): void {
  const business = state.business ?? '未分类';
  const key = `${state.branchId}|${state.serviceDay}|${business}`;
  const row = deltas.business.get(key) ?? { branchId: state.branchId, serviceDay: state.serviceDay, business, finished: 0, handlingCount: 0, handlingSeconds: 0 };
  row.finished += change.finished ?? 0;
  row.handlingCount += change.handlingCount ?? 0;
  row.handlingSeconds += change.handlingSeconds ?? 0;
  deltas.business.set(key, row);
}
