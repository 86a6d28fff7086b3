/**
 * The monthly report's sections from the capabilities that landed after it (issue #16 item 3):
 * inspections (检查), rectifications (整改), customer care (客户关怀) and service stars (服务明星).
 * Each is for one unit (bank, region, outlet) and one bank month; no customer data at all — the
 * stars name staff, which a report readable by that scope may do.
 */
import type { CountRow } from './reports.types.ts';

/** The inspection figures compared across months; null figures where the month had none. */
export interface InspectionFigures {
  inspections: number;
  averageScore: number | null;
  passRate: number | null;
  redLineFailures: number;
}

export interface ScoredOutlet {
  code: string;
  name: string;
  inspections: number;
  averageScore: number;
}

export interface ScoredModule {
  code: string;
  name: string;
  /** Inspections that scored the module (a module with nothing applicable is left out). */
  inspections: number;
  averageScore: number;
}

export interface InspectionSection extends InspectionFigures {
  /** routine 例行检查 / mystery_shopper 暗访 / self_check 自查, always all three. */
  byKind: CountRow[];
  /** Score of the inspection submitted last in the month. */
  latestScore: number | null;
  /** Lowest average score first (up to 5). */
  lowestOutlets: ScoredOutlet[];
  lowestModules: ScoredModule[];
  lastMonth: InspectionFigures;
  /** The same month a year earlier: null when that month had no inspection (no data to compare). */
  lastYear: InspectionFigures | null;
}

export interface OverdueRectification {
  branchCode: string;
  branchName: string;
  itemCode: string;
  item: string;
  redLine: boolean;
  dueAt: string;
  /** Bank days from the due day to the month's end (or today, for the month in progress). */
  daysOverdue: number;
}

export interface RectificationSection {
  opened: number;
  fixed: number;
  verified: number;
  reopened: number;
  /** Open or reopened at the month's end (or now) with the due date passed. */
  overdueAtMonthEnd: number;
  /** Rectifications whose due date fell in the month (up to now). */
  due: number;
  /** Of those, verified by the due date. */
  verifiedByDue: number;
  /** verifiedByDue ÷ due. */
  onTimeRate: number | null;
  /**
   * The inspections board's 整改按时率 for the rectifications opened in the month: fixed by the
   * due date ÷ (fixed, or open past due) — the same figure as `GET /kpis/inspections`.
   */
  fixedOnTimeRate: number | null;
  overdueList: OverdueRectification[];
}

export interface CareFigures {
  due: number;
  done: number;
  doneOnTime: number;
  skipped: number;
  /** Still open with the due day passed (at the month's end, or today). */
  overdue: number;
  /** done ÷ due (a skipped task counts as not done), as `GET /kpis/care`. */
  completionRate: number | null;
  /** doneOnTime ÷ due. */
  onTimeRate: number | null;
}

export interface CareSection extends CareFigures {
  /** birthday 生日祝福 / holiday 节日问候. */
  byKind: Array<{ key: string; label: string } & CareFigures>;
  /** Outlets with tasks due, the lowest completion first (up to 10); `outlets` counts them all. */
  outlets: number;
  byOutlet: Array<{ code: string; name: string } & CareFigures>;
  /** Skipped tasks by reason (unreachable 联系不上, declined 客户婉拒 …). */
  skippedByReason: CountRow[];
}

export interface ReportStar {
  month: string;
  /** `branch:<code>` or `region:<code>`: the unit the star was awarded in. */
  scope: string;
  scopeName: string;
  staff: { code: string; name: string };
  branch: { code: string; name: string } | null;
  nominations: number;
}

export interface StarSection {
  stars: ReportStar[];
  nominations: number;
  /** pending 待审批 / approved 通过 / rejected 驳回 / lapsed 失效, always all four. */
  nominationsByStatus: CountRow[];
  /** Most stars first, then most approved nominations (up to 10). */
  topOutlets: Array<{ code: string; name: string; stars: number; approvedNominations: number }>;
}
