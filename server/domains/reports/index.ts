/**
 * Reports (issue #16): the monthly service report 月度服务质量报告 and the regulator's quarterly
 * complaint statistics, as JSON, XLSX (a sheet per section) and CSV (UTF-8 with BOM), from the
 * same figures the KPI history API reads. A read model: it writes only monthly_report_posts.
 *
 * - `getMonthlyReport(sql, { scope, month, timeZone, now })` → MonthlyReport (sections headline,
 *   ranking, complaints; then inspections, rectifications, care and stars from report-sections.service.ts).
 * - `getComplaintStatistics(sql, { scope, quarter, timeZone, now })` → ComplaintStatistics.
 * - `monthlyReportXlsx`, `complaintStatisticsXlsx`, `complaintStatisticsCsv`: the files.
 * - `postMonthlyReports(deps, month)`: the first-working-day job's cards (outbox, once per month and scope).
 * - `registerReportRoutes(api, { sql, clock, timeZone })`: GET /reports/monthly, GET /reports/complaints (audited).
 */
export type { ComplaintStatistics, MonthlyReport, RankedUnit, StatsRow } from './reports.types.ts';
export { getMonthlyReport, MONTHLY_SECTIONS } from './monthly-report.service.ts';
export type { CareSection, InspectionSection, RectificationSection, StarSection } from './report-sections.types.ts';
export { getComplaintStatistics } from './complaint-stats.service.ts';
export { complaintStatisticsCsv, complaintStatisticsXlsx, KPI_LABELS, monthlyReportXlsx } from './report-files.ts';
export { CATEGORY_LABELS, CAUSE_OF_CATEGORY, CHANNEL_LABELS, complaintRates, rankWithMovement, toCsv } from './reports.rules.ts';
export { registerReportRoutes, type ReportRouteDeps } from './reports.routes.ts';
export { firstWorkingDayOf, monthlyCardData, postMonthlyReports, type MonthlyPostDeps } from './monthly-post.service.ts';
