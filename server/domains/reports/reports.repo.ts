/**
 * The reports' complaint SQL. Reads complaints, branches, regions and customers (other domains'
 * tables, read-only: the reports domain is a read model like kpi, STYLE B2 exception); writes only
 * monthly_report_posts.
 */
import type { Queryable } from '../../../db/types.ts';
import type { KpiUnit } from '../kpi/index.ts';

const inUnit = (sql: Queryable, unit: KpiUnit) =>
  unit.kind === 'bank' ? sql`true` : unit.kind === 'branch' ? sql`b.id = ${unit.id}` : sql`r.ancestor_ids @> array[${unit.id}::bigint]`;

export interface ComplaintFactRow {
  reference: string;
  category: string;
  channel: string;
  branchCode: string;
  branchName: string;
  regionCode: string;
  receivedAt: Date;
  decisionDueAt: Date;
  decidedAt: Date | null;
  received: boolean;
  decided: boolean;
  decidedOnTime: boolean;
  overdue: boolean;
}

/**
 * Every complaint of `unit` that counts in the period [from, to): received in it (originals, not
 * merged repeats), decided in it, or overdue in it. A complaint is overdue in the period its
 * decision deadline fell in, once that deadline has passed (`now`) without an on-time decision:
 * counted once, in one period, whether it was decided late or is still open.
 */
export async function selectComplaintFacts(sql: Queryable, unit: KpiUnit, period: { from: Date; to: Date; now: Date }): Promise<ComplaintFactRow[]> {
  const rows = await sql<ComplaintFactRow[]>`
    select * from (
      select c.reference, c.category, c.channel, b.code as branch_code, b.name as branch_name, r.code as region_code,
             c.received_at, c.decision_due_at, c.decided_at,
             (c.kind = 'original' and c.received_at >= ${period.from} and c.received_at < ${period.to}) as received,
             (c.decided_at >= ${period.from} and c.decided_at < ${period.to}) is true as decided,
             (c.decided_at >= ${period.from} and c.decided_at < ${period.to} and c.decided_on_time) is true as decided_on_time,
             (c.decision_due_at >= ${period.from} and c.decision_due_at < ${period.to} and c.decision_due_at < ${period.now}
               and not coalesce(c.decided_on_time, false)) as overdue
      from complaints c
      join branches b on b.id = c.branch_id
      join regions r on r.id = b.region_id
      where c.merged_into_id is null and ${inUnit(sql, unit)}
        and ((c.received_at >= ${period.from} and c.received_at < ${period.to})
          or (c.decided_at >= ${period.from} and c.decided_at < ${period.to})
          or (c.decision_due_at >= ${period.from} and c.decision_due_at < ${period.to}))
    ) f
    where f.received or f.decided or f.overdue
    order by f.received_at, f.reference`;
  return rows;
}

/** Active branches and customers of `unit`: the bases of the regulator's rates. */
export async function selectUnitBases(sql: Queryable, unit: KpiUnit): Promise<{ branches: number; customers: number }> {
  const [row] = await sql<{ branches: string; customers: string }[]>`
    select (select count(*) from branches b join regions r on r.id = b.region_id where b.active and ${inUnit(sql, unit)}) as branches,
           (select count(*) from customers cu join branches b on b.id = cu.branch_id join regions r on r.id = b.region_id where ${inUnit(sql, unit)}) as customers`;
  return { branches: Number(row!.branches), customers: Number(row!.customers) };
}

/** Claims the (month, scope) post; false when it was already made (another instance or a re-run). */
export async function claimMonthlyPost(sql: Queryable, month: string, scope: string, at: Date): Promise<boolean> {
  const rows = await sql`
    insert into monthly_report_posts (month, scope, created_at) values (${month}, ${scope}, ${at})
    on conflict do nothing
    returning month`;
  return rows.length === 1;
}

export async function setMonthlyPostOutbox(sql: Queryable, month: string, scope: string, outboxId: string): Promise<void> {
  await sql`update monthly_report_posts set outbox_id = ${outboxId} where month = ${month} and scope = ${scope}`;
}

/**
 * Where the monthly cards go: the bank to its leadership chats (bound to no unit), each 分行 to
 * the leadership or alert chats bound to it. Reads outbox's chat_bindings (read-only).
 */
export async function selectPostTargets(sql: Queryable): Promise<{ scope: string; chats: { channel: string; chatId: string }[] }[]> {
  const rows = await sql<{ scope: string; channel: string | null; chatId: string | null }[]>`
    select 'bank' as scope, c.channel, c.chat_id
    from chat_bindings c
    where c.purpose = 'leadership' and c.region_id is null and c.branch_id is null
    union all
    select 'region:' || r.code as scope, c.channel, c.chat_id
    from regions r
    join chat_bindings c on c.region_id = r.id and c.purpose in ('leadership', 'alerts')
    where r.kind = 'branch_office'
    order by 1, 3`;
  const byScope = new Map<string, { channel: string; chatId: string }[]>();
  for (const row of rows) {
    const chats = byScope.get(row.scope) ?? [];
    if (row.chatId && !chats.some((c) => c.chatId === row.chatId)) chats.push({ channel: row.channel!, chatId: row.chatId });
    byScope.set(row.scope, chats);
  }
  return [...byScope].map(([scope, chats]) => ({ scope, chats }));
}
