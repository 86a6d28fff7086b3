import { z } from 'zod';
import type { Sql } from '../../../db/types.ts';
import type { ComplaintStatisticsPayload, MonthlyReportPayload } from '../../contract/payloads/history.ts';
import { bankDay } from '../../platform/bank-time.ts';
import type { Clock } from '../../platform/clock.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, recordAudit, type SecuredRouter } from '../access/index.ts';
import { addMonths, authorizedScope, isValidMonth, isValidQuarter, monthOf } from '../kpi/index.ts';
import { getComplaintStatistics } from './complaint-stats.service.ts';
import { getMonthlyReport } from './monthly-report.service.ts';
import type { ComplaintStatistics, MonthlyReport } from './reports.types.ts';
import { complaintStatisticsCsv, complaintStatisticsXlsx, monthlyReportXlsx } from './report-files.ts';

export interface ReportRouteDeps {
  sql: Sql;
  clock: Clock;
  timeZone: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SCOPE_REASON = 'must be bank, region:<code> or branch:<code>';

const MonthlyQuerySchema = z.object({
  scope: z.string({ message: SCOPE_REASON }).max(80).optional(),
  // The report reads the month before last year's and the month after: both must be dates too.
  month: z.string({ message: 'must be a month written YYYY-MM' }).refine(isValidMonth, 'must be a month written YYYY-MM')
    .refine((m) => m >= '1900-01' && m <= '9998-12', 'must be a month between 1900-01 and 9998-12').optional(),
  format: z.enum(['json', 'xlsx'], { message: 'must be json or xlsx' }).default('json'),
});
const ComplaintsQuerySchema = z.object({
  scope: z.string({ message: SCOPE_REASON }).max(80).optional(),
  quarter: z.string({ message: 'must be a quarter written YYYYQn (2026Q1)' }).refine(isValidQuarter, 'must be a quarter written YYYYQn (2026Q1)'),
  format: z.enum(['json', 'csv', 'xlsx'], { message: 'must be json, csv or xlsx' }).default('json'),
});

/** `attachment; filename*=` with the UTF-8 name (RFC 6266), and a plain ASCII fallback. */
const attachment = (ascii: string, name: string): string => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * `GET /reports/monthly?scope=&month=YYYY-MM&format=json|xlsx` (access 'org.read', the caller's
 * scope or inside it; month defaults to last month) and `GET /reports/complaints?scope=&quarter=
 * YYYYQn&format=json|csv|xlsx` (access 'complaints.read'). Every report that goes out — each
 * format, each download — is recorded in the audit log (`reports.monthly`, `reports.complaints`).
 */
export function registerReportRoutes(api: SecuredRouter, deps: ReportRouteDeps): void {
  api.get('/reports/monthly', 'org.read', async (req, res) => {
    const query = parseInput(MonthlyQuerySchema, req.query);
    const scope = await authorizedScope(req, deps.sql, query.scope, 'org.read');
    const now = deps.clock.now();
    const month = query.month ?? addMonths(monthOf(bankDay(now, deps.timeZone)), -1);
    const report: MonthlyReportPayload = await getMonthlyReport(deps.sql, { scope, month, timeZone: deps.timeZone, now });
    await recordAudit(deps.sql, actorOf(req), { action: 'reports.monthly', targetType: 'report', targetId: `${report.scope}/${month}`, summary: { format: query.format } }, now);
    if (query.format === 'json') {
      res.json(report);
      return;
    }
    res.setHeader('content-type', XLSX_TYPE);
    res.setHeader('content-disposition', attachment(`monthly-report-${month}.xlsx`, `${report.name}-${month}-月度服务质量报告.xlsx`));
    res.send(await monthlyReportXlsx(report as MonthlyReport));
  });
  api.get('/reports/complaints', 'complaints.read', async (req, res) => {
    const query = parseInput(ComplaintsQuerySchema, req.query);
    const scope = await authorizedScope(req, deps.sql, query.scope, 'complaints.read');
    const now = deps.clock.now();
    const stats: ComplaintStatisticsPayload = await getComplaintStatistics(deps.sql, { scope, quarter: query.quarter, timeZone: deps.timeZone, now });
    await recordAudit(deps.sql, actorOf(req), {
      action: 'reports.complaints', targetType: 'report', targetId: `${stats.scope}/${query.quarter}`,
      summary: { format: query.format, received: stats.totals.received, branches: stats.byBranch.length },
    }, now);
    if (query.format === 'json') {
      res.json(stats);
      return;
    }
    const base = `complaint-statistics-${query.quarter}`;
    const name = `${stats.name}-${query.quarter}-投诉统计`;
    if (query.format === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', attachment(`${base}.csv`, `${name}.csv`));
      res.send(complaintStatisticsCsv(stats as ComplaintStatistics));
      return;
    }
    res.setHeader('content-type', XLSX_TYPE);
    res.setHeader('content-disposition', attachment(`${base}.xlsx`, `${name}.xlsx`));
    res.send(await complaintStatisticsXlsx(stats as ComplaintStatistics));
  });
}
