import type { ServiceEvent } from '../contract/payloads/ingest.ts';
import { createRng, type Rng } from '../demo/random.ts';
import { DEFAULT_TIME_ZONE, formatAt, localTime, stableHash } from './bank-time.ts';
import type { SimBranch } from './branches.ts';
import { qualityRating } from './outlet-quality.ts';
import { arrivalRate, branchSizeFactor, defaultDayKind, loadIndex, openingHours, type DayKind, type ServiceDay } from './day-curve.ts';
import {
  BUSINESS_PROFILES, EVALUATION_SHARE, LONG_WAIT_MINUTES, SERVICE_ERROR_SHARE, drawAbandoned, drawBusiness, drawHandlingMinutes, drawRating,
  drawWaitMinutes, type BusinessType,
} from './service-model.ts';

/**
 * The simulated day at every branch: customers arrive along the day curve, take a ticket, wait, are
 * served, rate the service and occasionally suffer an error. Pure and seeded: each branch and
 * five-minute slot has its own random stream, so the same seed, run id and start give the same
 * events however the caller slices time.
 */
export const SLOT_MS = 5 * 60_000;

export interface ScenarioOptions {
  branches: readonly SimBranch[];
  seed: number;
  /** Part of every event id: two runs never collide unless they share it (a deliberate replay). */
  runId: string;
  /** The bank's time zone; events carry its offset. */
  timeZone?: string;
  /** The bank's calendar (statutory holidays, make-up working weekends); Mon–Fri by default. */
  dayKindOf?: (isoDate: string, weekday: number) => DayKind;
}

/** One customer's visit; times are epoch milliseconds. */
export interface SimTicket {
  branch: SimBranch;
  serviceDay: string;
  ticket: string;
  business: BusinessType;
  issuedAt: number;
  /** Absent when the customer left before being called. */
  calledAt?: number;
  finishedAt?: number;
  counter: string;
  teller?: string;
  evaluation?: { at: number; rating: number };
  serviceErrorAt?: number;
}

type EventFields = ServiceEvent extends infer E ? (E extends ServiceEvent ? Omit<E, 'id' | 'at' | 'branch'> : never) : never;

export interface TimedEvent {
  time: number;
  event: ServiceEvent;
}

export interface Scenario {
  /** Tickets issued in the slots that start before `untilMs` and not yet returned, oldest slot first. */
  ticketsUntil(untilMs: number): SimTicket[];
}

// Per branch and service day: ticket numbers per letter, and when each counter is free again.
interface BranchDay {
  serviceDay: string;
  numbers: Map<string, number>;
  counterFreeAt: number[];
}

export function createScenario(options: ScenarioOptions, fromMs: number): Scenario {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const dayKindOf = options.dayKindOf ?? ((_: string, weekday: number) => defaultDayKind(weekday));
  const days = new Map<string, BranchDay>();
  let nextSlot = Math.floor(fromMs / SLOT_MS) * SLOT_MS;
  return {
    ticketsUntil(untilMs) {
      const tickets: SimTicket[] = [];
      for (; nextSlot < untilMs; nextSlot += SLOT_MS) {
        const local = localTime(nextSlot + SLOT_MS / 2, timeZone);
        const day: ServiceDay = { isoDate: local.isoDate, dayOfMonth: local.dayOfMonth, weekday: local.weekday, kind: dayKindOf(local.isoDate, local.weekday) };
        for (const branch of options.branches) {
          const rate = arrivalRate(branch, day, local.minuteOfDay);
          if (rate === 0) continue;
          const state = branchDay(days, branch, day.isoDate);
          const rng = createRng(stableHash(options.seed, branch.code, nextSlot));
          // Rates and crowding are read mid-slot; ticket numbering wants the slot's first minute.
          const slot = { day, minute: local.minuteOfDay - SLOT_MS / 2 / 60_000, load: loadIndex(day, local.minuteOfDay) };
          for (const issuedAt of arrivals(rng, rate, nextSlot)) {
            const ticket = visit(rng, branch, state, slot, issuedAt);
            if (issuedAt >= fromMs) tickets.push(ticket);
          }
        }
      }
      return tickets;
    },
  };
}

function branchDay(days: Map<string, BranchDay>, branch: SimBranch, serviceDay: string): BranchDay {
  let state = days.get(branch.code);
  if (state?.serviceDay !== serviceDay) {
    // Without a staff list, a branch runs counters in proportion to its volume (3–8, as the demo staffs them).
    const counters = branch.tellers?.length ? branch.tellers.length : Math.min(8, Math.max(3, Math.round(2 + 2.5 * branchSizeFactor(branch))));
    state = { serviceDay, numbers: new Map(), counterFreeAt: new Array<number>(counters).fill(0) };
    days.set(branch.code, state);
  }
  return state;
}

/** Issue times in the slot: a Poisson count at the slot's rate, spread uniformly, in order. */
function arrivals(rng: Rng, perMinute: number, slotStart: number): number[] {
  const count = poisson(rng, (perMinute * SLOT_MS) / 60_000);
  return Array.from({ length: count }, () => slotStart + Math.floor(rng.next() * SLOT_MS)).sort((a, b) => a - b);
}

