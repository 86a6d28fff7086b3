import { z } from 'zod';

/**
 * Customer care (客户关怀) on the wire: the task list the back office and integrators read
 * (`GET /api/v1/care-tasks`), the two ways to close a task, and the care KPIs.
 */
export const CARE_KINDS = ['birthday', 'holiday'] as const;
export const CARE_STATUSES = ['open', 'done', 'skipped'] as const;
export const CARE_DONE_VIA = ['phone', 'sms', 'visit'] as const;
export const CARE_SKIP_REASONS = ['unreachable', 'declined', 'greeted_elsewhere', 'wrong_data', 'other'] as const;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day written YYYY-MM-DD');

export const CareListQuerySchema = z.object({
  /** Branch code; or `scope` (bank, region:<code>, branch:<code>); default: the caller's scope. */
  branch: z.string().min(1).max(32).optional(),
  scope: z.string().min(1).max(80).optional(),
  accountManager: z.string().min(1).max(64).optional(),
  customer: z.string().min(1).max(64).optional(),
  /** By due day, inclusive. */
  from: Day.optional(),
  to: Day.optional(),
  status: z.enum(CARE_STATUSES).optional(),
  kind: z.enum(CARE_KINDS).optional(),
});

const Person = z.object({ code: z.string(), name: z.string() });

export const CareTaskViewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(CARE_KINDS),
  /** 生日, or the festival (春节, 元宵, 端午, 中秋, 重阳, 元旦, 国庆 …). */
  occasion: z.string(),
  occasionDate: Day,
  /** The occasion itself: a task appears the tier's lead time before it. */
  dueDate: Day,
  /** The name is masked (张*明) unless the caller may read personal data for the branch. */
  customer: Person,
  accountManager: Person.nullable(),
  status: z.enum(CARE_STATUSES),
  doneVia: z.enum(CARE_DONE_VIA).nullable(),
  tier: z.string(),
  branch: z.string(),
  skipReason: z.string().nullable(),
  overdue: z.boolean(),
});

export const CareDoneSchema = z.object({ via: z.enum(CARE_DONE_VIA) });
export const CareSkipSchema = z.object({ reason: z.enum(CARE_SKIP_REASONS) });

export const CareKpiQuerySchema = z.object({
  scope: z.string().min(1).max(80).optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

const Rates = {
  due: z.number().int(), done: z.number().int(), doneOnTime: z.number().int(), skipped: z.number().int(), overdue: z.number().int(),
  dueToday: z.number().int(), doneToday: z.number().int(), completionRate: z.number().nullable(), onTimeRate: z.number().nullable(),
};
export const CareKpisSchema = z.object({
  scope: z.string(), from: Day, to: Day, ...Rates,
  byBranch: z.array(z.object({ branch: z.string(), branchName: z.string(), ...Rates })),
  byAccountManager: z.array(z.object({ code: z.string().nullable(), name: z.string().nullable(), branch: z.string(), ...Rates })),
});
export type CareTaskView = z.infer<typeof CareTaskViewSchema>;
export type CareKpisView = z.infer<typeof CareKpisSchema>;
