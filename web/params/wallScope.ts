import type { ParamMatcher } from '@sveltejs/kit';
import { isWallScopePath } from '$lib/auth/guard.ts';

/** `/wall`, `/wall/region/<code>` or `/wall/branch/<code>` (the URLs display tokens are issued for). */
export const match = ((param: string): param is string => isWallScopePath(param)) satisfies ParamMatcher;
