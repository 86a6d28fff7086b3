import type { MobileAllocator } from './identity.ts';
import { pickChineseName, type Gender, type NameEra } from './names.ts';
import { HEAD_OFFICE_CODE, type DemoRecord, type OrgPlan } from './org.ts';
import type { Rng } from './random.ts';

/**
 * The demo bank's people. Every outlet has the team the service plan expects at a counter hall:
 * one 网点负责人 (branch_head), sometimes a deputy, one 大堂经理 (lobby_manager), 3–8 tellers,
 * 2–6 客户经理 (account_manager) and a few general staff, more in busier outlets. Offices (总行,
 * 分行, 支行) hold the 领导小组 (leader), region managers, 服务监督小组 inspectors and complaint
 * handlers. Outlet staff carry branch_code only, office staff region_code only.
 */
export type StaffRole =
  | 'leader'
  | 'region_manager'
  | 'inspector'
  | 'complaint_handler'
  | 'branch_head'
  | 'deputy_head'
  | 'lobby_manager'
  | 'account_manager'
  | 'teller'
  | 'staff';

export interface StaffPlan {
  staff: DemoRecord[];
  /** Account manager codes per outlet code: every customer is served by one of its own outlet's. */
  accountManagersByOutlet: Map<string, string[]>;
}

/** Share of women per role (counter and lobby work in Chinese banks is mostly done by women). */
const FEMALE_SHARE: Record<StaffRole, number> = {
  leader: 0.3,
  region_manager: 0.35,
  inspector: 0.55,
  complaint_handler: 0.65,
  branch_head: 0.45,
  deputy_head: 0.5,
  lobby_manager: 0.75,
  account_manager: 0.55,
  teller: 0.7,
  staff: 0.55,
};

const SENIOR_ROLES: ReadonlySet<StaffRole> = new Set(['leader', 'region_manager', 'branch_head']);

export function buildStaff(rng: Rng, org: OrgPlan, mobiles: MobileAllocator): StaffPlan {
  const staff: DemoRecord[] = [];
  const accountManagersByOutlet = new Map<string, string[]>();

  const hire = (role: StaffRole, unit: { branchCode?: string; regionCode?: string }): string => {
    const code = `S${String(staff.length + 1).padStart(6, '0')}`;
    const gender: Gender = rng.chance(FEMALE_SHARE[role]) ? 'female' : 'male';
    staff.push({
      code,
      name: pickChineseName(rng, gender, staffEra(rng, role)),
      role,
      branch_code: unit.branchCode ?? '',
      region_code: unit.regionCode ?? '',
      feishu_open_id: '',
      feishu_user_id: '',
      mobile: mobiles.next(),
      email: `${code.toLowerCase()}@demo-bank.cn`,
      // A roster keeps people who have left; about 1 in 100 counter staff is inactive.
      active: (role === 'teller' || role === 'staff') && rng.chance(0.01) ? 'false' : 'true',
    });
    return code;
  };
  const hireMany = (count: number, role: StaffRole, unit: { branchCode?: string; regionCode?: string }): string[] =>
    Array.from({ length: count }, () => hire(role, unit));

  const head = { regionCode: HEAD_OFFICE_CODE };
  hireMany(7, 'leader', head);
  hireMany(rng.int(6, 10), 'inspector', head);
  hireMany(rng.int(4, 6), 'complaint_handler', head);
  for (const regionCode of org.branchOfficeCodes) {
    hire('region_manager', { regionCode });
    hireMany(rng.int(2, 4), 'inspector', { regionCode });
    hireMany(rng.int(2, 3), 'complaint_handler', { regionCode });
  }
  for (const regionCode of org.subBranchCodes) {
    hire('region_manager', { regionCode });
    hireMany(rng.int(1, 2), 'inspector', { regionCode });
    hire('complaint_handler', { regionCode });
  }
  for (const outlet of org.outlets) {
    const unit = { branchCode: outlet.code };
    const w = outlet.weight;
    hire('branch_head', unit);
    if (rng.chance(w > 1.3 ? 0.85 : 0.45)) hire('deputy_head', unit);
    hire('lobby_manager', unit);
    hireMany(clamp(Math.round(2 + w * 2.5 + rng.next() * 1.5), 3, 8), 'teller', unit);
    accountManagersByOutlet.set(
      outlet.code,
      hireMany(clamp(Math.round(1 + w * 2 + rng.next() * 1.5), 2, 6), 'account_manager', unit),
    );
    hireMany(rng.int(0, 3), 'staff', unit);
  }
  return { staff, accountManagersByOutlet };
}

/** Managers are mostly 1960s–80s births; counter staff are younger. */
function staffEra(rng: Rng, role: StaffRole): NameEra {
  const r = rng.next();
  if (SENIOR_ROLES.has(role)) return r < 0.3 ? 'old' : 'mid';
  return r < 0.05 ? 'old' : r < 0.5 ? 'mid' : 'young';
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
