import type { Queryable } from '../../../db/types.ts';
import type { AwardSettings, Nomination, NominationFigures, NominationStatus, StaffFacts, TieBreaker } from './nomination.types.ts';

type Raw = Omit<Nomination, 'id'> & { id: string };
const toNomination = (r: Raw): Nomination => ({ ...r, id: Number(r.id) });

const SELECT = (sql: Queryable) => sql`
  select n.id, n.month, a.code as nominator_code, a.name as nominator_name, e.code as nominee_code, e.name as nominee_name,
         b.code as branch_code, b.name as branch_name, n.reason, n.praise, n.channel, n.status,
         p.code as approver_code, p.name as approver_name,
         d.code as decided_by_code, d.name as decided_by_name, n.decided_at, n.decision_reason, n.created_at
  from nominations n
  join staff a on a.id = n.nominator_id
  join staff e on e.id = n.nominee_id
  left join branches b on b.id = e.branch_id
  left join staff p on p.id = n.approver_id
  left join staff d on d.id = n.decided_by`;

/** A person with their unit's region path (root first), as the rules need them. */
const STAFF_FACTS = (sql: Queryable) => sql`
  select s.code, s.name, s.role, s.active, b.code as branch_code,
         coalesce((select array_agg(x.code order by cardinality(x.ancestor_ids)) from regions u join regions x on x.id = any(u.ancestor_ids)
                   where u.id = coalesce(b.region_id, s.region_id)), '{}') as region_path
  from staff s left join branches b on b.id = s.branch_id`;

export async function selectStaffFacts(sql: Queryable, code: string): Promise<StaffFacts | undefined> {
  const [row] = await sql<StaffFacts[]>`${STAFF_FACTS(sql)} where s.code = ${code}`;
  return row;
}

/** Active heads and deputies of a branch, and active region managers above it (nearest first), and leaders. */
export async function selectApproverCandidates(sql: Queryable, nominee: StaffFacts): Promise<{ branchHeads: StaffFacts[]; regionManagers: StaffFacts[]; leaders: StaffFacts[] }> {
  const branchHeads = nominee.branchCode
    ? await sql<StaffFacts[]>`${STAFF_FACTS(sql)} where s.active and b.code = ${nominee.branchCode} and s.role in ('branch_head', 'deputy_head') order by s.code`
    : [];
  const managers = await sql<Array<StaffFacts & { depth: number }>>`
    select f.*, array_position(${nominee.regionPath}::text[], r.code) as depth
    from (${STAFF_FACTS(sql)} where s.active and s.role = 'region_manager' and s.branch_id is null) f
    join staff s2 on s2.code = f.code join regions r on r.id = s2.region_id
    where r.code = any(${nominee.regionPath}::text[])
    order by depth desc, f.code`;
  const leaders = await sql<StaffFacts[]>`${STAFF_FACTS(sql)} where s.active and s.role = 'leader' order by s.code`;
  return { branchHeads, regionManagers: managers.map(({ depth: _d, ...f }) => f), leaders };
}

/**
 * Locks the nominator's staff row for the transaction: two nominations by one person (two chats,
 * two instances) take turns, so the quota and "once a month" counts cannot both pass at once.
 */
export async function lockNominatorMonth(sql: Queryable, nominatorCode: string, nomineeCode: string, month: string): Promise<{ used: number; already: boolean }> {
  await sql`select id from staff where code = ${nominatorCode} for update`;
  const [row] = await sql<{ used: number; already: boolean }[]>`
    select count(*)::int as used, coalesce(bool_or(e.code = ${nomineeCode}), false) as already
    from nominations n join staff a on a.id = n.nominator_id join staff e on e.id = n.nominee_id
    where a.code = ${nominatorCode} and n.month = ${month} and n.status <> 'lapsed'`;
  return row ?? { used: 0, already: false };
}

export async function insertNomination(sql: Queryable, input: { nominatorCode: string; nomineeCode: string; approverCode: string; month: string; reason: string; praise: string | null; channel: string; createdAt: Date }): Promise<number | undefined> {
  const [row] = await sql<{ id: string }[]>`
    insert into nominations (nominator_id, nominee_id, approver_id, month, reason, praise, channel, created_at)
    select a.id, e.id, p.id, ${input.month}, ${input.reason}, ${input.praise}, ${input.channel}, ${input.createdAt}
    from staff a, staff e, staff p where a.code = ${input.nominatorCode} and e.code = ${input.nomineeCode} and e.active and p.code = ${input.approverCode}
    returning id`;
  return row ? Number(row.id) : undefined;
}

