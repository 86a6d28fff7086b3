import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives each request an id (kept from a trusted proxy's x-request-id when well formed), and on
 * finish logs one line and observes the duration under the matched route pattern, never the raw
 * path: paths can carry ids, and unbounded label values would blow up the metrics.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    req.id = requestIdOf(req.get('x-request-id'));
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : routeGroup(req.path);
      recordRequest(logger, metrics, { id: req.id, method: req.method, route, status: res.statusCode, started });
    });
    next();
  };
}

/** The request's id: a proxy's x-request-id when well formed, otherwise a new one. */
export function requestIdOf(incoming: string | undefined): string {
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** One finished request: its duration observed under the route pattern and, but for probes and assets, one log line. */
export function recordRequest(logger: Logger, metrics: Metrics, request: { id: string; method: string; route: string; status: number; started: bigint }): void {
  const seconds = Number(process.hrtime.bigint() - request.started) / 1e9;
  metrics.httpDuration.observe({ method: request.method, route: request.route, status: String(request.status) }, seconds);
  if (request.route === '/healthz' || request.route === '/metrics' || request.route === 'static') return;
  logger.info({ reqId: request.id, method: request.method, route: request.route, status: request.status, ms: Math.round(seconds * 1000) }, 'request');
}

function routeGroup(path: string): string {
  if (path.startsWith('/api/')) return 'unmatched';
  if (path.startsWith('/internal/')) return 'internal';
  return 'static';
}
