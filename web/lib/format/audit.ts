/** One line of an audit entry's summary: `role: staff → leader`, `sessionsEnded: 2`. */
export interface SummaryLine {
  key: string;
  text: string;
}

const MAX_VALUE_LENGTH = 80;

/**
 * The summary of an audit entry as compact lines. A changed field arrives as
 * `{ field: { before, after } }` and reads `field: before → after`; any other value reads `key: value`.
 */
export function formatAuditSummary(summary: Record<string, unknown>): SummaryLine[] {
  return Object.entries(summary).map(([key, value]) => ({
    key,
    text: isChange(value) ? `${formatValue(value.before)} → ${formatValue(value.after)}` : formatValue(value),
  }));
}

function isChange(value: unknown): value is { before: unknown; after: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'before' in value && 'after' in value && Object.keys(value).length === 2;
}

/** A value in a few characters: `—` for nothing, lists joined, objects as short JSON. */
export function formatValue(value: unknown): string {
  let text: string;
  if (value === null || value === undefined || value === '') text = '—';
  else if (typeof value === 'string') text = value;
  else if (Array.isArray(value)) text = value.length === 0 ? '—' : value.map((item) => formatValue(item)).join(', ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
