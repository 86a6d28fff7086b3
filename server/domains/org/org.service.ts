/**
 * Organisation use cases: getOrgOverview, listStaff, findStaffByCode (reads), the checks the
 * importer runs before writing (listRegionTree, findMissingBranchCodes, findMissingStaffCodes,
 * listFeishuIdHolders), and the upserts it calls inside its transaction (upsertRegions,
 * upsertBranches, upsertStaff). No domain events: the importer notifies `org_changed` after commit.
 */
import type { Queryable, TransactionSql } from '../../../db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { assignBranchHeads, clearDepartedBranchHeads, listExistingBranchCodes, upsertBranchBatch } from './branch.repo.ts';
import { selectScopedOverview } from './overview.repo.ts';
import { findBranchUnit, findBranchUnits, findRegionUnit, selectBranchAncestry } from './unit.repo.ts';
import { layerRegionsByParent } from './org.rules.ts';
import type {
  BatchProgress,
  BranchInput,
  OrgOverview,
  OrgScope,
  OrgUnit,
  RegionInput,
  RegionNode,
  Staff,
  StaffIdentity,
  StaffInput,
  StaffQuery,
  StaffSummary,
  UpsertCounts,
} from './org.types.ts';
import { listHeadOfficeCodes, listRegionNodes, refreshRegionAncestors, upsertRegionBatch } from './region.repo.ts';
import {
  findStaffIdentityRow,
  findStaffRowByCode,
  listExistingStaffCodes,
  listFeishuIdHolders as listFeishuIdHolderRows,
  listStaffSummaries,
  upsertStaffBatch,
} from './staff.repo.ts';

const BATCH_SIZE = 1000;
const DEFAULT_STAFF_LIMIT = 20;
const MAX_STAFF_LIMIT = 100;

export async function getOrgOverview(sql: Queryable, bank: { name: string; timeZone: string }, within?: OrgScope): Promise<OrgOverview> {
  const { counts, regions } = await selectScopedOverview(sql, within);
  return { bank: { name: bank.name, timeZone: bank.timeZone }, counts, regions };
}

export const findRegionUnitByCode = (sql: Queryable, code: string): Promise<OrgUnit | undefined> => findRegionUnit(sql, code);
export const findBranchUnitByCode = (sql: Queryable, code: string): Promise<OrgUnit | undefined> => findBranchUnit(sql, code);
/** Each branch's code, name and the codes of the regions above it (the scopes that contain it). */
export const listBranchAncestry = (sql: Queryable, branchIds: readonly string[]) => selectBranchAncestry(sql, branchIds);
export const findBranchUnitsByCodes = (sql: Queryable, codes: readonly string[]): Promise<OrgUnit[]> => findBranchUnits(sql, codes);

export async function listStaff(sql: Queryable, query: StaffQuery = {}): Promise<StaffSummary[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_STAFF_LIMIT), 1), MAX_STAFF_LIMIT);
  const q = query.q?.trim() || undefined;
  return listStaffSummaries(sql, { q, branchCode: query.branchCode || undefined, limit, within: query.within });
}

export const findStaffByCode = (sql: Queryable, code: string): Promise<Staff | undefined> => findStaffRowByCode(sql, code);

/** Who a staff code belongs to (the bot's identity check), inactive staff included; no contact data. */
export const findStaffIdentity = (sql: Queryable, code: string): Promise<StaffIdentity | undefined> => findStaffIdentityRow(sql, code);

export const listRegionTree = (sql: Queryable): Promise<RegionNode[]> => listRegionNodes(sql);

export async function findMissingBranchCodes(sql: Queryable, codes: readonly string[]): Promise<string[]> {
  const found = new Set(await listExistingBranchCodes(sql, [...new Set(codes)]));
  return [...new Set(codes)].filter((code) => !found.has(code));
}

export async function findMissingStaffCodes(sql: Queryable, codes: readonly string[]): Promise<string[]> {
  const found = new Set(await listExistingStaffCodes(sql, [...new Set(codes)]));
  return [...new Set(codes)].filter((code) => !found.has(code));
}

