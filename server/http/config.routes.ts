import type { PublicConfig } from '../contract/payloads/config.ts';
import type { SecuredRouter } from '../domains/access/index.ts';

/** `GET /config`: what the web app may know about this deployment before login. Nothing secret. */
export function registerConfigRoutes(api: SecuredRouter, config: PublicConfig): void {
  api.get('/config', 'public', (_req, res) => {
    res.json(config);
  });
}
