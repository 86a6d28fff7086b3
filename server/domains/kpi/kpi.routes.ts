import type { Db } from '../../../db/client.ts';
import type { Request } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../db/types.ts';
import type { BranchCodeList, Ranking as RankingPayload, ScopeKpis as ScopeKpisPayload } from '../../contract/payloads/kpi.ts';
import { systemClock, type Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validate.ts';
import {
  actorOf, authorize, findBranchTarget, findRegionTarget, orgScopeOf, parseScopeText, principalOf, scopeOf, scopeText, type OrgTarget, type SecuredRouter,
} from '../access/index.ts';
import { listKpiTargets, setKpiTarget } from './target.service.ts';
import { bankDay } from '../../platform/bank-time.ts';
import { DaySchema } from '../../contract/dates.ts';
import { getRanking, getScopeKpis, listBranchCodes, MAX_BRANCH_CODES_LIMIT } from './kpi.service.ts';

export interface KpiRouterDeps {
  sql: Sql;
  /** The bank's time zone: "today" and the hours of a day. */
  timeZone: string;
  /** What "today" is when no day is asked for; the system clock unless given. */
  clock?: Clock;
}

const KpiQuerySchema = z.object({
  scope: z.string({ message: 'must be bank, region:<code> or branch:<code>' }).optional(),
  day: DaySchema.optional(),
});

const LIMIT_REASON = `must be between 1 and ${MAX_BRANCH_CODES_LIMIT}`;
const BranchQuerySchema = z.object({
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, LIMIT_REASON).max(MAX_BRANCH_CODES_LIMIT, LIMIT_REASON).optional(),
});

/**
 * `GET /kpis?scope=&day=` → ScopeKpis and `GET /kpis/ranking?scope=&day=` → Ranking (access
 * 'kpis.read'): `scope` defaults to the caller's own, `day` to today in the bank's time zone; a
 * scope outside the caller's, or one that does not exist, answers 404 alike; a malformed scope or
 * day answers 400 naming the field. `GET /branches?limit=` → { items: [{ code, name, regionCode }] }
 * (access 'branches.list': people and API keys, whose events must name branches): active
 * branches in the caller's scope.
 */
export function registerKpiRoutes(api: SecuredRouter, deps: KpiRouterDeps): void {
  api.get('/kpis', 'kpis.read', async (req, res) => {
    const query = await authorizedKpiQuery(req, deps);
    const body: ScopeKpisPayload = await getScopeKpis(deps.sql, { ...query, timeZone: deps.timeZone });
    res.json(body);
  });
  api.get('/kpis/ranking', 'kpis.read', async (req, res) => {
    const query = await authorizedKpiQuery(req, deps);
    const body: RankingPayload = await getRanking(deps.sql, { ...query, timeZone: deps.timeZone });
    res.json(body);
  });
  api.get('/branches', 'branches.list', async (req, res) => {
    const query = parseInput(BranchQuerySchema, req.query);
    const within = orgScopeOf(scopeOf(principalOf(req)));
    const body: BranchCodeList = { items: await listBranchCodes(deps.sql, { within, limit: query.limit }) };
    res.json(body);
  });
}

/** The scope and day asked for, with the defaults applied, once the caller may read that scope. */
async function authorizedKpiQuery(req: Request, deps: KpiRouterDeps): Promise<{ scope: string; day: string }> {
  const query = parseInput(KpiQuerySchema, req.query);
  const principal = principalOf(req);
  const scope = query.scope ?? scopeText(scopeOf(principal));
  const target = await orgTargetOf(deps.sql, scope);
  if (!target) throw new AppError('NOT_FOUND', `no ${scope}`);
  authorize(principal, 'kpis.read', target, { hideOutsideScope: true });
  return { scope, day: query.day ?? bankDay((deps.clock ?? systemClock).now(), deps.timeZone) };
}

async function orgTargetOf(sql: Sql, scope: string): Promise<OrgTarget | undefined> {
  const parsed = parseScopeText(scope, 'scope');
  if (parsed.kind === 'bank') return { kind: 'bank' };
  return parsed.kind === 'region' ? findRegionTarget(sql, parsed.code) : findBranchTarget(sql, parsed.code);
}

const TargetSchema = z.object({
  scope: z.string().min(1, 'is required'),
  kpi: z.string().min(1, 'is required'),
  target: z.number({ message: 'must be a number' }),
});

/** `GET /kpi-targets` (readers) and `POST /kpi-targets` { scope, kpi, target } (administrators, audited). */
export function registerKpiTargetRoutes(api: SecuredRouter, deps: { db: Db; clock: Clock }): void {
  api.get('/kpi-targets', 'kpis.read', async (_req, res) => {
    res.json({ items: await listKpiTargets(deps.db.sql) });
  });
  api.post('/kpi-targets', 'targets.manage', 'kpi_targets.set', async (req, res) => {
    const body = parseInput(TargetSchema, req.body);
    const { before } = await setKpiTarget(deps, actorOf(req), body);
    res.json({ ...body, before });
  });
}
