/** One benchmark's outcome: our path and the raw baseline, measured in the same run. */
export interface BenchResult {
  name: string;
  baselineName: string;
  oursMs: number;
  baselineMs: number;
  unit: string;
}

/** A gate from bench plan §5.2, judged on this run (null: reported, not judged). */
export interface Check {
  name: string;
  value: string;
  target: string;
  pass: boolean | null;
}

/** One suite's results table, as printed and as written to bench/results/<timestamp>.json. */
export interface SuiteResult {
  suite: string;
  title: string;
  mode: string;
  columns: string[];
  rows: (string | number | null)[][];
  notes: string[];
  checks: Check[];
  /** Raw figures (per-round timings, settings) kept in the JSON only. */
  details?: Record<string, unknown>;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Nearest-rank percentile of an ascending array (p in 0–100); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, not "${raw}"`);
  return value;
};

export const fmt = {
  int: (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—'),
  ms: (n: number, digits = 1): string => (Number.isFinite(n) ? `${n.toFixed(digits)}` : '—'),
  ratio: (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—'),
};


/** The import bench's single result as a table, so every suite prints and saves alike. */
export function importSuite(result: BenchResult, mode: string): SuiteResult {
  const ratio = result.oursMs / result.baselineMs;
  return {
    suite: 'import', title: result.name, mode,
    columns: ['path', 'median ms', 'rate', 'ratio (time ours ÷ raw)'],
    rows: [['ours: importRecords(customers)', fmt.ms(result.oursMs, 0), result.unit.split(' vs ')[0]!, fmt.ratio(ratio)],
      [`raw: ${result.baselineName}`, fmt.ms(result.baselineMs, 0), result.unit.split(' vs ')[1]!, '1.00×']],
    notes: [],
    checks: [{ name: 'import time vs raw insert', value: fmt.ratio(ratio), target: 'reported (no gate in plan)', pass: null }],
  };
}

export function formatTable(result: SuiteResult): string {
  const cells = [result.columns, ...result.rows.map((row) => row.map((c) => (c === null ? '—' : String(c))))];
  const widths = result.columns.map((_, i) => Math.max(...cells.map((row) => displayWidth(row[i] ?? ''))));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  ');
  return [
    `${result.title}  [${result.mode}]`,
    `  ${line(cells[0]!)}`,
    `  ${widths.map((w) => '─'.repeat(w)).join('  ')}`,
    ...cells.slice(1).map((row) => `  ${line(row)}`),
    ...result.notes.map((n) => `  · ${n}`),
  ].join('\n');
}

export function formatChecks(results: SuiteResult[]): string {
  const rows = results.flatMap((r) => r.checks.map((c) => [`${r.suite} [${r.mode}]`, c.name, c.value, c.target, c.pass === null ? 'info' : c.pass ? 'PASS' : 'MISS']));
  return formatTable({ suite: 'summary', title: 'Summary', mode: results[0]?.mode ?? '', columns: ['suite', 'check', 'measured', 'target', ''], rows, notes: [], checks: [] });
}

// CJK characters take two columns in a terminal.
const displayWidth = (text: string): number => [...text].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
