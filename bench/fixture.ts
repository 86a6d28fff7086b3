import type { Queryable } from '../db/types.ts';
import type { ServiceEventType } from '../server/contract/payloads/ingest.ts';
import { hoursOfBankDay } from '../server/platform/bank-time.ts';

/**
 * Bench fixtures written straight in SQL (fast at 20,000 outlets, unlike the demo generator and
 * the import path): a bank tree 总行 → 分行 → 支行 → 网点, one day of rollups per outlet, and a
 * realistic stream of queue events with unique ids.
 */
export const BENCH_TIME_ZONE = 'Asia/Shanghai';

export interface BenchBranch {
  id: string;
  code: string;
}

/**
 * A head office, 10–36 分行 (about one per 550 outlets), 支行 of about 25 outlets each, and
 * `count` outlets spread round-robin over the 支行. Returns the outlets in id order.
 */
export async function seedBank(sql: Queryable, count: number): Promise<BenchBranch[]> {
  const offices = Math.min(36, Math.max(10, Math.round(count / 550)));
  const subsPerOffice = Math.max(2, Math.ceil(count / offices / 25));
  const [ho] = await sql<{ id: string }[]>`
    insert into regions (code, name, kind, parent_id) values ('HO', '基准银行总行', 'head_office', null) returning id`;
  await sql`update regions set ancestor_ids = array[id] where id = ${ho!.id}`;
  await sql`
    insert into regions (code, name, kind, parent_id)
    select 'F' || lpad(g::text, 2, '0'), '第' || g || '分行', 'branch_office', ${ho!.id}
    from generate_series(1, ${offices}::int) g`;
  await sql`update regions set ancestor_ids = array[${ho!.id}::bigint, id] where kind = 'branch_office'`;
  await sql`
    insert into regions (code, name, kind, parent_id)
    select f.code || 'S' || lpad(s::text, 2, '0'), f.name || '第' || s || '支行', 'sub_branch', f.id
    from regions f cross join generate_series(1, ${subsPerOffice}::int) s
    where f.kind = 'branch_office'`;
  await sql`
    update regions r set ancestor_ids = p.ancestor_ids || r.id
    from regions p
    where r.parent_id = p.id and r.kind = 'sub_branch'`;
  const rows = await sql<{ id: string; code: string }[]>`
    with subs as (
      select id, (row_number() over (order by id) - 1)::int as k, count(*) over ()::int as n
      from regions
      where kind = 'sub_branch'
    )
    insert into branches (code, name, region_id, address)
    select 'W' || lpad(g::text, 5, '0'), '第' || g || '网点', s.id, '基准路' || g || '号'
    from generate_series(1, ${count}::int) g
    join subs s on s.k = (g - 1) % s.n
    order by g
    returning id, code`;
  return rows.map((r) => ({ id: String(r.id), code: r.code }));
}

const BUSINESSES = ['存取款', '开户', '理财', '对公业务', '外汇'] as const;

/**
 * One bank day of rollups for every outlet: the day row, 09:00–17:00 hour rows and four business
 * rows, figures varied per outlet (so the ranking has something to sort), sums consistent.
 */
export async function seedDayRollups(sql: Queryable, day: string): Promise<void> {
  const hours = hoursOfBankDay(day, BENCH_TIME_ZONE).slice(9, 18).map((h) => h.toISOString());
  await sql`
    insert into branch_hour_kpis (branch_id, hour, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
      handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
    select b.id, h.hour, ${day}::date, v.n, v.n, v.n - 1, v.n, v.n * (300 + v.spread * 6), v.spread / 20,
           v.n - 1, (v.n - 1) * (420 + v.spread * 3), (v.n * 4) / 5, (v.n * 4) / 5 - v.spread / 25, ((v.n * 4) / 5) * 4, (v.spread % 7 = 0)::int, now()
    from branches b
    cross join unnest(${hours}::timestamptz[]) as h(hour)
    cross join lateral (select 25 + ((b.id * 7919 + extract(hour from h.hour)::int * 31) % 20)::int as n, ((b.id * 104729) % 100)::int as spread) v`;
  await sql`
    insert into branch_day_kpis (branch_id, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
      handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
    select k.branch_id, k.service_day, sum(k.issued), sum(k.called), sum(k.finished), sum(k.wait_count), sum(k.wait_seconds), sum(k.long_waits),
           sum(k.handling_count), sum(k.handling_seconds), sum(k.evaluations), sum(k.satisfied), sum(k.rating_sum), sum(k.service_errors), now()
    from branch_hour_kpis k
    where k.service_day = ${day}
    group by k.branch_id, k.service_day`;
  await sql`
    insert into branch_day_business_kpis (branch_id, service_day, business, finished, handling_count, handling_seconds)
    select d.branch_id, d.service_day, biz.name, d.finished / 4, d.handling_count / 4, d.handling_seconds / 4
    from branch_day_kpis d
    cross join unnest(${BUSINESSES.slice(0, 4) as unknown as string[]}::text[]) as biz(name)
    where d.service_day = ${day}`;
}

