import { z } from 'zod';
import type { Request } from 'express';
import type { Sql } from '../../../db/types.ts';
import type { OrgOverview, StaffSummary } from '../../contract/payloads/org.ts';
import { parseInput } from '../../platform/validate.ts';
// Type only: access resolves scopes from org units, so org must not load access at run time
// (the architecture test forbids the cycle); the caller's scope arrives through `readerScope`.
import type { SecuredRouter } from '../access/index.ts';
import { getOrgOverview, listStaff } from './org.service.ts';
import type { OrgScope } from './org.types.ts';

export interface OrgRouterDeps {
  sql: Sql;
  bank: { name: string; timeZone: string };
  /** The org filter of the signed-in caller's scope (undefined: the whole bank). */
  readerScope: (req: Request) => OrgScope | undefined;
}

const StaffQuerySchema = z.object({
  q: z.string().trim().max(64, 'must be at most 64 characters').optional(),
  branch: z.string().trim().max(64, 'must be at most 64 characters').optional(),
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100').optional(),
});

/**
 * `GET /org/overview` → OrgOverview and `GET /staff?q=&branch=&limit=` → { items: StaffSummary[] }
 * (active staff by code, limit 1–100, default 20). Both read within the caller's scope: a branch
 * head sees their branch, a region manager their region's subtree, leadership the bank.
 */
export function registerOrgRoutes(api: SecuredRouter, deps: OrgRouterDeps): void {
  api.get('/org/overview', 'org.overview', async (req, res) => {
    const within = deps.readerScope(req);
    const body: OrgOverview = await getOrgOverview(deps.sql, deps.bank, within);
    res.json(body);
  });
  api.get('/staff', 'org.read', async (req, res) => {
    const query = parseInput(StaffQuerySchema, req.query);
    const within = deps.readerScope(req);
    const items: StaffSummary[] = await listStaff(deps.sql, { q: query.q, branchCode: query.branch, limit: query.limit, within });
    res.json({ items });
  });
}
