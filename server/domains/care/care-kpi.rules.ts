/**
 * Care KPI arithmetic, from counts per (branch, account manager): tasks due in the window, done,
 * done on time (closed on or before the due day), skipped, still open past due. The completion
 * rate is done ÷ due (a skipped task counts as not done); null when nothing was due.
 */
export interface CareCountRow {
  branch: string;
  branchName: string;
  managerCode: string | null;
  managerName: string | null;
  due: number;
  done: number;
  doneOnTime: number;
  skipped: number;
  overdue: number;
  dueToday: number;
  doneToday: number;
}

export interface CareRates {
  due: number;
  done: number;
  doneOnTime: number;
  skipped: number;
  overdue: number;
  dueToday: number;
  doneToday: number;
  completionRate: number | null;
  onTimeRate: number | null;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

export function sumRates(rows: readonly CareCountRow[]): CareRates {
  const sum = (k: keyof CareCountRow) => rows.reduce((n, r) => n + (r[k] as number), 0);
  const due = sum('due');
  const done = sum('done');
  const doneOnTime = sum('doneOnTime');
  return { due, done, doneOnTime, skipped: sum('skipped'), overdue: sum('overdue'), dueToday: sum('dueToday'), doneToday: sum('doneToday'), completionRate: ratio(done, due), onTimeRate: ratio(doneOnTime, due) };
}

export interface CareKpis extends CareRates {
  scope: string;
  from: string;
  to: string;
  byBranch: Array<{ branch: string; branchName: string } & CareRates>;
  byAccountManager: Array<{ code: string | null; name: string | null; branch: string } & CareRates>;
}

export function careKpisOf(scope: string, from: string, to: string, rows: readonly CareCountRow[]): CareKpis {
  const branches = new Map<string, CareCountRow[]>();
  for (const r of rows) branches.set(r.branch, [...(branches.get(r.branch) ?? []), r]);
  return {
    scope, from, to, ...sumRates(rows),
    byBranch: [...branches.entries()].map(([branch, list]) => ({ branch, branchName: list[0]!.branchName, ...sumRates(list) })),
    byAccountManager: rows.map((r) => ({ code: r.managerCode, name: r.managerName, branch: r.branch, ...sumRates([r]) })),
  };
}
