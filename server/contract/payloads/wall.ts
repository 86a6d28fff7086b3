import { z } from 'zod';
import { CLOCK_STATES, COMPLAINT_STATUSES } from './complaints.ts';
import { KpiValuesSchema, RankingSchema, ScopeKpisSchema } from './kpi.ts';

/** `wall:subscribe` / `wall:unsubscribe`: one socket may hold several scopes. */
export const WallScopeSchema = z.object({
  scope: z.string().regex(/^(bank|region:[A-Za-z0-9_-]{1,32}|branch:[A-Za-z0-9_-]{1,32})$/, 'must be bank, region:<code> or branch:<code>'),
});
export type WallScope = z.infer<typeof WallScopeSchema>;

/** Something notable a wall's feed shows: a long wait, a low rating, a service error, a complaint received or overdue. */
export const FeedItemSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(['long_wait', 'low_rating', 'service_error', 'complaint_received', 'complaint_overdue', 'inspection_failed', 'rectification_verified', 'nomination_approved', 'star_awarded']),
  branchCode: z.string(),
  branchName: z.string(),
  ticket: z.string().nullable(),
  /** Wait in seconds (long_wait) or the rating (low_rating). */
  value: z.number().nullable(),
  /** The complaint's reference (complaint_*), the inspection id (inspection_failed) or the checklist item (rectification_verified): no customer data reaches a wall. */
  reference: z.string().optional(),
  /** The staff member recognised (nomination_approved, star_awarded). */
  person: z.string().optional(),
});
export type FeedItem = z.infer<typeof FeedItemSchema>;

/** One cell of a wall's heat grid: a branch of the scope and its service index (null without data yet). */
export const GridCellSchema = z.object({ code: z.string(), name: z.string(), regionCode: z.string(), serviceIndex: z.number().nullable() });
export type GridCell = z.infer<typeof GridCellSchema>;

/** An open complaint on the wall's clock strip: no customer data, only where and when it is due. */
export const WallComplaintSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  category: z.string(),
  decisionDueAt: z.string(),
  clockState: z.enum(CLOCK_STATES),
  status: z.enum(COMPLAINT_STATUSES),
});
export type WallComplaint = z.infer<typeof WallComplaintSchema>;

/** The scope's complaints: open ones by clock state, the rates (30 days, today's received), and the strip (overdue and soonest due first). */
export const WallComplaintsSchema = z.object({
  open: z.object({ total: z.number().int(), onTrack: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int(), paused: z.number().int() }),
  onTimeRate: z.number().nullable(),
  /**
   * Complaints received today (bank day): the wall shows today's complaint rate per 10,000 finished
   * tickets against the live `kpis.finished`, so it moves with every batch.
   */
  receivedToday: z.number().int(),
  per1000Branches: z.number().nullable(),
  per10MCustomers: z.number().nullable(),
  strip: z.array(WallComplaintSchema),
});
export type WallComplaints = z.infer<typeof WallComplaintsSchema>;

/** The scope's inspections (last 90 days) and rectifications: the wall's inspection panel. */
export const WallInspectionsSchema = z.object({
  inspections: z.number().int(),
  latestScore: z.number().nullable(),
  averageScore: z.number().nullable(),
  passRate: z.number().nullable(),
  redLineFailures: z.number().int(),
  rectificationsOpen: z.number().int(),
  rectificationsOverdue: z.number().int(),
  rectificationOnTimeRate: z.number().nullable(),
});
export type WallInspections = z.infer<typeof WallInspectionsSchema>;
/** The star board: this month's approved nominations per person (live) and last month's stars. */
export const WallStarsSchema = z.object({
  month: z.string(),
  approved: z.array(z.object({ staffCode: z.string(), staffName: z.string(), branchName: z.string(), count: z.number().int() })),
  lastMonth: z.string(),
  stars: z.array(z.object({ scope: z.string(), scopeName: z.string(), staffCode: z.string(), staffName: z.string(), branchName: z.string(), nominations: z.number().int() })),
});
export type WallStars = z.infer<typeof WallStarsSchema>;

/**
 * The ack of `wall:subscribe`: everything a wall shows for the scope, and the room's sequence
 * number. Deltas then carry seq + 1, + 2 …; a client that sees any other number resubscribes.
 */
export const WallSnapshotSchema = z.object({
  scope: z.string(),
  seq: z.number().int(),
  at: z.string(),
  kpis: ScopeKpisSchema,
  ranking: RankingSchema,
  /** Every active branch of the scope, grouped by region, with its service index. */
  grid: z.array(GridCellSchema),
  /** Most recent first, at most 30. */
  feed: z.array(FeedItemSchema),
  complaints: WallComplaintsSchema,
  inspections: WallInspectionsSchema.optional(),
  /** Service stars (absent from a server without the capability). */
  stars: WallStarsSchema.optional(),
});
export type WallSnapshot = z.infer<typeof WallSnapshotSchema>;

/** `kpi:updated`: only what changed since the previous seq, coalesced (at most a few per second per scope). */
export const KpiUpdatedSchema = z.object({
  scope: z.string(),
  seq: z.number().int(),
  at: z.string(),
  changes: z.object({
    kpis: KpiValuesSchema.optional(),
    targets: ScopeKpisSchema.shape.targets.optional(),
    comparison: ScopeKpisSchema.shape.comparison.optional(),
    /** Only the hours whose figures changed. */
    hourly: ScopeKpisSchema.shape.hourly.optional(),
    byBusiness: ScopeKpisSchema.shape.byBusiness.optional(),
    /** The whole ranking when any unit's figures or order changed. */
    ranking: RankingSchema.shape.items.optional(),
    /** Only the grid cells whose service index changed (matched by code). */
    grid: z.array(GridCellSchema).optional(),
    /** The whole complaints section when anything in it changed. */
    complaints: WallComplaintsSchema.optional(),
    /** The whole inspection panel when anything in it changed. */
    inspections: WallInspectionsSchema.optional(),
    /** The whole star board when anything in it changed. */
    stars: WallStarsSchema.optional(),
  }),
});
export type KpiUpdated = z.infer<typeof KpiUpdatedSchema>;

/** `feed:appended`: notable events, newest first, in the same sequence as `kpi:updated`. */
export const FeedAppendedSchema = z.object({ scope: z.string(), seq: z.number().int(), at: z.string(), items: z.array(FeedItemSchema) });
export type FeedAppended = z.infer<typeof FeedAppendedSchema>;
