import type { RequestHandler } from 'express';
import { authenticateBearer, authenticateSession, SESSION_COOKIE, type AccessDeps } from '../../domains/access/index.ts';
import { readCookie } from '../../platform/cookies.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Sets `req.auth` from `Authorization: Bearer <display token | API key>` or the session cookie.
 * A bearer secret that is wrong or revoked is refused outright (401); a stale cookie is simply
 * ignored, so public routes still answer and guarded ones say "log in first".
 */
export function authenticate(access: AccessDeps): RequestHandler {
  return async (req, _res, next) => {
    const bearer = bearerOf(req.get('authorization'));
    if (bearer) {
      const principal = await authenticateBearer(access, bearer);
      if (!principal) throw unknownBearer();
      req.auth = { principal, via: 'bearer' };
      return next();
    }
    const token = readCookie(req.get('cookie'), SESSION_COOKIE);
    if (token) {
      const session = await authenticateSession(access, token);
      if (session) req.auth = { principal: session.principal, via: 'session', session };
    }
    next();
  };
}

/** The secret of an `Authorization: Bearer <secret>` header (the ingest lane reads it too). */
export const bearerOf = (authorization: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];

export const unknownBearer = (): AppError => new AppError('UNAUTHENTICATED', 'the bearer token is unknown or revoked');
