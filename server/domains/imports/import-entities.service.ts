/**
 * What differs per entity: how a row is parsed, which rows conflict with each other, which
 * references must exist in the database, and which domain use case writes the rows. The import
 * pipeline (import.service.ts) is the same for all.
 */
import type { Queryable, TransactionSql } from '../../../db/types.ts';
import { importCalendarDays, type CalendarDay } from '../calendar/index.ts';
import { upsertCustomers, type CustomerInput } from '../customers/index.ts';
import {
  findMissingBranchCodes,
  findMissingStaffCodes,
  findRegionTreeProblems,
  listFeishuIdHolders,
  listRegionTree,
  upsertBranches,
  upsertRegions,
  upsertStaff,
  type BranchInput,
  type RegionInput,
  type RegionNode,
  type StaffInput,
  type UpsertCounts,
} from '../org/index.ts';
import { findDuplicateKeys, findSecondBranchHeads, findSharedFeishuIds, ROW_PARSERS, type RowOutcome } from './import.rules.ts';
import type { ImportEntity, ParsedRow, RowError, SourceRow } from './import.types.ts';

/**
 * Checks run on every row's parsed fields (`rows`, bad rows included, so one round reports
 * everything); `validRows` are the rows without errors.
 */
export interface EntityImporter<T> {
  parse(row: SourceRow): RowOutcome<T>;
  /** Conflicts between rows of the file (duplicate codes …). Pure. */
  findRowConflicts(rows: ParsedRow<Partial<T>>[]): RowError[];
  /** References that must resolve in the database. */
  checkReferences(sql: Queryable, rows: ParsedRow<Partial<T>>[], validRows: ParsedRow<T>[]): Promise<RowError[]>;
  write(tx: TransactionSql, values: T[], onBatch: (done: number) => void): Promise<UpsertCounts>;
}

/** Errors for rows whose `field` names a code that `missing` lists. */
function unknownReferences<T>(
  rows: readonly ParsedRow<Partial<T>>[],
  field: string,
  codeOf: (value: Partial<T>) => string | null | undefined,
  missing: readonly string[],
  noun: string,
): RowError[] {
  if (missing.length === 0) return [];
  const missingSet = new Set(missing);
  return rows.flatMap(({ line, value }) => {
    const code = codeOf(value);
    return code && missingSet.has(code) ? [{ row: line, field, reason: `unknown ${noun} "${code}"` }] : [];
  });
}

const codesOf = <T>(rows: readonly ParsedRow<Partial<T>>[], codeOf: (value: Partial<T>) => string | null | undefined): string[] => [
  ...new Set(rows.map(({ value }) => codeOf(value)).filter((code): code is string => Boolean(code))),
];

const duplicateCodes = <T extends { code: string }>(rows: ParsedRow<Partial<T>>[]) => findDuplicateKeys(rows, (value) => value.code, 'code');

const regions: EntityImporter<RegionInput> = {
  parse: ROW_PARSERS.regions,
  findRowConflicts: duplicateCodes,
  async checkReferences(sql, rows, validRows) {
    const existing = await listRegionTree(sql);
    const known = new Set([...existing.map((node) => node.code), ...validRows.map(({ value }) => value.code)]);
    // Codes of bad rows stand in as parents, so their children get no second error.
    const placeholders: RegionNode[] = codesOf(rows, (value) => value.code)
      .filter((code) => !known.has(code))
      .map((code) => ({ code, kind: 'sub_branch', parentCode: null }));
    const lineOf = new Map<string, number>();
    for (const { line, value } of validRows) if (!lineOf.has(value.code)) lineOf.set(value.code, line);
    const problems = findRegionTreeProblems([...existing, ...placeholders], validRows.map(({ value }) => value));
    return problems.map((problem) => ({ row: lineOf.get(problem.code) ?? 0, field: problem.field, reason: problem.reason }));
  },
  write: (tx, values, onBatch) => upsertRegions(tx, values, onBatch),
};

