import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter, postEvents } from './ingest-client.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T01:00:00Z');

  it('reads seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date, never negative', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 01:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 00:59:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles per attempt between half and all of the ceiling, up to the cap', () => {
    expect(backoffMs(1, () => 0)).toBe(250);
    expect(backoffMs(1, () => 0.999999)).toBe(500);
    expect(backoffMs(3, () => 0)).toBe(1000);
    expect(backoffMs(30, () => 0.999999)).toBe(30_000);
  });
});

describe('postEvents', () => {
  const target = (answer: Response) => ({ baseUrl: 'http://x.test', apiKey: 'k', requestTimeoutMs: 1000, fetch: (async () => answer) as typeof fetch });

  it('retries 5xx and 429 (with retry-after), halves on 413, gives up on 401 and 400', async () => {
    const kindOf = async (r: Response) => postEvents(target(r), [], 0);
    expect(await kindOf(new Response(null, { status: 503 }))).toEqual({ kind: 'retry', error: 'HTTP 503', retryAfterMs: undefined });
    expect(await kindOf(new Response(null, { status: 429, headers: { 'retry-after': '2' } }))).toEqual({ kind: 'retry', error: 'HTTP 429', retryAfterMs: 2000 });
    expect(await kindOf(new Response(null, { status: 413 }))).toEqual({ kind: 'too_large' });
    expect((await kindOf(new Response(null, { status: 401 }))).kind).toBe('fatal');
    expect(await kindOf(Response.json({ error: { message: 'events: must hold at least one event' } }, { status: 400 })))
      .toEqual({ kind: 'fatal', error: 'the server refused the batch (HTTP 400: events: must hold at least one event)' });
  });

  it('reads the counts of a delivered batch', async () => {
    const outcome = await postEvents(target(Response.json({ accepted: 2, duplicates: 1, rejected: [{ index: 0, field: 'at', reason: 'is in the future' }] })), [], 0);
    expect(outcome).toEqual({ kind: 'delivered', result: { accepted: 2, duplicates: 1, rejected: [{ index: 0, field: 'at', reason: 'is in the future' }] } });
  });
});
