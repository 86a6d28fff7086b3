/**
 * Feishu's OAuth endpoints for signing a person in (not the bot: that is the SDK, in bot/):
 * the authorization code for a user_access_token (`POST /open-apis/authen/v2/oauth/token`, an
 * RFC 6749 token endpoint: JSON body, top-level `access_token`; failures carry `code` and
 * `error`/`error_description`), then who the person is (`GET /open-apis/authen/v1/user_info`,
 * `{code: 0, data: {open_id, union_id, user_id?, mobile?, email?, enterprise_email?, name}}`;
 * user_id, mobile and email only with the matching permissions).
 */
import http, { type Agent } from 'node:http';
import https from 'node:https';
import createHttpsProxyAgent from 'https-proxy-agent';

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

export function createFeishuOAuth(options: {
  apiBase: string; appId: string; appSecret: string; timeoutMs?: number;
  /** `FEISHU_PROXY`: the bank's egress proxy, as the bot's SDK client and long connection use it. */
  proxyUrl?: string | undefined;
}): FeishuOAuth {
  // The same tunnel (HTTP CONNECT) as the bot's Open API calls: Node's fetch has no proxy option,
  // so these two calls go through node:http(s) with https-proxy-agent when a proxy is set.
  const agent = options.proxyUrl ? (createHttpsProxyAgent(options.proxyUrl) as unknown as Agent) : undefined;
  const call = async (path: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<Record<string, unknown>> => {
    let res: { status: number; text: string };
    try {
      res = await requestText(new URL(`${options.apiBase}${path}`), { ...init, agent, timeoutMs: options.timeoutMs ?? 10_000 });
    } catch (error) {
      throw new FeishuOAuthError(`Feishu unreachable: ${(error as Error).message}`);
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(res.text);
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // not JSON (a proxy's or load balancer's error page): reported by status below
    }
    if (res.status < 200 || res.status >= 300 || (typeof body.code === 'number' && body.code !== 0)) {
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

/** One HTTP(S) request, its status and body text; through `agent` (the proxy tunnel) when given. */
function requestText(url: URL, init: { method?: string; headers: Record<string, string>; body?: string; agent: Agent | undefined; timeoutMs: number }): Promise<{ status: number; text: string }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: init.method ?? 'GET', headers: init.headers, ...(init.agent ? { agent: init.agent } : {}), timeout: init.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${init.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(init.body);
  });
}
