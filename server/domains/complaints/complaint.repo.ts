import type { Queryable } from '../../../db/types.ts';
import type { Complaint, ComplaintEvent, ComplaintEventKind, ComplaintStatus } from './complaint.types.ts';

type Raw = Omit<Complaint, 'id' | 'parentId' | 'mergedIntoId'> & { id: string; parentId: string | null; mergedIntoId: string | null };
const toComplaint = (r: Raw): Complaint => ({ ...r, id: Number(r.id), parentId: r.parentId === null ? null : Number(r.parentId), mergedIntoId: r.mergedIntoId === null ? null : Number(r.mergedIntoId) });

const SELECT = (sql: Queryable) => sql`
  select c.id, c.reference, c.source, c.external_id, c.kind, c.parent_id, c.merged_into_id, c.branch_id::text as branch_id,
         b.code as branch_code, b.name as branch_name, s.code as staff_code, s.name as staff_name,
         c.channel, c.category, c.severity, c.complainant_name, c.complainant_phone, c.agent_name, c.agent_authorization,
         c.summary, c.request, c.facts, c.received_at, c.status, h.code as handler_code, h.name as handler_name,
         c.decision, c.decided_at, c.version, c.created_at, c.updated_at
  from complaints c
  join branches b on b.id = c.branch_id
  left join staff s on s.id = c.staff_id
  left join staff h on h.id = c.handler_id`;

export interface NewComplaintRow {
  source: string;
  externalId: string;
  kind: 'original' | 'review';
  parentId: number | null;
  branchCode: string;
  staffCode: string | null;
  channel: string;
  category: string;
  severity: string;
  complainantName: string;
  complainantPhone: string | null;
  agentName: string | null;
  agentAuthorization: string | null;
  summary: string;
  request: string | null;
  facts: string | null;
  receivedAt: Date;
  decisionDueAt: Date;
  now: Date;
  /** The bank's time zone: the reference's year is the bank's. */
  timeZone: string;
}

/** Inserts unless this source already sent this id (a retried intake); the id either way. */
export async function insertComplaint(sql: Queryable, row: NewComplaintRow): Promise<{ id: number; created: boolean }> {
  const [inserted] = await sql<{ id: string }[]>`
    insert into complaints (source, external_id, reference, kind, parent_id, branch_id, staff_id, channel, category, severity,
                            complainant_name, complainant_phone, agent_name, agent_authorization, summary, request, facts,
                            received_at, decision_due_at, created_at, updated_at)
    select ${row.source}, ${row.externalId},
           'TS-' || to_char(${row.now}::timestamptz at time zone ${row.timeZone}, 'YYYY') || '-' || lpad(nextval('complaint_reference_seq')::text, 6, '0'),
           ${row.kind}, ${row.parentId}, b.id, (select id from staff where code = ${row.staffCode}), ${row.channel}, ${row.category}, ${row.severity},
           ${row.complainantName}, ${row.complainantPhone}, ${row.agentName}, ${row.agentAuthorization}, ${row.summary}, ${row.request}, ${row.facts},
           ${row.receivedAt}, ${row.decisionDueAt}, ${row.now}, ${row.now}
    from branches b where b.code = ${row.branchCode}
    on conflict (source, external_id) do nothing
    returning id`;
  if (inserted) return { id: Number(inserted.id), created: true };
  const [existing] = await sql<{ id: string }[]>`select id from complaints where source = ${row.source} and external_id = ${row.externalId}`;
  return { id: Number(existing!.id), created: false };
}

export async function selectComplaint(sql: Queryable, id: number, options: { lock?: boolean } = {}): Promise<Complaint | undefined> {
  const [row] = await sql<Raw[]>`${SELECT(sql)} where c.id = ${id} ${options.lock ? sql`for update of c` : sql``}`;
  return row ? toComplaint(row) : undefined;
}

export async function selectComplaintByExternalId(sql: Queryable, source: string, externalId: string): Promise<Complaint | undefined> {
  const [row] = await sql<Raw[]>`${SELECT(sql)} where c.source = ${source} and c.external_id = ${externalId}`;
  return row ? toComplaint(row) : undefined;
}

export interface ComplaintFilter {
  /** Scope: every branch (null), a region subtree, or one branch. */
  branchId?: string | undefined;
  regionId?: string | undefined;
  open?: boolean | undefined;
  status?: ComplaintStatus | undefined;
  handlerCode?: string | undefined;
  source?: string | undefined;
  limit: number;
}

