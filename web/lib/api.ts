import type { WireError, WireErrorCode } from '$contract';

export type { PublicConfig } from '$contract';

/**
 * Typed fetch helpers for the same-origin REST API. A failed call throws ApiError carrying the
 * server's `{ error: { code, message, issues? } }`; a network failure is UNAVAILABLE with status 0.
 *
 * Credentials: the session cookie travels by itself (same origin). Every write (POST, PATCH, PUT,
 * DELETE) carries the session's CSRF token as `x-csrf-token`; a wall opened with a display token
 * sends it as `Authorization: Bearer` instead of a session.
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

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * Whether a 401 answer calls the unauthenticated handler (which sends the user to /login).
   * Off for the calls where 401 is an expected answer: login (wrong password), the session probe,
   * a password change (wrong current password).
   */
  isSessionRequired?: boolean;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const credentials: { csrfToken?: string; bearerToken?: string } = {};
let onUnauthenticated: ((error: ApiError) => void) | undefined;

/** The session's CSRF token (from login or /auth/me), sent on every write; undefined after logout. */
export function setCsrfToken(token: string | undefined): void {
  credentials.csrfToken = token;
}

/** A wall screen's display-token secret, sent as `Authorization: Bearer` on every call; undefined to stop. */
export function setBearerToken(token: string | undefined): void {
  credentials.bearerToken = token;
}

/** Called with the error when a call that needs a session is answered 401 (the root layout registers it). */
export function setUnauthenticatedHandler(handler: ((error: ApiError) => void) | undefined): void {
  onUnauthenticated = handler;
}

export function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>('GET', path, undefined, options);
}

/** POST a JSON body (or none); resolves to the parsed answer, or undefined for 204 No Content. */
export function postJson<T = undefined>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>('POST', path, body, options);
}

export function patchJson<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>('PATCH', path, body, options);
}

/** PUT a whole resource (a year of the holiday calendar). */
export function putJson<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>('PUT', path, body, options);
}

/** DELETE; resolves to undefined for 204 No Content. */
export function deleteJson<T = undefined>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>('DELETE', path, undefined, options);
}

async function request<T>(method: Method, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && credentials.csrfToken) headers['x-csrf-token'] = credentials.csrfToken;
  if (credentials.bearerToken) headers.authorization = `Bearer ${credentials.bearerToken}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'UNAVAILABLE', message: 'network error: the server cannot be reached' });
  }
  if (response.status === 204) return undefined as T;
  const parsed: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = new ApiError(response.status, readWireError(response.status, parsed));
    if (response.status === 401 && options.isSessionRequired !== false) onUnauthenticated?.(error);
    throw error;
  }
  if (parsed === undefined) throw new ApiError(response.status, { code: 'INTERNAL', message: 'the server answered without JSON' });
  return parsed as T;
}

function readWireError(status: number, body: unknown): WireError {
  const error = (body as { error?: Partial<WireError> } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') return error as WireError;
  const code: WireErrorCode =
    status === 401 ? 'UNAUTHENTICATED'
    : status === 403 ? 'FORBIDDEN'
    : status === 404 ? 'NOT_FOUND'
    : status === 429 ? 'RATE_LIMITED'
    : status >= 500 ? 'UNAVAILABLE'
    : 'INVALID_INPUT';
  return { code, message: `HTTP ${status}` };
}


/** Any caught value as an ApiError (a bug in our own code shows as INTERNAL with its text). */
export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, { code: 'INTERNAL', message: String(error) });
}
