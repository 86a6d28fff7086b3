/** What a complaint must carry at intake (Art. 13 of the 办法), checked field by field. */
import { assertCleanText } from '../../platform/text-input.ts';
import { AppError } from '../../platform/errors.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, type ComplaintCategory, type ComplaintChannel, type ComplaintSeverity } from './complaint.types.ts';

export interface IntakeInput {
  id?: string | undefined;
  branch: string;
  /** The original receipt time (a regulator transfer is backdated); now when absent. */
  receivedAt?: string | Date | undefined;
  channel: string;
  category: string;
  severity?: string | undefined;
  complainant: { name: string; phone?: string | null | undefined };
  /** Someone complaining for the customer, with their authorization (授权委托). */
  agent?: { name: string; authorization: string } | null | undefined;
  /** The staff member complained about (staff code). */
  staff?: string | null | undefined;
  summary: string;
  request?: string | null | undefined;
  facts?: string | null | undefined;
}

export interface CheckedIntake {
  externalId: string;
  branch: string;
  branchCode: string;
  receivedAt: Date;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  complainantName: string;
  complainantPhone: string | null;
  agentName: string | null;
  agentAuthorization: string | null;
  staffCode: string | null;
  summary: string;
  request: string | null;
  facts: string | null;
}

const MAX_BACKDATE_DAYS = 365;

function required(value: unknown, field: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw AppError.invalid(field, 'required');
  if (text.length > max) throw AppError.invalid(field, `at most ${max} characters`);
  return text;
}

function optional(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return required(value, field, max);
}

export function checkIntake(input: IntakeInput, now: Date): CheckedIntake {
  // Every intake path (API, web, the bot's 登记投诉) passes the one text sanitation step.
  assertCleanText(input);
  const branch = required(input.branch, 'branch', 32);
  const channel = required(input.channel, 'channel', 32) as ComplaintChannel;
  if (!COMPLAINT_CHANNELS.includes(channel)) throw AppError.invalid('channel', `must be one of ${COMPLAINT_CHANNELS.join(', ')}`);
  const category = required(input.category, 'category', 32) as ComplaintCategory;
  if (!COMPLAINT_CATEGORIES.includes(category)) throw AppError.invalid('category', `must be one of ${COMPLAINT_CATEGORIES.join(', ')}`);
  const severity = (input.severity ?? 'normal') as ComplaintSeverity;
  if (!['normal', 'major', 'critical'].includes(severity)) throw AppError.invalid('severity', 'must be normal, major or critical');
  const receivedAt = input.receivedAt === undefined ? now : new Date(input.receivedAt);
  if (Number.isNaN(receivedAt.getTime())) throw AppError.invalid('receivedAt', 'must be an ISO-8601 time with an offset');
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw AppError.invalid('receivedAt', 'cannot be in the future');
  if (now.getTime() - receivedAt.getTime() > MAX_BACKDATE_DAYS * 86_400_000) throw AppError.invalid('receivedAt', `more than ${MAX_BACKDATE_DAYS} days ago`);
  if (!input.complainant || typeof input.complainant !== 'object') throw AppError.invalid('complainant', 'required: { name, phone }');
  const phone = optional(input.complainant.phone, 'complainant.phone', 20);
  if (phone !== null && !/^\+?[\d\s-]{7,20}$/.test(phone)) throw AppError.invalid('complainant.phone', 'must be a phone number');
  let agentName: string | null = null;
  let agentAuthorization: string | null = null;
  if (input.agent) {
    agentName = required(input.agent.name, 'agent.name', 50);
    agentAuthorization = required(input.agent.authorization, 'agent.authorization', 200);
  }
  return {
    externalId: input.id === undefined ? '' : required(input.id, 'id', 100),
    branch,
    branchCode: branch,
    receivedAt,
    channel,
    category,
    severity,
    complainantName: required(input.complainant.name, 'complainant.name', 50),
    complainantPhone: phone,
    agentName,
    agentAuthorization,
    staffCode: optional(input.staff, 'staff', 64),
    summary: required(input.summary, 'summary', 2000),
    request: optional(input.request, 'request', 2000),
    facts: optional(input.facts, 'facts', 4000),
  };
}
