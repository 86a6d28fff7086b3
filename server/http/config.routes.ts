import { Router } from 'express';

export interface PublicConfig {
  bankName: string;
  timeZone: string;
  defaultLocale: 'zh-CN' | 'en';
  buildId: string;
  consoleChat: boolean;
}

/** `GET /config`: what the web app may know about this deployment. Nothing secret. */
export function createConfigRouter(config: PublicConfig): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    res.json(config);
  });
  return router;
}
