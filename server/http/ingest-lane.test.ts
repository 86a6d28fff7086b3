import { describe, expect, it } from 'vitest';
import { laneTakes } from './ingest-lane.ts';

const request = (headers: Record<string, string>, line: { method?: string; url?: string } = {}) => ({
  method: line.method ?? 'POST',
  url: line.url ?? '/api/v1/events',
  headers: { authorization: 'Bearer tsk_abc', 'content-type': 'application/json', 'content-length': '120', ...headers },
});

describe('the ingest lane takes', () => {
  it('a JSON post of known length to /api/v1/events with a bearer key', () => {
    expect(laneTakes(request({}))).toEqual({ secret: 'tsk_abc', length: 120 });
    expect(laneTakes(request({ 'content-type': 'application/json; charset=UTF-8', authorization: 'bearer  tsk_x' }))).toEqual({ secret: 'tsk_x', length: 120 });
    expect(laneTakes(request({ 'content-length': String(5 * 1024 * 1024) }))?.length).toBe(5 * 1024 * 1024);
  });

  it('nothing else: Express serves it (and answers its mistakes)', () => {
    const others = [
      request({}, { method: 'GET' }),
      request({}, { url: '/api/v1/events?x=1' }),
      request({}, { url: '/api/v1/events/' }),
      request({}, { url: '/api/v1/complaints' }),
      request({ authorization: '' }),
      request({ authorization: 'Basic dXNlcjpwYXNz' }),
      request({ 'content-type': 'text/plain' }),
      request({ 'content-type': 'application/json; charset=gbk' }),
      request({ 'content-encoding': 'gzip' }),
      request({ 'transfer-encoding': 'chunked' }),
      request({ 'content-length': '0' }),
      request({ 'content-length': String(5 * 1024 * 1024 + 1) }),
    ];
    const noLength = request({});
    delete (noLength.headers as Record<string, string | undefined>)['content-length'];
    for (const req of [...others, noLength]) expect(laneTakes(req), JSON.stringify(req)).toBeUndefined();
  });
});
