import { z } from 'zod';

/**
 * Service stars and staff scorecards on the wire: nominations (list, create, decide), the monthly
 * stars, scorecards (JSON; CSV and XLSX by `format`) and the capability's settings.
 */
export const NOMINATION_STATUSES = ['pending', 'approved', 'rejected', 'lapsed'] as const;
export const TIE_BREAKER_NAMES = ['satisfaction', 'error_free', 'earliest'] as const;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const Person = z.object({ code: z.string(), name: z.string() });

export const NominationListQuerySchema = z.object({
  month: Month.optional(),
  branch: z.string().min(1).max(32).optional(),
  status: z.enum(NOMINATION_STATUSES).optional(),
});

export const NominationCreateSchema = z.object({
  /** The nominee's staff code. */
  nominee: z.string().min(1).max(64),
  /** Why (at least 10 characters; the rule is checked by the server, its refusal names it in zh-CN). */
  reason: z.string().max(2000),
  /** A customer's praise cited as evidence (optional; no contact data). */
  praise: z.string().max(1000).optional(),
});

export const NominationDecisionSchema = z.object({
  approved: z.boolean(),
  /** Required to reject (驳回); optional to approve (通过). */
  reason: z.string().max(2000).optional(),
});

export const NominationViewSchema = z.object({
  id: z.number().int(),
  month: Month,
  nominee: Person,
  nominator: Person,
  branch: z.object({ code: z.string(), name: z.string() }).nullable(),
  reason: z.string(),
  praise: z.string().nullable(),
  status: z.enum(NOMINATION_STATUSES),
  approver: Person.nullable(),
  decidedBy: Person.nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NominationView = z.infer<typeof NominationViewSchema>;

export const StarsQuerySchema = z.object({
  month: Month.optional(),
  scope: z.string().max(80).optional(),
  /** A person's stars and their nominations' reasons (the star's profile). */
  staff: z.string().min(1).max(64).optional(),
});

export const ServiceStarSchema = z.object({
  month: Month,
  scope: z.string(),
  scopeName: z.string(),
  staff: Person,
  branch: z.object({ code: z.string(), name: z.string() }).nullable(),
  nominations: z.number().int(),
});
export type ServiceStar = z.infer<typeof ServiceStarSchema>;

export const ScorecardQuerySchema = z.object({
  month: Month.optional(),
  scope: z.string().max(80).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).optional(),
});

export const ScorecardRowSchema = z.object({
  staffCode: z.string(),
  staffName: z.string(),
  role: z.string(),
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  ticketsHandled: z.number().int(),
  avgHandlingSeconds: z.number().nullable(),
  satisfaction: z.number().nullable(),
  participation: z.number().nullable(),
  errorsPer10k: z.number().nullable(),
  complaints: z.number().int(),
  stars: z.number().int(),
  nominationsReceived: z.number().int(),
  nominationsApproved: z.number().int(),
  score: z.number(),
});
export type ScorecardRowView = z.infer<typeof ScorecardRowSchema>;

const Weight = z.number().int().min(0).max(100);
export const ScorecardWeightsSchema = z.object({ satisfaction: Weight, participation: Weight, errors: Weight, complaints: Weight, stars: Weight });

export const AwardSettingsSchema = z.object({
  nominationQuota: z.number().int().min(1).max(50),
  pendingAtMonthEnd: z.enum(['region_manager', 'lapse']),
  tieBreakers: z.array(z.enum(TIE_BREAKER_NAMES)).length(3).refine((a) => new Set(a).size === 3, 'each tie-breaker once'),
  scorecardWeights: ScorecardWeightsSchema,
});
export type AwardSettingsView = z.infer<typeof AwardSettingsSchema>;
