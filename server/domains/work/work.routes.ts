import type { SecuredRouter } from '../access/index.ts';
import { principalOf } from '../access/index.ts';
import { getMyWork, type WorkDeps } from './work.service.ts';

/** `GET /my-work`: the signed-in person's sections (a session: people, not screens or integrators). */
export function registerWorkRoutes(api: SecuredRouter, deps: WorkDeps): void {
  api.get('/my-work', 'session', async (req, res) => {
    res.json(await getMyWork(deps, principalOf(req)));
  });
}
