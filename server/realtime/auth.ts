import type { Socket } from 'socket.io';
import { authenticateBearer, authenticateSession, SESSION_COOKIE, type AccessDeps, type Principal } from '../domains/access/index.ts';
import { readCookie } from '../platform/cookies.ts';
import type { Logger } from '../platform/logger.ts';

/** The principal of each connected socket, filled once by the handshake middleware. */
const principals = new WeakMap<Socket, Principal>();
/** The credential each socket connected with, so it can be checked again while the socket lives. */
const credentials = new WeakMap<Socket, { kind: 'session'; token: string } | { kind: 'display_token'; secret: string }>();

export function principalOfSocket(socket: Socket): Principal | undefined {
  return principals.get(socket);
}

function refuse(code: 'UNAUTHENTICATED' | 'UNAVAILABLE', message: string): Error {
  return Object.assign(new Error(code), { data: { code, message } });
}

/**
 * Socket.IO handshake authentication (`io.use`): a wall screen sends `auth: { displayToken }`;
 * a browser with a session sends its cookie (same origin). Anything else is refused before any
 * event handler can run, with connect_error message UNAUTHENTICATED.
 */
export function authenticateSocket(access: AccessDeps, logger: Logger) {
  return async (socket: Socket, next: (error?: Error) => void): Promise<void> => {
    try {
      const displayToken = (socket.handshake.auth as { displayToken?: unknown } | undefined)?.displayToken;
      if (typeof displayToken === 'string') {
        const principal = await authenticateBearer(access, displayToken);
        if (principal?.kind !== 'display_token') return next(refuse('UNAUTHENTICATED', 'the display token is unknown or revoked'));
        principals.set(socket, principal);
        credentials.set(socket, { kind: 'display_token', secret: displayToken });
        return next();
      }
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      const session = token ? await authenticateSession(access, token) : undefined;
      if (!session) return next(refuse('UNAUTHENTICATED', 'log in, or open the screen with its display-token URL'));
      principals.set(socket, session.principal);
      credentials.set(socket, { kind: 'session', token: token! });
      next();
    } catch (error) {
      logger.error({ err: error }, 'socket authentication failed');
      next(refuse('UNAVAILABLE', 'authentication is unavailable; retrying'));
    }
  };
}

/** Whether a revocation ends this socket's access. */
export function isRevoked(principal: Principal | undefined, revocation: { sessionIds: string[]; displayTokenIds: string[] }): boolean {
  if (principal?.kind === 'user') return principal.sessionId !== null && revocation.sessionIds.includes(principal.sessionId);
  if (principal?.kind === 'display_token') return revocation.displayTokenIds.includes(principal.tokenId);
  return false;
}

/**
 * Whether the socket's credential still holds: the session not expired (idle or maximum age),
 * revoked or its user deactivated; the display token not revoked or expired. `touch` counts the
 * check as the person's activity (a command they sent), not a timer's.
 */
export async function stillAuthenticated(access: AccessDeps, socket: Socket, options: { touch: boolean }): Promise<boolean> {
  const credential = credentials.get(socket);
  if (!credential) return false;
  if (credential.kind === 'display_token') return (await authenticateBearer(access, credential.secret))?.kind === 'display_token';
  return (await authenticateSession(access, credential.token, { touch: options.touch })) !== undefined;
}

/**
 * Socket.IO's `allowRequest`: a browser's handshake must come from our own pages — PUBLIC_URL's
 * origin or the request's own host (SameSite=Lax alone lets a same-site origin carry the
 * cookie). A client that sends no Origin is not a browser and cannot carry a victim's cookie.
 */
export function originAllowed(publicUrl: string | undefined) {
  const allowed = publicUrl ? new URL(publicUrl).origin : undefined;
  return (req: { headers: Record<string, string | string[] | undefined> }, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const origin = req.headers.origin;
    if (origin === undefined) return callback(null, true);
    const host = typeof req.headers.host === 'string' ? req.headers.host : undefined;
    const ok = typeof origin === 'string' && (origin === allowed || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)));
    callback(ok ? null : 'origin not allowed', ok);
  };
}