export async function selectComplaints(sql: Queryable, filter: ComplaintFilter): Promise<Complaint[]> {
  const rows = await sql<Raw[]>`
    ${SELECT(sql)}
    left join regions r on r.id = b.region_id
    where c.merged_into_id is null
      ${filter.branchId ? sql`and c.branch_id = ${filter.branchId}` : sql``}
      ${filter.regionId ? sql`and ${filter.regionId}::bigint = any(r.ancestor_ids)` : sql``}
      ${filter.open ? sql`and c.status not in ('decided', 'closed')` : sql``}
      ${filter.status ? sql`and c.status = ${filter.status}` : sql``}
      ${filter.handlerCode ? sql`and h.code = ${filter.handlerCode}` : sql``}
      ${filter.source ? sql`and c.source = ${filter.source}` : sql``}
    order by ${filter.open ? sql`c.decision_due_at` : sql`c.received_at desc`}, c.id
    limit ${filter.limit}`;
  return rows.map(toComplaint);
}

type RawEvent = Omit<ComplaintEvent, 'id'> & { id: string; complaintId: string };

export async function selectEvents(sql: Queryable, complaintIds: number[]): Promise<Map<number, ComplaintEvent[]>> {
  const byComplaint = new Map<number, ComplaintEvent[]>(complaintIds.map((id) => [id, []]));
  if (complaintIds.length === 0) return byComplaint;
  const rows = await sql<RawEvent[]>`
    select id, complaint_id, kind, at, recorded_at, actor, actor_role, channel, data
    from complaint_events where complaint_id = any(${complaintIds}::bigint[]) order by complaint_id, id`;
  for (const { complaintId, ...event } of rows) byComplaint.get(Number(complaintId))?.push({ ...event, id: Number(event.id) });
  return byComplaint;
}

export async function insertEvent(sql: Queryable, event: { complaintId: number; kind: ComplaintEventKind; at: Date; recordedAt: Date; actor: string; actorRole: string | null; channel: string; data: Record<string, unknown> }): Promise<void> {
  await sql`
    insert into complaint_events (complaint_id, kind, at, recorded_at, actor, actor_role, channel, data)
    values (${event.complaintId}, ${event.kind}, ${event.at}, ${event.recordedAt}, ${event.actor}, ${event.actorRole}, ${event.channel}, ${sql.json(event.data as never)})`;
}

export interface ComplaintStateUpdate {
  status: ComplaintStatus;
  handlerCode?: string | undefined;
  decision?: string | null | undefined;
  decidedAt?: Date | null | undefined;
  mergedIntoId?: number | undefined;
  clockStage: number;
  decisionDueAt: Date;
  paused: boolean;
  decidedOnTime: boolean | null;
  now: Date;
}

export async function updateComplaintState(sql: Queryable, id: number, u: ComplaintStateUpdate): Promise<void> {
  await sql`
    update complaints set
      status = ${u.status},
      handler_id = ${u.handlerCode === undefined ? sql`handler_id` : sql`(select id from staff where code = ${u.handlerCode})`},
      decision = ${u.decision === undefined ? sql`decision` : sql`${u.decision}`},
      decided_at = ${u.decidedAt === undefined ? sql`decided_at` : sql`${u.decidedAt}`},
      merged_into_id = ${u.mergedIntoId === undefined ? sql`merged_into_id` : sql`${u.mergedIntoId}`},
      clock_stage = ${u.clockStage}, decision_due_at = ${u.decisionDueAt}, paused = ${u.paused}, decided_on_time = ${u.decidedOnTime},
      version = version + 1, updated_at = ${u.now}
    where id = ${id}`;
}

/** Open complaints the sweeper looks at: running clocks near their deadline (a paused clock alerts nobody). */
export async function selectOpenComplaintIds(sql: Queryable, dueBefore: Date): Promise<number[]> {
  const rows = await sql<{ id: string }[]>`
    select id from complaints
    where status not in ('decided', 'closed') and merged_into_id is null and not paused and decision_due_at <= ${dueBefore}
    order by decision_due_at, id`;
  return rows.map((r) => Number(r.id));
}

/** Records an alert; false when this complaint, stage step and recipient were alerted already. */
export async function insertAlert(sql: Queryable, alert: { complaintId: number; stageKey: string; recipient: string; outboxId?: number; now: Date }): Promise<boolean> {
  const rows = await sql`
    insert into complaint_alerts (complaint_id, stage_key, recipient, created_at) values (${alert.complaintId}, ${alert.stageKey}, ${alert.recipient}, ${alert.now})
    on conflict do nothing returning complaint_id`;
  return rows.length > 0;
}

export async function setAlertOutbox(sql: Queryable, alert: { complaintId: number; stageKey: string; recipient: string; outboxId: number }): Promise<void> {
  await sql`update complaint_alerts set outbox_id = ${alert.outboxId} where complaint_id = ${alert.complaintId} and stage_key = ${alert.stageKey} and recipient = ${alert.recipient}`;
}
