import type { Queryable } from '../../../db/types.ts';
import type { Rectification, RectificationStatus } from './inspection.types.ts';

type Raw = Omit<Rectification, 'id'> & { id: string };
const toRectification = (r: Raw): Rectification => ({ ...r, id: Number(r.id) });

const SELECT = (sql: Queryable) => sql`
  select r.id, r.inspection_id, r.branch_id::text as branch_id, b.code as branch_code, b.name as branch_name, r.item_code, r.item_text,
         r.red_line, r.points_lost::float8 as points_lost, r.reason, r.owner_staff_code, i.inspector_staff_code, r.status, r.due_at,
         r.extension_reason, r.extension_requested_at, r.fixed_note, r.fixed_at, r.verified_at, r.fixed_on_time, r.version,
         r.created_at, r.updated_at
  from rectifications r join branches b on b.id = r.branch_id join inspections i on i.id = r.inspection_id`;

export async function insertRectification(sql: Queryable, row: {
  inspectionId: string; branchId: string; itemCode: string; itemText: string; redLine: boolean; pointsLost: number; reason: string;
  ownerStaffCode: string | null; dueAt: Date; now: Date;
}): Promise<number> {
  const [inserted] = await sql<Array<{ id: string }>>`
    insert into rectifications (inspection_id, branch_id, item_code, item_text, red_line, points_lost, reason, owner_staff_code, due_at, created_at, updated_at)
    values (${row.inspectionId}, ${row.branchId}, ${row.itemCode}, ${row.itemText}, ${row.redLine}, ${row.pointsLost}, ${row.reason},
            ${row.ownerStaffCode}, ${row.dueAt}, ${row.now}, ${row.now})
    returning id`;
  return Number(inserted!.id);
}

export async function selectRectification(sql: Queryable, id: number, options: { lock?: boolean } = {}): Promise<Rectification | undefined> {
  const [row] = await sql<Raw[]>`${SELECT(sql)} where r.id = ${id} ${options.lock ? sql`for update of r` : sql``}`;
  return row ? toRectification(row) : undefined;
}

export interface RectificationFilter {
  branchId?: string | undefined;
  regionId?: string | undefined;
  inspectionId?: string | undefined;
  status?: RectificationStatus | undefined;
  owner?: string | undefined;
  limit: number;
}

export async function selectRectifications(sql: Queryable, f: RectificationFilter): Promise<Rectification[]> {
  const rows = await sql<Raw[]>`${SELECT(sql)} where true
    ${f.branchId ? sql`and r.branch_id = ${f.branchId}` : sql``}
    ${f.regionId ? sql`and b.region_id in (select id from regions where ${f.regionId}::bigint = any(ancestor_ids))` : sql``}
    ${f.inspectionId ? sql`and r.inspection_id = ${f.inspectionId}` : sql``}
    ${f.status ? sql`and r.status = ${f.status}` : sql``}
    ${f.owner ? sql`and r.owner_staff_code = ${f.owner}` : sql``}
    order by (r.status in ('open', 'reopened')) desc, r.due_at, r.id limit ${f.limit}`;
  return rows.map(toRectification);
}

/** Writes the workflow columns (every one: the service merges the change into the row it read). */
export async function updateRectificationState(sql: Queryable, id: number, r: Pick<Rectification, 'status' | 'dueAt' | 'fixedAt' | 'fixedNote' | 'fixedOnTime' | 'verifiedAt' | 'extensionReason' | 'extensionRequestedAt'>, now: Date): Promise<void> {
  await sql`update rectifications set status = ${r.status}, due_at = ${r.dueAt}, fixed_at = ${r.fixedAt}, fixed_note = ${r.fixedNote},
    fixed_on_time = ${r.fixedOnTime}, verified_at = ${r.verifiedAt}, extension_reason = ${r.extensionReason},
    extension_requested_at = ${r.extensionRequestedAt}, version = version + 1, updated_at = ${now}
    where id = ${id}`;
}

export async function insertRectificationEvent(sql: Queryable, e: { rectificationId: number; kind: string; at: Date; actor: string; channel: string; data: Record<string, unknown> }): Promise<void> {
  await sql`insert into rectification_events (rectification_id, kind, at, actor, channel, data)
    values (${e.rectificationId}, ${e.kind}, ${e.at}, ${e.actor}, ${e.channel}, ${sql.json(e.data as never)})`;
}

