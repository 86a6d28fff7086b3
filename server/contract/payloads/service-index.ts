import { z } from 'zod';

/**
 * The service index 服务指数 weights (ADR 0022), one number per component. They need not sum to
 * 100: the index divides by the sum of the weights of the components a unit has data for.
 */
export const INDEX_COMPONENT_NAMES = [
  'satisfactionRate', 'averageWaitSeconds', 'longWaitShare', 'averageHandlingSeconds', 'errorRate', 'participationRate',
  'inspectionScore', 'rectificationOnTimeRate', 'careCompletionRate',
] as const;
export type IndexComponentName = (typeof INDEX_COMPONENT_NAMES)[number];

const Weight = z.number({ message: 'must be a number' }).min(0, 'must be 0 or more').max(1000, 'must be at most 1000');

export const IndexWeightsSchema = z.strictObject({
  satisfactionRate: Weight,
  averageWaitSeconds: Weight,
  longWaitShare: Weight,
  averageHandlingSeconds: Weight,
  errorRate: Weight,
  participationRate: Weight,
  inspectionScore: Weight,
  rectificationOnTimeRate: Weight,
  careCompletionRate: Weight,
});

/** `PUT /service-index/weights`: every weight, ≥ 0, at least one above 0. */
export const IndexWeightsBodySchema = z.object({ weights: IndexWeightsSchema });
export type IndexWeightsBody = z.infer<typeof IndexWeightsBodySchema>;

export const IndexWeightsViewSchema = z.object({
  weights: IndexWeightsSchema,
  /** Each weight's share of their sum, 0–1 (4 decimals). */
  normalized: z.record(z.enum(INDEX_COMPONENT_NAMES), z.number()),
  /** Null while the defaults apply. */
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type IndexWeightsView = z.infer<typeof IndexWeightsViewSchema>;
