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
