/**
 * The KPI read model's domain types. They mirror `server/contract/payloads/kpi.ts` field for
 * field (domains may not import the contract; `kpi.routes.ts` assigns one to the other, so the
 * compiler keeps them in step).
 */

/** Additive sums from the rollup tables (branch_hour_kpis, branch_day_kpis); every KPI is a ratio of two. */
export interface KpiSums {
  issued: number;
  called: number;
  finished: number;
  waitCount: number;
  waitSeconds: number;
  longWaits: number;
  handlingCount: number;
  handlingSeconds: number;
  evaluations: number;
  /** Ratings 4 (满意) and 5 (非常满意). */
  satisfied: number;
  ratingSum: number;
  serviceErrors: number;
}

/** The KPIs that have a target; the names are the KpiValues fields and the `kpi_targets.kpi` values. */
export const KPI_NAMES = [
  'satisfactionRate',
  'participationRate',
  'averageWaitSeconds',
  'longWaitShare',
  'averageHandlingSeconds',
  'errorRate',
  'serviceIndex',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export interface KpiValues {
  issued: number;
  called: number;
  finished: number;
  evaluations: number;
  serviceErrors: number;
  /** satisfied / evaluations; null without evaluations. */
  satisfactionRate: number | null;
  /** evaluations / finished; null without finished tickets. */
  participationRate: number | null;
  averageWaitSeconds: number | null;
  /** Share of waits at or over the long-wait threshold (default 15 min). */
  longWaitShare: number | null;
  averageHandlingSeconds: number | null;
  /** Service errors per 10,000 finished tickets; null without finished tickets. */
  errorRate: number | null;
  /** 0–100; null when no component can be computed. */
  serviceIndex: number | null;
  /**
   * The supervision components of the index (quality.rules.ts), null without data: the mean of the
   * branches' latest inspection score (0–100), rectifications verified by their due date ÷ due,
   * care tasks done by their due date ÷ due.
   */
  inspectionScore: number | null;
  rectificationOnTimeRate: number | null;
  careCompletionRate: number | null;
}

export type KpiTargets = Partial<Record<KpiName, number>>;

/** The index components that come from inspections, rectifications and care (not from the rollups). */
export const QUALITY_COMPONENTS = ['inspectionScore', 'rectificationOnTimeRate', 'careCompletionRate'] as const;
export type QualityComponent = (typeof QUALITY_COMPONENTS)[number];

/** The components of the service index: the KPIs it weighs. */
export type IndexComponent = Exclude<KpiName, 'serviceIndex'> | QualityComponent;
export type IndexWeights = Record<IndexComponent, number>;

/**
 * How one component is scored: `worst` scores 0, `target` scores TARGET_SCORE, `best` scores 100,
 * linear in between. `best < worst` means lower is better (waits, errors).
 */
export interface IndexScale {
  worst: number;
  target: number;
  best: number;
}
export type IndexThresholds = Record<IndexComponent, IndexScale>;

/** A unit KPIs are read for: the bank, a region subtree, or one branch (outlet). */
export type KpiUnit =
  | { kind: 'bank'; rootRegionId: string | null; code: null; name: string }
  | { kind: 'region'; id: string; code: string; name: string; ancestorIds: string[] }
  | { kind: 'branch'; id: string; code: string; name: string; ancestorIds: string[] };

export interface HourlyKpis {
  /** Start of the bank-local hour, ISO-8601 UTC. */
  hour: string;
  kpis: KpiValues;
  /** The same hour of the previous day, for the today-vs-yesterday chart. */
  yesterday: KpiValues;
}

export interface BusinessKpis {
  business: string;
  finished: number;
  averageHandlingSeconds: number | null;
}

export interface ScopeKpis {
  scope: string;
  name: string;
  day: string;
  kpis: KpiValues;
  targets: KpiTargets;
  comparison: { yesterday: KpiValues; sameDayLastYear: KpiValues };
  hourly: HourlyKpis[];
  byBusiness: BusinessKpis[];
}

export interface RankingItem {
  scope: string;
  code: string;
  name: string;
  kind: 'region' | 'branch';
  kpis: KpiValues;
  /** 1 = best service index; ties share a rank; null without a service index. */
  rank: number | null;
  /** Places gained since last month (last month's place − rank); null without a place in either. */
  movement?: number | null;
}

export interface Ranking {
  scope: string;
  day: string;
  items: RankingItem[];
}

export interface BranchCode {
  code: string;
  name: string;
  regionCode: string;
}

/** Every active branch of a scope with its service index: the walls' heat grid. */
export interface BranchGrid {
  scope: string;
  day: string;
  items: { code: string; name: string; regionCode: string; serviceIndex: number | null }[];
}
