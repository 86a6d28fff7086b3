import type { Queryable } from '../../../db/types.ts';
import type { CareCustomer, CareDoneVia, CareKind, CareSettings, CareStatus, CareTaskDraft } from './care.types.ts';

const BATCH = 2_000;

/** Every customer who may be greeted (opted-out ones never reach the rules). */
export async function selectCareCustomers(sql: Queryable): Promise<CareCustomer[]> {
  const rows = await sql<CareCustomer[]>`
    select id::text, tier, birthday_calendar, birth_year, birth_month, birth_day, birth_leap_month, care_opt_out
    from customers where not care_opt_out`;
  return rows.map((r) => ({ ...r }));
}

/**
 * Inserts the drafts in multi-row batches; an existing (customer, kind, occasion, date) is kept,
 * so re-runs and a second instance add nothing. The assignee is the customer's account manager
 * when active, else the branch head. Returns the new tasks' ids.
 */
export async function insertTaskBatch(sql: Queryable, drafts: readonly CareTaskDraft[], now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < drafts.length; i += BATCH) {
    const records = drafts.slice(i, i + BATCH).map((d) => ({
      customer_id: Number(d.customerId), kind: d.kind, occasion: d.occasion, occasion_date: d.occasionDate, due_date: d.dueDate, appears_on: d.appearsOn,
    }));
    const rows = await sql<{ id: string }[]>`
      insert into care_tasks (customer_id, assignee_id, branch_id, kind, occasion, occasion_date, due_date, appears_on, tier, created_at)
      select c.id, coalesce(am.id, b.head_staff_id), c.branch_id, v.kind, v.occasion, v.occasion_date, v.due_date, v.appears_on, c.tier, ${now}
      from jsonb_to_recordset(${sql.json(records)}) as v (customer_id bigint, kind text, occasion text, occasion_date date, due_date date, appears_on date)
      join customers c on c.id = v.customer_id
      join branches b on b.id = c.branch_id
      left join staff am on am.id = c.account_manager_id and am.active
      on conflict on constraint care_tasks_occasion_key do nothing
      returning id::text`;
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function insertCreatedEvents(sql: Queryable, ids: readonly string[], actor: string, now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    await sql`insert into care_task_events (task_id, kind, actor, at)
      select unnest(${sql.array(ids.slice(i, i + BATCH).map(Number))}::bigint[]), 'created', ${actor}, ${now}`;
  }
}

/** A task as stored, with the names the views need (personal data whole: the service masks). */
export interface CareTaskRecord {
  id: string;
  kind: CareKind;
  occasion: string;
  occasionDate: string;
  dueDate: string;
  appearsOn: string;
  tier: string;
  status: CareStatus;
  doneVia: CareDoneVia | null;
  skipReason: string | null;
  closedAt: Date | null;
  customerCode: string;
  customerName: string;
  customerBirthYear: number | null;
  branchId: string;
  branchCode: string;
  branchName: string;
  assigneeCode: string | null;
  assigneeName: string | null;
}

export interface CareTaskFilter {
  branchIds?: string[] | undefined;
  regionId?: string | undefined;
  assigneeCode?: string | undefined;
  customerCode?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  appearsOn?: string | undefined;
  status?: CareStatus | undefined;
  kind?: CareKind | undefined;
  ids?: string[] | undefined;
  limit?: number | undefined;
}

export async function selectTasks(sql: Queryable, f: CareTaskFilter, options: { lock?: boolean } = {}): Promise<CareTaskRecord[]> {
  return sql<CareTaskRecord[]>`
    select t.id::text, t.kind, t.occasion, t.occasion_date, t.due_date, t.appears_on, t.tier, t.status, t.done_via, t.skip_reason, t.closed_at,
           c.code as customer_code, c.name as customer_name, c.birth_year as customer_birth_year,
           b.id::text as branch_id, b.code as branch_code, b.name as branch_name, s.code as assignee_code, s.name as assignee_name
    from care_tasks t
    join customers c on c.id = t.customer_id
    join branches b on b.id = t.branch_id
    join regions r on r.id = b.region_id
    left join staff s on s.id = t.assignee_id
    where true
      ${f.ids ? sql`and t.id = any(${sql.array(f.ids.map(Number))}::bigint[])` : sql``}
      ${f.branchIds ? sql`and t.branch_id = any(${sql.array(f.branchIds.map(Number))}::bigint[])` : sql``}
      ${f.regionId ? sql`and (r.id = ${f.regionId} or ${f.regionId}::bigint = any(r.ancestor_ids))` : sql``}
      ${f.assigneeCode ? sql`and s.code = ${f.assigneeCode}` : sql``}
      ${f.customerCode ? sql`and c.code = ${f.customerCode}` : sql``}
      ${f.from ? sql`and t.due_date >= ${f.from}` : sql``}
      ${f.to ? sql`and t.due_date <= ${f.to}` : sql``}
      ${f.appearsOn ? sql`and t.appears_on = ${f.appearsOn}` : sql``}
      ${f.status ? sql`and t.status = ${f.status}` : sql``}
      ${f.kind ? sql`and t.kind = ${f.kind}` : sql``}
    order by t.due_date, b.code, s.code nulls last, t.id
    limit ${f.limit ?? 5_000}
    ${options.lock ? sql`for update of t` : sql``}`;
}

