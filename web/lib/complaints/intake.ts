import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, type ComplaintCreate } from '$contract';
import { bankLocalToIso } from './bank-time.ts';

/** The back office's intake form (`POST /api/v1/complaints`), as the inputs hold it: all text. */
export interface IntakeValues {
  branch: string;
  /** datetime-local, the bank's wall clock. */
  receivedAt: string;
  channel: (typeof COMPLAINT_CHANNELS)[number];
  category: (typeof COMPLAINT_CATEGORIES)[number];
  severity: 'normal' | 'major' | 'critical';
  name: string;
  phone: string;
  agentName: string;
  agentAuthorization: string;
  staff: string;
  summary: string;
  request: string;
  facts: string;
}

export const SEVERITIES = ['normal', 'major', 'critical'] as const;

/** A user scoped to one branch files for that branch: the code is filled in. */
export function emptyIntake(nowLocal: string, scope: string | undefined): IntakeValues {
  return {
    branch: scope?.startsWith('branch:') ? scope.slice('branch:'.length) : '',
    receivedAt: nowLocal, channel: 'counter', category: 'service_attitude', severity: 'normal',
    name: '', phone: '', agentName: '', agentAuthorization: '', staff: '', summary: '', request: '', facts: '',
  };
}

/** The wire fields (as server issues name them) a user must fill before sending. */
export function missingIntakeFields(v: IntakeValues): string[] {
  const missing: string[] = [];
  if (!v.branch.trim()) missing.push('branch');
  if (!v.name.trim()) missing.push('complainant.name');
  if (!v.summary.trim()) missing.push('summary');
  // An agent needs both: who, and the authorization they act under.
  if (v.agentName.trim() && !v.agentAuthorization.trim()) missing.push('agent.authorization');
  if (!v.agentName.trim() && v.agentAuthorization.trim()) missing.push('agent.name');
  return missing;
}

/** The request body: optional text left out when empty, the receipt time in the bank's zone (now when blank). */
export function intakeBody(v: IntakeValues, timeZone: string): ComplaintCreate {
  const optional = (text: string) => (text.trim() ? text.trim() : undefined);
  const receivedAt = v.receivedAt.trim() ? (bankLocalToIso(v.receivedAt, timeZone) ?? v.receivedAt) : undefined;
  const phone = optional(v.phone);
  const agentName = optional(v.agentName);
  const authorization = optional(v.agentAuthorization);
  return {
    branch: v.branch.trim(),
    ...(receivedAt ? { receivedAt } : {}),
    channel: v.channel,
    category: v.category,
    severity: v.severity,
    complainant: { name: v.name.trim(), ...(phone ? { phone } : {}) },
    ...(agentName || authorization ? { agent: { name: agentName ?? '', authorization: authorization ?? '' } } : {}),
    ...(optional(v.staff) ? { staff: optional(v.staff) } : {}),
    summary: v.summary.trim(),
    ...(optional(v.request) ? { request: optional(v.request) } : {}),
    ...(optional(v.facts) ? { facts: optional(v.facts) } : {}),
  };
}
