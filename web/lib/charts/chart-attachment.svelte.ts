import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import { Chart, Decimation, Filler, LinearScale, LineController, LineElement, PointElement, type ChartConfiguration, type ChartType } from 'chart.js';
import { sourceData } from './chart-data.ts';

// Only what the wall draws, registered once (tree-shaken chart.js: no `chart.js/auto`).
Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Decimation);

export interface ChartAttachmentOptions<TType extends ChartType, TData, TInput> {
  /** The configuration, read once when the canvas mounts; its datasets start empty. */
  config: () => ChartConfiguration<TType, TData>;
  /** The reactive input: reading it here is what makes the chart follow it. */
  input: () => TInput;
  /** Writes `input` into the chart's datasets in place (see `sourceData`); no drawing. */
  apply: (chart: Chart<TType, TData>, input: TInput) => void;
}

/** Series longer than this get no `data-points` attribute (it is for tests, not for megabytes). */
const MAX_POINTS_ATTRIBUTE = 500;
let created = 0;

/**
 * `{@attach chartAttachment({ config, input, apply })}` on a `<canvas>`: creates the chart.js
 * instance once when the canvas mounts and destroys it when it unmounts. A nested effect reads
 * `input()`, lets `apply` mutate the chart's data in place, and redraws with `update('none')`
 * (no animation, no re-creation): a delta costs one redraw, never a new chart.
 *
 * For end-to-end tests the canvas carries what it drew, since nothing is exposed globally:
 * `data-chart` (an id fixed for the chart's life: a rebuilt chart gets a new one) and
 * `data-points` (each dataset's y values, as JSON).
 *
 * Runes are needed for the nested effect, hence a `.svelte.ts` module (STYLE names it
 * `chart-attachment.ts`).
 */
export function chartAttachment<TType extends ChartType, TData, TInput>(options: ChartAttachmentOptions<TType, TData, TInput>): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    // Untracked: nothing read while creating may re-run the attachment (that would rebuild the chart).
    const chart = untrack(() => new Chart<TType, TData>(canvas, options.config()));
    canvas.dataset.chart = String(++created);

    $effect(() => {
      const input = options.input();
      untrack(() => {
        options.apply(chart, input);
        chart.update('none');
        describePoints(canvas, chart as unknown as Chart);
      });
    });

    return () => chart.destroy();
  };
}

function describePoints(canvas: HTMLCanvasElement, chart: Chart): void {
  const series = chart.data.datasets.map((dataset) => sourceData(dataset as { data: unknown[] }));
  if (series.reduce((n, data) => n + data.length, 0) > MAX_POINTS_ATTRIBUTE) return void delete canvas.dataset.points;
  canvas.dataset.points = JSON.stringify(series.map((data) => data.map((p) => (typeof p === 'number' ? p : ((p as { y?: number | null } | null)?.y ?? null)))));
}
