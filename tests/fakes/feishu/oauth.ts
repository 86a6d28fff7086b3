import { createHash } from 'node:crypto';
import type { FakeUser } from './directory.ts';
import { hex, isRecord } from './http-util.ts';

/**
 * Feishu's web sign-in (OAuth 2.0) as documented: the authorization page
 * (`GET /open-apis/authen/v1/authorize?client_id&redirect_uri&state`, on accounts.feishu.cn; here
 * on the fake's own origin, as for a private deployment), the token endpoint
 * (`POST /open-apis/authen/v2/oauth/token`, RFC 6749: JSON body, top-level `access_token`,
 * `expires_in`, `token_type`; a code lives 5 minutes and is used once) and `GET
 * /open-apis/authen/v1/user_info` with the user_access_token.
 *
 * The browser's Feishu identity is whoever `signInAs(openId)` names — inside the Feishu client the
 * authorization page passes without a click; with nobody signed in the page just shows (no redirect).
 */
const CODE_TTL_MS = 5 * 60_000;
const derived = (prefix: string, openId: string) => `${prefix}${createHash('sha1').update(openId).digest('hex').slice(0, 24)}`;

export interface OAuthReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class FakeOAuth {
  private current: string | undefined;
  private deny = false;
  private readonly codes = new Map<string, { openId: string; redirectUri: string; issuedAt: number; used: boolean }>();
  private readonly tokens = new Map<string, string>();
  /** Every authorize request the fake saw (the tests assert the query). */
  readonly authorizeRequests: URLSearchParams[] = [];

  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly users: (openId: string) => FakeUser | undefined,
    private readonly now: () => number,
  ) {}

  signInAs(openId: string | undefined): void {
    this.current = openId;
  }

  denyNext(): void {
    this.deny = true;
  }

  authorize(query: URLSearchParams): OAuthReply {
    this.authorizeRequests.push(query);
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== this.appId || !/^https?:\/\//.test(redirectUri)) {
      return { status: 400, body: { code: 20029, msg: 'redirect_uri or client_id invalid' } };
    }
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if (this.deny) {
      this.deny = false;
      back.searchParams.set('error', 'access_denied');
      return { status: 302, body: {}, headers: { location: back.toString() } };
    }
    if (!this.current) return { status: 200, body: { page: 'feishu login (nobody signed in)' } };
    const code = hex(16);
    this.codes.set(code, { openId: this.current, redirectUri, issuedAt: this.now(), used: false });
    back.searchParams.set('code', code);
    return { status: 302, body: {}, headers: { location: back.toString() } };
  }

  token(body: Record<string, unknown>): OAuthReply {
    const invalid = (code: number, error: string, description: string): OAuthReply => ({ status: 400, body: { code, error, error_description: description } });
    if (body.grant_type !== 'authorization_code') return invalid(20001, 'unsupported_grant_type', 'grant_type must be authorization_code');
    if (body.client_id !== this.appId || body.client_secret !== this.appSecret) return invalid(20002, 'invalid_client', 'client_id or client_secret is wrong');
    const entry = typeof body.code === 'string' ? this.codes.get(body.code) : undefined;
    if (!entry || entry.used || this.now() - entry.issuedAt > CODE_TTL_MS) return invalid(20003, 'invalid_grant', 'the code is invalid, expired or used');
    if (body.redirect_uri !== entry.redirectUri) return invalid(20071, 'invalid_grant', 'redirect_uri does not match the authorization request');
    entry.used = true;
    const token = `u-${hex(16)}`;
    this.tokens.set(token, entry.openId);
    return { status: 200, body: { code: 0, access_token: token, expires_in: 7200, token_type: 'Bearer', scope: '' } };
  }

  userInfo(authorization: string | undefined): OAuthReply {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const openId = token ? this.tokens.get(token) : undefined;
    const user = openId ? this.users(openId) : undefined;
    if (!openId || !user) return { status: 401, body: { code: 99991668, msg: 'Invalid access token for authorization.' } };
    return {
      status: 200,
      body: {
        code: 0, msg: 'success',
        data: {
          name: user.name, en_name: '', avatar_url: '', open_id: user.openId, union_id: user.unionId ?? derived('on_', user.openId),
          ...(user.userId ? { user_id: user.userId } : {}), ...(user.mobile ? { mobile: user.mobile } : {}), ...(user.email ? { email: user.email } : {}),
          tenant_key: 'fake_tenant',
        },
      },
    };
  }
}

export const isOAuthPath = (path: string): boolean =>
  path === '/open-apis/authen/v1/authorize' || path === '/open-apis/authen/v2/oauth/token' || path === '/open-apis/authen/v1/user_info';

export const asRecord = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
