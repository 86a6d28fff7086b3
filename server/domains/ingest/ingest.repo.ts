import type { Queryable } from '../../../db/types.ts';
import type { RollupDeltas, RollupSums, StoredEvent, TicketState } from './ingest.types.ts';

// Batches travel as one array per column and come back as rows through unnest: one parameter per
// column whatever the batch size, no JSON to build or parse, and every statement of a batch is
// sent in as few round trips as possible (each one crosses a socket on PGlite).

type TicketKey = { branchId: string; serviceDay: string; ticket: string };

/** The unique key that makes an event's (source, id) exactly-once. */
export const EVENT_KEY_CONSTRAINT = 'service_events_source_event_id_key';

/**
 * Inserts the events. Usually every event of a batch is new, so the usual path is a plain insert
 * that answers nothing (`skipStored: false`): an event already stored makes it fail with 23505 on
 * EVENT_KEY_CONSTRAINT, and the caller stores the group again with `skipStored: true`, which skips
 * stored events (`on conflict do nothing`) and answers the positions in `events` of the new ones. The plain path
 * spares the speculative insertion and a row per event sent back (ADR 0027).
 */
export async function insertEvents(sql: Queryable, events: readonly StoredEvent[], options: { skipStored: boolean }): Promise<Set<number> | null> {
  const insert = insertStatement(sql, events);
  if (!options.skipStored) {
    await insert;
    return null;
  }
  const rows = await sql<{ source: string; eventId: string }[]>`${insert} on conflict (source, event_id) do nothing returning source, event_id`;
  const newIds = new Set(rows.map((r) => `${r.source}|${r.eventId}`));
  const positions = new Set<number>();
  events.forEach((e, i) => newIds.has(`${e.source}|${e.eventId}`) && positions.add(i));
  return positions;
}

function insertStatement(sql: Queryable, events: readonly StoredEvent[]) {
  const col = <T>(pick: (e: StoredEvent) => T) => events.map(pick);
  return sql`
    insert into service_events (source, event_id, type, branch_id, at, service_day, ticket, business, counter, teller, rating, received_at)
    select v.source, v.event_id, v.type, v.branch_id, v.at, v.service_day, v.ticket, v.business, v.counter, v.teller, v.rating, v.received_at
    from unnest(
      ${col((e) => e.source)}::text[], ${col((e) => e.eventId)}::text[], ${col((e) => e.type)}::text[], ${col((e) => e.branchId)}::bigint[], ${col((e) => e.at.toISOString())}::timestamptz[],
      ${col((e) => e.serviceDay)}::date[], ${col((e) => e.ticket)}::text[], ${col((e) => e.business)}::text[], ${col((e) => e.counter)}::text[],
      ${col((e) => e.teller)}::text[], ${col((e) => e.rating)}::smallint[], ${col((e) => e.receivedAt.toISOString())}::timestamptz[]
    ) with ordinality as v (source, event_id, type, branch_id, at, service_day, ticket, business, counter, teller, rating, received_at, n)
    order by v.n`;
}

/**
 * Locks the stored tickets the batch names and answers their state, with the transaction's id
 * (for the change feed). Rows are locked in key order, so concurrent batches lock in the same
 * order (no deadlock). A ticket not stored yet is not created here: saveTicketsAndRollups inserts it
 * with its final state, so each ticket row is written once per batch. With `insert`, the same
 * statement also inserts those events as insertEvents does on its usual path (one statement
 * instead of two where nothing could run meanwhile: PGlite, in this process; ADR 0027).
 */
export async function lockTickets(sql: Queryable, keys: readonly TicketKey[], insert?: readonly StoredEvent[]): Promise<{ tickets: TicketState[]; xid: string }> {
  const rows = await sql<{ branchId: string | null; serviceDay: string; ticket: string; business: string | null; issuedAt: Date | null; calledAt: Date | null; finishedAt: Date | null; xid: string | null }[]>`
    with ${insert ? sql`inserted as (${insertStatement(sql, insert)}),` : sql``} locked as (
      select t.branch_id, t.service_day, t.ticket, t.business, t.issued_at, t.called_at, t.finished_at
      from tickets t
      join unnest(${keys.map((k) => k.branchId)}::bigint[], ${keys.map((k) => k.serviceDay)}::date[], ${keys.map((k) => k.ticket)}::text[])
        as v (branch_id, service_day, ticket)
        on t.branch_id = v.branch_id and t.service_day = v.service_day and t.ticket = v.ticket
      order by t.branch_id, t.service_day, t.ticket
      for update of t
    )
    select branch_id, service_day, ticket, business, issued_at, called_at, finished_at, null as xid from locked
    union all
    select null, null, null, null, null, null, null, pg_current_xact_id()::text`;
  let xid = '';
  const tickets: TicketState[] = [];
  for (const r of rows) {
    if (r.xid !== null) xid = r.xid;
    else tickets.push({ branchId: String(r.branchId), serviceDay: r.serviceDay, ticket: r.ticket, business: r.business, issuedAt: r.issuedAt, calledAt: r.calledAt, finishedAt: r.finishedAt });
  }
  return { tickets, xid };
}

