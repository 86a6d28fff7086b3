import { ACCESS_REVOKED_CHANNEL, type AccessDeps } from './access.deps.ts';

export interface Revocation {
  sessionIds: string[];
  displayTokenIds: string[];
}

/**
 * Calls `handler` after commit for every revoked session or display token, on every instance
 * (PostgreSQL NOTIFY; in-process when embedded). Realtime closes the matching sockets.
 */
export function onAccessRevoked(deps: AccessDeps, handler: (revocation: Revocation) => void): Promise<() => Promise<void>> {
  return deps.db.changes.listen(ACCESS_REVOKED_CHANNEL, (payload) => {
    const ids = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
    handler({ sessionIds: ids(payload.sessionIds), displayTokenIds: ids(payload.displayTokenIds) });
  });
}
