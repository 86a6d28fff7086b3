import { Router } from 'express';
import type { Metrics } from '../platform/metrics.ts';

export interface Readiness {
  /** Resolves with problems (empty when ready): database unreachable, migrations pending, shutting down. */
  check(): Promise<string[]>;
}

/** Liveness, readiness and Prometheus metrics; unauthenticated by design (probes and scrapers). */
export function createHealthRouter(readiness: Readiness, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const problems = await readiness.check();
    res.status(problems.length === 0 ? 200 : 503).json({ status: problems.length === 0 ? 'ready' : 'not_ready', problems });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