function poisson(rng: Rng, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next())));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

function visit(rng: Rng, branch: SimBranch, state: BranchDay, slot: { day: ServiceDay; minute: number; load: number }, issuedAt: number): SimTicket {
  // Every draw happens for every ticket, so the stream stays aligned whatever the outcome.
  // An outlet with a quality profile (the demo's) shifts the same draws; without one, the defaults.
  const quality = branch.quality;
  const business = drawBusiness(rng);
  const wait = drawWaitMinutes(rng, slot.load) * (quality?.waitFactor ?? 1);
  const abandoned = drawAbandoned(rng, wait);
  const handling = drawHandlingMinutes(rng, business) * (quality?.handlingFactor ?? 1);
  const evaluated = rng.chance(quality?.participation ?? EVALUATION_SHARE);
  const rating = quality ? qualityRating(rng.next(), quality, wait > LONG_WAIT_MINUTES) : drawRating(rng, wait);
  const evaluationDelay = rng.int(5, 60) * 1000;
  const failed = rng.chance(quality?.errorShare ?? SERVICE_ERROR_SHARE);
  const errorDelay = rng.int(60, 1800) * 1000;

  const ticket = nextTicketNumber(state, BUSINESS_PROFILES[business].letter, branch.code, slot);
  const counterIndex = freestCounter(state.counterFreeAt);
  const base = { branch, serviceDay: state.serviceDay, ticket, business, issuedAt, counter: String(counterIndex + 1).padStart(2, '0'), teller: branch.tellers?.[counterIndex] };
  if (abandoned) return base;
  const calledAt = issuedAt + Math.round(wait * 60_000);
  const finishedAt = calledAt + Math.round(handling * 60_000);
  state.counterFreeAt[counterIndex] = finishedAt;
  return {
    ...base, calledAt, finishedAt,
    evaluation: evaluated ? { at: finishedAt + evaluationDelay, rating } : undefined,
    serviceErrorAt: failed ? finishedAt + errorDelay : undefined,
  };
}

/**
 * A002 follows A001 within a run. A run that starts mid-day begins each letter at twice the minutes
 * since opening (more than any letter's real pace), so it never reuses a number an earlier run
 * issued that day: the server keys tickets by branch, day and number.
 */
function nextTicketNumber(state: BranchDay, letter: string, branchCode: string, slot: { day: ServiceDay; minute: number }): string {
  const opensAt = openingHours(branchCode, slot.day)?.opensAt ?? slot.minute;
  const last = state.numbers.get(letter) ?? Math.max(0, Math.floor(2 * (slot.minute - opensAt)));
  state.numbers.set(letter, last + 1);
  return `${letter}${String(last + 1).padStart(3, '0')}`;
}

function freestCounter(freeAt: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < freeAt.length; i++) if (freeAt[i]! < freeAt[best]!) best = i;
  return best;
}

/** The ingest events of a ticket, each at its own time (the caller sends it when that time comes). */
export function ticketEvents(t: SimTicket, runId: string, timeZone = DEFAULT_TIME_ZONE): TimedEvent[] {
  const idBase = `sim-${runId}-${t.branch.code}-${t.serviceDay.replaceAll('-', '')}-${t.ticket}`;
  const counterFields = { business: t.business, counter: t.counter, teller: t.teller };
  const timed = (time: number, kind: string, fields: EventFields): TimedEvent =>
    ({ time, event: { id: `${idBase}-${kind}`, at: formatAt(time, timeZone), branch: t.branch.code, ...fields } });
  const events = [timed(t.issuedAt, 'issued', { type: 'ticket.issued', ticket: t.ticket, business: t.business })];
  if (t.calledAt !== undefined) events.push(timed(t.calledAt, 'called', { type: 'ticket.called', ticket: t.ticket, ...counterFields }));
  if (t.finishedAt !== undefined) events.push(timed(t.finishedAt, 'finished', { type: 'ticket.finished', ticket: t.ticket, ...counterFields }));
  if (t.evaluation) events.push(timed(t.evaluation.at, 'evaluation', { type: 'evaluation.submitted', ticket: t.ticket, rating: t.evaluation.rating, teller: t.teller }));
  if (t.serviceErrorAt !== undefined) events.push(timed(t.serviceErrorAt, 'error', { type: 'service_error.recorded', ticket: t.ticket, teller: t.teller, business: t.business }));
  return events;
}

/** Every event of the tickets issued in [from, to), in time order: for tests, benchmarks and backfills. */
export function generateEvents(options: ScenarioOptions & { from: Date; to: Date }): ServiceEvent[] {
  const tickets = createScenario(options, options.from.getTime()).ticketsUntil(options.to.getTime());
  return tickets
    .filter((t) => t.issuedAt < options.to.getTime())
    .flatMap((t) => ticketEvents(t, options.runId, options.timeZone))
    .sort((a, b) => a.time - b.time)
    .map((e) => e.event);
}
