import type { Queryable } from '../../../db/types.ts';
import type { AcceptedEvent, RollupDeltas, RollupSums, TicketState } from './ingest.types.ts';

/**
 * Inserts the events; returns the indexes of those that were new. An event whose (source, id)
 * is already stored is a duplicate and changes nothing.
 */
export async function insertNewEvents(sql: Queryable, source: string, events: readonly AcceptedEvent[], receivedAt: Date): Promise<Set<number>> {
  const rows = events.map((e) => ({
    index: e.index, event_id: e.eventId, type: e.type, branch_id: e.branchId, at: e.at.toISOString(), service_day: e.serviceDay,
    ticket: e.ticket, business: e.business, counter: e.counter, teller: e.teller, rating: e.rating,
  }));
  const inserted = await sql<{ eventId: string }[]>`
    insert into service_events (source, event_id, type, branch_id, at, service_day, ticket, business, counter, teller, rating, received_at)
    select ${source}, v.event_id, v.type, v.branch_id, v.at, v.service_day, v.ticket, v.business, v.counter, v.teller, v.rating, ${receivedAt}
    from jsonb_to_recordset(${sql.json(rows as never)}) as v (
      index int, event_id text, type text, branch_id bigint, at timestamptz, service_day date,
      ticket text, business text, counter text, teller text, rating smallint)
    order by v.index
    on conflict (source, event_id) do nothing
    returning event_id`;
  const newIds = new Set(inserted.map((r) => r.eventId));
  return new Set(events.filter((e) => newIds.has(e.eventId)).map((e) => e.index));
}

/**
 * Locks the tickets of a batch, creating missing ones first: two instances ingesting the two ends
 * of one new ticket then take turns (the second waits on the first's row), so its wait is counted
 * exactly once. Keys are sorted so concurrent batches lock in the same order (no deadlock).
 */
export async function lockTickets(sql: Queryable, keys: readonly { branchId: string; serviceDay: string; ticket: string }[]): Promise<TicketState[]> {
  if (keys.length === 0) return [];
  const sorted = [...keys].sort((a, b) => a.branchId.localeCompare(b.branchId) || a.serviceDay.localeCompare(b.serviceDay) || a.ticket.localeCompare(b.ticket));
  const branchIds = sorted.map((k) => k.branchId);
  const days = sorted.map((k) => k.serviceDay);
  const tickets = sorted.map((k) => k.ticket);
  await sql`
    insert into tickets (branch_id, service_day, ticket)
    select * from unnest(${branchIds}::bigint[], ${days}::date[], ${tickets}::text[])
    on conflict do nothing`;
  const rows = await sql<(Omit<TicketState, 'branchId'> & { branchId: string })[]>`
    select branch_id, service_day, ticket, business, issued_at, called_at, finished_at
    from tickets
    where (branch_id, service_day, ticket) in (select * from unnest(${branchIds}::bigint[], ${days}::date[], ${tickets}::text[]))
    order by branch_id, service_day, ticket
    for update`;
  return rows.map((r) => ({ ...r, branchId: String(r.branchId) }));
}

export async function saveTickets(sql: Queryable, states: readonly TicketState[]): Promise<void> {
  if (states.length === 0) return;
  const rows = states.map((s) => ({
    branch_id: s.branchId, service_day: s.serviceDay, ticket: s.ticket, business: s.business,
    issued_at: s.issuedAt?.toISOString() ?? null, called_at: s.calledAt?.toISOString() ?? null, finished_at: s.finishedAt?.toISOString() ?? null,
  }));
  await sql`
    update tickets t
    set business = v.business, issued_at = v.issued_at, called_at = v.called_at, finished_at = v.finished_at
    from jsonb_to_recordset(${sql.json(rows as never)}) as v (
      branch_id bigint, service_day date, ticket text, business text, issued_at timestamptz, called_at timestamptz, finished_at timestamptz)
    where t.branch_id = v.branch_id and t.service_day = v.service_day and t.ticket = v.ticket`;
}

function sumRecord(sums: RollupSums) {
  return {
    issued: sums.issued, called: sums.called, finished: sums.finished, wait_count: sums.waitCount, wait_seconds: sums.waitSeconds,
    long_waits: sums.longWaits, handling_count: sums.handlingCount, handling_seconds: sums.handlingSeconds, evaluations: sums.evaluations,
    satisfied: sums.satisfied, rating_sum: sums.ratingSum, service_errors: sums.serviceErrors,
  };
}

