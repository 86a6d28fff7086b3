import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../../platform/errors.ts';
import { assertCleanText } from '../../platform/text-input.ts';
import { authorize } from './access.rules.ts';
import type { Actor, Permission, Principal } from './access.types.ts';
import type { AuthenticatedSession } from './auth.service.ts';

/** Who is calling, set by the HTTP layer's authentication middleware before any route runs. */
export interface RequestAuth {
  principal: Principal;
  /** `session` (cookie; needs the CSRF header on state changes) or `bearer` (API key, display token). */
  via: 'session' | 'bearer';
  /** The cookie session, when `via` is session. */
  session?: AuthenticatedSession;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: RequestAuth;
  }
}

/** `public`: anyone; `session`: a person logged in to the web app (not a screen or an integrator); otherwise a permission. */
export type RouteAccess = Permission | 'public' | 'session';

export interface RouteDeclaration {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The full path under /api/v1, with Express parameters (`/users/:username`). */
  path: string;
  access: RouteAccess;
  /**
   * The audit action a successful call records (every state-changing route has one), or
   * `table:<name>` where the data itself is the record (ingested events, too many for the audit log).
   */
  audit?: string;
}

export interface RouteOptions {
  /** JSON body limit (default 1 MB; a number is bytes); a larger body answers 413 naming the limit. */
  bodyLimit?: string | number;
  /**
   * A body array whose items the handler checks for control characters one by one (ingest: a bad
   * event is rejected by index while the rest of the batch is accepted); the rest is checked here.
   */
  itemsCheckedByHandler?: string;
}

type Handler = (req: Request, res: Response) => Promise<void> | void;

export interface SecuredRouter {
  router: Router;
  get(path: string, access: RouteAccess, handler: Handler): void;
  post(path: string, access: RouteAccess, audit: string, handler: Handler, options?: RouteOptions): void;
  patch(path: string, access: RouteAccess, audit: string, handler: Handler, options?: RouteOptions): void;
  delete(path: string, access: RouteAccess, audit: string, handler: Handler): void;
  /** Replaces a whole resource (a year of the holiday calendar). */
  put(path: string, access: RouteAccess, audit: string, handler: Handler, options?: RouteOptions): void;
}

/**
 * An Express router on which every route must declare who may call it; the declarations are
 * collected in `table` (the access-matrix test walks it, and fails on any route missing from it).
 * The guard authenticates, checks the CSRF header for cookie sessions on state changes, and checks
 * the permission. Scope is checked by the handler against the thing it touches, with `authorize`.
 */
export function createSecuredRouter(table: RouteDeclaration[]): SecuredRouter {
  const router = Router();
  const add = (method: RouteDeclaration['method'], path: string, access: RouteAccess, audit: string | undefined, handler: Handler, options: RouteOptions = {}) => {
    table.push({ method, path, access, ...(audit ? { audit } : {}) });
    const guard = guardFor(access, method !== 'GET');
    // The guard runs before the body is read: an unauthenticated caller cannot make us parse 5 MB.
    const body = express.json({ limit: options.bodyLimit ?? '1mb', strict: true });
    router[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put'](path, guard, body, cleanText(options.itemsCheckedByHandler), handler as RequestHandler);
  };
  return {
    router,
    get: (path, access, handler) => add('GET', path, access, undefined, handler),
    post: (path, access, audit, handler, options) => add('POST', path, access, audit, handler, options),
    patch: (path, access, audit, handler, options) => add('PATCH', path, access, audit, handler, options),
    delete: (path, access, audit, handler) => add('DELETE', path, access, audit, handler),
    put: (path, access, audit, handler, options) => add('PUT', path, access, audit, handler, options),
  };
}

/** The one text sanitation step of every route: path parameters, query and body (see platform/text-input). */
function cleanText(itemsCheckedByHandler: string | undefined): RequestHandler {
  return (req, _res, next) => {
    assertCleanText(req.params);
    assertCleanText(req.query);
    assertCleanBody(req.body, itemsCheckedByHandler);
    next();
  };
}

/** The body's part of the text sanitation step; `itemsCheckedByHandler` as in RouteOptions (the ingest lane calls it too). */
export function assertCleanBody(body: unknown, itemsCheckedByHandler: string | undefined): void {
  if (itemsCheckedByHandler && body && typeof body === 'object' && !Array.isArray(body)) {
    const { [itemsCheckedByHandler]: items, ...rest } = body as Record<string, unknown>;
    assertCleanText(rest);
    if (!Array.isArray(items)) assertCleanText(items, itemsCheckedByHandler);
  } else assertCleanText(body);
}

function guardFor(access: RouteAccess, changesState: boolean): RequestHandler {
  return (req, _res, next) => {
    if (access === 'public') return next();
    const auth = req.auth;
    if (!auth) throw new AppError('UNAUTHENTICATED', 'log in first');
    if (changesState && auth.via === 'session' && req.get('x-csrf-token') !== auth.session?.csrfToken) {
      throw new AppError('FORBIDDEN', 'missing or wrong x-csrf-token header');
    }
    if (access === 'session') {
      if (auth.via !== 'session') throw new AppError('UNAUTHENTICATED', 'log in first');
    } else authorize(auth.principal, access);
    next();
  };
}

/** The authenticated principal of a guarded route (the guard has run). */
export function principalOf(req: Request): Principal {
  if (!req.auth) throw new AppError('UNAUTHENTICATED', 'log in first');
  return req.auth.principal;
}

/** The cookie session of a guarded route; 401 for bearer callers (screens, integrators). */
export function sessionOf(req: Request): AuthenticatedSession {
  if (!req.auth?.session) throw new AppError('UNAUTHENTICATED', 'log in first');
  return req.auth.session;
}

/** The actor for the audit log of a web or API request. */
export function actorOf(req: Request): Actor {
  const principal = principalOf(req);
  return { principal, channel: principal.kind === 'api_key' ? 'api' : 'web', requestId: req.id };
}
