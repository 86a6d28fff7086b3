/** One benchmark's outcome: our path and the raw baseline, measured in the same run. */
export interface BenchResult {
  name: string;
  baselineName: string;
  oursMs: number;
  baselineMs: number;
  unit: string;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export function formatResult(result: BenchResult, mode: string): string {
  const ratio = result.oursMs / result.baselineMs;
  return [
    `${result.name}  [${mode}]`,
    `  ours     ${result.oursMs.toFixed(0).padStart(7)} ms`,
    `  baseline ${result.baselineMs.toFixed(0).padStart(7)} ms  (${result.baselineName})`,
    `  ratio    ${ratio.toFixed(2)}× the baseline's time — ${result.unit}`,
  ].join('\n');
}
