/**
 * The organisation: regions (总行 → 分行 → 支行, a tree), branches (网点, the unit every KPI is
 * computed for) and staff. Everything is keyed by its code; ids stay inside the database.
 */
export type {
  BatchProgress,
  BranchInput,
  EntityId,
  OrgOverview,
  OrgScope,
  OrgUnit,
  Region,
  RegionInput,
  RegionKind,
  RegionNode,
  Staff,
  StaffIdentity,
  StaffInput,
  StaffQuery,
  StaffRole,
  StaffSummary,
  UpsertCounts,
} from './org.types.ts';
export { REGION_KINDS, STAFF_ROLES } from './org.types.ts';

/**
 * `findRegionTreeProblems(existing, incoming)`: unknown parents, cycles and a second head office
 * that applying `incoming` would cause, each against an incoming code (pure; the importer turns
 * them into row errors).
 */
export { findRegionTreeProblems, type RegionTreeProblem } from './org.rules.ts';

/**
 * Reads:
 * - `getOrgOverview(sql, bank)`: counts (active branches and staff) and every region with its
 *   parent code and the active branches in its subtree, parents first.
 * - `listStaff(sql, { q?, branchCode?, limit? })`: active staff for a picker; `q` matches the
 *   start of the code or part of the name; limit 1–100, default 20.
 * - `findStaffByCode(sql, code)`: one staff member with Feishu ids and contact data, or undefined.
 * - `findStaffIdentity(sql, code)`: who a code belongs to (name, role, branch, region, active),
 *   without contact data; the bot's identity check.
 *
 * Importer checks: `listRegionTree(sql)`, `findMissingBranchCodes(sql, codes)`,
 * `findMissingStaffCodes(sql, codes)`, `listFeishuIdHolders(sql, { openIds, userIds })`.
 *
 * Writes, inside the caller's transaction (`tx`), by code, in batches of 1,000, calling
 * `onBatch(done)` after each: `upsertRegions` (recomputes every ancestor path; CONFLICT on a cycle
 * or a second head office), `upsertBranches`, `upsertStaff` (branch_head sets the branch's head).
 * An optional field left undefined on every input keeps its stored value; null clears it.
 *
 * @example
 *   await db.changes.transaction((tx) => upsertRegions(tx, [{ code: 'HQ', name: '总行', kind: 'head_office', parentCode: null }]));
 */
/**
 * Scopes: `findRegionUnitByCode` / `findBranchUnitByCode` give a unit with the ids of the regions
 * above it (access control resolves scopes and targets with them); `getOrgOverview(sql, bank, within)`
 * and `listStaff(sql, { within })` limit reads to a scope.
 */
export {
  findBranchUnitByCode,
  findBranchUnitsByCodes,
  listBranchAncestry,
  findRegionUnitByCode,
  findMissingBranchCodes,
  findMissingStaffCodes,
  findStaffByCode,
  findStaffIdentity,
  getOrgOverview,
  listFeishuIdHolders,
  listRegionTree,
  listStaff,
  upsertBranches,
  upsertRegions,
  upsertStaff,
} from './org.service.ts';

/**
 * Chat identities: `selectStaffCodeByOpenId`, `selectOpenIdOfStaff`, `linkOpenIdByContact` (links an
 * open_id to the one active staff member with that mobile/email), `searchStaffByCodeOrName`,
 * `selectBranchHeads` (branch head first, then deputies).
 */
export { linkOpenIdByContact, searchStaffByCodeOrName, selectBranchHeads, selectOpenIdOfStaff, selectStaffCodeByOpenId } from './staff-directory.repo.ts';

/** `registerOrgRoutes(api, { sql, bank, readerScope })`: `GET /org/overview` and `GET /staff?q=&branch=&limit=`, within the caller's scope. */
export { registerOrgRoutes, type OrgRouterDeps } from './org.routes.ts';

/**
 * Feishu sign-in and linking: `findAndLinkStaff(sql, person, now)` finds the staff member a Feishu
 * person is (open_id → union_id → user_id → a unique mobile/email), storing ids not yet known.
 */
export { findAndLinkStaff, linkOpenIdsByContact, selectUnlinkedStaffContacts, type FeishuPerson, type LinkedStaff } from './staff-link.repo.ts';
