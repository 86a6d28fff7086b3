/**
 * The monthly report's inspection, rectification, care and star sections (issue #16 item 3), as
 * `GET /reports/monthly` answers them. server/domains/reports/report-sections.types.ts mirrors
 * these field for field (the route assigns one to the other, so the compiler keeps them in step).
 */
export interface ReportCountRowPayload {
  key: string;
  label: string;
  count: number;
}

export interface InspectionFiguresPayload {
  inspections: number;
  averageScore: number | null;
  passRate: number | null;
  redLineFailures: number;
}

export interface InspectionSectionPayload extends InspectionFiguresPayload {
  byKind: ReportCountRowPayload[];
  latestScore: number | null;
  lowestOutlets: { code: string; name: string; inspections: number; averageScore: number }[];
  lowestModules: { code: string; name: string; inspections: number; averageScore: number }[];
  lastMonth: InspectionFiguresPayload;
  lastYear: InspectionFiguresPayload | null;
}

export interface RectificationSectionPayload {
  opened: number;
  fixed: number;
  verified: number;
  reopened: number;
  overdueAtMonthEnd: number;
  due: number;
  verifiedByDue: number;
  onTimeRate: number | null;
  fixedOnTimeRate: number | null;
  overdueList: { branchCode: string; branchName: string; itemCode: string; item: string; redLine: boolean; dueAt: string; daysOverdue: number }[];
}

export interface CareFiguresPayload {
  due: number;
  done: number;
  doneOnTime: number;
  skipped: number;
  overdue: number;
  completionRate: number | null;
  onTimeRate: number | null;
}

export interface CareSectionPayload extends CareFiguresPayload {
  byKind: ({ key: string; label: string } & CareFiguresPayload)[];
  outlets: number;
  byOutlet: ({ code: string; name: string } & CareFiguresPayload)[];
  skippedByReason: ReportCountRowPayload[];
}

export interface StarSectionPayload {
  stars: { month: string; scope: string; scopeName: string; staff: { code: string; name: string }; branch: { code: string; name: string } | null; nominations: number }[];
  nominations: number;
  nominationsByStatus: ReportCountRowPayload[];
  topOutlets: { code: string; name: string; stars: number; approvedNominations: number }[];
}
