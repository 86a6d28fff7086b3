import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson, withQuery } from './api.ts';

afterEach(() => vi.unstubAllGlobals());

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
