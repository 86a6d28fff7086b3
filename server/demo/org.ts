import { CITIES, type CityPlace, type DistrictPlace } from './places.ts';
import { apportion, type Rng } from './random.ts';

/**
 * The demo bank's organisation: 总行 HO → one 分行 per city (BJ, SH …) → 2–4 支行 named after the
 * city's main districts (BJ01 北京朝阳支行 …) → 网点 on real streets of that district (BJ0101
 * 北京朝阳建国路网点). Big cities run more outlets and more sub-branches.
 */
export type DemoRecord = Record<string, string>;

/** What the staff and customer generators need to know about an outlet. */
export interface OutletPlan {
  code: string;
  city: CityPlace;
  district: DistrictPlace;
  /** Relative business volume (≈0.5–2.3): sizes its team and its customer book. */
  weight: number;
}

export interface OrgPlan {
  regions: DemoRecord[];
  branches: DemoRecord[];
  outlets: OutletPlan[];
  /** 分行 and 支行 codes, the offices that get their own managers, inspectors and handlers. */
  branchOfficeCodes: string[];
  subBranchCodes: string[];
}

export const HEAD_OFFICE_CODE = 'HO';
export const MAX_BRANCH_OFFICES = CITIES.length;

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function buildOrg(rng: Rng, branchOffices: number): OrgPlan {
  const plan: OrgPlan = {
    regions: [{ code: HEAD_OFFICE_CODE, name: '总行', name_en: 'Head Office', kind: 'head_office', parent_code: '' }],
    branches: [],
    outlets: [],
    branchOfficeCodes: [],
    subBranchCodes: [],
  };
  for (const city of CITIES.slice(0, branchOffices)) addBranchOffice(rng, plan, city);
  return plan;
}

function addBranchOffice(rng: Rng, plan: OrgPlan, city: CityPlace): void {
  plan.regions.push({
    code: city.code,
    name: `${city.name}分行`,
    name_en: `${city.nameEn} Branch`,
    kind: 'branch_office',
    parent_code: HEAD_OFFICE_CODE,
  });
  plan.branchOfficeCodes.push(city.code);
  const subBranchCount = city.outlets >= 24 ? 4 : city.outlets >= 16 ? rng.int(3, 4) : rng.int(2, 3);
  const districts = city.districts.slice(0, subBranchCount);
  const outletCounts = splitOutlets(rng, city.outlets + rng.int(-2, 3), districts);
  districts.forEach((district, i) => {
    const subBranchCode = `${city.code}${pad2(i + 1)}`;
    plan.regions.push({
      code: subBranchCode,
      name: `${city.name}${district.short}支行`,
      name_en: `${city.nameEn} ${district.nameEn} Sub-branch`,
      kind: 'sub_branch',
      parent_code: city.code,
    });
    plan.subBranchCodes.push(subBranchCode);
    const spots = shuffled(rng, district.spots).slice(0, outletCounts[i]);
    spots.forEach((spot, k) => {
      const code = `${subBranchCode}${pad2(k + 1)}`;
      plan.branches.push({
        code,
        name: `${city.name}${district.short}${spot.label}网点`,
        region_code: subBranchCode,
        address: `${city.addressPrefix}${district.full}${spot.street}${rng.int(1, 388)}号`,
        head_staff_code: '',
        feishu_chat_id: '',
        active: 'true',
      });
      // Most outlets are ordinary; about one in seven is a busy flagship (CBD, transport hub).
      const weight = 0.5 + rng.next() + (rng.chance(0.15) ? 0.8 : 0);
      plan.outlets.push({ code, city, district, weight });
    });
  });
}

/**
 * Splits a city's outlets unevenly over its sub-branches, never giving a district more outlets than
 * it has distinct streets (outlet names must stay unique).
 */
function splitOutlets(rng: Rng, total: number, districts: readonly DistrictPlace[]): number[] {
  const capacity = districts.map((d) => d.spots.length);
  const room = capacity.reduce((a, b) => a + b, 0);
  if (total > room) total = room;
  const counts = apportion(total, districts.map(() => 0.7 + rng.next() * 0.6));
  let overflow = 0;
  counts.forEach((count, i) => {
    const cap = capacity[i] as number;
    if (count > cap) {
      overflow += count - cap;
      counts[i] = cap;
    }
  });
  for (let i = 0; overflow > 0; i = (i + 1) % counts.length) {
    if ((counts[i] as number) < (capacity[i] as number)) {
      counts[i] = (counts[i] as number) + 1;
      overflow--;
    }
  }
  return counts;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
