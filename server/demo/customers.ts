import type { IdNumberAllocator, MobileAllocator } from './identity.ts';
import { solarToLunar } from './lunar.ts';
import { nameEraOf, pickChineseName } from './names.ts';
import type { DemoRecord, OutletPlan } from './org.ts';
import { apportion, createWeightedTable, type Rng } from './random.ts';

/**
 * The demo bank's customers, spread over outlets by business volume (flagship outlets in big
 * cities carry the largest books). Each customer is consistent with itself: the given name fits
 * the sex and generation, the ID number's birth date is the real (solar) birth date and its
 * sequence parity the sex, and a customer who keeps a lunar birthday (more often the elderly, ~15%
 * overall) records the lunar date that really corresponds to that day, leap months included.
 */
export interface CustomerContext {
  rng: Rng;
  outlets: readonly OutletPlan[];
  accountManagersByOutlet: ReadonlyMap<string, readonly string[]>;
  mobiles: MobileAllocator;
  idNumbers: IdNumberAllocator;
  /** 'YYYY-MM-DD': ages are counted to this day. */
  today: string;
}

type Tier = 'mass' | 'gold' | 'platinum' | 'diamond' | 'private';

/** A retail book is a pyramid: most customers are mass, private-banking clients are rare. */
const TIERS = createWeightedTable<Tier>([
  ['mass', 78],
  ['gold', 14],
  ['platinum', 5.5],
  ['diamond', 2],
  ['private', 0.5],
]);

/** Age bands [from, to] of a retail customer base; the middle-aged hold most accounts. */
const AGE_BANDS = createWeightedTable<readonly [number, number]>([
  [[18, 29], 20],
  [[30, 44], 30],
  [[45, 59], 28],
  [[60, 74], 16],
  [[75, 85], 6],
]);

/** Keeping the lunar birthday is a habit of older generations. */
function lunarShareAt(age: number): number {
  return age >= 60 ? 0.32 : age >= 45 ? 0.16 : age >= 30 ? 0.1 : 0.05;
}

const DAY_MS = 86_400_000;

export function buildCustomers(ctx: CustomerContext, total: number): DemoRecord[] {
  const { rng, outlets } = ctx;
  // Bigger cities have bigger outlets: scale each outlet's weight by its city's network size.
  const perOutlet = apportion(
    total,
    outlets.map((o) => o.weight * (o.city.outlets / 20)),
  );
  const [ty, tm, td] = parseDate(ctx.today);
  const customers: DemoRecord[] = [];
  outlets.forEach((outlet, i) => {
    const managers = ctx.accountManagersByOutlet.get(outlet.code);
    if (!managers || managers.length === 0) throw new Error(`outlet ${outlet.code} has no account manager`);
    for (let n = 0; n < (perOutlet[i] as number); n++) {
      const isMale = rng.chance(0.49);
      const age = pickAge(rng);
      // Uniform over the year in which the customer is exactly `age` years old on `today`.
      const latest = Date.UTC(ty - age, tm - 1, td);
      const earliest = Date.UTC(ty - age - 1, tm - 1, td) + DAY_MS;
      const birth = new Date(latest - rng.int(0, (latest - earliest) / DAY_MS) * DAY_MS);
      const solar = birth.toISOString().slice(0, 10);
      const isLunar = rng.chance(lunarShareAt(age));
      const lunar = isLunar ? solarToLunar(birth.getUTCFullYear(), birth.getUTCMonth() + 1, birth.getUTCDate()) : undefined;
      const areaCode = rng.chance(0.7) ? outlet.district.adcode : rng.pick(outlet.city.districts).adcode;
      customers.push({
        code: `C${String(customers.length + 1).padStart(8, '0')}`,
        name: pickChineseName(rng, isMale ? 'male' : 'female', nameEraOf(birth.getUTCFullYear())),
        branch_code: outlet.code,
        account_manager_code: rng.pick(managers),
        tier: TIERS.draw(rng),
        birthday: lunar ? formatDate(lunar.year, lunar.month, lunar.day) : solar,
        birthday_calendar: lunar ? 'lunar' : 'solar',
        birthday_leap_month: lunar?.isLeapMonth ? 'true' : 'false',
        phone: ctx.mobiles.next(),
        id_number: ctx.idNumbers.next(areaCode, solar, isMale),
        care_opt_out: rng.chance(0.03) ? 'true' : 'false',
      });
    }
  });
  return customers;
}

function pickAge(rng: Rng): number {
  const [from, to] = AGE_BANDS.draw(rng);
  return rng.int(from, to);
}

export function parseDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parts = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [];
  const [y, m, d] = parts as [number, number, number];
  if (!match || new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) {
    throw new RangeError(`today must be a calendar date 'YYYY-MM-DD', got '${date}'`);
  }
  return [y, m, d];
}

function formatDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
