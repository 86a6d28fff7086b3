import express, { type Express, type Router } from 'express';
import type { AccessDeps } from '../domains/access/index.ts';
import { AppError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { Metrics } from '../platform/metrics.ts';
import { apiNotFound, createErrorHandler } from './error-handler.ts';
import { createHealthRouter, type Readiness } from './health.routes.ts';
import { authenticate } from './middleware/authenticate.ts';
import { requestContext } from './middleware/request-context.ts';
import { securityHeaders } from './security-headers.ts';
import { createWebAppRouter } from './web-app.ts';

export interface HttpAppDeps {
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  trustProxy: boolean;
  /** Every API route, each declaring who may call it, mounted under /api/v1. */
  apiRouter: Router;
  access: AccessDeps;
  /** Loopback-only administration (the CLI talking to a running embedded server). */
  controlRouter: Router | undefined;
  /** The built web app (adapter-static output). */
  webDir: string;
  /** Feishu's webhook (`POST /feishu/events`), when the Feishu channel runs; it needs the raw body. */
  /** Sign in with Feishu (`GET /auth/feishu/login`, `/auth/feishu/callback`), when Feishu is configured. */
  feishuSignIn?: Router | undefined;
  feishuWebhook?: ((rawBody: string, headers: Record<string, string | string[] | undefined>) => Promise<{ status: number; body: unknown }>) | undefined;
}

/** JSON API under /api/v1, probes, the control endpoint and the web app, with one error handler. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(requestContext(deps.logger, deps.metrics));
  app.use(securityHeaders());
  app.use(createHealthRouter(deps.readiness, deps.metrics));

  // Whatever is added here for every API request must be added to the ingest lane too
  // (http/ingest-lane.ts, ADR 0030), which serves single-event ingest without this stack.
  const api = express.Router();
  // Bodies are parsed per route, after authentication, with the route's own limit (secured router).
  api.use((req, res, next) => {
    // API answers hold the bank's data (customers' details in authorized views): never kept in a
    // browser's or proxy's cache, where the next user of a shared branch PC could read it. A route
    // may say otherwise for what is safe to keep (an inspection photo, privately, for an hour).
    res.setHeader('cache-control', 'no-store');
    // JSON only: a form post or text body is a client mistake, answered as such.
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && req.headers['content-length'] !== '0' && !req.is('application/json')) {
      throw AppError.invalid('content-type', 'must be application/json');
    }
    next();
  });
  api.use(authenticate(deps.access));
  api.use(deps.apiRouter);
  api.use(apiNotFound);
  app.use('/api/v1', api);
  app.use('/api', apiNotFound);

  if (deps.controlRouter) app.use('/internal/control', deps.controlRouter);
  if (deps.feishuSignIn) app.use(deps.feishuSignIn);
  const feishuWebhook = deps.feishuWebhook;
  if (feishuWebhook) {
    // Signed over the exact bytes: parse nothing before the channel has checked them.
    app.post('/feishu/events', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const answer = await feishuWebhook(raw, req.headers);
      res.status(answer.status).json(answer.body);
    });
  }
  app.use(createWebAppRouter(deps.webDir));
  app.use(apiNotFound);
  app.use(createErrorHandler(deps.logger));
  return app;
}
