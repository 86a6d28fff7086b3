import { z } from 'zod';
import {
  AwardSettingsSchema, NominationCreateSchema, NominationDecisionSchema, NominationListQuerySchema, ScorecardQuerySchema, StarsQuerySchema,
  type NominationView, type ServiceStar,
} from '../../contract/payloads/awards.ts';
import { bankDay } from '../../platform/bank-time.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, authorize, parseScopeText, principalOf, type SecuredRouter } from '../access/index.ts';
import { selectApprovedReasons, selectStars, type StarRow } from './award.repo.ts';
import { selectNominations } from './nomination.repo.ts';
import { monthOfDay } from './nomination.rules.ts';
import { checkUnitInScope, createNomination, decideNomination, linkedActor, scopeFilterOf, type AwardsDeps } from './nomination.service.ts';
import type { Nomination } from './nomination.types.ts';
import { getAwardSettings, scorecards, scorecardXlsx, setAwardSettings } from './scorecard.service.ts';
import { scorecardCsv } from './scorecard.rules.ts';

const STATUS_ZH: Record<Nomination['status'], string> = { pending: '待审批', approved: '通过', rejected: '驳回', lapsed: '失效' };
const IdSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export function nominationView(n: Nomination): NominationView {
  return {
    id: n.id, month: n.month,
    nominee: { code: n.nomineeCode, name: n.nomineeName },
    nominator: { code: n.nominatorCode, name: n.nominatorName },
    branch: n.branchCode ? { code: n.branchCode, name: n.branchName ?? n.branchCode } : null,
    reason: n.reason, praise: n.praise, status: n.status,
    approver: n.approverCode ? { code: n.approverCode, name: n.approverName ?? n.approverCode } : null,
    decidedBy: n.decidedByCode ? { code: n.decidedByCode, name: n.decidedByName ?? n.decidedByCode } : null,
    decisionReason: n.decisionReason,
    decidedAt: n.decidedAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

export const starView = (s: StarRow): ServiceStar => ({
  month: s.month, scope: s.scope, scopeName: s.scopeName, staff: { code: s.staffCode, name: s.staffName },
  branch: s.branchCode ? { code: s.branchCode, name: s.branchName ?? s.branchCode } : null, nominations: s.nominations,
});

/**
 * `GET/POST /nominations`, `POST /nominations/:id/decision`, `GET /service-stars`,
 * `GET /scorecards` (json, csv, xlsx), `GET/PATCH /award-settings` (administrators).
 */
export function registerAwardsRoutes(api: SecuredRouter, deps: AwardsDeps): void {
  const currentMonth = () => monthOfDay(bankDay(deps.clock.now(), deps.timeZone));

  api.get('/nominations', 'org.read', async (req, res) => {
    const query = parseInput(NominationListQuerySchema, req.query);
    const principal = principalOf(req);
    if (query.branch) await checkUnitInScope(deps.db.sql, principal, 'org.read', { kind: 'branch', code: query.branch });
    const filter = await scopeFilterOf(deps.db.sql, principal);
    const items = await selectNominations(deps.db.sql, { month: query.month ?? currentMonth(), status: query.status, branchCode: query.branch, ...filter, limit: 1000 });
    res.json({ items: items.map(nominationView) });
  });

  api.post('/nominations', 'nominations.create', 'nominations.create', async (req, res) => {
    const body = parseInput(NominationCreateSchema, req.body);
    const actor = linkedActor(actorOf(req));
    const { nomination } = await createNomination(deps, actor, { nomineeCode: body.nominee, reason: body.reason, praise: body.praise });
    res.status(201).json(nominationView(nomination));
  });

  api.post('/nominations/:id/decision', 'nominations.approve', 'nominations.decide', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const body = parseInput(NominationDecisionSchema, req.body);
    const { nomination, changed } = await decideNomination(deps, linkedActor(actorOf(req)), { id, approved: body.approved, reason: body.reason });
    if (!changed) throw new AppError('CONFLICT', `这条提名已${STATUS_ZH[nomination.status]}，不能再次审批。`);
    res.json(nominationView(nomination));
  });

  api.get('/service-stars', 'org.read', async (req, res) => {
    const query = parseInput(StarsQuerySchema, req.query);
    const principal = principalOf(req);
    if (query.scope && query.scope !== 'bank') {
      const parsed = parseScopeText(query.scope);
      if (parsed.kind !== 'bank') await checkUnitInScope(deps.db.sql, principal, 'org.read', parsed);
    } else if (query.scope === 'bank') {
      authorize(principal, 'org.read', { kind: 'bank' }, { hideOutsideScope: true });
    }
    const filter = await scopeFilterOf(deps.db.sql, principal);
    const within = filter.regionIds === null ? null : { regionIds: filter.regionIds, branchIds: filter.branchIds ?? [] };
    const stars = await selectStars(deps.db.sql, { month: query.month ?? null, scope: query.scope === 'bank' ? undefined : query.scope, staffCode: query.staff, within, limit: 2000 });
    const reasons = query.staff && stars.length > 0 ? await selectApprovedReasons(deps.db.sql, query.staff, query.month ?? null) : undefined;
    res.json({ items: stars.map(starView), ...(reasons ? { reasons: reasons.map((r) => ({ ...r, decidedAt: r.decidedAt.toISOString() })) } : {}) });
  });

  api.get('/scorecards', 'scorecards.read', async (req, res) => {
    const query = parseInput(ScorecardQuerySchema, req.query);
    const result = await scorecards(deps, principalOf(req), query);
    const name = `scorecard-${result.month}-${result.scope.replace(':', '-')}`;
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(scorecardCsv(result.rows));
    } else if (query.format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${name}.xlsx`).send(await scorecardXlsx(result.month, result.rows));
    } else {
      res.json({ month: result.month, scope: result.scope, items: result.rows });
    }
  });

  api.get('/award-settings', 'awards.manage', async (_req, res) => {
    res.json(await getAwardSettings(deps.db));
  });
  api.patch('/award-settings', 'awards.manage', 'awards.settings', async (req, res) => {
    const body = parseInput(AwardSettingsSchema, req.body);
    res.json(await setAwardSettings(deps, actorOf(req), body));
  });
}