/** An event as a queue machine posts it (the wire shape of POST /api/v1/events). */
export interface WireEvent {
  id: string;
  type: ServiceEventType;
  branch: string;
  at: string;
  ticket?: string;
  business?: string;
  counter?: string;
  teller?: string;
  rating?: number;
}

interface OpenTicket {
  ticket: string;
  stage: 0 | 1 | 2;
  business: string;
  counter: string;
  evaluates: boolean;
}

/**
 * Queue events per outlet as a real queue system emits them: a ticket is issued, called, finished
 * and (80% of the time) rated; a service error now and then (0.3%). Several tickets are open per
 * outlet at once, so a batch mixes stages. Every event moves exactly one of the counters issued,
 * called, finished, evaluations, serviceErrors by one, so a wall's running total of those five is
 * the number of events of its outlet it has seen (the latency bench relies on it).
 */
export class EventStream {
  readonly #open: OpenTicket[][];
  readonly #issued: number[];
  #seq = 0;
  #rng: () => number;

  constructor(readonly branchCodes: readonly string[], readonly idPrefix: string, seed = 1, readonly ticketPrefix = 'A') {
    this.#open = branchCodes.map(() => []);
    this.#issued = branchCodes.map(() => 0);
    let state = seed >>> 0 || 1;
    this.#rng = () => {
      state ^= state << 13; state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5; state >>>= 0;
      return state / 4_294_967_296;
    };
  }

  /** The next event of a random outlet (or of `branchIndex`), stamped `at`. */
  next(at: Date, branchIndex = Math.floor(this.#rng() * this.branchCodes.length)): WireEvent & { branchIndex: number } {
    const open = this.#open[branchIndex]!;
    const branch = this.branchCodes[branchIndex]!;
    const base = { id: `${this.idPrefix}-${++this.#seq}`, branch, at: at.toISOString(), branchIndex };
    const r = this.#rng();
    if (r < 0.003 && open.length) return { ...base, type: 'service_error.recorded', ticket: open[0]!.ticket, teller: `T${open[0]!.counter}` };
    if (open.length === 0 || (open.length < 8 && r < 0.27)) {
      const ticket = { ticket: `${this.ticketPrefix}${String(++this.#issued[branchIndex]!).padStart(4, '0')}`, stage: 0 as const, business: BUSINESSES[Math.floor(this.#rng() * BUSINESSES.length)]!, counter: String(1 + Math.floor(this.#rng() * 6)), evaluates: this.#rng() < 0.8 };
      open.push(ticket);
      return { ...base, type: 'ticket.issued', ticket: ticket.ticket, business: ticket.business };
    }
    const index = Math.floor(this.#rng() * open.length);
    const ticket = open[index]!;
    if (ticket.stage === 0) {
      ticket.stage = 1;
      return { ...base, type: 'ticket.called', ticket: ticket.ticket, counter: ticket.counter, teller: `T${ticket.counter}` };
    }
    if (ticket.stage === 1) {
      ticket.stage = 2;
      if (!ticket.evaluates) open.splice(index, 1);
      return { ...base, type: 'ticket.finished', ticket: ticket.ticket, counter: ticket.counter, teller: `T${ticket.counter}` };
    }
    open.splice(index, 1);
    return { ...base, type: 'evaluation.submitted', ticket: ticket.ticket, teller: `T${ticket.counter}`, rating: this.#rating() };
  }

  #rating(): number {
    const r = this.#rng();
    return r < 0.6 ? 5 : r < 0.85 ? 4 : r < 0.95 ? 3 : r < 0.98 ? 2 : 1;
  }
}

/** The share of each event type in a stream, for the report. */
export function typeMix(events: readonly WireEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${t.split('.')[0]}.${t.split('.')[1]} ${((100 * n) / events.length).toFixed(0)}%`).join(', ');
}
