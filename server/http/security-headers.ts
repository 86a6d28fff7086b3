import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Everything but the web app's HTML (API JSON, assets, probes) gets a policy that allows nothing
 * to run or load; the HTML gets the hash-based policy of its build (http/web-app.ts).
 */
const POLICY: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] } },
  crossOriginEmbedderPolicy: false,
};

/**
 * helmet's headers for POLICY, worked out once at start: with static directives they do not depend
 * on the request, and setting a fixed list costs a fraction of running helmet's fourteen middleware
 * per request (the ingest lane sends them with its answers too). helmet stays the source of truth.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = capture(helmet(POLICY));

export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    next();
  };
}

function capture(middleware: ReturnType<typeof helmet>): [string, string][] {
  const headers = new Map<string, string>();
  let finished = false;
  const res = {
    setHeader: (name: string, value: unknown) => void headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
  };
  middleware({ headers: {} } as never, res as never, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  // Should a helmet release read the request or answer asynchronously, fail at start, not serve without headers.
  if (!finished || headers.size < 5) throw new Error('security headers: helmet did not answer synchronously with its headers');
  return [...headers];
}
