/**
 * History and reports payloads (issue #16): `GET /kpis/history`, `GET /kpis/comparison`,
 * `GET /reports/monthly`, `GET /reports/complaints`. The domains' types mirror these field for
 * field; the routes assign one to the other, so the compiler keeps them in step.
 */
import type { CareSectionPayload, InspectionSectionPayload, RectificationSectionPayload, StarSectionPayload } from './report-sections.ts';

export type HistoryGrain = 'day' | 'month';

export interface KpiHistoryPayload {
  scope: string;
  name: string;
  kpi: string;
  grain: HistoryGrain;
  from: string;
  to: string;
  items: { period: string; value: number | null; target: number | null }[];
}

export interface ChangePayload {
  value: number | null;
  previous: number | null;
  delta: number | null;
  relative: number | null;
  better: boolean | null;
}

export interface KpiComparisonPayload {
  kpi: string;
  direction: 'up' | 'down';
  target: number | null;
  today: number | null;
  meetsTarget: boolean | null;
  lastWeek: ChangePayload;
  monthToDate: number | null;
  monthMeetsTarget: boolean | null;
  yearOnYear: ChangePayload;
  monthOnMonth: ChangePayload;
  trend: { day: string; value: number | null }[];
}

export interface ScopeComparisonsPayload {
  scope: string;
  name: string;
  day: string;
  periods: { monthToDate: { from: string; to: string }; lastYear: { from: string; to: string }; lastMonth: { from: string; to: string }; lastWeekDay: string };
  items: KpiComparisonPayload[];
}

export interface RankedUnitPayload {
  code: string;
  name: string;
  regionCode: string;
  serviceIndex: number | null;
  rank: number | null;
  previousServiceIndex: number | null;
  previousRank: number | null;
  movement: number | null;
  finished: number;
}

export interface MonthlyReportPayload {
  scope: string;
  name: string;
  month: string;
  generatedAt: string;
  periods: { month: { from: string; to: string }; lastYear: { from: string; to: string }; lastMonth: { from: string; to: string } };
  sections: string[];
  headline: {
    volume: { issued: number; finished: number; evaluations: number; serviceErrors: number };
    volumeLastYear: { issued: number; finished: number };
    items: { kpi: string; direction: 'up' | 'down'; value: number | null; target: number | null; meetsTarget: boolean | null; lastYear: ChangePayload; lastMonth: ChangePayload }[];
  };
  ranking: { outlets: number; best: RankedUnitPayload[]; worst: RankedUnitPayload[]; mostImproved: RankedUnitPayload[] };
  complaints: {
    received: number;
    decided: number;
    decidedOnTime: number;
    onTimeRate: number | null;
    overdue: number;
    byCategory: { key: string; label: string; count: number }[];
    byChannel: { key: string; label: string; count: number }[];
    overdueCases: { reference: string; branchCode: string; branchName: string; category: string; receivedAt: string; decisionDueAt: string; decidedAt: string | null }[];
  };
  inspections: InspectionSectionPayload;
  rectifications: RectificationSectionPayload;
  care: CareSectionPayload;
  stars: StarSectionPayload;
}

export interface StatsRowPayload {
  key: string;
  label: string;
  received: number;
  decided: number;
  decidedOnTime: number;
  overdue: number;
}

export interface ComplaintStatisticsPayload {
  scope: string;
  name: string;
  quarter: string;
  period: { from: string; to: string };
  generatedAt: string;
  totals: StatsRowPayload & { branches: number; customers: number; per1000Branches: number | null; per10MillionCustomers: number | null; onTimeRate: number | null };
  byCategory: StatsRowPayload[];
  byCause: StatsRowPayload[];
  byChannel: StatsRowPayload[];
  byBranch: (StatsRowPayload & { regionCode: string })[];
}
