import { redirect } from '@sveltejs/kit';
import { isPublicPage, LOGIN_PATH, loginPathFor, safeNextPath } from '$lib/auth/guard.ts';
import { session } from '$lib/auth/session.svelte.ts';
import type { LayoutLoad } from './$types';

// A client-only app (ADR 0002): Express serves build/web with an SPA fallback; nothing renders on a server.
export const ssr = false;
export const prerender = false;

/**
 * The route guard: every page but /login and a wall with a display token needs a session. The
 * session is asked for once; a page renders only after that answer, so nothing flashes. When the
 * server cannot be reached the layout shows a retry instead of the page.
 */
export const load: LayoutLoad = async ({ url }) => {
  if (url.pathname === LOGIN_PATH) {
    await session.ensureLoaded();
    if (session.status === 'signed-in') redirect(307, safeNextPath(url.searchParams.get('next')));
    return {};
  }
  if (isPublicPage(url)) return {};
  await session.ensureLoaded();
  if (session.status === 'signed-out') redirect(307, loginPathFor(url));
  return {};
};
