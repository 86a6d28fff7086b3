import { z } from 'zod';

export const RegionKindSchema = z.enum(['head_office', 'branch_office', 'sub_branch']);
export type RegionKind = z.infer<typeof RegionKindSchema>;

export const StaffRoleSchema = z.enum([
  'leader', 'region_manager', 'inspector', 'complaint_handler',
  'branch_head', 'deputy_head', 'lobby_manager', 'account_manager', 'teller', 'staff',
]);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

/** `GET /api/v1/org/overview`: the bank's structure at a glance (no personal data). */
export const OrgOverviewSchema = z.object({
  bank: z.object({ name: z.string(), timeZone: z.string() }),
  counts: z.object({ regions: z.number(), branches: z.number(), staff: z.number(), customers: z.number() }),
  regions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: RegionKindSchema,
      parentCode: z.string().nullable(),
      /** Branches (outlets) in this region's whole subtree. */
      branchCount: z.number(),
    }),
  ),
});
export type OrgOverview = z.infer<typeof OrgOverviewSchema>;

/** One row of `GET /api/v1/staff?q=&branch=&limit=` (used by the chat console's identity picker). */
export const StaffSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  role: StaffRoleSchema,
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  regionCode: z.string().nullable(),
});
export type StaffSummary = z.infer<typeof StaffSummarySchema>;
