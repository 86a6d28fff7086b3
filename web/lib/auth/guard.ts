/**
 * Which pages need a session, and where login sends the user afterwards. Pure, so the rules are
 * unit-tested; the root layout's load function applies them.
 */

export const LOGIN_PATH = '/login';

/** The part of a wall's path after `/wall/`: empty (the bank), `region/<code>` or `branch/<code>`. */
export function isWallScopePath(rest: string): boolean {
  return rest === '' || /^(region|branch)\/[A-Za-z0-9_-]{1,32}$/.test(rest);
}

/**
 * The wall scope a route shows: `region/BJ` → `region:BJ`, `branch/BJ0101` → `branch:BJ0101`.
 * The bare `/wall` is the caller's own scope when known (a 分行 manager's nav link opens their
 * 分行), else the bank (a display token's `/wall` URL is always issued for the bank).
 */
export function wallScopeOf(rest: string, ownScope?: string): string {
  const match = /^(region|branch)\/([A-Za-z0-9_-]{1,32})$/.exec(rest);
  return match ? `${match[1]}:${match[2]}` : (ownScope ?? 'bank');
}

/** Whether the path is a wall screen: `/wall`, `/wall/region/<code>`, `/wall/branch/<code>`. */
export function isWallPath(pathname: string): boolean {
  if (pathname === '/wall') return true;
  return pathname.startsWith('/wall/') && isWallScopePath(pathname.slice('/wall/'.length));
}

/** A wall opened with a display token (`/wall?token=…`, the URL an administrator hands out) runs without a session. */
export function isDisplayTokenWall(url: URL): boolean {
  return isWallPath(url.pathname) && Boolean(url.searchParams.get('token'));
}

/** Pages anyone may open: the login page, and a wall screen with its display token. */
export function isPublicPage(url: URL): boolean {
  return url.pathname === LOGIN_PATH || isDisplayTokenWall(url);
}

/** `/login?next=<path and query of url>` (no `next` for the home page). */
export function loginPathFor(url: URL): string {
  const next = `${url.pathname}${url.search}`;
  return next === '/' || url.pathname === LOGIN_PATH ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}

/**
 * Where to go after logging in: the `next` parameter when it is a path on this site, else `/`.
 * Anything that could leave the origin (`//evil`, `/\evil`, `https://…`) or loop back to login is refused.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters and backslashes are refused outright: browsers normalise them unpredictably.
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  const path = next.split(/[?#]/, 1)[0];
  if (path === LOGIN_PATH) return '/';
  return next;
}
