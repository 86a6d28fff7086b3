import { describe, expect, it } from 'vitest';
import { accountsBaseOf, authorizeUrl, openApiBaseOf, safeNextPath } from './feishu-sign-in.rules.ts';

describe('safeNextPath', () => {
  it('keeps a path of this site with its query and hash', () => {
    expect(safeNextPath('/complaints/12?tab=clock#top')).toBe('/complaints/12?tab=clock#top');
  });
  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil', 'javascript:alert(1)', 'complaints', '', '/a\nb', '/auth/feishu/login', 42, undefined])(
    'sends %j home', (next) => expect(safeNextPath(next)).toBe('/'));
});

describe('Feishu addresses', () => {
  it('uses accounts.feishu.cn / accounts.larksuite.com for the authorization page and the base URL of a private deployment', () => {
    expect(accountsBaseOf('feishu')).toBe('https://accounts.feishu.cn');
    expect(accountsBaseOf('lark')).toBe('https://accounts.larksuite.com');
    expect(accountsBaseOf('https://open.bank.example/')).toBe('https://open.bank.example');
    expect(openApiBaseOf('feishu')).toBe('https://open.feishu.cn');
    expect(openApiBaseOf('lark')).toBe('https://open.larksuite.com');
  });
  it('builds the authorize URL with client_id, redirect_uri and state', () => {
    const url = new URL(authorizeUrl({ domain: 'feishu', appId: 'cli_1', redirectUri: 'https://ts.bank/auth/feishu/callback', state: 's1' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.feishu.cn/open-apis/authen/v1/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'cli_1', redirect_uri: 'https://ts.bank/auth/feishu/callback', state: 's1' });
  });
});
