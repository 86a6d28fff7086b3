import { Router } from 'express';
import type { PublicConfig } from '../contract/payloads/config.ts';

/** `GET /config`: what the web app may know about this deployment. Nothing secret. */
export function createConfigRouter(config: PublicConfig): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    res.json(config);
  });
  return router;
}
