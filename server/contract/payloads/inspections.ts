import { z } from 'zod';

/**
 * Inspections and rectifications on the wire (issue #11): checklists, a submitted inspection and
 * its score, the rectification list and the workflow commands, the inspection KPIs.
 */
export const INSPECTION_KIND_VALUES = ['routine', 'mystery_shopper', 'self_check'] as const;
export const RECTIFICATION_STATUS_VALUES = ['open', 'fixed', 'verified', 'reopened'] as const;
export const RECTIFICATION_CLOCK_STATES = ['on_track', 'due_soon', 'overdue', 'met', 'late'] as const;

const IsoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)) && /[zZ]|[+-]\d{2}:?\d{2}$/.test(v), 'must be ISO-8601 with an offset, e.g. 2026-11-01T10:30:00+08:00');

export const ItemResultSchema = z.object({
  item: z.string().min(1).max(32),
  points: z.number().min(0).max(1000),
  reason: z.string().max(1000).optional(),
  notApplicable: z.boolean().optional(),
  /** Photo ids uploaded for this inspection (`POST /inspections/photos`). */
  photos: z.array(z.string().max(64)).max(10).optional(),
});

export const InspectionSubmitSchema = z.object({
  /** The client's id: sending it again answers the same inspection (200). */
  id: z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
  branch: z.string().min(1).max(32),
  kind: z.enum(INSPECTION_KIND_VALUES),
  /** Checklist code (the active version is used) or `CODE@version`. */
  checklist: z.string().min(1).max(64),
  visitedAt: IsoTime,
  results: z.array(ItemResultSchema).min(1).max(500),
});
export type InspectionSubmit = z.infer<typeof InspectionSubmitSchema>;

export const InspectionResultSchema = z.object({
  id: z.string(),
  score: z.number(),
  passed: z.boolean(),
  redLineFailed: z.boolean(),
  modules: z.array(z.object({ code: z.string(), score: z.number().nullable() })),
  rectifications: z.array(z.object({ id: z.number().int(), item: z.string(), dueAt: z.string(), status: z.enum(RECTIFICATION_STATUS_VALUES) })),
});
export type InspectionResult = z.infer<typeof InspectionResultSchema>;

export const ChecklistViewSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  version: z.number().int(),
  modules: z.array(z.object({
    code: z.string(), name: z.string(),
    items: z.array(z.object({ code: z.string(), text: z.string(), guidance: z.string(), maxPoints: z.number(), redLine: z.boolean() })),
  })),
});

export const ChecklistImportSchema = z.object({
  code: z.string().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().min(1).max(200),
  modules: z.array(z.object({
    code: z.string().min(1).max(32), name: z.string().min(1).max(200),
    items: z.array(z.object({
      code: z.string().min(1).max(32), text: z.string().min(1).max(500), guidance: z.string().max(1000).default(''),
      maxPoints: z.number().positive().max(1000), redLine: z.boolean().default(false),
    })).max(200),
  })).max(50),
});

export const RectificationViewSchema = z.object({
  id: z.number().int(),
  inspection: z.string(),
  branch: z.string(),
  branchName: z.string(),
  item: z.string(),
  text: z.string(),
  redLine: z.boolean(),
  reason: z.string(),
  owner: z.string().nullable(),
  dueAt: z.string(),
  status: z.enum(RECTIFICATION_STATUS_VALUES),
  clockState: z.enum(RECTIFICATION_CLOCK_STATES),
  fixedNote: z.string().nullable(),
  extensionReason: z.string().nullable(),
  version: z.number().int(),
});
export type RectificationView = z.infer<typeof RectificationViewSchema>;

export const RectificationListQuerySchema = z.object({
  branch: z.string().max(32).optional(),
  status: z.enum(RECTIFICATION_STATUS_VALUES).optional(),
  clockState: z.enum(RECTIFICATION_CLOCK_STATES).optional(),
});

export const RectificationVerifySchema = z.object({ accepted: z.boolean(), note: z.string().max(1000).default('') });
export const RectificationFixSchema = z.object({ note: z.string().min(1).max(1000) });
export const RectificationExtendSchema = z.object({ reason: z.string().min(1).max(1000) });
export const RectificationGrantSchema = z.object({ days: z.number().int().min(1).max(30) });

export const InspectionKpisSchema = z.object({
  inspections: z.number().int(),
  averageScore: z.number().nullable(),
  passRate: z.number().nullable(),
  redLineFailures: z.number().int(),
  rectificationsOpen: z.number().int(),
  rectificationsOverdue: z.number().int(),
  rectificationOnTimeRate: z.number().nullable(),
});
export type InspectionKpis = z.infer<typeof InspectionKpisSchema>;
