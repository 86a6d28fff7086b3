import { maskName, maskPhone } from '../../platform/pii.ts';
import type { Complaint, ComplaintClock, ComplaintEvent } from './complaint.types.ts';

/** A complaint as callers see it: the clock computed, personal data masked unless `reveal`. */
export interface ComplaintView {
  id: number;
  reference: string;
  externalId: string;
  kind: Complaint['kind'];
  parentId: number | null;
  mergedIntoId: number | null;
  branch: { code: string; name: string };
  staff: { code: string; name: string } | null;
  channel: string;
  category: string;
  severity: string;
  complainant: { name: string; phone: string | null };
  agent: { name: string; authorization: string | null } | null;
  summary: string;
  request: string | null;
  facts: string | null;
  receivedAt: string;
  status: Complaint['status'];
  handler: { code: string; name: string } | null;
  decision: string | null;
  decidedAt: string | null;
  stage: ComplaintClock['stage'];
  decisionDueAt: string;
  clockState: ComplaintClock['clockState'];
  pausedDays: number;
  firstContactDueAt: string;
  firstContactAt: string | null;
  decidedOnTime: boolean | null;
  version: number;
  /** The full history, on the detail view. */
  timeline?: Array<{ kind: ComplaintEvent['kind']; at: string; recordedAt: string; actor: string; channel: string; data: Record<string, unknown> }>;
}

export function toComplaintView(c: Complaint, clock: ComplaintClock, options: { reveal: boolean; events?: ComplaintEvent[] }): ComplaintView {
  const reveal = options.reveal;
  return {
    id: c.id,
    reference: c.reference,
    externalId: c.externalId,
    kind: c.kind,
    parentId: c.parentId,
    mergedIntoId: c.mergedIntoId,
    branch: { code: c.branchCode, name: c.branchName },
    staff: c.staffCode ? { code: c.staffCode, name: c.staffName ?? '' } : null,
    channel: c.channel,
    category: c.category,
    severity: c.severity,
    complainant: { name: reveal ? c.complainantName : maskName(c.complainantName)!, phone: reveal ? c.complainantPhone : maskPhone(c.complainantPhone) },
    agent: c.agentName ? { name: reveal ? c.agentName : maskName(c.agentName)!, authorization: c.agentAuthorization } : null,
    summary: c.summary,
    request: c.request,
    facts: c.facts,
    receivedAt: c.receivedAt.toISOString(),
    status: c.status,
    handler: c.handlerCode ? { code: c.handlerCode, name: c.handlerName ?? '' } : null,
    decision: c.decision,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    stage: clock.stage,
    decisionDueAt: clock.decisionDueAt.toISOString(),
    clockState: clock.clockState,
    pausedDays: clock.pausedDays,
    firstContactDueAt: clock.firstContactDueAt.toISOString(),
    firstContactAt: clock.firstContactAt?.toISOString() ?? null,
    decidedOnTime: clock.decidedOnTime,
    version: c.version,
    ...(options.events
      ? { timeline: options.events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), recordedAt: e.recordedAt.toISOString(), actor: e.actor, channel: e.channel, data: e.data })) }
      : {}),
  };
}

/**
 * What a chat card may show (DESIGN §5: masked personal data in chat; no free text, which may
 * hold a name or a phone number): the `complaint.alert` template's data.
 */
export function complaintCardData(c: Complaint, clock: ComplaintClock, extra: { url?: string | undefined } = {}): Record<string, unknown> {
  return {
    id: c.id,
    reference: c.reference,
    branch: c.branchCode,
    branchName: c.branchName,
    category: c.category,
    channel: c.channel,
    severity: c.severity,
    complainant: maskName(c.complainantName),
    phone: maskPhone(c.complainantPhone),
    receivedAt: c.receivedAt.toISOString(),
    decisionDueAt: clock.decisionDueAt.toISOString(),
    stage: clock.stage,
    clockState: clock.clockState,
    status: c.status,
    handler: c.handlerName,
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
    ...(extra.url ? { url: extra.url } : {}),
  };
}