export async function selectRectificationEvents(sql: Queryable, ids: number[]): Promise<Array<{ rectificationId: number; kind: string; at: Date; actor: string; channel: string; data: Record<string, unknown> }>> {
  if (ids.length === 0) return [];
  const rows = await sql<Array<{ rectificationId: string; kind: string; at: Date; actor: string; channel: string; data: Record<string, unknown> }>>`
    select rectification_id, kind, at, actor, channel, data from rectification_events where rectification_id = any(${ids.map(String)}::bigint[]) order by id`;
  return rows.map((r) => ({ ...r, rectificationId: Number(r.rectificationId) }));
}

/** Records an escalation once; false when this stage already reached this recipient. */
export async function insertRectificationAlert(sql: Queryable, a: { rectificationId: number; stageKey: string; recipient: string; now: Date }): Promise<boolean> {
  const rows = await sql`insert into rectification_alerts (rectification_id, stage_key, recipient, created_at)
    values (${a.rectificationId}, ${a.stageKey}, ${a.recipient}, ${a.now}) on conflict do nothing returning rectification_id`;
  return rows.length > 0;
}

export async function setRectificationAlertOutbox(sql: Queryable, a: { rectificationId: number; stageKey: string; recipient: string; outboxId: number }): Promise<void> {
  await sql`update rectification_alerts set outbox_id = ${a.outboxId} where rectification_id = ${a.rectificationId} and stage_key = ${a.stageKey} and recipient = ${a.recipient}`;
}

/** Open rectifications whose owner reminder may be due (T−1 is at most a few days before due). */
export async function selectOpenRectificationIds(sql: Queryable, dueBefore: Date): Promise<number[]> {
  const rows = await sql<Array<{ id: string }>>`select id from rectifications where status in ('open', 'reopened') and due_at <= ${dueBefore} order by due_at`;
  return rows.map((r) => Number(r.id));
}

/** Active staff of a role nearest to a branch (the branch, else the nearest region above that has any). */
export async function selectNearestStaffByRole(sql: Queryable, branchCode: string, role: string): Promise<Array<{ code: string; name: string }>> {
  return sql<Array<{ code: string; name: string }>>`
    with branch as (
      select b.id, r.ancestor_ids from branches b join regions r on r.id = b.region_id where b.code = ${branchCode}
    ), candidates as (
      select s.code, s.name,
             case when s.branch_id = branch.id then 0
                  else 1 + cardinality(branch.ancestor_ids) - array_position(branch.ancestor_ids, s.region_id) end as distance
      from staff s, branch
      where s.active and s.role = ${role} and (s.branch_id = branch.id or s.region_id = any(branch.ancestor_ids))
    )
    select code, name from candidates where distance = (select min(distance) from candidates) order by code`;
}

/** Where "我的工作" looks: by branch, by region (and its sub-regions), or the whole bank. */
export type RectificationPlace = { branchId: string } | { regionId: string } | 'bank';

/**
 * One person's rectification work in one query: open/reopened ones to confirm (their place's, or
 * owned by them) and fixed ones to verify (their place's).
 */
export async function selectRectificationWork(sql: Queryable, f: { confirmIn: RectificationPlace | null; owner: string | null; verifyIn: RectificationPlace | null; limit: number }): Promise<Rectification[]> {
  const inPlace = (p: RectificationPlace) =>
    p === 'bank' ? sql`true`
      : 'branchId' in p ? sql`r.branch_id = ${p.branchId}`
        : sql`(b.region_id = ${p.regionId} or b.region_id in (select id from regions where ${p.regionId}::bigint = any(ancestor_ids)))`;
  const confirm = f.confirmIn && f.owner ? sql`(${inPlace(f.confirmIn)} or r.owner_staff_code = ${f.owner})`
    : f.confirmIn ? inPlace(f.confirmIn) : f.owner ? sql`r.owner_staff_code = ${f.owner}` : sql`false`;
  const verify = f.verifyIn ? inPlace(f.verifyIn) : sql`false`;
  const rows = await sql<Raw[]>`${SELECT(sql)}
    where (r.status in ('open', 'reopened') and ${confirm}) or (r.status = 'fixed' and ${verify})
    order by r.due_at, r.id limit ${f.limit}`;
  return rows.map(toRectification);
}
