/**
 * OpenAPI paths of history and reports (issue #16). The payloads are plain TypeScript interfaces
 * (server/contract/payloads/history.ts), so their schemas are written out here, field for field.
 */
type Param = Record<string, unknown>;
type ErrorResponse = (description: string) => Record<string, unknown>;

const num = { type: 'number', nullable: true };
const change = { type: 'object', properties: { value: num, previous: num, delta: num, relative: num, better: { type: 'boolean', nullable: true } } };
const range = { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } };
const statsRow = { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, received: { type: 'integer' }, decided: { type: 'integer' }, decidedOnTime: { type: 'integer' }, overdue: { type: 'integer' } } };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function historyPaths(scopeParam: Param, errorResponse: ErrorResponse): Record<string, unknown> {
  const notFound = errorResponse('Scope unknown or outside the caller’s');
  const bad = errorResponse('A parameter is malformed (named in `issues`)');
  return {
    '/kpis/history': {
      get: {
        summary: 'A KPI’s day or month series for a scope, from the rollups',
        parameters: [
          scopeParam,
          { name: 'kpi', in: 'query', required: true, schema: { type: 'string', enum: ['satisfactionRate', 'participationRate', 'averageWaitSeconds', 'longWaitShare', 'averageHandlingSeconds', 'errorRate', 'serviceIndex', 'issued', 'finished', 'evaluations', 'serviceErrors'] } },
          { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'at most 800 days after from' },
          { name: 'grain', in: 'query', required: false, schema: { type: 'string', enum: ['day', 'month'], default: 'day' } },
        ],
        responses: {
          200: { description: 'Every day (or month) of the range: rates from the period’s sums; null without data', content: { 'application/json': { schema: { type: 'object', properties: {
            scope: { type: 'string' }, name: { type: 'string' }, kpi: { type: 'string' }, grain: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
            items: { type: 'array', items: { type: 'object', properties: { period: { type: 'string', example: '2026-02' }, value: num, target: num } } },
          } } } } },
          400: bad, 404: notFound,
        },
      },
    },
    '/kpis/comparison': {
      get: {
        summary: 'Each KPI vs the same weekday last week, month to date vs last year (同比) and last month (环比), vs target, with a 30-day trend',
        parameters: [scopeParam, { name: 'day', in: 'query', required: false, schema: { type: 'string', format: 'date' } }],
        responses: {
          200: { description: 'One item per KPI', content: { 'application/json': { schema: { type: 'object', properties: {
            scope: { type: 'string' }, day: { type: 'string' }, periods: { type: 'object', properties: { monthToDate: range, lastYear: range, lastMonth: range, lastWeekDay: { type: 'string' } } },
            items: { type: 'array', items: { type: 'object', properties: {
              kpi: { type: 'string' }, direction: { type: 'string', enum: ['up', 'down'] }, target: num, today: num, meetsTarget: { type: 'boolean', nullable: true },
              lastWeek: change, monthToDate: num, yearOnYear: change, monthOnMonth: change,
              trend: { type: 'array', items: { type: 'object', properties: { day: { type: 'string' }, value: num } } },
            } } },
          } } } } },
          400: bad, 404: notFound,
        },
      },
    },
    '/reports/monthly': {
      get: {
        summary: 'The monthly service report (月度服务质量报告): headline KPIs, rankings, complaints, inspections, rectifications, care, service stars',
        description: 'Sections in `sections` order; the KPI figures equal `/kpis/history?grain=month` for the same scope and month. `format=xlsx` answers a workbook with a sheet per section. Every call is recorded in the audit log.',
        parameters: [scopeParam, { name: 'month', in: 'query', required: false, schema: { type: 'string', example: '2026-02' }, description: 'default: last month' },
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'xlsx'], default: 'json' } }],
        responses: {
          200: { description: 'The report', content: { 'application/json': { schema: { type: 'object', properties: {
            scope: { type: 'string' }, name: { type: 'string' }, month: { type: 'string' }, sections: { type: 'array', items: { type: 'string' } },
            headline: { type: 'object' }, ranking: { type: 'object' }, complaints: { type: 'object' },
            inspections: { type: 'object', description: 'Count by kind, average and latest score, pass rate, red-line failures, lowest outlets and modules; lastMonth and lastYear (null without data)' },
            rectifications: { type: 'object', description: 'Opened, fixed, verified, reopened, overdue at month end, on-time rate (verified by the due date ÷ due), the overdue list' },
            care: { type: 'object', description: 'Tasks due, done, done on time, completion rate, by kind and by outlet (worst first), skipped by reason' },
            stars: { type: 'object', description: 'The month’s service stars (staff names, no customer data), nominations by status, top outlets by stars' },
          } } }, [XLSX]: { schema: { type: 'string', format: 'binary' } } } },
          400: bad, 404: notFound,
        },
      },
    },
    '/reports/complaints': {
      get: {
        summary: 'Quarterly complaint statistics for the regulator',
        description: 'By business category, cause, channel and branch, with decided on time and overdue, and the rates per 1,000 branches and per 10 million customers. CSV is UTF-8 with a byte order mark. Every export is recorded in the audit log.',
        parameters: [scopeParam, { name: 'quarter', in: 'query', required: true, schema: { type: 'string', example: '2026Q1' } },
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' } }],
        responses: {
          200: { description: 'The statistics', content: {
            'application/json': { schema: { type: 'object', properties: { quarter: { type: 'string' }, period: range, totals: statsRow, byCategory: { type: 'array', items: statsRow }, byCause: { type: 'array', items: statsRow }, byChannel: { type: 'array', items: statsRow }, byBranch: { type: 'array', items: statsRow } } } },
            'text/csv': { schema: { type: 'string' } }, [XLSX]: { schema: { type: 'string', format: 'binary' } },
          } },
          400: bad, 404: notFound,
        },
      },
    },
  };
}