/** Adds the deltas to the hour, day and business rollups: one additive upsert each, safe under concurrency. */
export async function addRollups(sql: Queryable, deltas: RollupDeltas, now: Date): Promise<void> {
  // Rows go in key order: concurrent batches touching the same branches then lock them in the same
  // order and wait for each other instead of deadlocking.
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  if (deltas.hours.size > 0) {
    const rows = byKey(deltas.hours).map((h) => ({ branch_id: h.branchId, hour: h.hour.toISOString(), service_day: h.serviceDay, ...sumRecord(h.sums) }));
    await sql`
      insert into branch_hour_kpis as t (
        branch_id, hour, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
        handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
      select v.branch_id, v.hour, v.service_day, v.issued, v.called, v.finished, v.wait_count, v.wait_seconds, v.long_waits,
             v.handling_count, v.handling_seconds, v.evaluations, v.satisfied, v.rating_sum, v.service_errors, ${now}
      from jsonb_to_recordset(${sql.json(rows as never)}) as v (
        branch_id bigint, hour timestamptz, service_day date, issued int, called int, finished int, wait_count int, wait_seconds bigint,
        long_waits int, handling_count int, handling_seconds bigint, evaluations int, satisfied int, rating_sum int, service_errors int)
      order by v.branch_id, v.hour
      on conflict (branch_id, hour) do update set
        issued = t.issued + excluded.issued, called = t.called + excluded.called, finished = t.finished + excluded.finished,
        wait_count = t.wait_count + excluded.wait_count, wait_seconds = t.wait_seconds + excluded.wait_seconds,
        long_waits = t.long_waits + excluded.long_waits, handling_count = t.handling_count + excluded.handling_count,
        handling_seconds = t.handling_seconds + excluded.handling_seconds, evaluations = t.evaluations + excluded.evaluations,
        satisfied = t.satisfied + excluded.satisfied, rating_sum = t.rating_sum + excluded.rating_sum,
        service_errors = t.service_errors + excluded.service_errors, updated_at = excluded.updated_at`;
  }
  if (deltas.days.size > 0) {
    const rows = byKey(deltas.days).map((d) => ({ branch_id: d.branchId, service_day: d.serviceDay, ...sumRecord(d.sums) }));
    await sql`
      insert into branch_day_kpis as t (
        branch_id, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
        handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
      select v.branch_id, v.service_day, v.issued, v.called, v.finished, v.wait_count, v.wait_seconds, v.long_waits,
             v.handling_count, v.handling_seconds, v.evaluations, v.satisfied, v.rating_sum, v.service_errors, ${now}
      from jsonb_to_recordset(${sql.json(rows as never)}) as v (
        branch_id bigint, service_day date, issued int, called int, finished int, wait_count int, wait_seconds bigint,
        long_waits int, handling_count int, handling_seconds bigint, evaluations int, satisfied int, rating_sum int, service_errors int)
      order by v.branch_id, v.service_day
      on conflict (branch_id, service_day) do update set
        issued = t.issued + excluded.issued, called = t.called + excluded.called, finished = t.finished + excluded.finished,
        wait_count = t.wait_count + excluded.wait_count, wait_seconds = t.wait_seconds + excluded.wait_seconds,
        long_waits = t.long_waits + excluded.long_waits, handling_count = t.handling_count + excluded.handling_count,
        handling_seconds = t.handling_seconds + excluded.handling_seconds, evaluations = t.evaluations + excluded.evaluations,
        satisfied = t.satisfied + excluded.satisfied, rating_sum = t.rating_sum + excluded.rating_sum,
        service_errors = t.service_errors + excluded.service_errors, updated_at = excluded.updated_at`;
  }
  if (deltas.business.size > 0) {
    const rows = byKey(deltas.business).map((b) => ({
      branch_id: b.branchId, service_day: b.serviceDay, business: b.business, finished: b.finished, handling_count: b.handlingCount, handling_seconds: b.handlingSeconds,
    }));
    await sql`
      insert into branch_day_business_kpis as t (branch_id, service_day, business, finished, handling_count, handling_seconds)
      select v.branch_id, v.service_day, v.business, v.finished, v.handling_count, v.handling_seconds
      from jsonb_to_recordset(${sql.json(rows as never)}) as v (branch_id bigint, service_day date, business text, finished int, handling_count int, handling_seconds bigint)
      order by v.branch_id, v.service_day, v.business
      on conflict (branch_id, service_day, business) do update set
        finished = t.finished + excluded.finished, handling_count = t.handling_count + excluded.handling_count,
        handling_seconds = t.handling_seconds + excluded.handling_seconds`;
  }
}

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
