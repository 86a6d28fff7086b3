import type { Sql } from '../db/types.ts';
import { applyEvents, bankBuckets, ticketKey } from '../server/domains/ingest/ingest.rules.ts';
import type { AcceptedEvent, RollupSums, TicketState } from '../server/domains/ingest/ingest.types.ts';
import type { WireEvent } from './fixture.ts';

/**
 * The B1 baseline of issue #14 item 5: the SAME rows the product's ingest writes (raw events,
 * ticket rows, hour/day/business rollups), written by hand — plain postgres.js multi-row
 * statements, pipelined in one transaction per batch, by someone who already knows every row.
 * Everything the product has to work out is computed before the clock starts: branch ids, bank
 * buckets, the ticket states after each batch and the rollup deltas (with the product's own pure
 * rules, so both paths agree on what to write). Left to the baseline is what no ingest can skip:
 * the writes, their indexes and conflicts, and the commit. `fingerprint` proves the two paths
 * wrote the same thing.
 */
export interface HandBatch {
  events: Record<string, unknown>[];
  tickets: Record<string, unknown>[];
  hours: Record<string, unknown>[];
  days: Record<string, unknown>[];
  business: Record<string, unknown>[];
}

const SUMS: (keyof RollupSums)[] = ['issued', 'called', 'finished', 'waitCount', 'waitSeconds', 'longWaits', 'handlingCount', 'handlingSeconds', 'evaluations', 'satisfied', 'ratingSum', 'serviceErrors'];

/**
 * Works out, batch after batch, what the product would store: ticket states carry over from one
 * batch to the next exactly as the tickets table does. Events must have unique ids (the bench's do).
 */
export function planHandBatches(
  batches: readonly (readonly WireEvent[])[], idOf: ReadonlyMap<string, string>,
  rules: { timeZone: string; longWaitSeconds: number }, receivedAt: Date,
): HandBatch[] {
  const known = new Map<string, TicketState>();
  return batches.map((batch) => {
    const accepted: AcceptedEvent[] = batch.map((e, index) => {
      const at = new Date(e.at);
      return { index, eventId: e.id, type: e.type, branchId: idOf.get(e.branch)!, at, ...bankBuckets(at, rules.timeZone),
        ticket: e.ticket ?? null, business: e.business ?? null, counter: e.counter ?? null, teller: e.teller ?? null, rating: e.rating ?? null };
    });
    // As the product: every ticket named by a ticket event gets a row, even if nothing changes.
    const named = new Map<string, TicketState>();
    for (const e of accepted) {
      if (!e.ticket || !e.type.startsWith('ticket.')) continue;
      const key = ticketKey(e.branchId, e.serviceDay, e.ticket);
      named.set(key, known.get(key) ?? { branchId: e.branchId, serviceDay: e.serviceDay, ticket: e.ticket, business: null, issuedAt: null, calledAt: null, finishedAt: null });
    }
    const { tickets, deltas } = applyEvents(accepted, named, rules);
    for (const [key, state] of tickets) known.set(key, state);
    const sums = (s: RollupSums) => Object.fromEntries(SUMS.map((k) => [k, s[k]]));
    return {
      events: accepted.map((e) => ({ source: 'hand', eventId: e.eventId, type: e.type, branchId: e.branchId, at: e.at, serviceDay: e.serviceDay,
        ticket: e.ticket, business: e.business, counter: e.counter, teller: e.teller, rating: e.rating, receivedAt })),
      tickets: [...tickets.values()].map((t) => ({ ...t })),
      hours: [...deltas.hours.values()].map((h) => ({ branchId: h.branchId, hour: h.hour, serviceDay: h.serviceDay, ...sums(h.sums), updatedAt: receivedAt })),
      days: [...deltas.days.values()].map((d) => ({ branchId: d.branchId, serviceDay: d.serviceDay, ...sums(d.sums), updatedAt: receivedAt })),
      business: [...deltas.business.values()].map((b) => ({ ...b })),
    };
  });
}

