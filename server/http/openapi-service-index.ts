import { z } from 'zod';
import { WireErrorSchema } from '../contract/ack.ts';
import { IndexWeightsBodySchema, IndexWeightsViewSchema } from '../contract/payloads/service-index.ts';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: schema(s) } } });
const error = (description: string) => json(z.object({ error: WireErrorSchema }), description);

/** The service index weights in `GET /openapi.json` (ADR 0022). */
export function serviceIndexPaths(): Record<string, unknown> {
  const rule = 'The service index 服务指数 (0–100) is the weighted mean of each component’s score (0 at its worst, 80 at its target, 100 at its best): satisfaction, average wait, long-wait share, handling, error rate, participation, inspection score (each branch’s latest routine or mystery-shopper inspection in 180 days; a region averages its branches), rectification on-time rate (verified and fixed by the due date ÷ due or verified, raised in 90 days) and care completion (done by the due day ÷ past due or closed, due in 30 days). Weights are divided by the sum of the weights of the components a unit has data for: a component without data is left out, never counted as 0 or 100. Used by `GET /kpis`, `GET /kpis/ranking`, the walls and the history.';
  return {
    '/service-index/weights': {
      get: {
        summary: 'The service index weights (服务指数权重) and each one’s share',
        description: rule,
        responses: { 200: json(IndexWeightsViewSchema, 'The weights in force (the defaults until an administrator sets them)') },
      },
      put: {
        summary: 'Replace every service index weight (administrators; audited)',
        description: `${rule} Every component must be given, each ≥ 0 and ≤ 1000, at least one above 0. Live walls re-rank at once.`,
        requestBody: { required: true, content: { 'application/json': { schema: schema(IndexWeightsBodySchema) } } },
        responses: { 200: json(IndexWeightsViewSchema, 'Saved'), 400: error('A weight is missing, negative, unknown, or all are 0 (`issues[].field` names it, e.g. `weights.inspectionScore`)'), 403: error('Not an administrator') },
      },
    },
  };
}
