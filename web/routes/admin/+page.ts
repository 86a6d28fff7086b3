import { redirect } from '@sveltejs/kit';
import { ADMIN_LINKS, visibleLinks } from '$lib/auth/links.ts';
import { session } from '$lib/auth/session.svelte.ts';
import type { PageLoad } from './$types';

/** `/admin` opens the first administration page this user may see. */
export const load: PageLoad = async ({ parent }) => {
  await parent();
  redirect(307, visibleLinks(ADMIN_LINKS, session.user?.permissions)[0]?.href ?? '/');
};
