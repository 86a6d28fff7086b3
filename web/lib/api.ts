import type { WireError, WireErrorCode } from '$contract';

export type { PublicConfig } from '$contract';

/**
 * Typed fetch helpers for the same-origin REST API. A failed call throws ApiError carrying the
 * server's `{ error: { code, message, issues? } }`; a network failure is UNAVAILABLE with status 0.
 */
export class ApiError extends Error {
  readonly code: WireErrorCode;
  readonly status: number;
  readonly issues: NonNullable<WireError['issues']>;

  constructor(status: number, error: WireError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.status = status;
    this.issues = error.issues ?? [];
  }
}

export type QueryValue = string | number | boolean | undefined | null;

/** `withQuery('/api/v1/staff', { q: '王', limit: 20 })` → `/api/v1/staff?q=%E7%8E%8B&limit=20`; empty values are left out. */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function getJson<T>(path: string, init: { signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: init.signal ?? null });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'UNAVAILABLE', message: 'network error: the server cannot be reached' });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, readWireError(response.status, body));
  if (body === undefined) throw new ApiError(response.status, { code: 'INTERNAL', message: 'the server answered without JSON' });
  return body as T;
}

function readWireError(status: number, body: unknown): WireError {
  const error = (body as { error?: Partial<WireError> } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') return error as WireError;
  const code: WireErrorCode = status === 404 ? 'NOT_FOUND' : status >= 500 ? 'UNAVAILABLE' : 'INVALID_INPUT';
  return { code, message: `HTTP ${status}` };
}
