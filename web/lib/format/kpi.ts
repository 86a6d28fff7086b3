import { formatCount, formatDecimal, formatDuration, formatPercent } from './number.ts';

/** How a KPI reads: a 0–1 ratio as %, seconds as mm:ss, a number with one decimal, a whole count. */
export type KpiFormat = 'percent' | 'duration' | 'decimal' | 'count';

/** A KPI figure as a tile shows it; null (no data: nothing to divide by yet) is an em dash. */
export function formatKpi(value: number | null | undefined, format: KpiFormat, locale: string): string {
  if (value === null || value === undefined) return '—';
  switch (format) {
    case 'percent':
      return formatPercent(value, locale, 1);
    case 'duration':
      return formatDuration(value);
    case 'decimal':
      return formatDecimal(value, locale, 1);
    case 'count':
      return formatCount(value, locale);
  }
}