/** One batch by hand: five multi-row statements pipelined in one transaction. */
export async function writeHandBatch(sql: Sql, batch: HandBatch): Promise<void> {
  const sumColumns = SUMS as string[];
  await sql.begin((tx) => {
    // postgres.js picks its builder from the word before the rows, so no `as t` alias there.
    const add = (table: string) => tx.unsafe(SUMS.map((k) => `${snake(k)} = ${table}.${snake(k)} + excluded.${snake(k)}`).join(', '));
    const statements = [tx`insert into service_events ${tx(batch.events as never, 'source', 'eventId', 'type', 'branchId', 'at', 'serviceDay', 'ticket', 'business', 'counter', 'teller', 'rating', 'receivedAt')}`];
    if (batch.tickets.length) {
      statements.push(tx`
        insert into tickets ${tx(batch.tickets as never, 'branchId', 'serviceDay', 'ticket', 'business', 'issuedAt', 'calledAt', 'finishedAt')}
        on conflict (branch_id, service_day, ticket) do update set
          business = excluded.business, issued_at = excluded.issued_at, called_at = excluded.called_at, finished_at = excluded.finished_at`);
    }
    if (batch.hours.length) {
      statements.push(tx`
        insert into branch_hour_kpis ${tx(batch.hours as never, 'branchId', 'hour', 'serviceDay', ...sumColumns, 'updatedAt')}
        on conflict (branch_id, hour) do update set ${add('branch_hour_kpis')}, updated_at = excluded.updated_at`);
    }
    if (batch.days.length) {
      statements.push(tx`
        insert into branch_day_kpis ${tx(batch.days as never, 'branchId', 'serviceDay', ...sumColumns, 'updatedAt')}
        on conflict (branch_id, service_day) do update set ${add('branch_day_kpis')}, updated_at = excluded.updated_at`);
    }
    if (batch.business.length) {
      statements.push(tx`
        insert into branch_day_business_kpis ${tx(batch.business as never, 'branchId', 'serviceDay', 'business', 'finished', 'handlingCount', 'handlingSeconds')}
        on conflict (branch_id, service_day, business) do update set
          finished = branch_day_business_kpis.finished + excluded.finished,
          handling_count = branch_day_business_kpis.handling_count + excluded.handling_count,
          handling_seconds = branch_day_business_kpis.handling_seconds + excluded.handling_seconds`);
    }
    return statements as never;
  });
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * What both paths must have written, as one comparable string: counts and sums of every column
 * the ingest writes, except who sent an event and when it arrived (the source and clock differ).
 */
export async function fingerprint(sql: Sql): Promise<string> {
  const sumList = SUMS.map((k) => `coalesce(sum(${snake(k)}), 0)`).join(', ');
  const [events] = await sql.unsafe(`select count(*), count(distinct event_id), count(distinct type), sum(branch_id), sum(extract(epoch from at)), count(distinct service_day),
    count(ticket), count(distinct ticket), count(business), count(counter), count(teller), coalesce(sum(rating), 0) from service_events`);
  const [tickets] = await sql.unsafe(`select count(*), count(business), count(distinct business), count(issued_at), count(called_at), count(finished_at),
    coalesce(sum(extract(epoch from coalesce(called_at, issued_at, finished_at))), 0), coalesce(sum(extract(epoch from finished_at)), 0) from tickets`);
  const [hours] = await sql.unsafe(`select count(*), sum(branch_id), sum(extract(epoch from hour)), ${sumList} from branch_hour_kpis`);
  const [days] = await sql.unsafe(`select count(*), sum(branch_id), ${sumList} from branch_day_kpis`);
  const [business] = await sql.unsafe(`select count(*), count(distinct business), coalesce(sum(finished), 0), coalesce(sum(handling_count), 0), coalesce(sum(handling_seconds), 0) from branch_day_business_kpis`);
  return JSON.stringify({ events, tickets, hours, days, business });
}