/** Staff already holding any of these Feishu ids, to catch an id given to a second person. */
export const listFeishuIdHolders = (
  sql: Queryable,
  ids: { openIds: readonly string[]; userIds: readonly string[] },
): Promise<{ code: string; feishuOpenId: string | null; feishuUserId: string | null }[]> => listFeishuIdHolderRows(sql, ids);

async function writeInBatches<T>(
  items: readonly T[],
  write: (batch: readonly T[]) => Promise<UpsertCounts>,
  onBatch: BatchProgress | undefined,
  doneBefore = 0,
): Promise<UpsertCounts> {
  const total = { inserted: 0, updated: 0 };
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    const batch = items.slice(start, start + BATCH_SIZE);
    const counts = await write(batch);
    // The statements join to the referenced rows; a row that vanished since validation is dropped.
    if (counts.inserted + counts.updated !== batch.length) throw referenceRemovedMeanwhile();
    total.inserted += counts.inserted;
    total.updated += counts.updated;
    onBatch?.(doneBefore + Math.min(start + BATCH_SIZE, items.length));
  }
  return total;
}

const referenceRemovedMeanwhile = (): AppError =>
  new AppError('CONFLICT', 'a referenced region, branch or staff member was removed meanwhile; nothing was written, try again');

const isProvided = <T>(inputs: readonly T[], key: keyof T): boolean => inputs.some((input) => input[key] !== undefined);

/**
 * Inserts or updates regions by code, parents before children, then rewrites every ancestor_ids
 * path in the same transaction. Throws CONFLICT (rolling the caller back) if the result has a
 * parent cycle or two head offices; validate first with findRegionTreeProblems to get row errors.
 */
export async function upsertRegions(tx: TransactionSql, inputs: readonly RegionInput[], onBatch?: BatchProgress): Promise<UpsertCounts> {
  const provided = { nameEn: isProvided(inputs, 'nameEn') };
  const total = { inserted: 0, updated: 0 };
  let done = 0;
  for (const layer of layerRegionsByParent(inputs)) {
    const counts = await writeInBatches(layer, (batch) => upsertRegionBatch(tx, batch, provided), onBatch, done);
    done += layer.length;
    total.inserted += counts.inserted;
    total.updated += counts.updated;
  }
  const { unreachableCodes } = await refreshRegionAncestors(tx);
  if (unreachableCodes.length > 0) {
    throw new AppError('CONFLICT', `regions ${unreachableCodes.join(', ')} would form a parent cycle`);
  }
  const headOffices = await listHeadOfficeCodes(tx);
  if (headOffices.length > 1) throw new AppError('CONFLICT', `there would be ${headOffices.length} head offices: ${headOffices.join(', ')}`);
  return total;
}

/** Inserts or updates branches by code; every region and head staff code must exist. */
export async function upsertBranches(tx: TransactionSql, inputs: readonly BranchInput[], onBatch?: BatchProgress): Promise<UpsertCounts> {
  const provided = {
    address: isProvided(inputs, 'address'),
    headStaffCode: isProvided(inputs, 'headStaffCode'),
    feishuChatId: isProvided(inputs, 'feishuChatId'),
    active: isProvided(inputs, 'active'),
  };
  return writeInBatches(inputs, (batch) => upsertBranchBatch(tx, batch, provided), onBatch);
}

/**
 * Inserts or updates staff by code. Each branch_head becomes the head of their branch (the latest
 * import wins); a recorded head who has moved to another unit or become inactive is cleared.
 */
export async function upsertStaff(tx: TransactionSql, inputs: readonly StaffInput[], onBatch?: BatchProgress): Promise<UpsertCounts> {
  const provided = {
    feishuOpenId: isProvided(inputs, 'feishuOpenId'),
    feishuUserId: isProvided(inputs, 'feishuUserId'),
    mobile: isProvided(inputs, 'mobile'),
    email: isProvided(inputs, 'email'),
    active: isProvided(inputs, 'active'),
  };
  const counts = await writeInBatches(inputs, (batch) => upsertStaffBatch(tx, batch, provided), onBatch);
  await clearDepartedBranchHeads(tx, inputs.map((input) => input.code));
  await assignBranchHeads(tx, inputs.filter((input) => input.role === 'branch_head').map((input) => input.code));
  return counts;
}
