/**
 * Sign in with Feishu, the pure parts: where Feishu's pages and APIs are for each deployment, the
 * authorization URL, and which `next` paths a sign-in may return to (ADR 0018). Sources: Feishu's
 * 获取授权码 (`GET https://accounts.feishu.cn/open-apis/authen/v1/authorize`, "授权码的有效期为 5
 * 分钟，且只能被使用一次"; inside the Feishu client the page passes without a click), 获取
 * user_access_token (`POST /open-apis/authen/v2/oauth/token`, RFC 6749) and 获取用户信息
 * (`GET /open-apis/authen/v1/user_info`).
 */

/** A started sign-in must come back within this; Feishu's code itself lives 5 minutes. */
export const SIGN_IN_STATE_TTL_MS = 10 * 60_000;

/** Feishu's account pages (the authorization page) for `FEISHU_DOMAIN`. */
export function accountsBaseOf(domain: string): string {
  if (domain === 'feishu') return 'https://accounts.feishu.cn';
  if (domain === 'lark') return 'https://accounts.larksuite.com';
  return domain.replace(/\/+$/, ''); // a private deployment (or the tests' fake) serves both
}

/** Feishu's Open API for `FEISHU_DOMAIN`. */
export function openApiBaseOf(domain: string): string {
  if (domain === 'feishu') return 'https://open.feishu.cn';
  if (domain === 'lark') return 'https://open.larksuite.com';
  return domain.replace(/\/+$/, '');
}

export function authorizeUrl(input: { domain: string; appId: string; redirectUri: string; state: string }): string {
  const query = new URLSearchParams({ client_id: input.appId, redirect_uri: input.redirectUri, state: input.state });
  return `${accountsBaseOf(input.domain)}/open-apis/authen/v1/authorize?${query.toString()}`;
}

/**
 * The page to land on after sign-in: a path of this site only. Anything else — another origin,
 * a protocol-relative `//host`, a backslash trick, a scheme, control characters — becomes `/`.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f\u007f]/.test(next)) return '/';
  const base = 'http://this.site';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  // The sign-in routes themselves would loop.
  if (url.pathname.startsWith('/auth/feishu/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Why a sign-in was refused, for the page shown and the audit log. */
export type SignInRefusal = 'state_invalid' | 'state_expired' | 'state_used' | 'other_browser' | 'denied' | 'feishu_failed' | 'not_staff' | 'inactive';

export const REFUSAL_TEXT: Record<SignInRefusal, { zh: string; en: string; status: number }> = {
  state_invalid: { zh: '登录链接无效，请重新点击“飞书登录”。', en: 'This sign-in link is not valid; start again.', status: 400 },
  state_expired: { zh: '登录已超时，请重新点击“飞书登录”。', en: 'The sign-in took too long; start again.', status: 400 },
  state_used: { zh: '该登录链接已使用过，请重新点击“飞书登录”。', en: 'This sign-in link was already used; start again.', status: 400 },
  other_browser: { zh: '登录需在同一浏览器中完成，请重新点击“飞书登录”。', en: 'Finish signing in in the browser where you started.', status: 400 },
  denied: { zh: '您未同意授权，未登录。', en: 'You did not allow the sign-in.', status: 403 },
  feishu_failed: { zh: '飞书暂时无法完成登录，请稍后再试。', en: 'Feishu could not complete the sign-in; try again later.', status: 502 },
  not_staff: { zh: '您的飞书账号未关联本行员工信息，无法登录。请联系管理员导入或更新员工名单。', en: 'Your Feishu account is not linked to a staff record. Ask an administrator.', status: 403 },
  inactive: { zh: '您的员工账号已停用，无法登录。', en: 'Your staff record is inactive.', status: 403 },
};
