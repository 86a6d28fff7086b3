import { z } from 'zod';
import { WireErrorSchema } from '../contract/ack.ts';
import {
  NOMINATION_STATUSES, NominationCreateSchema, NominationDecisionSchema, NominationViewSchema, ScorecardRowSchema, ServiceStarSchema,
} from '../contract/payloads/awards.ts';

/**
 * The service-star and scorecard paths of `GET /openapi.json` (people's routes: a session cookie,
 * or a display token for the reads the wall makes), generated from the schemas the server validates with.
 */
const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: schema(s) } } });
const error = (description: string) => json(z.object({ error: WireErrorSchema }), description);
const month = { name: 'month', in: 'query', required: false, schema: { type: 'string', example: '2026-11' }, description: 'YYYY-MM (bank month); default: the current month' };
const scope = { name: 'scope', in: 'query', required: false, schema: { type: 'string', example: 'branch:BJ0101' }, description: 'bank, region:<code> or branch:<code>; default: the caller’s own scope' };

export function awardsPaths(): Record<string, unknown> {
  return {
    '/nominations': {
      get: {
        summary: 'Service-star nominations (服务明星提名) of a month, within the caller’s scope',
        parameters: [month, { name: 'branch', in: 'query', required: false, schema: { type: 'string' } }, { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: [...NOMINATION_STATUSES] } }],
        responses: { 200: json(z.object({ items: z.array(NominationViewSchema) }), 'Newest first'), 400: error('A filter is malformed (named in `issues`)'), 404: error('The branch is unknown or outside the caller’s scope') },
      },
      post: {
        summary: 'Nominate a colleague (the caller’s user must be linked to a staff record)',
        description: 'Rules, each refused with 400 and a zh-CN message naming the rule: the nominee is active staff of the nominator’s branch (region-office staff: their region); no self-nomination; a reason of at least 10 characters; one nomination per nominator and nominee per month; at most the monthly quota (default 3) per nominator. The approver is set at once and is never the nominator: the nominee’s branch head, or the region manager when the head or deputy nominates (or is nominated).',
        requestBody: { required: true, content: { 'application/json': { schema: schema(NominationCreateSchema) } } },
        responses: { 201: json(NominationViewSchema, 'Recorded, with its approver'), 400: error('A rule is broken: `message` names it in Chinese'), 403: error('The role may not nominate, or the user has no staff record') },
      },
    },
    '/nominations/{id}/decision': {
      post: {
        summary: '通过 (approved: true) or 驳回 (approved: false, with a reason)',
        description: 'The approver decides (a region manager or leader covering the nominee may decide in their place); never the nominator or the nominee. The nominator and the nominee are told and every card about the nomination is redrawn.',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        requestBody: { required: true, content: { 'application/json': { schema: schema(NominationDecisionSchema) } } },
        responses: { 200: json(NominationViewSchema, 'Decided'), 400: error('No reason to reject'), 403: error('Not this person’s to decide'), 404: error('Unknown or outside the caller’s scope'), 409: error('Already decided') },
      },
    },
    '/service-stars': {
      get: {
        summary: 'The month’s service stars per branch and region (all months when `month` is omitted)',
        description: 'Stars are picked by approved nominations; ties by the month’s satisfaction, then error-free tickets, then the earliest nomination (configurable). With `staff`, the person’s stars and the reasons of their approved nominations (`reasons`).',
        parameters: [month, scope, { name: 'staff', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { 200: json(z.object({ items: z.array(ServiceStarSchema) }), 'Newest month first; regions before branches'), 404: error('Scope unknown or outside the caller’s') },
      },
    },
    '/scorecards': {
      get: {
        summary: 'Staff scorecards (员工服务考核) per person for a month',
        description: 'Tickets handled, average handling time, satisfaction, participation, errors per 10,000, complaints attributed, stars and nominations, and a weighted score (weights set by an administrator). A branch head sees their staff, a region manager their region, anyone else their own card. `format=csv` is UTF-8 with a BOM (Excel opens Chinese correctly); `format=xlsx` is a workbook.',
        parameters: [month, scope, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv', 'xlsx'] } }],
        responses: { 200: json(z.object({ month: z.string(), scope: z.string(), items: z.array(ScorecardRowSchema) }), 'One row per active staff member (CSV/XLSX: the same rows)'), 404: error('Scope unknown or outside the caller’s') },
      },
    },
  };
}
