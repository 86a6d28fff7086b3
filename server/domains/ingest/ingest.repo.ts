import type { Queryable } from '../../../db/types.ts';
import type { RollupDeltas, RollupSums, StoredEvent, TicketState } from './ingest.types.ts';

// Batches travel as one array per column and come back as rows through unnest: one parameter per
// column whatever the batch size, no JSON to build or parse, and every statement of a batch is
// sent in as few round trips as possible (each one crosses a socket on PGlite).

type TicketKey = { branchId: string; serviceDay: string; ticket: string };

/**
 * Inserts the events (unique by source and id) and locks the tickets they touch, in one
 * statement. Returns the indexes of the events that were new (an event whose (source, id) is
 * already stored is a duplicate and changes nothing), the stored state of every ticket named, and the transaction's id (for the
 * change feed). Missing tickets are created first, so two instances ingesting the two ends of
 * one new ticket take turns on its row and its wait is counted exactly once; keys are sorted so
 * concurrent batches lock in the same order (no deadlock). The upsert's no-op update is what
 * takes the row lock and returns the current row, stored or new.
 */
export async function insertEventsAndLockTickets(
  sql: Queryable, events: readonly StoredEvent[], keys: readonly TicketKey[],
): Promise<{ inserted: Set<number>; tickets: TicketState[]; xid: string }> {
  const sorted = [...keys].sort((a, b) => a.branchId.localeCompare(b.branchId) || a.serviceDay.localeCompare(b.serviceDay) || a.ticket.localeCompare(b.ticket));
  const col = <T>(pick: (e: StoredEvent) => T) => events.map(pick);
  const rows = await sql<{ source: string | null; eventId: string | null; branchId: string | null; serviceDay: string; ticket: string; business: string | null; issuedAt: Date | null; calledAt: Date | null; finishedAt: Date | null; xid: string | null }[]>`
    with new_events as (
      insert into service_events (source, event_id, type, branch_id, at, service_day, ticket, business, counter, teller, rating, received_at)
      select v.source, v.event_id, v.type, v.branch_id, v.at, v.service_day, v.ticket, v.business, v.counter, v.teller, v.rating, v.received_at
      from unnest(
        ${col((e) => e.source)}::text[], ${col((e) => e.eventId)}::text[], ${col((e) => e.type)}::text[], ${col((e) => e.branchId)}::bigint[], ${col((e) => e.at.toISOString())}::timestamptz[],
        ${col((e) => e.serviceDay)}::date[], ${col((e) => e.ticket)}::text[], ${col((e) => e.business)}::text[], ${col((e) => e.counter)}::text[],
        ${col((e) => e.teller)}::text[], ${col((e) => e.rating)}::smallint[], ${col((e) => e.receivedAt.toISOString())}::timestamptz[]
      ) with ordinality as v (source, event_id, type, branch_id, at, service_day, ticket, business, counter, teller, rating, received_at, n)
      order by v.n
      on conflict (source, event_id) do nothing
      returning source, event_id
    ),
    locked as (
      insert into tickets as t (branch_id, service_day, ticket)
      select v.branch_id, v.service_day, v.ticket
      from unnest(${sorted.map((k) => k.branchId)}::bigint[], ${sorted.map((k) => k.serviceDay)}::date[], ${sorted.map((k) => k.ticket)}::text[])
        with ordinality as v (branch_id, service_day, ticket, n)
      order by v.n
      on conflict (branch_id, service_day, ticket) do update set ticket = t.ticket
      returning t.branch_id, t.service_day, t.ticket, t.business, t.issued_at, t.called_at, t.finished_at
    )
    select null as source, null as event_id, branch_id, service_day, ticket, business, issued_at, called_at, finished_at, null as xid from locked
    union all
    select source, event_id, null, null, null, null, null, null, null, null from new_events
    union all
    select null, null, null, null, null, null, null, null, null, pg_current_xact_id()::text`;
  const newIds = new Set<string>();
  const tickets: TicketState[] = [];
  let xid = '';
  for (const r of rows) {
    if (r.xid !== null) xid = r.xid;
    else if (r.eventId !== null) newIds.add(`${r.source}|${r.eventId}`);
    else tickets.push({ branchId: String(r.branchId), serviceDay: r.serviceDay, ticket: r.ticket, business: r.business, issuedAt: r.issuedAt, calledAt: r.calledAt, finishedAt: r.finishedAt });
  }
  return { inserted: new Set(events.filter((e) => newIds.has(`${e.source}|${e.eventId}`)).map((e) => e.index)), tickets, xid };
}

/**
 * Writes the tickets' new states and adds the deltas to the hour, day and business rollups (one
 * additive upsert each, safe under concurrency), in one statement. Rollup rows go in key order:
 * concurrent batches touching the same branches then lock them in the same order and wait for
 * each other instead of deadlocking. The main query reads the sub-statements in a fixed order, so
 * they run in that order.
 */
export async function saveTicketsAndRollups(sql: Queryable, states: readonly TicketState[], deltas: RollupDeltas, now: Date): Promise<void> {
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const hours = byKey(deltas.hours);
  const days = byKey(deltas.days);
  const business = byKey(deltas.business);
  const sumsOf = (rows: { sums: RollupSums }[]) => {
    const c = <K extends keyof RollupSums>(k: K) => rows.map((r) => r.sums[k]);
    return sql`${c('issued')}::int[], ${c('called')}::int[], ${c('finished')}::int[], ${c('waitCount')}::int[], ${c('waitSeconds')}::int8[], ${c('longWaits')}::int[],
      ${c('handlingCount')}::int[], ${c('handlingSeconds')}::int8[], ${c('evaluations')}::int[], ${c('satisfied')}::int[], ${c('ratingSum')}::int[], ${c('serviceErrors')}::int[]`;
  };
  const SUM_COLUMNS = sql`issued, called, finished, wait_count, wait_seconds, long_waits, handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors`;
  const SUMS_OF_V = sql`v.issued, v.called, v.finished, v.wait_count, v.wait_seconds, v.long_waits, v.handling_count, v.handling_seconds, v.evaluations, v.satisfied, v.rating_sum, v.service_errors`;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  await sql`
    with saved as (
      update tickets t
      set business = v.business, issued_at = v.issued_at, called_at = v.called_at, finished_at = v.finished_at
      from unnest(${states.map((s) => s.branchId)}::bigint[], ${states.map((s) => s.serviceDay)}::date[], ${states.map((s) => s.ticket)}::text[],
        ${states.map((s) => s.business)}::text[], ${states.map((s) => iso(s.issuedAt))}::timestamptz[], ${states.map((s) => iso(s.calledAt))}::timestamptz[],
        ${states.map((s) => iso(s.finishedAt))}::timestamptz[]) as v (branch_id, service_day, ticket, business, issued_at, called_at, finished_at)
      where t.branch_id = v.branch_id and t.service_day = v.service_day and t.ticket = v.ticket
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
    select (select count(*) from saved) as saved, (select count(*) from hours) as hours, (select count(*) from days) as days, (select count(*) from business) as business`;
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
