/**
 * A wall's playlist, read from its URL: `?playlist=children&interval=30` rotates through the
 * scope and then its child units (from its ranking), `?playlist=region:BJ,region:SH,bank&interval=20`
 * through an explicit list. Pure: playlist.svelte.ts runs the rotation.
 */

export interface PlaylistSpec {
  /** `children`: the page's own scope, then its child units; `list`: the scopes named. */
  source: 'children' | 'list';
  /** The scopes named (source `list`), valid ones only, without repeats. */
  scopes: readonly string[];
  /** How long each scope stays on screen. */
  intervalMs: number;
}

export const DEFAULT_INTERVAL_SECONDS = 30;
/** Shorter is unreadable (and a snapshot per turn); longer than an hour is not a rotation. */
export const MIN_INTERVAL_SECONDS = 2;
export const MAX_INTERVAL_SECONDS = 3_600;

const SCOPE = /^(bank|region:[A-Za-z0-9_-]{1,32}|branch:[A-Za-z0-9_-]{1,32})$/;

/** The playlist a wall URL asks for; undefined without one, or when it names no valid scope. */
export function parsePlaylist(params: URLSearchParams): PlaylistSpec | undefined {
  const raw = params.get('playlist')?.trim();
  if (!raw) return undefined;
  const seconds = Number(params.get('interval') ?? DEFAULT_INTERVAL_SECONDS);
  const bounded = Number.isFinite(seconds) ? Math.min(MAX_INTERVAL_SECONDS, Math.max(MIN_INTERVAL_SECONDS, seconds)) : DEFAULT_INTERVAL_SECONDS;
  const intervalMs = Math.round(bounded * 1000);
  if (raw === 'children') return { source: 'children', scopes: [], intervalMs };
  const scopes = [...new Set(raw.split(',').map((s) => s.trim()).filter((s) => SCOPE.test(s)))];
  return scopes.length ? { source: 'list', scopes, intervalMs } : undefined;
}

/**
 * The scopes to rotate through: the list named, or the page's scope first and then its child
 * units in code order (the ranking reorders as figures change; the rotation must not).
 */
export function playlistScopes(spec: PlaylistSpec, scope: string, childScopes: readonly string[]): readonly string[] {
  if (spec.source === 'list') return spec.scopes;
  const children = [...new Set(childScopes)].filter((s) => s !== scope).sort();
  return [scope, ...children];
}
