import type { Request } from 'express';
import { z } from 'zod';
import { ComplaintCreateSchema, ComplaintIntakeSchema, ComplaintListQuerySchema, ComplaintStepSchemas, type ComplaintView } from '../../contract/payloads/complaints.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, authorize, findBranchTarget, findRegionTarget, principalOf, scopeOf, scopeText, type Permission, type SecuredRouter } from '../access/index.ts';
import { complaintKpis, countScopeOf } from './complaint-kpi.service.ts';
import { mergeComplaint, requestReview } from './complaint-cases.service.ts';
import type { ComplaintDeps } from './complaint-deps.ts';
import type { ComplaintCommand } from './complaint-workflow.rules.ts';
import { actOnComplaint, getComplaint, intakeComplaint, listComplaints } from './complaint.service.ts';

const IdSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const S = ComplaintStepSchemas;
const at = (iso: string) => new Date(iso);

/** Each handling step is its own route: its permission and audit action are declared, not inferred. */
const STEPS: Array<{ path: string; permission: Permission; audit: string; command(req: Request): { command: ComplaintCommand; version?: number | undefined } }> = [
  { path: 'claim', permission: 'complaints.handle', audit: 'complaints.claim', command: (req) => ({ command: { kind: 'claim' }, version: parseInput(S.claim, req.body).version }) },
  { path: 'contact', permission: 'complaints.handle', audit: 'complaints.contact', command: (req) => { const b = parseInput(S.contact, req.body); return { command: { kind: 'contact', note: b.note }, version: b.version }; } },
  { path: 'extend', permission: 'complaints.handle', audit: 'complaints.extend', command: (req) => { const b = parseInput(S.extend, req.body); return { command: { kind: 'extend', to: 30, reason: b.reason }, version: b.version }; } },
  {
    path: 'approve-extension', permission: 'complaints.approve_extension', audit: 'complaints.approve_extension',
    command: (req) => { const b = parseInput(S.approveExtension, req.body); return { command: { kind: 'extend', to: 60, reason: b.reason, customerNotifiedAt: at(b.customerNotifiedAt) }, version: b.version }; },
  },
  {
    path: 'pause', permission: 'complaints.handle', audit: 'complaints.pause',
    command: (req) => { const b = parseInput(S.pause, req.body); return { command: { kind: 'pause', reason: b.reason, customerNotifiedAt: at(b.customerNotifiedAt), note: b.note }, version: b.version }; },
  },
  { path: 'resume', permission: 'complaints.handle', audit: 'complaints.resume', command: (req) => { const b = parseInput(S.resume, req.body); return { command: { kind: 'resume', note: b.note }, version: b.version }; } },
  {
    path: 'decide', permission: 'complaints.handle', audit: 'complaints.decide',
    command: (req) => { const b = parseInput(S.decide, req.body); return { command: { kind: 'decide', decision: b.decision, informedAt: at(b.informedAt), informedVia: b.informedVia }, version: b.version }; },
  },
  { path: 'close', permission: 'complaints.handle', audit: 'complaints.close', command: (req) => { const b = parseInput(S.close, req.body); return { command: { kind: 'close', note: b.note }, version: b.version }; } },
  { path: 'restart', permission: 'complaints.handle', audit: 'complaints.restart', command: (req) => { const b = parseInput(S.restart, req.body); return { command: { kind: 'restart', facts: b.facts }, version: b.version }; } },
  { path: 'notes', permission: 'complaints.handle', audit: 'complaints.note', command: (req) => { const b = parseInput(S.note, req.body); return { command: { kind: 'note', note: b.note }, version: b.version }; } },
];

/**
 * `POST /complaints` (integrators with an API key allowed `complaint.received`; the back office),
 * `GET /complaints` (filters: clockState, status, open, mine), `GET /complaints/:id` (with the
 * timeline), and one route per handling step under `/complaints/:id/…`, plus `merge` and `review`.
 */
export function registerComplaintRoutes(api: SecuredRouter, deps: ComplaintDeps): void {
  api.post('/complaints', 'complaints.create', 'complaints.create', async (req, res) => {
    const principal = principalOf(req);
    const input = principal.kind === 'api_key' ? parseInput(ComplaintIntakeSchema, req.body) : parseInput(ComplaintCreateSchema, req.body);
    const { view, created } = await intakeComplaint(deps, actorOf(req), input);
    res.status(created ? 201 : 200).json(view satisfies ComplaintView);
  });
  api.get('/complaints', 'complaints.read', async (req, res) => {
    const query = parseInput(ComplaintListQuerySchema, req.query);
    const items = await listComplaints(deps, principalOf(req), { ...query, open: query.open === 'true', mine: query.mine === 'true' });
    res.json({ items });
  });
  api.get('/kpis/complaints', 'kpis.read', async (req, res) => {
    const { scope: asked } = parseInput(z.object({ scope: z.string().max(80).optional() }), req.query);
    const principal = principalOf(req);
    const scope = asked ?? scopeText(scopeOf(principal));
    const countScope = await countScopeOf(deps.db.sql, scope);
    const target = countScope.kind === 'bank' ? { kind: 'bank' as const } : await (countScope.kind === 'branch' ? findBranchTarget : findRegionTarget)(deps.db.sql, scope.split(':')[1]!);
    authorize(principal, 'kpis.read', target, { hideOutsideScope: true });
    res.json(await complaintKpis({ sql: deps.db.sql, timeZone: deps.settings.timeZone, dueSoonHours: deps.settings.dueSoonHours }, scope, deps.clock.now()));
  });
  api.get('/complaints/:id', 'complaints.read', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    res.json(await getComplaint(deps, principalOf(req), id));
  });
  for (const step of STEPS) {
    api.post(`/complaints/:id/${step.path}`, step.permission, step.audit, async (req, res) => {
      const { id } = parseInput(IdSchema, req.params);
      const { command, version } = step.command(req);
      const { view } = await actOnComplaint(deps, actorOf(req), id, command, version);
      res.json(view);
    });
  }
  api.post('/complaints/:id/merge', 'complaints.handle', 'complaints.merge', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const { into } = parseInput(S.merge, req.body);
    res.json(await mergeComplaint(deps, actorOf(req), id, into));
  });
  api.post('/complaints/:id/review', 'complaints.create', 'complaints.review', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const b = parseInput(S.review, req.body);
    res.status(201).json(await requestReview(deps, actorOf(req), id, { summary: b.summary, requestedAt: b.requestedAt ? at(b.requestedAt) : undefined }));
  });
}
