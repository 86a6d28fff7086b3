import type { KpiComparisonPayload, ScopeComparisonsPayload } from '$contract';
import { getJson, withQuery } from '../api.ts';

/**
 * The wall tiles' history (issue #16): each KPI's 30-day trend and month to date against the same
 * period last year, from `GET /kpis/comparison` (a display token may read it). The past changes
 * once a day, so it is fetched when the wall's scope is known and every ten minutes after; a
 * failed fetch keeps the last answer (the tiles simply show no trend until the first one).
 */
export const HISTORY_REFRESH_MS = 10 * 60_000;

export class WallHistory {
  #items = $state<Record<string, KpiComparisonPayload>>({});

  of(kpi: string): KpiComparisonPayload | undefined {
    return this.#items[kpi];
  }

  /** Loads now and every HISTORY_REFRESH_MS for `scope`; returns the stop function (an $effect's cleanup). */
  follow(scope: string | undefined): () => void {
    if (!scope) return () => {};
    const controller = new AbortController();
    const load = async () => {
      try {
        const body = await getJson<ScopeComparisonsPayload>(withQuery('/api/v1/kpis/comparison', { scope }), { signal: controller.signal });
        this.#items = Object.fromEntries(body.items.map((item) => [item.kpi, item]));
      } catch {
        // Offline or not allowed: keep what we have; the live figures do not depend on it.
      }
    };
    void load();
    const timer = setInterval(() => void load(), HISTORY_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }
}

/** SVG polyline points for a sparkline in a `width`×`height` box; gaps (null) are skipped. */
export function sparklinePoints(values: readonly (number | null)[], width: number, height: number): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 2) return '';
  const min = Math.min(...present);
  const max = Math.max(...present);
  const span = max - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => (v === null ? undefined : `${(i * step).toFixed(1)},${(height - ((v - min) / span) * height).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
}
