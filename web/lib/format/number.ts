const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** A whole count with grouping (12,345). Not a number → an em dash, so a gap is visible but calm. */
export function formatCount(value: number, locale: string): string {
  if (!Number.isFinite(value)) return '—';
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A ratio 0..1 as a percentage with `digits` decimals (0.9834 → 98.3%). */
export function formatPercent(ratio: number, locale: string, digits = 1): string {
  if (!Number.isFinite(ratio)) return '—';
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

/** A number with exactly `digits` decimals and grouping (81.25 → 81.3), e.g. a service index or a rate per 万笔. */
export function formatDecimal(value: number, locale: string, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/**
 * A duration in seconds as `mm:ss`, rounded to the second (372.4 → 06:12). Minutes go past 59
 * rather than adding hours (a 75-minute wait reads 75:00), as queueing systems show waits.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  const minutes = Math.floor(total / 60);
  return `${String(minutes).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
