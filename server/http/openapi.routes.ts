import { z } from 'zod';
import { WireErrorSchema } from '../contract/ack.ts';
import { IngestResultSchema, MAX_EVENTS_PER_BATCH, ServiceEventSchema } from '../contract/payloads/ingest.ts';
import { RankingSchema, ScopeKpisSchema } from '../contract/payloads/kpi.ts';
import { careApiPaths } from './care-openapi.ts';
import { ComplaintIntakeSchema, ComplaintViewSchema } from '../contract/payloads/complaints.ts';
import { awardsPaths } from './openapi-awards.ts';
import type { SecuredRouter } from '../domains/access/index.ts';
import { historyPaths } from './openapi-history.ts';
import { inspectionPaths } from './openapi-inspections.ts';
import { serviceIndexPaths } from './openapi-service-index.ts';

/**
 * `GET /openapi.json`: the integrators' document, generated from the same zod schemas the server
 * validates with, so it cannot drift from what the API accepts.
 */
export function registerOpenApiRoutes(api: SecuredRouter, info: { version: string }): void {
  const document = buildOpenApi(info.version);
  api.get('/openapi.json', 'public', (_req, res) => {
    res.json(document);
  });
}

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', unrepresentable: 'any' });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: schema(z.object({ error: WireErrorSchema })) } } });
const scopeParam = { name: 'scope', in: 'query', required: false, schema: { type: 'string', example: 'region:BJ' }, description: 'bank, region:<code> or branch:<code>; default: the caller’s own scope' };
const dayParam = { name: 'day', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'bank day (YYYY-MM-DD); default: today in the bank’s time zone' };

export function buildOpenApi(version: string): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Touchstone API',
      version,
      description: 'Service events in, KPIs out. Authenticate with `Authorization: Bearer <API key>` (created by an administrator, limited to a scope and event types).',
    },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'tsk_… API key, or tsd_… display token for reads' } } },
    security: [{ apiKey: [] }],
    paths: {
      '/events': {
        post: {
          summary: 'Push a batch of service events',
          description: `At most ${MAX_EVENTS_PER_BATCH} events or 5 MB. Each event is validated on its own: bad ones are rejected with index, field and reason while the rest are accepted. Event ids are unique per API key: a retried batch reports duplicates and changes nothing. Events may arrive late (up to 31 days) and out of order.`,
          requestBody: { required: true, content: { 'application/json': { schema: schema(z.object({ events: z.array(ServiceEventSchema).max(MAX_EVENTS_PER_BATCH) })) } } },
          responses: {
            200: { description: 'Counts of accepted and duplicate events, and each rejected one', content: { 'application/json': { schema: schema(IngestResultSchema) } } },
            400: errorResponse('The body is not `{ events: [...] }`'),
            401: errorResponse('Missing, unknown or revoked API key'),
            403: errorResponse('The credential may not push events'),
            413: errorResponse('More than 5,000 events or 5 MB'),
            429: errorResponse('Too many requests'),
          },
        },
      },
      '/kpis': {
        get: {
          summary: 'KPIs of a scope for a bank day',
          parameters: [scopeParam, dayParam],
          responses: { 200: { description: 'Figures, targets, comparisons, hourly and by business type', content: { 'application/json': { schema: schema(ScopeKpisSchema) } } }, 404: errorResponse('Scope unknown or outside the caller’s') },
        },
      },
      '/kpis/ranking': {
        get: {
          summary: 'Child units of a scope ranked by service index',
          parameters: [scopeParam, dayParam],
          responses: { 200: { description: 'Best first', content: { 'application/json': { schema: schema(RankingSchema) } } }, 404: errorResponse('Scope unknown or outside the caller’s') },
        },
      },
      '/complaints': {
        post: {
          summary: 'Register a complaint (hotline, CRM, regulator transfer)',
          description: 'Needs an API key allowed `complaint.received`. `id` is unique per API key: a retry returns the same complaint (200 instead of 201). `receivedAt` is the original receipt time — a regulator transfer carries the regulator\'s, and one already near its deadline is escalated at once. The reply carries the statutory clock: `decisionDueAt` (end of the bank day 15 calendar days after receipt), `stage` (15, 30 or 60) and `clockState` (`on_track`, `due_soon` within 72 h of the deadline, `overdue`, `paused`). Personal data comes back masked.',
          requestBody: { required: true, content: { 'application/json': { schema: schema(ComplaintIntakeSchema) } } },
          responses: {
            201: { description: 'Registered', content: { 'application/json': { schema: schema(ComplaintViewSchema) } } },
            200: { description: 'Already registered with this id: the same complaint', content: { 'application/json': { schema: schema(ComplaintViewSchema) } } },
            400: errorResponse('A field is missing or wrong (named in `issues`), or the branch is unknown'),
            401: errorResponse('Missing, unknown or revoked API key'),
            403: errorResponse('The key may not send complaints, or the branch is outside its scope'),
          },
        },
      },
      '/complaints/{id}': {
        get: {
          summary: 'A complaint with its clock (API keys read the complaints they sent)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: { description: 'The complaint', content: { 'application/json': { schema: schema(ComplaintViewSchema) } } }, 404: errorResponse('Unknown, or not sent by this key') },
        },
      },
      ...careApiPaths(schema, errorResponse),
      ...historyPaths(scopeParam, errorResponse),
      ...inspectionPaths(),
      ...awardsPaths(),
      ...serviceIndexPaths(),
    },
  };
}
