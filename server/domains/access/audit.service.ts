/**
 * The audit log: every state change records who (principal and role), through which channel,
 * what action on which target, a summary of what changed, and the request id. Written in the same
 * transaction as the change, so a rolled-back change leaves no entry and a committed one always has
 * one. Use cases: recordAudit, listAudit.
 */
import type { Queryable } from '../../../db/types.ts';
import { actorLabel, roleOf } from './access.rules.ts';
import type { Actor, AuditChannel } from './access.types.ts';
import { insertAuditRecord, selectAuditRows, type AuditRow } from './audit.repo.ts';

export interface AuditEvent {
  action: string;
  targetType: string;
  targetId: string | null;
  /** Changed fields as { before, after } or plain facts; never customer PII or secrets. */
  summary?: Record<string, unknown>;
}

export const recordAudit = (sql: Queryable, actor: Actor, event: AuditEvent, at: Date): Promise<void> =>
  insertAuditRecord(sql, {
    actor: actorLabel(actor.principal),
    role: roleOf(actor.principal),
    channel: actor.channel,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    summary: event.summary ?? {},
    requestId: actor.requestId,
  }, at);

export const listAudit = (
  sql: Queryable,
  filter: { actor?: string; action?: string; channel?: AuditChannel; target?: string; from?: Date; to?: Date; before?: number; limit: number },
): Promise<AuditRow[]> => selectAuditRows(sql, filter);

/** `{ field: { before, after } }` for the fields whose values differ. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: T): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key], after: after[key] };
  }
  return changes;
}
