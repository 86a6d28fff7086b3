import type { z } from 'zod';
import { CareDoneSchema, CareKpisSchema, CareSettingsPatchSchema, CareSettingsViewSchema, CareSkipSchema, CareTaskViewSchema } from '../contract/payloads/care.ts';

type Schema = (s: z.ZodType) => unknown;
type ErrorResponse = (description: string) => unknown;

/** The care-task endpoints in the OpenAPI document (read with a session or an API key's scope). */
export function careApiPaths(schema: Schema, errorResponse: ErrorResponse): Record<string, unknown> {
  const q = (name: string, description: string, extra: Record<string, unknown> = {}) => ({ name, in: 'query', required: false, schema: { type: 'string', ...extra }, description });
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
  const json = (s: z.ZodType) => ({ 'application/json': { schema: schema(s) } });
  return {
    '/care-tasks': {
      get: {
        summary: 'Customer care tasks (birthday and festival greetings) by due day',
        description: 'Tasks appear each morning (job `care.daily`, 08:30 bank time) the tier\'s lead time before the occasion and are due on it. Customer names are masked (张*明) unless the caller may read personal data for the branch. An account manager sees their own tasks.',
        parameters: [
          q('branch', 'branch code; default: the caller\'s scope'), q('from', 'first due day', { format: 'date' }), q('to', 'last due day', { format: 'date' }),
          q('status', 'open, done or skipped', { enum: ['open', 'done', 'skipped'] }), q('kind', 'birthday or holiday', { enum: ['birthday', 'holiday'] }),
        ],
        responses: { 200: { description: '`{ items }`', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: schema(CareTaskViewSchema) } } } } } }, 400: errorResponse('A filter is malformed (the field is named)'), 404: errorResponse('Branch outside the caller’s scope') },
      },
    },
    '/care-tasks/{id}/done': {
      post: {
        summary: 'Mark a care task done, and how (phone, sms, visit)',
        parameters: [id], requestBody: { required: true, content: json(CareDoneSchema) },
        responses: { 200: { description: 'The task; `changed: false` when it was already closed', content: json(CareTaskViewSchema) }, 400: errorResponse('`via` missing or unknown'), 403: errorResponse('Not this person\'s task'), 404: errorResponse('Unknown task') },
      },
    },
    '/care-tasks/{id}/skip': {
      post: {
        summary: 'Skip a care task with a reason (unreachable, declined, greeted_elsewhere, wrong_data, other)',
        parameters: [id], requestBody: { required: true, content: json(CareSkipSchema) },
        responses: { 200: { description: 'The task', content: json(CareTaskViewSchema) }, 400: errorResponse('`reason` missing or unknown'), 403: errorResponse('Not this person\'s task'), 404: errorResponse('Unknown task') },
      },
    },
    '/kpis/care': {
      get: {
        summary: 'Care KPIs: due today, done on time, completion rate by branch and account manager',
        parameters: [q('scope', 'bank, region:<code> or branch:<code>'), q('days', 'window in bank days ending today (default 30)', { type: 'integer' })],
        responses: { 200: { description: 'Figures of the window', content: json(CareKpisSchema) }, 404: errorResponse('Scope outside the caller’s') },
      },
    },
    '/care-settings': {
      get: {
        summary: 'Care settings: lead days by tier, festival tiers, solar festivals, 重阳 age, reminder time (administrators)',
        description: '`dailyAt` is the morning run\'s time (deployment setting CARE_DAILY_AT), read-only here.',
        responses: { 200: { description: 'The settings in force', content: json(CareSettingsViewSchema) }, 403: errorResponse('Not an administrator') },
      },
      patch: {
        summary: 'Change some care settings; the others are kept. Read by the next `care.daily` run and `care.remind` check',
        requestBody: { required: true, content: json(CareSettingsPatchSchema) },
        responses: { 200: { description: 'The settings now in force', content: json(CareSettingsViewSchema) }, 400: errorResponse('A value is out of range (the field is named, e.g. `leadDays.private`, `solarFestivals.2.day`)'), 403: errorResponse('Not an administrator') },
      },
    },
  };
}
