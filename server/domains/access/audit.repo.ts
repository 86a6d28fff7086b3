import type { Queryable } from '../../../db/types.ts';
import type { AuditChannel, AuditRecord } from './access.types.ts';

export interface AuditRow extends AuditRecord {
  id: string;
  at: Date;
}

export async function insertAuditRecord(sql: Queryable, record: AuditRecord, at: Date): Promise<void> {
  await sql`
    insert into audit_log (at, actor, role, channel, action, target_type, target_id, summary, request_id)
    values (${at}, ${record.actor}, ${record.role}, ${record.channel}, ${record.action}, ${record.targetType},
            ${record.targetId}, ${sql.json(record.summary as never)}, ${record.requestId})`;
}

export async function selectAuditRows(
  sql: Queryable,
  filter: { actor?: string | undefined; action?: string | undefined; channel?: AuditChannel | undefined; target?: string | undefined;
    from?: Date | undefined; to?: Date | undefined; before?: number | undefined; limit: number },
): Promise<AuditRow[]> {
  const rows = await sql<AuditRow[]>`
    select id, at, actor, role, channel, action, target_type, target_id, summary, request_id
    from audit_log
    where true
      ${filter.actor ? sql`and actor = ${filter.actor}` : sql``}
      ${filter.action ? sql`and action like ${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}` : sql``}
      ${filter.channel ? sql`and channel = ${filter.channel}` : sql``}
      ${filter.target ? sql`and (target_type = ${filter.target} or target_id = ${filter.target})` : sql``}
      ${filter.from ? sql`and at >= ${filter.from}` : sql``}
      ${filter.to ? sql`and at < ${filter.to}` : sql``}
      ${filter.before ? sql`and id < ${filter.before}` : sql``}
    order by id desc
    limit ${filter.limit}`;
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}
