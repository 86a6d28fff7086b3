import { Router } from 'express';
import { z } from 'zod';
import type { Queryable } from '../../../db/types.ts';
import type { OrgOverview, StaffSummary } from '../../contract/payloads/org.ts';
import { AppError } from '../../platform/errors.ts';
import { getOrgOverview, listStaff } from './org.service.ts';

export interface OrgRouterDeps {
  sql: Queryable;
  bank: { name: string; timeZone: string };
}

const StaffQuerySchema = z.object({
  q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
  branch: z.string().trim().max(64, 'must be at most 64 characters').optional(),
  limit: z.coerce.number('must be a number').int('must be a whole number').min(1).max(100).optional(),
});

function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'query', reason: issue.message }));
  const first = issues[0] ?? { field: 'query', reason: 'is invalid' };
  throw new AppError('INVALID_INPUT', `${first.field}: ${first.reason}`, issues);
}

/**
 * `GET /org/overview` → OrgOverview; `GET /staff?q=&branch=&limit=` → { items: StaffSummary[] } (active
 * staff by code, limit 1–100, default 20). Mounted under /api/v1 by the HTTP app.
 */
export function createOrgRouter(deps: OrgRouterDeps): Router {
  const router = Router();
  router.get('/org/overview', async (_req, res) => {
    const body: OrgOverview = await getOrgOverview(deps.sql, deps.bank);
    res.json(body);
  });
  router.get('/staff', async (req, res) => {
    const query = parseQuery(StaffQuerySchema, req.query);
    const items: StaffSummary[] = await listStaff(deps.sql, { q: query.q, branchCode: query.branch, limit: query.limit });
    res.json({ items });
  });
  return router;
}
