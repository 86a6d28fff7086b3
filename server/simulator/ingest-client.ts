import { IngestResultSchema, type IngestResult, type ServiceEvent } from '../contract/payloads/ingest.ts';

/**
 * One `POST /api/v1/events` and what to do next. Event ids make a batch idempotent, so anything
 * that may be transient (5xx, 408, 429, a dropped connection, a timeout) is retried with the same
 * batch; a refused key or a malformed request is not, since repeating it cannot succeed.
 */
export type PostOutcome =
  | { kind: 'delivered'; result: IngestResult }
  | { kind: 'retry'; error: string; /** The server's `retry-after`, when it gave one. */ retryAfterMs?: number }
  | { kind: 'too_large' }
  | { kind: 'fatal'; error: string };

export interface IngestTarget {
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  requestTimeoutMs: number;
}

export async function postEvents(target: IngestTarget, events: readonly ServiceEvent[], nowMs: number): Promise<PostOutcome> {
  let response: Response;
  try {
    response = await target.fetch(apiUrl(target.baseUrl, '/api/v1/events'), {
      method: 'POST',
      headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(target.requestTimeoutMs),
    });
  } catch (error) {
    return { kind: 'retry', error: describeNetworkError(error) };
  }
  const status = response.status;
  if (response.ok) {
    const parsed = IngestResultSchema.safeParse(await response.json().catch(() => undefined));
    // The server took the batch; an unreadable reply must not make us send it again forever.
    return { kind: 'delivered', result: parsed.success ? parsed.data : { accepted: 0, duplicates: 0, rejected: [] } };
  }
  const detail = await errorDetail(response);
  if (status === 413) return { kind: 'too_large' };
  if (status === 401 || status === 403) return { kind: 'fatal', error: `the server refused the API key (${status}${detail})` };
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return { kind: 'retry', error: `HTTP ${status}${detail}`, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), nowMs) };
  }
  return { kind: 'fatal', error: `the server refused the batch (HTTP ${status}${detail})` };
}

/** `path` under the server's base URL, which may carry a prefix (https://bank.example/touchstone). */
export const apiUrl = (baseUrl: string, path: string): URL => new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);

/** `retry-after` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random; AWS architecture blog), so
 * many simulators or queue machines retrying at once do not hammer a recovering server in step.
 */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? `: ${body.error.message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'request timed out';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return `network error: ${cause ?? (error instanceof Error ? error.message : String(error))}`;
}
