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

/**
 * Care settings (`GET`/`PATCH /api/v1/care-settings`, administrators). Each field is validated on
 * its own so a PATCH may carry any subset, and every refusal names the field the form shows.
 */
export const CARE_TIERS = ['mass', 'gold', 'platinum', 'diamond', 'private'] as const;
/** `care.remind` runs every quarter hour from 12:00 to 21:45 bank time: a reminder time outside would never (or only late) be sent. */
export const CARE_REMINDER_WINDOW = { from: '12:00', to: '21:45' } as const;
/** Days per month, 29 February allowed (the festival is skipped in common years). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const Lead = z.number().int().min(0).max(30);

export const CareSolarFestivalSchema = z.object({
  name: z.string().trim().min(1).max(20),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
}).superRefine((f, ctx) => {
  if (f.day > DAYS_IN_MONTH[f.month - 1]!) ctx.addIssue({ code: 'custom', path: ['day'], message: `month ${f.month} has no day ${f.day}` });
});

export const CareSettingsSchema = z.object({
  /** Days before the occasion a task appears, per tier (0–30). */
  leadDays: z.object({ mass: Lead, gold: Lead, platinum: Lead, diamond: Lead, private: Lead }),
  /** Tiers that get a personal festival task; the others are covered by a mass message. */
  festivalTiers: z.array(z.enum(CARE_TIERS)).max(CARE_TIERS.length).refine((tiers) => new Set(tiers).size === tiers.length, 'a tier is listed twice'),
  /** Solar-calendar festivals greeted besides the lunar ones (元旦, 国庆, the bank's anniversary). */
  solarFestivals: z.array(CareSolarFestivalSchema).max(20).superRefine((list, ctx) => {
    list.forEach((f, i) => {
      if (list.findIndex((g) => g.name.trim() === f.name.trim()) < i) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${f.name}" is listed twice` });
    });
  }),
  /** 重阳 greets customers of this age and over. */
  seniorAge: z.number().int().min(40).max(100),
  /** Bank time HH:MM of the afternoon reminder, inside the reminder job's window. */
  reminderAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:MM')
    .refine((v) => v >= CARE_REMINDER_WINDOW.from && v <= CARE_REMINDER_WINDOW.to, `must be between ${CARE_REMINDER_WINDOW.from} and ${CARE_REMINDER_WINDOW.to}`),
  /** Weight of care completion in the service index (0 leaves it out). */
  indexWeight: z.number().min(0).max(1),
});

/** A PATCH changes the fields it carries and keeps the others. */
export const CareSettingsPatchSchema = CareSettingsSchema.partial().refine((patch) => Object.values(patch).some((v) => v !== undefined), 'name at least one setting to change');

/** What GET and PATCH answer: the settings, and the morning run's time (deployment setting CARE_DAILY_AT, read-only). */
export const CareSettingsViewSchema = CareSettingsSchema.extend({ dailyAt: z.string() });
export type CareSettingsInput = z.infer<typeof CareSettingsSchema>;
export type CareSettingsPatch = z.infer<typeof CareSettingsPatchSchema>;
export type CareSettingsView = z.infer<typeof CareSettingsViewSchema>;
