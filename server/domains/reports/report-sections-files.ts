/**
 * The XLSX sheets of the report's inspection, rectification, care and star sections: one summary
 * sheet per section (项目 / 值, rates as fractions in a percent format) and a sheet per list, from
 * the same JSON the API answers. No customer data: the star sheet names staff only.
 */
import type ExcelJS from 'exceljs';
import type { CareFigures } from './report-sections.types.ts';
import type { MonthlyReport } from './reports.types.ts';

type Cell = string | number | null;
type SheetFn = (book: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][], percentColumns?: number[]) => ExcelJS.Worksheet;

/** Rows of a 项目 / 值 sheet whose value is a rate get the percent format on that cell only. */
function summary(sheet: SheetFn, book: ExcelJS.Workbook, name: string, rows: Array<[string, Cell, 'rate'?]>): void {
  const ws = sheet(book, name, ['项目', '值'], rows.map(([label, value]) => [label, value]));
  rows.forEach(([, , kind], i) => {
    if (kind === 'rate') ws.getCell(i + 2, 2).numFmt = '0.0%';
  });
}

export function addSectionSheets(sheet: SheetFn, book: ExcelJS.Workbook, report: MonthlyReport): void {
  const i = report.inspections;
  summary(sheet, book, '检查', [
    ['检查次数', i.inspections], ...i.byKind.map((k): [string, Cell] => [`其中${k.label}`, k.count]),
    ['平均得分', i.averageScore], ['最近一次得分', i.latestScore], ['合格率', i.passRate, 'rate'], ['红线失分次数', i.redLineFailures],
    ['上月检查次数', i.lastMonth.inspections], ['上月平均得分', i.lastMonth.averageScore], ['上月合格率', i.lastMonth.passRate, 'rate'], ['上月红线失分次数', i.lastMonth.redLineFailures],
    ['去年同月检查次数', i.lastYear?.inspections ?? null], ['去年同月平均得分', i.lastYear?.averageScore ?? null], ['去年同月合格率', i.lastYear?.passRate ?? null, 'rate'],
    ['去年同月红线失分次数', i.lastYear?.redLineFailures ?? null],
  ]);
  sheet(book, '检查-得分最低网点', ['网点代码', '网点', '检查次数', '平均得分'], i.lowestOutlets.map((o) => [o.code, o.name, o.inspections, o.averageScore]));
  sheet(book, '检查-得分最低模块', ['模块代码', '模块', '检查次数', '平均得分'], i.lowestModules.map((m) => [m.code, m.name, m.inspections, m.averageScore]));

  const r = report.rectifications;
  summary(sheet, book, '整改', [
    ['新开整改', r.opened], ['已整改', r.fixed], ['已验收', r.verified], ['退回重改', r.reopened], ['月末超期未改', r.overdueAtMonthEnd],
    ['本月到期', r.due], ['到期前验收', r.verifiedByDue], ['按时验收率', r.onTimeRate, 'rate'], ['按时整改率(看板口径)', r.fixedOnTimeRate, 'rate'],
  ]);
  sheet(book, '超期整改', ['网点代码', '网点', '检查项代码', '检查项', '红线', '整改期限', '超期天数'], r.overdueList.map((o) => [
    o.branchCode, o.branchName, o.itemCode, o.item, o.redLine ? '是' : '否', o.dueAt, o.daysOverdue,
  ]));

  const c = report.care;
  summary(sheet, book, '客户关怀', [
    ['应关怀', c.due], ['已完成', c.done], ['按时完成', c.doneOnTime], ['已跳过', c.skipped], ['逾期未办', c.overdue],
    ['完成率', c.completionRate, 'rate'], ['按时完成率', c.onTimeRate, 'rate'], ['有任务的网点', c.outlets],
  ]);
  const careHeader = ['应关怀', '已完成', '按时完成', '已跳过', '逾期未办', '完成率', '按时完成率'];
  const figures = (f: CareFigures): Cell[] => [f.due, f.done, f.doneOnTime, f.skipped, f.overdue, f.completionRate, f.onTimeRate];
  sheet(book, '关怀-按类型', ['类型代码', '类型', ...careHeader], c.byKind.map((k) => [k.key, k.label, ...figures(k)]), [8, 9]);
  sheet(book, '关怀-按网点', ['网点代码', '网点', ...careHeader], c.byOutlet.map((o) => [o.code, o.name, ...figures(o)]), [8, 9]);
  sheet(book, '关怀-跳过原因', ['原因代码', '原因', '件数'], c.skippedByReason.map((s) => [s.key, s.label, s.count]));

  const s = report.stars;
  sheet(book, '服务明星', ['月份', '评选范围', '范围名称', '员工工号', '员工', '网点', '获通过提名'], s.stars.map((x) => [
    x.month, x.scope, x.scopeName, x.staff.code, x.staff.name, x.branch?.name ?? null, x.nominations,
  ]));
  sheet(book, '明星-提名状态', ['状态代码', '状态', '件数'], [...s.nominationsByStatus.map((n): Cell[] => [n.key, n.label, n.count]), ['total', '合计', s.nominations]]);
  sheet(book, '明星-网点', ['网点代码', '网点', '明星人数', '获通过提名'], s.topOutlets.map((o) => [o.code, o.name, o.stars, o.approvedNominations]));
}