export async function closeTask(sql: Queryable, id: string, change: { status: 'done' | 'skipped'; via: CareDoneVia | null; reason: string | null; staffCode: string | null; now: Date }): Promise<boolean> {
  const rows = await sql`
    update care_tasks set status = ${change.status}, done_via = ${change.via}, skip_reason = ${change.reason}, closed_at = ${change.now},
      closed_by = (select id from staff where code = ${change.staffCode})
    where id = ${id} and status = 'open' returning id`;
  return rows.length === 1;
}

export async function insertEvent(sql: Queryable, taskId: string, kind: 'done' | 'skipped', actor: string, data: Record<string, unknown>, now: Date): Promise<void> {
  await sql`insert into care_task_events (task_id, kind, actor, data, at) values (${taskId}, ${kind}, ${actor}, ${sql.json(data as never)}, ${now})`;
}

export async function selectEvents(sql: Queryable, taskId: string): Promise<Array<{ kind: string; actor: string; data: Record<string, unknown>; at: Date }>> {
  return sql`select kind, actor, data, at from care_task_events where task_id = ${taskId} order by id`;
}

export async function selectSettings(sql: Queryable): Promise<Partial<CareSettings> | undefined> {
  const [row] = await sql<{ settings: Partial<CareSettings> }[]>`select settings from care_settings where id`;
  return row?.settings;
}

export async function upsertSettings(sql: Queryable, settings: CareSettings, actor: string, now: Date): Promise<void> {
  await sql`insert into care_settings (id, settings, updated_at, updated_by) values (true, ${sql.json(settings as never)}, ${now}, ${actor})
    on conflict (id) do update set settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by`;
}

/** Open tasks listed on or before `day` and not yet past due, by assignee (the afternoon reminder). */
export async function selectOpenByAssignee(sql: Queryable, day: string): Promise<Array<{ staffCode: string; open: number }>> {
  return sql`
    select s.code as staff_code, count(*)::int as open from care_tasks t join staff s on s.id = t.assignee_id
    where t.status = 'open' and t.appears_on <= ${day} and t.due_date >= ${day}
    group by s.code order by s.code`;
}

/** Counts per branch and assignee of tasks due in [from, to] ("on time": closed by the due bank day). */
export async function selectCareCounts(sql: Queryable, f: { branchIds?: string[] | undefined; regionId?: string | undefined; from: string; to: string; today: string; timeZone: string }) {
  return sql<import('./care-kpi.rules.ts').CareCountRow[]>`
    select b.code as branch, b.name as branch_name, s.code as manager_code, s.name as manager_name,
      count(*)::int as due,
      count(*) filter (where t.status = 'done')::int as done,
      count(*) filter (where t.status = 'done' and (t.closed_at at time zone ${f.timeZone})::date <= t.due_date)::int as done_on_time,
      count(*) filter (where t.status = 'skipped')::int as skipped,
      count(*) filter (where t.status = 'open' and t.due_date < ${f.today})::int as overdue,
      count(*) filter (where t.due_date = ${f.today})::int as due_today,
      count(*) filter (where t.due_date = ${f.today} and t.status = 'done')::int as done_today
    from care_tasks t
    join branches b on b.id = t.branch_id
    join regions r on r.id = b.region_id
    left join staff s on s.id = t.assignee_id
    where t.due_date between ${f.from} and ${f.to}
      ${f.branchIds ? sql`and t.branch_id = any(${sql.array(f.branchIds.map(Number))}::bigint[])` : sql``}
      ${f.regionId ? sql`and (r.id = ${f.regionId} or ${f.regionId}::bigint = any(r.ancestor_ids))` : sql``}
    group by b.code, b.name, s.code, s.name
    order by b.code, s.code nulls last`;
}

/** Open tasks listed on `day` (the demo settles past mornings with them). */
export async function selectOpenIdsListedOn(sql: Queryable, day: string): Promise<string[]> {
  return (await sql<{ id: string }[]>`select id::text from care_tasks where appears_on = ${day} and status = 'open' order by id`).map((r) => r.id);
}
