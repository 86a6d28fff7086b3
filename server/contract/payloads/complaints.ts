import { z } from 'zod';
import { TimeSchema } from '../dates.ts';

/**
 * Complaints on the wire: the integrators' intake (`POST /api/v1/complaints`), the view every
 * reader gets (with the statutory clock computed), and the handling commands of the back office.
 */
export const COMPLAINT_CHANNELS = ['counter', 'hotline', 'online', 'app', 'letter', 'email', 'regulator', 'crm', 'bot', 'other'] as const;
export const COMPLAINT_CATEGORIES = ['service_attitude', 'wait_time', 'fees', 'product', 'operation_error', 'privacy', 'system', 'marketing', 'other'] as const;
export const CLOCK_STATES = ['on_track', 'due_soon', 'overdue', 'paused'] as const;
export const COMPLAINT_STATUSES = ['received', 'claimed', 'in_progress', 'decided', 'closed'] as const;

// The one strict parser: 2026-02-30 is refused, not rolled over to 2 March.
const IsoTime = TimeSchema;

export const ComplaintIntakeSchema = z.object({
  /** Unique per API key: a retry returns the same complaint. */
  id: z.string().min(1).max(100),
  branch: z.string().min(1).max(32),
  /** The original receipt time (a regulator transfer carries the regulator's). */
  receivedAt: IsoTime,
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(['normal', 'major', 'critical']).optional(),
  complainant: z.object({ name: z.string().min(1).max(50), phone: z.string().min(7).max(20).nullish() }),
  agent: z.object({ name: z.string().min(1).max(50), authorization: z.string().min(1).max(200) }).nullish(),
  /** Staff code of the person complained about, if any. */
  staff: z.string().max(64).nullish(),
  summary: z.string().min(1).max(2000),
  request: z.string().max(2000).nullish(),
  facts: z.string().max(4000).nullish(),
});
export type ComplaintIntake = z.infer<typeof ComplaintIntakeSchema>;

/** The back office's intake: the same fields; the id is optional (an idempotency key when given). */
export const ComplaintCreateSchema = ComplaintIntakeSchema.extend({ id: z.string().min(1).max(100).optional(), receivedAt: IsoTime.optional() });
export type ComplaintCreate = z.infer<typeof ComplaintCreateSchema>;

const Person = z.object({ code: z.string(), name: z.string() });

export const ComplaintViewSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  externalId: z.string(),
  kind: z.enum(['original', 'review']),
  parentId: z.number().int().nullable(),
  mergedIntoId: z.number().int().nullable(),
  branch: Person,
  staff: Person.nullable(),
  channel: z.string(),
  category: z.string(),
  severity: z.string(),
  /** Masked (张*明, 138****1234) unless the caller may see personal data. */
  complainant: z.object({ name: z.string(), phone: z.string().nullable() }),
  agent: z.object({ name: z.string(), authorization: z.string().nullable() }).nullable(),
  summary: z.string(),
  request: z.string().nullable(),
  facts: z.string().nullable(),
  receivedAt: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  handler: Person.nullable(),
  decision: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** 15, 30 (complex case) or 60 (with a superior's approval). */
  stage: z.union([z.literal(15), z.literal(30), z.literal(60)]),
  /** End of the bank day the decision is due (ISO-8601). */
  decisionDueAt: z.string(),
  /** due_soon: within the ladder's first step (72 h by default) of the deadline. */
  clockState: z.enum(CLOCK_STATES),
  pausedDays: z.number().int(),
  firstContactDueAt: z.string(),
  firstContactAt: z.string().nullable(),
  decidedOnTime: z.boolean().nullable(),
  version: z.number().int(),
  timeline: z.array(z.object({ kind: z.string(), at: z.string(), recordedAt: z.string(), actor: z.string(), channel: z.string(), data: z.record(z.string(), z.unknown()) })).optional(),
});
export type ComplaintView = z.infer<typeof ComplaintViewSchema>;

export const ComplaintListQuerySchema = z.object({
  clockState: z.enum(CLOCK_STATES).optional(),
  status: z.enum(COMPLAINT_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** The body of each handling step (`POST /complaints/:id/<step>`); `version` guards a stale screen. */
const Version = { version: z.number().int().optional() };
export const ComplaintStepSchemas = {
  claim: z.object({ ...Version }),
  contact: z.object({ note: z.string().max(2000).optional(), ...Version }),
  /** A complex case: 30 days, with the reason recorded. */
  extend: z.object({ reason: z.string().min(4).max(2000), ...Version }),
  /** A further 30 days (to 60): the superior's approval (the caller) and when the customer was told. */
  approveExtension: z.object({ reason: z.string().min(4).max(2000), customerNotifiedAt: IsoTime, ...Version }),
  pause: z.object({ reason: z.enum(['appraisal', 'testing', 'valuation']), customerNotifiedAt: IsoTime, note: z.string().max(2000).optional(), ...Version }),
  resume: z.object({ note: z.string().max(2000).optional(), ...Version }),
  decide: z.object({ decision: z.string().min(4).max(4000), informedAt: IsoTime, informedVia: z.enum(['phone', 'sms', 'letter', 'in_person', 'email', 'app']), ...Version }),
  close: z.object({ note: z.string().max(2000).optional(), ...Version }),
  restart: z.object({ facts: z.string().min(4).max(4000), ...Version }),
  note: z.object({ note: z.string().min(1).max(2000), ...Version }),
  merge: z.object({ into: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  review: z.object({ summary: z.string().min(1).max(2000), requestedAt: IsoTime.optional() }),
} as const;