/** The primary key of tickets: a batch that meets it created a ticket another transaction just created. */
export const TICKET_KEY_CONSTRAINT = 'tickets_pkey';

/**
 * Writes the tickets' new states and adds the deltas to the hour, day and business rollups (one
 * additive upsert each, safe under concurrency), in one statement. Tickets lockTickets answered
 * (`stored`) are updated; the others are inserted with their final state. Should another
 * transaction have created one of those since the lock, the insert fails with 23505 on
 * TICKET_KEY_CONSTRAINT and the caller stores the group again (it then finds and locks that row).
 * New tickets and rollup rows go in key order: concurrent batches touching the same rows then wait
 * for each other instead of deadlocking. The main query reads the sub-statements in a fixed
 * order, so they run in that order.
 */
export async function saveTicketsAndRollups(
  sql: Queryable, tickets: { stored: readonly TicketState[]; created: readonly TicketState[] }, deltas: RollupDeltas, now: Date,
): Promise<void> {
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const hours = byKey(deltas.hours);
  const days = byKey(deltas.days);
  const business = byKey(deltas.business);
  const created = [...tickets.created].sort((a, b) => a.branchId.localeCompare(b.branchId) || a.serviceDay.localeCompare(b.serviceDay) || a.ticket.localeCompare(b.ticket));
  const sumsOf = (rows: { sums: RollupSums }[]) => {
    const c = <K extends keyof RollupSums>(k: K) => rows.map((r) => r.sums[k]);
    return sql`${c('issued')}::int[], ${c('called')}::int[], ${c('finished')}::int[], ${c('waitCount')}::int[], ${c('waitSeconds')}::int8[], ${c('longWaits')}::int[],
      ${c('handlingCount')}::int[], ${c('handlingSeconds')}::int8[], ${c('evaluations')}::int[], ${c('satisfied')}::int[], ${c('ratingSum')}::int[], ${c('serviceErrors')}::int[]`;
  };
  const SUM_COLUMNS = sql`issued, called, finished, wait_count, wait_seconds, long_waits, handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors`;
  const SUMS_OF_V = sql`v.issued, v.called, v.finished, v.wait_count, v.wait_seconds, v.long_waits, v.handling_count, v.handling_seconds, v.evaluations, v.satisfied, v.rating_sum, v.service_errors`;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const ticketRows = (states: readonly TicketState[]) => sql`unnest(${states.map((s) => s.branchId)}::bigint[], ${states.map((s) => s.serviceDay)}::date[], ${states.map((s) => s.ticket)}::text[],
    ${states.map((s) => s.business)}::text[], ${states.map((s) => iso(s.issuedAt))}::timestamptz[], ${states.map((s) => iso(s.calledAt))}::timestamptz[],
    ${states.map((s) => iso(s.finishedAt))}::timestamptz[])`;
  await sql`
    with saved as (
      update tickets t
      set business = v.business, issued_at = v.issued_at, called_at = v.called_at, finished_at = v.finished_at
      from ${ticketRows(tickets.stored)} as v (branch_id, service_day, ticket, business, issued_at, called_at, finished_at)
      where t.branch_id = v.branch_id and t.service_day = v.service_day and t.ticket = v.ticket
      returning 1
    ),
    created as (
      insert into tickets (branch_id, service_day, ticket, business, issued_at, called_at, finished_at)
      select v.branch_id, v.service_day, v.ticket, v.business, v.issued_at, v.called_at, v.finished_at
      from ${ticketRows(created)} with ordinality as v (branch_id, service_day, ticket, business, issued_at, called_at, finished_at, n)
      order by v.n
      returning 1
    ),
    hours as (
      insert into branch_hour_kpis as t (
        branch_id, hour, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
        handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
      select v.branch_id, v.hour, v.service_day, ${SUMS_OF_V}, ${now}::timestamptz
      from unnest(${hours.map((h) => h.branchId)}::bigint[], ${hours.map((h) => h.hour.toISOString())}::timestamptz[], ${hours.map((h) => h.serviceDay)}::date[], ${sumsOf(hours)})
        with ordinality as v (branch_id, hour, service_day, ${SUM_COLUMNS}, n)
      order by v.n
      on conflict (branch_id, hour) do update set ${additive(sql)}
      returning 1
    ),
    days as (
      insert into branch_day_kpis as t (
        branch_id, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
        handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
      select v.branch_id, v.service_day, ${SUMS_OF_V}, ${now}::timestamptz
      from unnest(${days.map((d) => d.branchId)}::bigint[], ${days.map((d) => d.serviceDay)}::date[], ${sumsOf(days)})
        with ordinality as v (branch_id, service_day, ${SUM_COLUMNS}, n)
      order by v.n
      on conflict (branch_id, service_day) do update set ${additive(sql)}
      returning 1
    ),
    business as (
      insert into branch_day_business_kpis as t (branch_id, service_day, business, finished, handling_count, handling_seconds)
      select v.branch_id, v.service_day, v.business, v.finished, v.handling_count, v.handling_seconds
      from unnest(${business.map((b) => b.branchId)}::bigint[], ${business.map((b) => b.serviceDay)}::date[], ${business.map((b) => b.business)}::text[],
        ${business.map((b) => b.finished)}::int[], ${business.map((b) => b.handlingCount)}::int[], ${business.map((b) => b.handlingSeconds)}::int8[])
        with ordinality as v (branch_id, service_day, business, finished, handling_count, handling_seconds, n)
      order by v.n
      on conflict (branch_id, service_day, business) do update set
        finished = t.finished + excluded.finished, handling_count = t.handling_count + excluded.handling_count,
        handling_seconds = t.handling_seconds + excluded.handling_seconds
      returning 1
    )
    select (select count(*) from saved) as saved, (select count(*) from created) as created, (select count(*) from hours) as hours, (select count(*) from days) as days, (select count(*) from business) as business`;
}