export async function selectNomination(sql: Queryable, id: number, options: { lock?: boolean } = {}): Promise<Nomination | undefined> {
  const [row] = await sql<Raw[]>`${SELECT(sql)} where n.id = ${id} ${options.lock ? sql`for update of n` : sql``}`;
  return row ? toNomination(row) : undefined;
}

export async function updateDecision(sql: Queryable, id: number, change: { status: Exclude<NominationStatus, 'pending'>; deciderCode: string | null; reason: string | null; at: Date }): Promise<void> {
  await sql`
    update nominations set status = ${change.status}, decided_at = ${change.at}, decision_reason = ${change.reason},
      decided_by = (select id from staff where code = ${change.deciderCode})
    where id = ${id} and status = 'pending'`;
}

export async function updateApprover(sql: Queryable, id: number, approverCode: string): Promise<void> {
  await sql`update nominations set approver_id = (select id from staff where code = ${approverCode}) where id = ${id} and status = 'pending'`;
}

/** Pending nominations a person is the approver of, oldest first. */
export async function selectPendingForApprover(sql: Queryable, approverCode: string, limit: number): Promise<Nomination[]> {
  const rows = await sql<Raw[]>`${SELECT(sql)} where n.status = 'pending' and p.code = ${approverCode} order by n.created_at limit ${limit}`;
  return rows.map(toNomination);
}

export async function selectPendingOfMonth(sql: Queryable, month: string): Promise<Nomination[]> {
  const rows = await sql<Raw[]>`${SELECT(sql)} where n.status = 'pending' and n.month = ${month} order by n.id`;
  return rows.map(toNomination);
}

/**
 * Nominations of a month, filtered by status and by org units: `branchIds`/`regionIds` null means
 * the whole bank; otherwise the nominee's branch in `branchIds`, or the nominee's unit under one of `regionIds`.
 */
export async function selectNominations(sql: Queryable, filter: { month: string; status?: string | undefined; branchCode?: string | undefined; regionIds: string[] | null; branchIds: string[] | null; limit: number }): Promise<Nomination[]> {
  const unit = filter.regionIds === null && filter.branchIds === null
    ? sql``
    : sql`and (e.branch_id = any(${filter.branchIds ?? []}::bigint[])
            or exists (select 1 from regions u where u.id = coalesce(b.region_id, e.region_id) and u.ancestor_ids && ${filter.regionIds ?? []}::bigint[]))`;
  const rows = await sql<Raw[]>`${SELECT(sql)}
    where n.month = ${filter.month}
      ${filter.status ? sql`and n.status = ${filter.status}` : sql``}
      ${filter.branchCode ? sql`and b.code = ${filter.branchCode}` : sql``}
      ${unit}
    order by n.created_at desc, n.id desc limit ${filter.limit}`;
  return rows.map(toNomination);
}

/** The nominee's month so far from the ingested events naming them as teller. */
export async function selectNomineeFigures(sql: Queryable, staffCode: string, from: string, to: string): Promise<NominationFigures> {
  const [row] = await sql<Array<{ tickets: number; evaluations: number; satisfied: number; praise: number; errors: number }>>`
    select count(*) filter (where type = 'ticket.finished')::int as tickets,
           count(*) filter (where type = 'evaluation.submitted')::int as evaluations,
           count(*) filter (where type = 'evaluation.submitted' and rating >= 4)::int as satisfied,
           count(*) filter (where type = 'evaluation.submitted' and rating = 5)::int as praise,
           count(*) filter (where type = 'service_error.recorded')::int as errors
    from service_events where teller = ${staffCode} and service_day between ${from} and ${to}`;
  const r = row ?? { tickets: 0, evaluations: 0, satisfied: 0, praise: 0, errors: 0 };
  return { ticketsHandled: r.tickets, satisfaction: r.evaluations > 0 ? r.satisfied / r.evaluations : null, errors: r.errors, praise: r.praise };
}

export async function selectAwardSettings(sql: Queryable): Promise<AwardSettings> {
  const [row] = await sql<Array<{ nominationQuota: number; pendingAtMonthEnd: AwardSettings['pendingAtMonthEnd']; tieBreakers: TieBreaker[]; scorecardWeights: AwardSettings['scorecardWeights'] }>>`
    select nomination_quota, pending_at_month_end, tie_breakers, scorecard_weights from award_settings where id = 1`;
  return row!;
}

export async function updateAwardSettings(sql: Queryable, settings: AwardSettings, by: string, at: Date): Promise<void> {
  await sql`
    update award_settings set nomination_quota = ${settings.nominationQuota}, pending_at_month_end = ${settings.pendingAtMonthEnd},
      tie_breakers = ${settings.tieBreakers}::text[], scorecard_weights = ${sql.json(settings.scorecardWeights as never)}, updated_at = ${at}, updated_by = ${by}
    where id = 1`;
}
