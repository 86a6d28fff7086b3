import { z } from 'zod';
import {
  ChecklistImportSchema, InspectionSubmitSchema, RectificationExtendSchema, RectificationFixSchema, RectificationGrantSchema,
  RectificationListQuerySchema, RectificationVerifySchema,
} from '../../contract/payloads/inspections.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, principalOf, type SecuredRouter } from '../access/index.ts';
import { discardDraft, listDrafts, saveDraft } from './draft.service.ts';
import type { InspectionDeps } from './inspection-deps.ts';
import { calibration, inspectionKpisFor } from './inspection-kpi.service.ts';
import { exportChecklist, getInspection, importChecklist, listChecklists, listInspections, submitInspection } from './inspection.service.ts';
import { readPhoto, uploadPhoto } from './photo.service.ts';
import { actOnRectification, listRectifications } from './rectification.service.ts';

const IdSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const TextIdSchema = z.object({ id: z.string().min(1).max(100) });
const Version = z.object({ version: z.number().int().positive().optional() });
const checklistView = (c: { id: number; code: string; name: string; version: number; modules: unknown }) => ({ id: c.id, code: c.code, name: c.name, version: c.version, modules: c.modules });

/**
 * Checklists, inspections, rectifications, photos and the inspection KPIs (issue #11). Every
 * route declares its permission and audit action; scope is checked in the services.
 */
export function registerInspectionRoutes(api: SecuredRouter, deps: InspectionDeps): void {
  api.get('/checklists', 'inspections.read', async (req, res) => {
    res.json({ items: (await listChecklists(deps, principalOf(req))).map(checklistView) });
  });
  api.get('/checklists/:code/export', 'inspections.read', async (req, res) => {
    const { code } = parseInput(z.object({ code: z.string().min(1).max(64) }), req.params);
    res.json(checklistView(await exportChecklist(deps, principalOf(req), code)));
  });
  api.post('/checklists', 'checklists.manage', 'checklists.import', async (req, res) => {
    const input = parseInput(ChecklistImportSchema, req.body);
    res.status(201).json(checklistView(await importChecklist(deps, actorOf(req), input)));
  }, { bodyLimit: '2mb' });

  api.post('/inspections', 'inspections.submit', 'inspections.submit', async (req, res) => {
    const input = parseInput(InspectionSubmitSchema, req.body);
    const { result, created } = await submitInspection(deps, actorOf(req), input);
    if (created) await discardDraft(deps, input.id);
    res.status(created ? 201 : 200).json(result);
  });
  api.get('/inspections', 'inspections.read', async (req, res) => {
    const q = parseInput(z.object({ branch: z.string().max(32).optional(), days: z.coerce.number().int().min(1).max(3660).optional() }), req.query);
    res.json({ items: await listInspections(deps, principalOf(req), q) });
  });
  api.get('/inspections/calibration', 'inspections.read', async (req, res) => {
    const q = parseInput(z.object({ days: z.coerce.number().int().min(1).max(3660).optional() }), req.query);
    res.json(await calibration(deps, principalOf(req), q.days));
  });
  api.get('/inspections/drafts', 'inspections.draft', async (req, res) => {
    res.json({ items: await listDrafts(deps, principalOf(req)) });
  });
  api.post('/inspections/drafts', 'inspections.draft', 'inspections.draft', async (req, res) => {
    const input = parseInput(z.object({ id: TextIdSchema.shape.id, branch: z.string().max(32).optional(), data: z.record(z.string(), z.unknown()) }), req.body);
    res.json(await saveDraft(deps, actorOf(req), input));
  }, { bodyLimit: '2mb' });
  api.post('/inspections/photos', 'inspections.read', 'inspections.photo_upload', async (req, res) => {
    const input = parseInput(z.object({
      data: z.string().min(1).max(16_000_000), branch: z.string().max(32).optional(), kind: z.string().max(32).optional(),
      rectification: z.number().int().positive().optional(),
    }), req.body);
    res.status(201).json(await uploadPhoto(deps, actorOf(req), { ...input, bytes: Buffer.from(input.data, 'base64') }));
  }, { bodyLimit: '12mb' });
  api.get('/inspections/photos/:id', 'inspections.read', async (req, res) => {
    const { id } = parseInput(z.object({ id: z.string().uuid() }), req.params);
    const photo = await readPhoto(deps, principalOf(req), id);
    res.set('Cache-Control', 'private, max-age=3600').type(photo.contentType).send(photo.bytes);
  });
  api.get('/inspections/:id', 'inspections.read', async (req, res) => {
    const { id } = parseInput(TextIdSchema, req.params);
    res.json(await getInspection(deps, principalOf(req), id));
  });

  api.get('/rectifications', 'inspections.read', async (req, res) => {
    const q = parseInput(RectificationListQuerySchema.extend({ owner: z.string().max(64).optional() }), req.query);
    res.json({ items: await listRectifications(deps, principalOf(req), q) });
  });
  api.post('/rectifications/:id/fix', 'rectifications.fix', 'rectifications.fix', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const b = parseInput(RectificationFixSchema.merge(Version), req.body);
    res.json((await actOnRectification(deps, actorOf(req), id, { kind: 'fix', note: b.note }, b.version)).view);
  });
  api.post('/rectifications/:id/extend', 'rectifications.fix', 'rectifications.request_extension', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const b = parseInput(RectificationExtendSchema.merge(Version), req.body);
    res.json((await actOnRectification(deps, actorOf(req), id, { kind: 'request_extension', reason: b.reason }, b.version)).view);
  });
  api.post('/rectifications/:id/grant', 'inspections.verify', 'rectifications.grant_extension', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const b = parseInput(RectificationGrantSchema.partial().merge(Version), req.body ?? {});
    res.json((await actOnRectification(deps, actorOf(req), id, { kind: 'grant_extension', days: b.days ?? 0 }, b.version)).view);
  });
  api.post('/rectifications/:id/verify', 'inspections.verify', 'rectifications.verify', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    const b = parseInput(RectificationVerifySchema.merge(Version), req.body);
    res.json((await actOnRectification(deps, actorOf(req), id, { kind: 'verify', accepted: b.accepted, note: b.note }, b.version)).view);
  });

  api.get('/kpis/inspections', 'org.read', async (req, res) => {
    const q = parseInput(z.object({ scope: z.string().max(80).optional(), days: z.coerce.number().int().min(1).max(3660).optional() }), req.query);
    res.json(await inspectionKpisFor(deps, principalOf(req), q.scope, q.days));
  });
}
