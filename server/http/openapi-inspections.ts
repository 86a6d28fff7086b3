import { z } from 'zod';
import { WireErrorSchema } from '../contract/ack.ts';
import {
  ChecklistViewSchema, InspectionKpisSchema, InspectionResultSchema, InspectionSubmitSchema, RectificationListQuerySchema, RectificationVerifySchema, RectificationViewSchema,
} from '../contract/payloads/inspections.ts';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', unrepresentable: 'any' });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: schema(z.object({ error: WireErrorSchema })) } } });
const json = (s: z.ZodType) => ({ 'application/json': { schema: schema(s) } });

/** The inspection paths of the OpenAPI document (issue #11), from the schemas the server validates with. */
export function inspectionPaths(): Record<string, unknown> {
  const statuses = RectificationListQuerySchema.shape.status.unwrap().options;
  return {
    '/checklists': {
      get: {
        summary: 'The active checklist versions (modules → items)',
        responses: { 200: { description: 'Active versions', content: json(z.object({ items: z.array(ChecklistViewSchema) })) } },
      },
    },
    '/inspections': {
      post: {
        summary: 'Submit an inspection (tablet, mystery-shopper vendor)',
        description: 'An inspector or administrator session, or an API key allowed `inspection.submitted` within its scope. `id` is the client\'s: sending it again answers the same inspection with 200. `checklist` is a code (the active version) or `CODE@version`; every item of that version needs a result (`notApplicable: true` to leave it out). Score = 100 × points awarded ÷ points possible over applicable items, one decimal, per module too; `passed` when the score reaches the pass mark (default 85) and no red-line item lost points. Each item that lost points becomes a rectification, due at the end of the bank day N working days later (red line 1, others 5 by default; holidays and make-up working days counted).',
        requestBody: { required: true, content: json(InspectionSubmitSchema) },
        responses: {
          201: { description: 'Scored; one rectification per finding', content: json(InspectionResultSchema) },
          200: { description: 'Already submitted with this id: the same answer', content: json(InspectionResultSchema) },
          400: errorResponse('A bad field, named in `issues` (e.g. `results.3.item` unknown item, `results.3.points` above the maximum, `results.3.reason` a deduction without a reason)'),
          403: errorResponse('Not allowed inspections, or the branch is outside the scope'),
          409: errorResponse('The id was already used for another branch'),
        },
      },
    },
    '/rectifications': {
      get: {
        summary: 'Rectifications in the caller\'s scope, open ones soonest due first',
        parameters: [
          { name: 'branch', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: statuses } },
        ],
        responses: { 200: { description: '`clockState`: on_track, due_soon (from the start of the last working day before the due date), overdue; met or late once fixed', content: json(z.object({ items: z.array(RectificationViewSchema) })) } },
      },
    },
    '/rectifications/{id}/verify': {
      post: {
        summary: 'The inspector accepts a fix (verified) or sends it back with a reason (reopened, new due date)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        requestBody: { required: true, content: json(RectificationVerifySchema) },
        responses: { 200: { description: 'The rectification', content: json(RectificationViewSchema) }, 400: errorResponse('Sent back without a reason'), 409: errorResponse('Not fixed yet, or already verified') },
      },
    },
    '/kpis/inspections': {
      get: {
        summary: 'Inspection KPIs of a scope over the last `days` (default 90)',
        parameters: [
          { name: 'scope', in: 'query', required: false, schema: { type: 'string', example: 'region:BJ' } },
          { name: 'days', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { 200: { description: 'Rates are 0–1, null when there is nothing to divide', content: json(InspectionKpisSchema) }, 404: errorResponse('Scope unknown or outside the caller\'s') },
      },
    },
  };
}
