import type { Request } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../db/types.ts';
import type { KpiHistoryPayload, ScopeComparisonsPayload } from '../../contract/payloads/history.ts';
import { systemClock, type Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validate.ts';
import { authorize, findBranchTarget, findRegionTarget, parseScopeText, principalOf, scopeOf, scopeText, type OrgTarget, type Permission, type SecuredRouter } from '../access/index.ts';
import { bankDay, isValidDay } from '../../platform/bank-time.ts';
import { getKpiComparisons, getKpiHistory, HISTORY_KPIS } from './history.service.ts';

const DAY_REASON = 'must be a date written YYYY-MM-DD';
const SCOPE_REASON = 'must be bank, region:<code> or branch:<code>';
const HistoryQuerySchema = z.object({
  scope: z.string({ message: SCOPE_REASON }).max(80).optional(),
  kpi: z.enum(HISTORY_KPIS, { message: `must be one of ${HISTORY_KPIS.join(', ')}` }),
  from: z.string({ message: DAY_REASON }).refine(isValidDay, DAY_REASON),
  to: z.string({ message: DAY_REASON }).refine(isValidDay, DAY_REASON),
  grain: z.enum(['day', 'month'], { message: 'must be day or month' }).default('day'),
});
const ComparisonQuerySchema = z.object({
  scope: z.string({ message: SCOPE_REASON }).max(80).optional(),
  day: z.string({ message: DAY_REASON }).refine(isValidDay, DAY_REASON).optional(),
});

/**
 * `GET /kpis/history?scope=&kpi=&from=&to=&grain=day|month` → { items: [{ period, value, target }] }
 * and `GET /kpis/comparison?scope=&day=` → each KPI vs last week, 同比, 环比 and target, with a
 * 30-day trend (access 'kpis.read'; scope defaults to the caller's; outside it answers 404).
 */
export function registerKpiHistoryRoutes(api: SecuredRouter, deps: { sql: Sql; timeZone: string; clock?: Clock }): void {
  api.get('/kpis/history', 'kpis.read', async (req, res) => {
    const query = parseInput(HistoryQuerySchema, req.query);
    const scope = await authorizedScope(req, deps.sql, query.scope, 'kpis.read');
    const body: KpiHistoryPayload = await getKpiHistory(deps.sql, { ...query, scope, clock: { timeZone: deps.timeZone, today: bankDay((deps.clock ?? systemClock).now(), deps.timeZone) } });
    res.json(body);
  });
  api.get('/kpis/comparison', 'kpis.read', async (req, res) => {
    const query = parseInput(ComparisonQuerySchema, req.query);
    const scope = await authorizedScope(req, deps.sql, query.scope, 'kpis.read');
    const body: ScopeComparisonsPayload = await getKpiComparisons(deps.sql, { scope, day: query.day ?? bankDay((deps.clock ?? systemClock).now(), deps.timeZone), clock: { timeZone: deps.timeZone, today: bankDay((deps.clock ?? systemClock).now(), deps.timeZone) } });
    res.json(body);
  });
}

/**
 * The scope asked for (the caller's own by default) once the caller may read it with
 * `permission`; a scope outside theirs and an unknown one answer 404 alike.
 */
export async function authorizedScope(req: Request, sql: Sql, asked: string | undefined, permission: Permission): Promise<string> {
  const principal = principalOf(req);
  const scope = asked ?? scopeText(scopeOf(principal));
  const parsed = parseScopeText(scope, 'scope');
  const target: OrgTarget | undefined = parsed.kind === 'bank'
    ? { kind: 'bank' }
    : parsed.kind === 'region' ? await findRegionTarget(sql, parsed.code) : await findBranchTarget(sql, parsed.code);
  if (!target) throw new AppError('NOT_FOUND', `no ${scope}`);
  authorize(principal, permission, target, { hideOutsideScope: true });
  return scope;
}
