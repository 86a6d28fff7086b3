/**
 * The reports as files (issue #16): XLSX workbooks (exceljs, a sheet per section) and the
 * regulator's CSV, built from the same JSON the API answers, so files and JSON carry the same
 * figures. Numbers are written as numbers (rates as fractions with a percent format), never as
 * formatted text, so a reader can recompute them.
 */
import ExcelJS from 'exceljs';
import { toCsv } from './reports.rules.ts';
import { addSectionSheets } from './report-sections-files.ts';
import type { ComplaintStatistics, MonthlyReport, RankedUnit, StatsRow } from './reports.types.ts';

/** Chinese KPI names for the sheets (the web app's are in web/lib/i18n). */
export const KPI_LABELS: Readonly<Record<string, string>> = {
  satisfactionRate: '满意率', participationRate: '参评率', averageWaitSeconds: '平均等候时长(秒)', longWaitShare: '超时等候占比',
  averageHandlingSeconds: '平均办理时长(秒)', errorRate: '差错率(每万笔)', serviceIndex: '服务指数',
};

const PERCENT_KPIS = new Set(['satisfactionRate', 'participationRate', 'longWaitShare']);

export function sheet(book: ExcelJS.Workbook, name: string, header: string[], rows: (string | number | null)[][], percentColumns: number[] = []): ExcelJS.Worksheet {
  const ws = book.addWorksheet(name);
  ws.addRow(header).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  ws.columns.forEach((column, i) => {
    column.width = Math.max(10, header[i]!.length * 2 + 2);
    if (percentColumns.includes(i + 1)) column.numFmt = '0.00%';
  });
  return ws;
}

const rankRow = (u: RankedUnit): (string | number | null)[] => [u.rank, u.code, u.name, u.regionCode, u.serviceIndex, u.previousRank, u.movement, u.finished];
const RANK_HEADER = ['名次', '网点代码', '网点', '所属机构', '服务指数', '上月名次', '名次变化', '办结笔数'];

export async function monthlyReportXlsx(report: MonthlyReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(report.generatedAt);
  book.title = `${report.name} ${report.month} 月度服务质量报告`;
  sheet(book, '概要', ['项目', '值'], [
    ['机构', report.name], ['范围', report.scope], ['月份', report.month], ['生成时间', report.generatedAt],
    ['取号', report.headline.volume.issued], ['办结', report.headline.volume.finished], ['评价', report.headline.volume.evaluations],
    ['差错', report.headline.volume.serviceErrors], ['去年同月取号', report.headline.volumeLastYear.issued], ['去年同月办结', report.headline.volumeLastYear.finished],
  ]);
  sheet(book, '核心指标', ['指标代码', '指标', '本月', '目标', '达标', '去年同月', '同比变化', '上月', '环比变化'], report.headline.items.map((item) => [
    item.kpi, KPI_LABELS[item.kpi] ?? item.kpi, item.value, item.target, item.meetsTarget === null ? null : item.meetsTarget ? '是' : '否',
    item.lastYear.previous, item.lastYear.delta, item.lastMonth.previous, item.lastMonth.delta,
  ]));
  sheet(book, '排名-前十', RANK_HEADER, report.ranking.best.map(rankRow));
  sheet(book, '排名-后十', RANK_HEADER, report.ranking.worst.map(rankRow));
  sheet(book, '进步最快', RANK_HEADER, report.ranking.mostImproved.map(rankRow));
  const c = report.complaints;
  sheet(book, '投诉', ['项目', '值'], [['受理', c.received], ['办结', c.decided], ['按时办结', c.decidedOnTime], ['按时办结率', c.onTimeRate], ['超期', c.overdue]]);
  sheet(book, '投诉-类别', ['类别代码', '类别', '件数'], c.byCategory.map((r) => [r.key, r.label, r.count]));
  sheet(book, '投诉-渠道', ['渠道代码', '渠道', '件数'], c.byChannel.map((r) => [r.key, r.label, r.count]));
  sheet(book, '超期投诉', ['编号', '网点代码', '网点', '类别', '受理时间', '应办结时间', '办结时间'], c.overdueCases.map((o) => [
    o.reference, o.branchCode, o.branchName, o.category, o.receivedAt, o.decisionDueAt, o.decidedAt,
  ]));
  addSectionSheets(sheet, book, report);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const STATS_HEADER = ['代码', '名称', '受理', '办结', '按时办结', '超期'];
const statsRow = (r: StatsRow): (string | number)[] => [r.key, r.label, r.received, r.decided, r.decidedOnTime, r.overdue];

function statisticsSummary(stats: ComplaintStatistics): (string | number | null)[][] {
  const t = stats.totals;
  return [
    ['机构', stats.name], ['范围', stats.scope], ['季度', stats.quarter], ['起止', `${stats.period.from} — ${stats.period.to}`],
    ['受理', t.received], ['办结', t.decided], ['按时办结', t.decidedOnTime], ['超期', t.overdue], ['按时办结率', t.onTimeRate],
    ['网点数', t.branches], ['客户数', t.customers], ['每千家网点投诉量', t.per1000Branches], ['每千万客户投诉量', t.per10MillionCustomers],
  ];
}

export async function complaintStatisticsXlsx(stats: ComplaintStatistics): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(stats.generatedAt);
  book.title = `${stats.name} ${stats.quarter} 投诉统计`;
  sheet(book, '汇总', ['项目', '值'], statisticsSummary(stats));
  sheet(book, '按业务类别', STATS_HEADER, stats.byCategory.map(statsRow));
  sheet(book, '按投诉原因', STATS_HEADER, stats.byCause.map(statsRow));
  sheet(book, '按渠道', STATS_HEADER, stats.byChannel.map(statsRow));
  sheet(book, '按网点', [...STATS_HEADER, '所属机构'], stats.byBranch.map((r) => [...statsRow(r), r.regionCode]));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** One CSV for the regulator: the summary, then each table under its own title row. */
export function complaintStatisticsCsv(stats: ComplaintStatistics): string {
  const rows: (string | number | null)[][] = [...statisticsSummary(stats)];
  const table = (title: string, data: StatsRow[], extra?: (r: StatsRow) => string) => {
    rows.push([], [title], extra ? [...STATS_HEADER, '所属机构'] : STATS_HEADER);
    for (const r of data) rows.push(extra ? [...statsRow(r), extra(r)] : statsRow(r));
  };
  table('按业务类别', stats.byCategory);
  table('按投诉原因', stats.byCause);
  table('按渠道', stats.byChannel);
  table('按网点', stats.byBranch, (r) => (r as StatsRow & { regionCode: string }).regionCode);
  return toCsv(rows);
}
