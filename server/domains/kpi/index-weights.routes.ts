import type { Db } from '../../../db/client.ts';
import { IndexWeightsBodySchema, type IndexWeightsView } from '../../contract/payloads/service-index.ts';
import type { Clock } from '../../platform/clock.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, type SecuredRouter } from '../access/index.ts';
import { getIndexWeights, setIndexWeights } from './index-weights.service.ts';

/**
 * `GET /service-index/weights` (anyone who reads KPIs: the weights explain the index) and
 * `PUT /service-index/weights` `{ weights }` (administrators, audited `service_index.weights`).
 */
export function registerIndexWeightRoutes(api: SecuredRouter, deps: { db: Db; clock: Clock }): void {
  api.get('/service-index/weights', 'kpis.read', async (_req, res) => {
    const body: IndexWeightsView = await getIndexWeights(deps.db.sql);
    res.json(body);
  });
  api.put('/service-index/weights', 'targets.manage', 'service_index.weights', async (req, res) => {
    const { weights } = parseInput(IndexWeightsBodySchema, req.body);
    const body: IndexWeightsView = await setIndexWeights(deps, actorOf(req), { weights });
    res.json(body);
  });
}
