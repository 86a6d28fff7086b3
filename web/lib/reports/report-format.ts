import { formatKpi, type KpiFormat } from '../format/kpi.ts';

/** How each KPI of a report is shown (the wall's formats). */
export const KPI_FORMATS: Readonly<Record<string, KpiFormat>> = {
  satisfactionRate: 'percent', participationRate: 'percent', averageWaitSeconds: 'duration', longWaitShare: 'percent',
  averageHandlingSeconds: 'duration', errorRate: 'decimal', serviceIndex: 'decimal', issued: 'count', finished: 'count',
  evaluations: 'count', serviceErrors: 'count',
};

export const formatReportKpi = (kpi: string, value: number | null, locale: string): string => formatKpi(value, KPI_FORMATS[kpi] ?? 'decimal', locale);

/** A change as a signed figure in the KPI's unit ("+1.2%", "−0:35"); percentages in points. */
export function formatDelta(kpi: string, delta: number | null, locale: string): string {
  if (delta === null) return '—';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return `${sign}${formatReportKpi(kpi, Math.abs(delta), locale)}`;
}

/** Last month as 'YYYY-MM' for a bank day 'YYYY-MM-DD'. */
export function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - 1;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The quarter before the one `day` falls in, 'YYYYQn'. */
export function previousQuarter(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3);
  return q === 0 ? `${y - 1}Q4` : `${y}Q${q}`;
}

/** Today's bank day in `timeZone`. */
export const bankToday = (timeZone: string, now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
