import { describe, expect, it } from 'vitest';
import { createApiBranchSource } from './branches.ts';

describe('createApiBranchSource', () => {
  const answering = (response: Response, seen: { url?: string; authorization?: string | null } = {}) => (async (url: string | URL | Request, init?: RequestInit) => {
    seen.url = String(url);
    seen.authorization = new Headers(init?.headers).get('authorization');
    return response;
  }) as typeof fetch;

  it('reads GET /api/v1/branches with the API key, limited as asked, under a path prefix', async () => {
    const seen: { url?: string; authorization?: string | null } = {};
    const source = createApiBranchSource({
      baseUrl: 'https://bank.example/touchstone/', apiKey: 'tsk_1', limit: 2,
      fetch: answering(Response.json({ items: [{ code: 'BJ0101', name: '北京朝阳建国路网点', regionCode: 'BJ01' }, { code: 'BJ0102', name: '…', regionCode: 'BJ01' }] }), seen),
    });
    expect(await source.listBranches()).toEqual([{ code: 'BJ0101', regionCode: 'BJ01' }, { code: 'BJ0102', regionCode: 'BJ01' }]);
    expect(seen).toEqual({ url: 'https://bank.example/touchstone/api/v1/branches?limit=2', authorization: 'Bearer tsk_1' });
  });

  it('says when the key is refused or the endpoint is missing', async () => {
    const list = (status: number) => createApiBranchSource({ baseUrl: 'http://x.test', apiKey: 'k', fetch: answering(new Response(null, { status })) }).listBranches();
    await expect(list(401)).rejects.toThrow('the server refused the API key (401)');
    await expect(list(404)).rejects.toThrow('GET /api/v1/branches answered 404');
  });
});
