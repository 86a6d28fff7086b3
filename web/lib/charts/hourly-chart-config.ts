import type { ChartConfiguration, ScriptableContext, ScriptableLineSegmentContext } from 'chart.js';
import type { Point } from './hourly-series.ts';

/** The wall's palette (the same as the page's CSS variables; a canvas cannot read them cheaply). */
export const CHART_COLOURS = {
  today: '#5b9dff',
  todayFill: 'rgba(91, 157, 255, 0.16)',
  todayUnderWay: 'rgba(91, 157, 255, 0.45)',
  yesterday: '#8d9bb5',
  grid: 'rgba(152, 168, 195, 0.14)',
  ticks: '#98a8c3',
} as const;

export interface HourlyChartOptions {
  /** CSS pixels per design pixel (1 on a 1920×1080 screen, 2 on 3840×2160): lines and type scale with the screen. */
  unit: number;
  formatTick: (value: number) => string;
  beginAtZero: boolean;
  suggestedMax?: number;
  /** Hours in the day's series (24; 23 or 25 on a daylight-saving change). */
  hours: number;
}

/** Points above this many are decimated (LTTB) before drawing: the hourly charts never get there, a minute series would. */
const DECIMATION_THRESHOLD = 480;

/**
 * A today-vs-yesterday line chart: today solid with a soft fill and a dot on the hour under way,
 * yesterday dashed; no animation, no hover, no legend (the component draws its own), data given as
 * `{x, y}` points (`parsing: false`), so updates are written in place.
 */
export function hourlyChartConfig(options: HourlyChartOptions): ChartConfiguration<'line', Point[]> {
  const { unit } = options;
  const font = { size: Math.max(11, Math.round(15 * unit)), family: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" };
  const lastPointRadius = (context: ScriptableContext<'line'>) => (context.dataIndex === context.dataset.data.length - 1 ? 4.5 * unit : 0);
  // The hour under way is not over: its segment is drawn fainter, so its smaller count does not read as a fall.
  const underWay = (context: ScriptableLineSegmentContext & { chart?: { data: { datasets: { data: unknown[] }[] } } }, colour: string) =>
    context.p1DataIndex === (context.chart?.data.datasets[0]?.data.length ?? 0) - 1 ? colour : undefined;
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'today', data: [], borderColor: CHART_COLOURS.today, backgroundColor: CHART_COLOURS.todayFill, fill: 'start',
          borderWidth: 3.5 * unit, pointRadius: lastPointRadius, pointBackgroundColor: CHART_COLOURS.today, pointBorderWidth: 0,
          cubicInterpolationMode: 'monotone', order: 0,
          segment: { borderColor: (context) => underWay(context, CHART_COLOURS.todayUnderWay) },
        },
        {
          label: 'yesterday', data: [], borderColor: CHART_COLOURS.yesterday, borderDash: [7 * unit, 6 * unit], borderWidth: 2 * unit,
          pointRadius: 0, fill: false, cubicInterpolationMode: 'monotone', order: 1,
        },
      ],
    },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      layout: { padding: { top: 6 * unit, right: 6 * unit } },
      scales: {
        x: {
          type: 'linear', min: 0, max: Math.max(1, options.hours - 1),
          grid: { color: CHART_COLOURS.grid, drawTicks: false }, border: { display: false },
          ticks: { stepSize: 3, includeBounds: false, color: CHART_COLOURS.ticks, font, padding: 6 * unit, callback: (value) => `${value}:00` },
        },
        y: {
          type: 'linear', beginAtZero: options.beginAtZero,
          ...(options.suggestedMax === undefined ? {} : { suggestedMax: options.suggestedMax }),
          grid: { color: CHART_COLOURS.grid, drawTicks: false }, border: { display: false },
          ticks: { maxTicksLimit: 4, color: CHART_COLOURS.ticks, font, padding: 8 * unit, callback: (value) => options.formatTick(Number(value)) },
        },
      },
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb', samples: 240, threshold: DECIMATION_THRESHOLD },
      },
    },
  };
}
