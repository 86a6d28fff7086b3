import type { Request, Response, Router } from 'express';
import { readCookie } from '../../platform/cookies.ts';
import { SESSION_COOKIE } from './access.routes.ts';
import { authenticateSession } from './auth.service.ts';
import { REFUSAL_TEXT, safeNextPath, SIGN_IN_STATE_TTL_MS, type SignInRefusal } from './feishu-sign-in.rules.ts';
import { completeFeishuSignIn, startFeishuSignIn, type FeishuSignInDeps } from './feishu-sign-in.service.ts';
import { createSecuredRouter, type RouteDeclaration } from './secured-router.routes.ts';

/** The browser half of a sign-in's state: a nonce only this browser holds, for 10 minutes. */
const STATE_COOKIE = 'ts_feishu_state';

export interface FeishuSignInRoutesDeps extends FeishuSignInDeps {
  secureCookies: boolean;
  /** PUBLIC_URL when configured; else the address the browser used (the callback must match it). */
  publicUrl: string | undefined;
}

/**
 * `GET /auth/feishu/login?next=` and `GET /auth/feishu/callback?code=&state=`, mounted at the site
 * root (browser navigations, not JSON API calls): public by nature — the callback authenticates.
 * Declared like every route; `routes` lists them. Success and refusal are audited by the service.
 */
export function createFeishuSignInRouter(deps: FeishuSignInRoutesDeps): { router: Router; routes: RouteDeclaration[] } {
  const routes: RouteDeclaration[] = [];
  const api = createSecuredRouter(routes);
  const redirectUri = (req: Request) => `${deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}/auth/feishu/callback`;
  const secure = (req: Request) => deps.secureCookies || req.secure;

  api.get('/auth/feishu/login', 'public', async (req, res) => {
    // Already signed in (a second card link): straight to the page, no round trip to Feishu.
    const current = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (current && (await authenticateSession(deps.access, current))) return void res.set('cache-control', 'no-store').redirect(302, safeNextPath(req.query.next));
    const { location, browserNonce } = await startFeishuSignIn(deps, { next: req.query.next, redirectUri: redirectUri(req) });
    // SameSite=Lax: Feishu's redirect back is a top-level GET navigation, which carries Lax cookies.
    res.cookie(STATE_COOKIE, browserNonce, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/auth/feishu', maxAge: SIGN_IN_STATE_TTL_MS });
    res.set('cache-control', 'no-store').redirect(302, location);
  });

  api.get('/auth/feishu/callback', 'public', async (req, res) => {
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const outcome = await completeFeishuSignIn(deps, {
      code: text(req.query.code), state: text(req.query.state), error: text(req.query.error),
      browserNonce: readCookie(req.headers.cookie, STATE_COOKIE), redirectUri: redirectUri(req), requestId: req.id ?? null,
    });
    res.clearCookie(STATE_COOKIE, { path: '/auth/feishu' });
    res.set('cache-control', 'no-store');
    if (!outcome.ok) return void refusalPage(res, outcome.reason);
    res.cookie(SESSION_COOKIE, outcome.token, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/', maxAge: deps.access.sessions.maxHours * 3600_000 });
    res.redirect(302, outcome.next);
  });
  return { router: api.router, routes };
}

/** A plain page a person can read on a phone: what happened, and the way back. No session. */
function refusalPage(res: Response, reason: SignInRefusal): void {
  const t = REFUSAL_TEXT[reason];
  res.status(t.status).type('html').send(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>飞书登录未完成</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC",sans-serif;margin:0;padding:24px;max-width:480px;color:#1f2329}
h1{font-size:20px}p{line-height:1.6}a{display:inline-block;min-height:44px;line-height:44px;padding:0 16px;background:#3370ff;color:#fff;border-radius:6px;text-decoration:none}</style>
</head><body><main data-reason="${reason}"><h1>飞书登录未完成</h1><p>${t.zh}</p><p lang="en">${t.en}</p><a href="/login">返回登录页</a></main></body></html>`);
}
