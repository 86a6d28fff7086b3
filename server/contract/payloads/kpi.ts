import { z } from 'zod';
import { ScopeTextSchema } from './access.ts';

/**
 * KPIs on the wire (DESIGN §4): per branch (outlet), rolled up to regions and the bank by summing
 * branch rollups, over bank days (calendar days in the bank's time zone). A rate or average is
 * `null` when its denominator is 0 ("no data", never 0 or 100 %).
 */

/** The KPIs that can have a target: the KpiValues field names, also the `kpi_targets.kpi` values. */
export const KPI_NAMES = [
  'satisfactionRate',
  'participationRate',
  'averageWaitSeconds',
  'longWaitShare',
  'averageHandlingSeconds',
  'errorRate',
  'serviceIndex',
] as const;
export const KpiNameSchema = z.enum(KPI_NAMES);
export type KpiName = z.infer<typeof KpiNameSchema>;

/** Which way is better, for colouring actual vs target: `higher` means actual ≥ target meets it. */
export const KPI_BETTER: Readonly<Record<KpiName, 'higher' | 'lower'>> = {
  satisfactionRate: 'higher',
  participationRate: 'higher',
  averageWaitSeconds: 'lower',
  longWaitShare: 'lower',
  averageHandlingSeconds: 'lower',
  errorRate: 'lower',
  serviceIndex: 'higher',
};

const rate = z.number().min(0).nullable();

/** One unit's KPIs over a period (a day, or an hour). */
export const KpiValuesSchema = z.object({
  /** Tickets taken 取号. */
  issued: z.number().int(),
  /** Tickets called 叫号. */
  called: z.number().int(),
  /** Tickets finished 办结. */
  finished: z.number().int(),
  /** Valid evaluator ratings 评价. */
  evaluations: z.number().int(),
  /** Service errors 差错 recorded. */
  serviceErrors: z.number().int(),
  /** 满意率: ratings 4–5 / evaluations, 0–1; null without evaluations. */
  satisfactionRate: rate,
  /** 参评率: evaluations / finished tickets (guards against gaming); null without finished tickets. */
  participationRate: rate,
  /** 平均等候: mean of called − issued, seconds. */
  averageWaitSeconds: rate,
  /** Share of waits at or over the long-wait threshold (default 15 min), 0–1. */
  longWaitShare: rate,
  /** 平均办理: mean of finished − called, seconds. */
  averageHandlingSeconds: rate,
  /** 差错率: service errors per 10,000 finished tickets; null without finished tickets. */
  errorRate: rate,
  /**
   * 服务指数, 0–100: weighted score of satisfaction, wait, long waits, handling, errors,
   * participation, inspection score, rectification on-time rate and care completion (weights set
   * by an administrator, `GET /service-index/weights`); a unit meeting every default target scores
   * 80. Low participation reduces satisfaction's weight. A component without data is left out and
   * the other weights re-normalised. Null when nothing can be scored.
   */
  serviceIndex: z.number().min(0).max(100).nullable(),
  /** 检查得分: the mean of the branches' latest inspection score (routine, mystery shopper; last 180 days), 0–100; null when none was inspected. */
  inspectionScore: z.number().min(0).max(100).nullable(),
  /** 整改按期率: rectifications (raised in the last 90 days) verified and fixed by their due date ÷ those due or verified; null when none. */
  rectificationOnTimeRate: rate,
  /** 关怀完成率: care tasks (due in the last 30 days) done by their due day ÷ those past due or closed; null when none. */
  careCompletionRate: rate,
});
export type KpiValues = z.infer<typeof KpiValuesSchema>;

/** Targets by KPI name; the nearest region up the tree that sets one wins, then the bank, then defaults. */
export const KpiTargetsSchema = z.partialRecord(KpiNameSchema, z.number());
export type KpiTargets = z.infer<typeof KpiTargetsSchema>;

/** `bank`, `region:<code>` or `branch:<code>`. */
const ScopeText = ScopeTextSchema;
/** A bank day, `YYYY-MM-DD`. */
const Day = z.string();

/**
 * `GET /api/v1/kpis?scope=&day=`: one unit's KPIs for a bank day. `scope` defaults to the caller's
 * own scope, `day` to today in the bank's time zone. A scope outside the caller's answers 404.
 */
export const ScopeKpisSchema = z.object({
  scope: ScopeText,
  /** The region's or branch's name; for the bank, its head office's. */
  name: z.string(),
  day: Day,
  kpis: KpiValuesSchema,
  /** The targets that apply to this unit. */
  targets: KpiTargetsSchema,
  comparison: z.object({
    /** The previous day. */
    yesterday: KpiValuesSchema,
    /** The same calendar day a year earlier (29 February compares with 28 February). */
    sameDayLastYear: KpiValuesSchema,
  }),
  /** Every bank-local hour of the day (24; 23 or 25 on a DST change), for today-vs-yesterday charts. */
  hourly: z.array(z.object({
    /** Start of the hour, ISO-8601 UTC. */
    hour: z.string(),
    kpis: KpiValuesSchema,
    /** The same hour of the previous day. */
    yesterday: KpiValuesSchema,
  })),
  /** Finished tickets and handling time per business type (开户, 存取款 …), most finished first. */
  byBusiness: z.array(z.object({
    business: z.string(),
    finished: z.number().int(),
    averageHandlingSeconds: rate,
  })),
});
export type ScopeKpis = z.infer<typeof ScopeKpisSchema>;

/**
 * `GET /api/v1/kpis/ranking?scope=&day=`: the scope's child units ranked by service index — the
 * bank's 分行, a 分行's 支行 (and outlets attached to it directly), a 支行's outlets; an outlet
 * ranks only itself. Same defaults and 404 rule as `/kpis`.
 */
export const RankingSchema = z.object({
  scope: ScopeText,
  day: Day,
  /** Best first; units without a service index (no data) last. */
  items: z.array(z.object({
    /** The child unit's own scope, to drill down with. */
    scope: ScopeText,
    code: z.string(),
    name: z.string(),
    kind: z.enum(['region', 'branch']),
    kpis: KpiValuesSchema,
    /** 1 = best; ties share a rank (1, 2, 2, 4); null without a service index. */
    rank: z.number().int().min(1).nullable(),
    /** Places gained since last month's whole-month ranking (positive = moved up); null when the unit had no figures last month. */
    movement: z.number().int().nullable().optional(),
  })),
});
export type Ranking = z.infer<typeof RankingSchema>;

/**
 * `GET /api/v1/branches?limit=`: active branch codes in the caller's scope, by code (limit
 * 1–50,000, default 1,000); for people and API keys (whose events must name branches), not screens.
 */
export const BranchCodeListSchema = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), regionCode: z.string() })),
});
export type BranchCodeList = z.infer<typeof BranchCodeListSchema>;
