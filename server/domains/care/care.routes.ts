import { z } from 'zod';
import { CareDoneSchema, CareKpiQuerySchema, CareListQuerySchema, CareSettingsPatchSchema, CareSkipSchema } from '../../contract/payloads/care.ts';
import { isValidDay } from '../../platform/bank-time.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, authorize, principalOf, type SecuredRouter } from '../access/index.ts';
import type { CareDeps } from './care-deps.ts';
import { loadCareSettings, saveCareSettings } from './care-settings.service.ts';
import { actOnCareTask, careKpis, getCareTask, listCareTasks } from './care-tasks.service.ts';

const IdSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function checkDays(q: { from?: string | undefined; to?: string | undefined }): void {
  for (const field of ['from', 'to'] as const) if (q[field] && !isValidDay(q[field])) throw AppError.invalid(field, 'not a calendar day');
  if (q.from && q.to && q.from > q.to) throw AppError.invalid('to', 'must not be before from');
}

/**
 * `GET /care-tasks` (filters: branch or scope, accountManager, customer, from/to by due day,
 * status, kind), `GET /care-tasks/:id` (with its history), `POST /care-tasks/:id/done` `{ via }`,
 * `POST /care-tasks/:id/skip` `{ reason }`, `GET /kpis/care`, and the settings (administrators:
 * `GET`, and `PATCH` with the fields to change). `dailyAt` is the deployment's morning run time
 * (CARE_DAILY_AT), shown with the settings but not stored with them.
 */
export function registerCareRoutes(api: SecuredRouter, deps: CareDeps, options: { dailyAt?: string } = {}): void {
  const dailyAt = options.dailyAt ?? '08:30';
  api.get('/care-tasks', 'care.read', async (req, res) => {
    const query = parseInput(CareListQuerySchema, req.query);
    checkDays(query);
    res.json({ items: await listCareTasks(deps, principalOf(req), query) });
  });
  api.get('/care-tasks/:id', 'care.read', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    res.json(await getCareTask(deps, principalOf(req), id));
  });
  api.post('/care-tasks/:id/done', 'care.act', 'care.done', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const { via } = parseInput(CareDoneSchema, req.body);
    const { task, changed } = await actOnCareTask(deps, actorOf(req), id, { kind: 'done', via });
    res.json({ ...task, changed });
  });
  api.post('/care-tasks/:id/skip', 'care.act', 'care.skip', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const { reason } = parseInput(CareSkipSchema, req.body);
    const { task, changed } = await actOnCareTask(deps, actorOf(req), id, { kind: 'skip', reason });
    res.json({ ...task, changed });
  });
  api.get('/kpis/care', 'care.read', async (req, res) => {
    const { scope, days } = parseInput(CareKpiQuerySchema, req.query);
    res.json(await careKpis(deps, principalOf(req), scope, days));
  });
  api.get('/care-settings', 'care.manage', async (req, res) => {
    authorize(principalOf(req), 'care.manage');
    res.json({ ...(await loadCareSettings(deps.db.sql)), dailyAt });
  });
  api.patch('/care-settings', 'care.manage', 'care.settings', async (req, res) => {
    authorize(principalOf(req), 'care.manage');
    res.json({ ...(await saveCareSettings(deps, actorOf(req), parseInput(CareSettingsPatchSchema, req.body))), dailyAt });
  });
}
