/** 总行 / 分行 / 支行: the levels of the region tree (DESIGN §3 "region"). */
export const REGION_KINDS = ['head_office', 'branch_office', 'sub_branch'] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

export const STAFF_ROLES = [
  'leader', 'region_manager', 'inspector', 'complaint_handler',
  'branch_head', 'deputy_head', 'lobby_manager', 'account_manager', 'teller', 'staff',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Ids are bigint in the database and strings here (postgres.js returns int8 as text). */
export type EntityId = string;

export interface Region {
  id: EntityId;
  code: string;
  name: string;
  nameEn: string | null;
  kind: RegionKind;
  parentCode: string | null;
}

/** A region's place in the tree, enough to check a new import against it. */
export interface RegionNode {
  code: string;
  kind: RegionKind;
  parentCode: string | null;
}

export interface Staff {
  id: EntityId;
  code: string;
  name: string;
  role: StaffRole;
  branchCode: string | null;
  regionCode: string | null;
  feishuOpenId: string | null;
  feishuUserId: string | null;
  /** Staff contact data is for internal use (the bot, the console); mask it before any wider display. */
  mobile: string | null;
  email: string | null;
  active: boolean;
}

/** What the identity picker shows; no contact data. */
export interface StaffSummary {
  code: string;
  name: string;
  role: StaffRole;
  branchCode: string | null;
  branchName: string | null;
  /** The staff member's own region office, else the region of their branch. */
  regionCode: string | null;
}

/** Who someone is, for the bot: no contact data. */
export interface StaffIdentity {
  code: string;
  name: string;
  role: StaffRole;
  branchCode: string | null;
  branchName: string | null;
  /** The staff member's own region office, else the region of their branch. */
  regionCode: string | null;
  regionName: string | null;
  active: boolean;
}

/** Limits a read to a scope: one region's subtree, or one branch; undefined means the whole bank. */
export type OrgScope = { regionId: string; branchId?: undefined } | { branchId: string; regionId?: undefined };

/** A region or branch with the ids of every region above it (root first; a region includes itself). */
export interface OrgUnit {
  kind: 'region' | 'branch';
  id: string;
  code: string;
  regionIds: string[];
}

export interface StaffQuery {
  /** Matches the start of the code or any part of the name, case-insensitively. */
  q?: string | undefined;
  branchCode?: string | undefined;
  limit?: number | undefined;
  /** Only staff within this scope (the caller's). */
  within?: OrgScope | undefined;
}

export interface OrgOverview {
  bank: { name: string; timeZone: string };
  /** Active branches and staff; every region and customer. */
  counts: { regions: number; branches: number; staff: number; customers: number };
  /** Every region, parents before children. */
  regions: {
    code: string;
    name: string;
    kind: RegionKind;
    parentCode: string | null;
    /** Active branches in this region's whole subtree. */
    branchCount: number;
  }[];
}

/*
 * Upsert inputs, keyed by code. An optional field that is `undefined` on every input of a call
 * (the column was not in the file) keeps the stored value on update; `null` clears it.
 */

export interface RegionInput {
  code: string;
  name: string;
  nameEn?: string | null | undefined;
  kind: RegionKind;
  /** Null only for the head office. The parent may be another input of the same call. */
  parentCode: string | null;
}

export interface BranchInput {
  code: string;
  name: string;
  regionCode: string;
  address?: string | null | undefined;
  /** Must name existing staff. */
  headStaffCode?: string | null | undefined;
  feishuChatId?: string | null | undefined;
  active?: boolean | undefined;
}

export interface StaffInput {
  code: string;
  name: string;
  role: StaffRole;
  /** At least one of branchCode and regionCode; both are always written. */
  branchCode: string | null;
  regionCode: string | null;
  feishuOpenId?: string | null | undefined;
  feishuUserId?: string | null | undefined;
  mobile?: string | null | undefined;
  email?: string | null | undefined;
  active?: boolean | undefined;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/** Called after each written batch with the number of inputs written so far. */
export type BatchProgress = (done: number) => void;
