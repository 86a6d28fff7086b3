import { buildCustomers, parseDate } from './customers.ts';
import { createIdNumberAllocator, createMobileAllocator } from './identity.ts';
import { buildOrg, MAX_BRANCH_OFFICES, type DemoRecord } from './org.ts';
import { createRng, type Rng } from './random.ts';
import { buildStaff } from './staff.ts';

/**
 * The demo bank behind `npm run demo`: a pure, deterministic generator (same options → the same
 * records, byte for byte) whose output is exactly the CSV columns the import service accepts, so
 * the demo is loaded through the same validation as a real bank's files.
 *
 * Shape with the defaults (seed 20240601, 14 分行, 50,000 customers):
 *   regions    总行 HO; 14 分行 in real cities (BJ 北京分行, SH, GZ, SZ, HZ, NJ, CD, WH, XA, CQ, TJ, QD,
 *              CS, ZZ); 2–4 支行 each named after a main district (BJ01 北京朝阳支行)
 *   branches   ~290 网点 on real streets (BJ0101 北京朝阳建国路网点, 北京市朝阳区建国路88号),
 *              20–30 in the big cities and 14–18 in the others
 *   staff      ~4,200: per outlet 1 branch_head, 0–1 deputy_head, 1 lobby_manager, 3–8 tellers,
 *              2–6 account_managers, 0–3 staff; per 分行/支行 a region_manager, inspectors and
 *              complaint_handlers; at HO the 领导小组 (7 leaders), inspectors and complaint_handlers
 *   customers  50,000, each with an account manager of its own outlet; tiers from mass to private,
 *              ages 18–85, ~15% keep a lunar birthday, valid unique ID numbers and mobiles
 * Only node built-ins are used, and no clock: ages are counted to `today`.
 */
export interface DemoBankOptions {
  seed?: number;
  /** How many 分行 (1–16), biggest cities first. */
  branchOffices?: number;
  customersTotal?: number;
  /** 'YYYY-MM-DD' the customers' ages are counted to. */
  today?: string;
}

export interface DemoBankCounts {
  regions: number;
  branches: number;
  staff: number;
  customers: number;
}

/** Records per import entity, in the import service's CSV column names, every value a string. */
export interface DemoBank {
  regions: DemoRecord[];
  branches: DemoRecord[];
  staff: DemoRecord[];
  customers: DemoRecord[];
  counts: DemoBankCounts;
}

export type { DemoRecord };

export const DEMO_BANK_DEFAULTS = {
  seed: 20240601,
  branchOffices: 14,
  customersTotal: 50_000,
  today: '2026-01-01',
} as const satisfies Required<DemoBankOptions>;

export function generateDemoBank(options: DemoBankOptions = {}): DemoBank {
  const seed = options.seed ?? DEMO_BANK_DEFAULTS.seed;
  const branchOffices = options.branchOffices ?? DEMO_BANK_DEFAULTS.branchOffices;
  const customersTotal = options.customersTotal ?? DEMO_BANK_DEFAULTS.customersTotal;
  const today = options.today ?? DEMO_BANK_DEFAULTS.today;
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(branchOffices) || branchOffices < 1 || branchOffices > MAX_BRANCH_OFFICES) {
    throw new RangeError(`branchOffices must be 1–${MAX_BRANCH_OFFICES}`);
  }
  if (!Number.isInteger(customersTotal) || customersTotal < 0) throw new RangeError('customersTotal must be ≥ 0');
  parseDate(today);

  // One stream per concern, so a change in one (say, the customer count) leaves the others alone.
  const root = createRng(seed);
  const stream = (): Rng => createRng(root.int(0, 0xffffffff));
  const orgRng = stream();
  const staffRng = stream();
  const customerRng = stream();
  // Shared by staff and customers, so no two people ever get the same number.
  const mobiles = createMobileAllocator(stream());
  const idNumbers = createIdNumberAllocator(stream());

  const org = buildOrg(orgRng, branchOffices);
  const { staff, accountManagersByOutlet } = buildStaff(staffRng, org, mobiles);
  const customers = buildCustomers(
    {
      rng: customerRng,
      outlets: org.outlets,
      accountManagersByOutlet,
      mobiles,
      idNumbers,
      today,
    },
    customersTotal,
  );
  return {
    regions: org.regions,
    branches: org.branches,
    staff,
    customers,
    counts: { regions: org.regions.length, branches: org.branches.length, staff: staff.length, customers: customers.length },
  };
}
