import { createWeightedTable, type Rng } from '../demo/random.ts';

/**
 * What happens to one customer once they hold a ticket: which business they came for, how long they
 * wait and are served, whether they rate the service and how. Pure draws from a seeded Rng; the
 * figures are the planning assumptions of the simulator, stated here so they can be challenged.
 */
export const BUSINESS_TYPES = ['存取款', '转账汇款', '开户', '理财咨询', '对公业务', '挂失补办', '其他'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

interface BusinessProfile {
  share: number;
  /** Mean handling time in minutes at the counter. */
  handlingMinutes: number;
  /** Ticket letter of its queue: cash, non-cash personal, account opening, corporate, wealth (VIP). */
  letter: string;
}

export const BUSINESS_PROFILES: Readonly<Record<BusinessType, BusinessProfile>> = {
  存取款: { share: 0.35, handlingMinutes: 4, letter: 'A' },
  转账汇款: { share: 0.15, handlingMinutes: 7, letter: 'B' },
  开户: { share: 0.1, handlingMinutes: 18, letter: 'C' },
  理财咨询: { share: 0.12, handlingMinutes: 25, letter: 'V' },
  对公业务: { share: 0.08, handlingMinutes: 20, letter: 'D' },
  挂失补办: { share: 0.06, handlingMinutes: 12, letter: 'B' },
  其他: { share: 0.14, handlingMinutes: 6, letter: 'B' },
};

/** Share of finished tickets the customer rates on the counter's evaluator (参评率). */
export const EVALUATION_SHARE = 0.8;
/** Share of finished tickets with a recorded service error (差错). */
export const SERVICE_ERROR_SHARE = 0.003;
/** The KPI's long-wait threshold; customers who waited longer rate worse. */
export const LONG_WAIT_MINUTES = 15;

const businessTable = createWeightedTable(BUSINESS_TYPES.map((b) => [b, BUSINESS_PROFILES[b].share] as const));
// Ratings 5 … 1. Overall about 85 / 10 / 3 / 1 / 1 % with roughly one wait in ten over 15 minutes;
// after a long wait satisfaction drops clearly, as complaint data show.
const ratingsAfterShortWait = createWeightedTable([[5, 87], [4, 9], [3, 2.5], [2, 0.8], [1, 0.7]] as const);
const ratingsAfterLongWait = createWeightedTable([[5, 65], [4, 20], [3, 8], [2, 4], [1, 3]] as const);

export const drawBusiness = (rng: Rng): BusinessType => businessTable.draw(rng);

/** A lognormal draw with the given mean: positive, skewed, with a long right tail like real queues. */
export function lognormal(rng: Rng, mean: number, sigma: number): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * z);
}

/**
 * Mean wait in minutes for the crowding at issue time (`load` 1 = an average minute of an average
 * day): about 8 minutes normally, 6 when quiet, up to 12 in a pay-day rush.
 */
export const meanWaitMinutes = (load: number): number => Math.min(12, Math.max(6, 5 + 3 * load));

/** Minutes from issue to call; never under half a minute (walking to the counter). */
export const drawWaitMinutes = (rng: Rng, load: number): number =>
  Math.min(90, Math.max(0.5, lognormal(rng, meanWaitMinutes(load), 0.6)));

/** Some customers give up and leave without being called: rarely, more often after a long wait. */
export const drawAbandoned = (rng: Rng, waitMinutes: number): boolean =>
  rng.chance(waitMinutes > 30 ? 0.35 : 0.01);

/** Minutes at the counter, by business type; at least one minute. */
export const drawHandlingMinutes = (rng: Rng, business: BusinessType): number =>
  Math.min(90, Math.max(1, lognormal(rng, BUSINESS_PROFILES[business].handlingMinutes, 0.5)));

export const drawRating = (rng: Rng, waitMinutes: number): number =>
  (waitMinutes > LONG_WAIT_MINUTES ? ratingsAfterLongWait : ratingsAfterShortWait).draw(rng);
