import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson, patchJson, postJson, setBearerToken, setCsrfToken, setUnauthenticatedHandler, withQuery } from './api.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(undefined);
  setBearerToken(undefined);
  setUnauthenticatedHandler(undefined);
});

/** Answers every call with `status` and `body`, and records the requests. */
function answer(status: number, body?: unknown): { headers: () => Headers; init: () => RequestInit } {
  const calls: RequestInit[] = [];
  vi.stubGlobal('fetch', vi.fn(async (_path: string, init: RequestInit) => {
    calls.push(init);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }));
  return { init: () => calls.at(-1)!, headers: () => new Headers(calls.at(-1)!.headers) };
}

const respond = (status: number, body: unknown) =>
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));

describe('withQuery', () => {
  it('encodes values and leaves out empty ones', () => {
    expect(withQuery('/api/v1/staff', { q: '王 芳', branch: '', limit: 20, x: undefined })).toBe('/api/v1/staff?q=%E7%8E%8B+%E8%8A%B3&limit=20');
  });

  it('returns the bare path when nothing is set', () => {
    expect(withQuery('/api/v1/staff', { q: null })).toBe('/api/v1/staff');
  });
});

describe('getJson', () => {
  it('returns the parsed body of a successful answer', async () => {
    respond(200, { items: [] });
    await expect(getJson('/api/v1/staff')).resolves.toEqual({ items: [] });
  });

  it('throws ApiError with the server code, message and status', async () => {
    respond(400, { error: { code: 'INVALID_INPUT', message: 'limit must be at most 100', issues: [{ field: 'limit', reason: 'too big' }] } });
    const error = await getJson('/api/v1/staff?limit=1000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400, message: 'limit must be at most 100', issues: [{ field: 'limit' }] });
  });

  it('derives a code from the status when the body is not a wire error', async () => {
    respond(502, '<html>bad gateway</html>');
    await expect(getJson('/api/v1/org/overview')).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 502 });
  });

  it('reports a network failure as UNAVAILABLE with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    await expect(getJson('/healthz')).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 0 });
  });
});

describe('postJson and patchJson', () => {
  it('send the JSON body with the session CSRF token', async () => {
    setCsrfToken('csrf-1');
    const call = answer(200, { user: { username: 'li' } });
    await expect(postJson('/api/v1/users', { username: 'li' })).resolves.toEqual({ user: { username: 'li' } });
    expect(call.init()).toMatchObject({ method: 'POST', body: '{"username":"li"}' });
    expect(call.headers().get('x-csrf-token')).toBe('csrf-1');
    expect(call.headers().get('content-type')).toBe('application/json');

    await patchJson('/api/v1/users/li', { active: false });
    expect(call.init()).toMatchObject({ method: 'PATCH' });
    expect(call.headers().get('x-csrf-token')).toBe('csrf-1');
  });

  it('resolve to undefined on 204 No Content', async () => {
    answer(204);
    await expect(postJson('/api/v1/auth/logout')).resolves.toBeUndefined();
  });
});

describe('credentials', () => {
  it('leave the CSRF token off reads', async () => {
    setCsrfToken('csrf-1');
    const call = answer(200, {});
    await getJson('/api/v1/users');
    expect(call.headers().has('x-csrf-token')).toBe(false);
  });

  it('send a display token as a bearer token on every call', async () => {
    setBearerToken('dt_secret');
    const call = answer(200, {});
    await getJson('/api/v1/org/overview');
    expect(call.headers().get('authorization')).toBe('Bearer dt_secret');
  });
});

describe('the unauthenticated handler', () => {
  it('is called with the error when a call that needs a session gets 401', async () => {
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'log in first' } });
    await expect(getJson('/api/v1/org/overview')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(handler).toHaveBeenCalledWith(expect.objectContaining({ message: 'log in first' }));
  });

  it('is not called where 401 is an expected answer (a wrong password)', async () => {
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'wrong username or password' } });
    await expect(postJson('/api/v1/auth/login', {}, { isSessionRequired: false })).rejects.toBeInstanceOf(ApiError);
    expect(handler).not.toHaveBeenCalled();
  });

  it('is not called for a 403', async () => {
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    answer(403, { error: { code: 'FORBIDDEN', message: 'no' } });
    await expect(getJson('/api/v1/users')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(handler).not.toHaveBeenCalled();
  });
});