const additive = (sql: Queryable) => sql`
  issued = t.issued + excluded.issued, called = t.called + excluded.called, finished = t.finished + excluded.finished,
  wait_count = t.wait_count + excluded.wait_count, wait_seconds = t.wait_seconds + excluded.wait_seconds,
  long_waits = t.long_waits + excluded.long_waits, handling_count = t.handling_count + excluded.handling_count,
  handling_seconds = t.handling_seconds + excluded.handling_seconds, evaluations = t.evaluations + excluded.evaluations,
  satisfied = t.satisfied + excluded.satisfied, rating_sum = t.rating_sum + excluded.rating_sum,
  service_errors = t.service_errors + excluded.service_errors, updated_at = excluded.updated_at`;

export interface FeedRow {
  kind: 'long_wait' | 'low_rating' | 'service_error';
  at: Date;
  branchCode: string;
  branchName: string;
  ticket: string | null;
  value: number | null;
}

/**
 * The latest notable events since `since` in a scope (region subtree or one branch; the bank when
 * both are null): low ratings and service errors from the raw events, long waits from tickets.
 */
export async function selectRecentFeed(
  sql: Queryable,
  filter: { regionId: string | null; branchId: string | null; since: Date; longWaitSeconds: number; limit: number },
): Promise<FeedRow[]> {
  return sql<FeedRow[]>`
    with scoped as (
      select b.id, b.code, b.name
      from branches b
      join regions br on br.id = b.region_id
      where (${filter.branchId}::bigint is null or b.id = ${filter.branchId}::bigint)
        and (${filter.regionId}::bigint is null or ${filter.regionId}::bigint = any(br.ancestor_ids))
    )
    select kind, at, branch_code, branch_name, ticket, value from (
      select case when e.type = 'service_error.recorded' then 'service_error' else 'low_rating' end as kind,
             e.at, s.code as branch_code, s.name as branch_name, e.ticket, e.rating::int as value
      from service_events e
      join scoped s on s.id = e.branch_id
      where e.at >= ${filter.since}
        and (e.type = 'service_error.recorded' or (e.type = 'evaluation.submitted' and e.rating <= 2))
      union all
      select 'long_wait', t.called_at, s.code, s.name, t.ticket,
             extract(epoch from (t.called_at - t.issued_at))::int
      from tickets t
      join scoped s on s.id = t.branch_id
      where t.called_at >= ${filter.since}
        and t.called_at - t.issued_at >= make_interval(secs => ${filter.longWaitSeconds})
    ) feed
    order by at desc
    limit ${filter.limit}`;
}
