/**
 * The reports' shapes (issue #16): the monthly service report 月度服务质量报告 and the regulator's
 * quarterly complaint statistics. JSON, XLSX and CSV are built from these, so they carry the same
 * figures. The monthly report is a list of sections; inspections, rectifications, care and service
 * stars add their own sections where those capabilities exist.
 */
import type { Change, KpiName } from '../kpi/index.ts';
import type { CareSection, InspectionSection, RectificationSection, StarSection } from './report-sections.types.ts';

export interface HeadlineItem {
  kpi: KpiName;
  direction: 'up' | 'down';
  value: number | null;
  target: number | null;
  meetsTarget: boolean | null;
  /** The same month a year earlier (同比). */
  lastYear: Change;
  /** The previous month (环比). */
  lastMonth: Change;
}

export interface RankedUnit {
  code: string;
  name: string;
  regionCode: string;
  serviceIndex: number | null;
  rank: number | null;
  previousServiceIndex: number | null;
  previousRank: number | null;
  /** Places gained since last month (previousRank − rank); null when either is unknown. */
  movement: number | null;
  finished: number;
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
}

export interface OverdueCase {
  reference: string;
  branchCode: string;
  branchName: string;
  category: string;
  receivedAt: string;
  decisionDueAt: string;
  decidedAt: string | null;
}

export interface MonthlyReport {
  scope: string;
  name: string;
  month: string;
  generatedAt: string;
  periods: { month: { from: string; to: string }; lastYear: { from: string; to: string }; lastMonth: { from: string; to: string } };
  /** Section ids in print order; later capabilities append theirs. */
  sections: string[];
  headline: {
    volume: { issued: number; finished: number; evaluations: number; serviceErrors: number };
    volumeLastYear: { issued: number; finished: number };
    items: HeadlineItem[];
  };
  ranking: { outlets: number; best: RankedUnit[]; worst: RankedUnit[]; mostImproved: RankedUnit[] };
  complaints: {
    received: number;
    decided: number;
    decidedOnTime: number;
    onTimeRate: number | null;
    overdue: number;
    byCategory: CountRow[];
    byChannel: CountRow[];
    overdueCases: OverdueCase[];
  };
  /** The sections of the capabilities that landed after the report (report-sections.types.ts). */
  inspections: InspectionSection;
  rectifications: RectificationSection;
  care: CareSection;
  stars: StarSection;
}

export interface StatsRow {
  key: string;
  label: string;
  received: number;
  decided: number;
  decidedOnTime: number;
  overdue: number;
}

export interface ComplaintStatistics {
  scope: string;
  name: string;
  quarter: string;
  period: { from: string; to: string };
  generatedAt: string;
  totals: StatsRow & { branches: number; customers: number; per1000Branches: number | null; per10MillionCustomers: number | null; onTimeRate: number | null };
  byCategory: StatsRow[];
  byCause: StatsRow[];
  byChannel: StatsRow[];
  byBranch: (StatsRow & { regionCode: string })[];
}
