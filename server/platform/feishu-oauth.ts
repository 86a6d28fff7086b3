/**
 * Feishu's OAuth endpoints for signing a person in (not the bot: that is the SDK, in bot/):
 * the authorization code for a user_access_token (`POST /open-apis/authen/v2/oauth/token`, an
 * RFC 6749 token endpoint: JSON body, top-level `access_token`; failures carry `code` and
 * `error`/`error_description`), then who the person is (`GET /open-apis/authen/v1/user_info`,
 * `{code: 0, data: {open_id, union_id, user_id?, mobile?, email?, enterprise_email?, name}}`;
 * user_id, mobile and email only with the matching permissions).
 */
export interface FeishuUserInfo {
  name: string;
  openId: string;
  unionId?: string | undefined;
  userId?: string | undefined;
  mobile?: string | undefined;
  email?: string | undefined;
}

export interface FeishuOAuth {
  exchangeCode(code: string, redirectUri: string): Promise<string>;
  userInfo(userAccessToken: string): Promise<FeishuUserInfo>;
}

export class FeishuOAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeishuOAuthError';
  }
}

export function createFeishuOAuth(options: { apiBase: string; appId: string; appSecret: string; timeoutMs?: number }): FeishuOAuth {
  const call = async (path: string, init: RequestInit): Promise<Record<string, unknown>> => {
    let res: Response;
    try {
      res = await fetch(`${options.apiBase}${path}`, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new FeishuOAuthError(`Feishu unreachable: ${(error as Error).message}`);
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok || (typeof body.code === 'number' && body.code !== 0)) {
      throw new FeishuOAuthError(`Feishu ${path} answered HTTP ${res.status} code ${String(body.code ?? '?')} ${String(body.error ?? body.msg ?? '')}`.trim());
    }
    return body;
  };
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    async exchangeCode(code, redirectUri) {
      const body = await call('/open-apis/authen/v2/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ grant_type: 'authorization_code', client_id: options.appId, client_secret: options.appSecret, code, redirect_uri: redirectUri }),
      });
      const token = text(body.access_token);
      if (!token) throw new FeishuOAuthError('Feishu returned no access_token');
      return token;
    },
    async userInfo(userAccessToken) {
      const body = await call('/open-apis/authen/v1/user_info', { headers: { authorization: `Bearer ${userAccessToken}` } });
      const data = (body.data ?? {}) as Record<string, unknown>;
      const openId = text(data.open_id);
      if (!openId) throw new FeishuOAuthError('Feishu user_info without open_id');
      return {
        name: text(data.name) ?? '',
        openId,
        unionId: text(data.union_id),
        userId: text(data.user_id),
        mobile: text(data.mobile),
        email: text(data.email) ?? text(data.enterprise_email),
      };
    },
  };
}