const branches: EntityImporter<BranchInput> = {
  parse: ROW_PARSERS.branches,
  findRowConflicts: duplicateCodes,
  async checkReferences(sql, rows) {
    const regionCodes = new Set((await listRegionTree(sql)).map((node) => node.code));
    const missingRegions = codesOf(rows, (value) => value.regionCode).filter((code) => !regionCodes.has(code));
    const missingStaff = await findMissingStaffCodes(sql, codesOf(rows, (value) => value.headStaffCode));
    return [
      ...unknownReferences(rows, 'region_code', (value) => value.regionCode, missingRegions, 'region'),
      ...unknownReferences(rows, 'head_staff_code', (value) => value.headStaffCode, missingStaff, 'staff'),
    ];
  },
  write: (tx, values, onBatch) => upsertBranches(tx, values, onBatch),
};

const staff: EntityImporter<StaffInput> = {
  parse: ROW_PARSERS.staff,
  findRowConflicts: (rows) => [...duplicateCodes(rows), ...findSecondBranchHeads(rows), ...findSharedFeishuIds(rows)],
  async checkReferences(sql, rows) {
    const regionCodes = new Set((await listRegionTree(sql)).map((node) => node.code));
    const missingRegions = codesOf(rows, (value) => value.regionCode).filter((code) => !regionCodes.has(code));
    const missingBranches = await findMissingBranchCodes(sql, codesOf(rows, (value) => value.branchCode));
    return [
      ...unknownReferences(rows, 'branch_code', (value) => value.branchCode, missingBranches, 'branch'),
      ...unknownReferences(rows, 'region_code', (value) => value.regionCode, missingRegions, 'region'),
      ...(await findFeishuIdsOfOthers(sql, rows)),
    ];
  },
  write: (tx, values, onBatch) => upsertStaff(tx, values, onBatch),
};

/** A Feishu id already held by someone else than the row's own staff code. */
async function findFeishuIdsOfOthers(sql: Queryable, rows: readonly ParsedRow<Partial<StaffInput>>[]): Promise<RowError[]> {
  const holders = await listFeishuIdHolders(sql, {
    openIds: codesOf(rows, (value) => value.feishuOpenId),
    userIds: codesOf(rows, (value) => value.feishuUserId),
  });
  if (holders.length === 0) return [];
  const openIdHolder = new Map(holders.filter((h) => h.feishuOpenId).map((h) => [h.feishuOpenId as string, h.code]));
  const userIdHolder = new Map(holders.filter((h) => h.feishuUserId).map((h) => [h.feishuUserId as string, h.code]));
  return rows.flatMap(({ line, value }) => {
    const errors: RowError[] = [];
    const openHolder = value.feishuOpenId ? openIdHolder.get(value.feishuOpenId) : undefined;
    const userHolder = value.feishuUserId ? userIdHolder.get(value.feishuUserId) : undefined;
    if (openHolder && openHolder !== value.code) errors.push({ row: line, field: 'feishu_open_id', reason: `already belongs to staff "${openHolder}"` });
    if (userHolder && userHolder !== value.code) errors.push({ row: line, field: 'feishu_user_id', reason: `already belongs to staff "${userHolder}"` });
    return errors;
  });
}

const customers: EntityImporter<CustomerInput> = {
  parse: ROW_PARSERS.customers,
  findRowConflicts: duplicateCodes,
  async checkReferences(sql, rows) {
    const missingBranches = await findMissingBranchCodes(sql, codesOf(rows, (value) => value.branchCode));
    const missingManagers = await findMissingStaffCodes(sql, codesOf(rows, (value) => value.accountManagerCode));
    return [
      ...unknownReferences(rows, 'branch_code', (value) => value.branchCode, missingBranches, 'branch'),
      ...unknownReferences(rows, 'account_manager_code', (value) => value.accountManagerCode, missingManagers, 'staff'),
    ];
  },
  write: (tx, values, onBatch) => upsertCustomers(tx, values, onBatch),
};

const holidays: EntityImporter<CalendarDay> = {
  parse: ROW_PARSERS.holidays,
  findRowConflicts: (rows) => findDuplicateKeys(rows, (value) => value.date, 'date'),
  checkReferences: async () => [],
  async write(tx, values, onBatch) {
    const { inserted, updated } = await importCalendarDays(tx, values);
    onBatch(values.length);
    return { inserted, updated };
  },
};

export const IMPORTERS: Record<ImportEntity, EntityImporter<unknown>> = { regions, branches, staff, customers, holidays };
