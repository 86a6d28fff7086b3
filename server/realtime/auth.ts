import type { Socket } from 'socket.io';
import { authenticateBearer, authenticateSession, SESSION_COOKIE, type AccessDeps, type Principal } from '../domains/access/index.ts';
import { readCookie } from '../platform/cookies.ts';
import type { Logger } from '../platform/logger.ts';

/** The principal of each connected socket, filled once by the handshake middleware. */
const principals = new WeakMap<Socket, Principal>();

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
        return next();
      }
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      const session = token ? await authenticateSession(access, token) : undefined;
      if (!session) return next(refuse('UNAUTHENTICATED', 'log in, or open the screen with its display-token URL'));
      principals.set(socket, session.principal);
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
