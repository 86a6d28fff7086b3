import type { KpiSums } from '../domains/kpi/index.ts';
import { stableHash } from '../simulator/bank-time.ts';
import { defaultDayKind, expectedTicketsPerDay, type CurveBranch, type DayKind } from '../simulator/day-curve.ts';
import { outletQuality, type OutletQuality } from '../simulator/outlet-quality.ts';
import { BUSINESS_PROFILES, BUSINESS_TYPES, LONG_WAIT_MINUTES } from '../simulator/service-model.ts';
import { createRng, type Rng } from './random.ts';

/**
 * The demo's past (issue #16): one day-rollup row per outlet and day, deterministic (seed, outlet
 * code and day → the same sums, byte for byte), shaped like a real network's year — the day of
 * the week and the pay days (the live simulator's own day curve), the season, the rush before 春节
 * and the quiet of its holiday and of 国庆's — and each outlet's own quality (outlet-quality.ts),
 * the same the live simulator draws today's customers from, so yesterday reads like today.
 * Quality drifts: a year ago every outlet was a little worse, as a bank that works on its service
 * would see, so 同比 shows progress. Pure; the caller writes the rows.
 */

/** What the generator needs to know about a day: the calendar's verdict and festival name. */
export interface HistoryDay {
  day: string;
  kind: DayKind;
  /** Days until the first day of the next 春节 holiday (1 = tomorrow); undefined when not within 14. */
  daysToSpringFestival?: number;
  /** Working days since the end of a 春节 or 国庆 holiday (1 = the first working day after); undefined after 3. */
  daysAfterLongHoliday?: number;
}

/** Volume by month of the year: year-end and new-year busy, summer and 春节's month quieter. */
const SEASON = [1.08, 0.92, 1, 0.98, 1, 1.02, 0.95, 0.94, 1, 0.97, 1, 1.06] as const;

/** Mean handling minutes of the business mix (the simulator's profiles). */
export const MIX_HANDLING_MINUTES = BUSINESS_TYPES.reduce((sum, b) => sum + BUSINESS_PROFILES[b].share * BUSINESS_PROFILES[b].handlingMinutes, 0);
/** The simulator's mean wait on an average day (meanWaitMinutes at load 1). */
const MEAN_WAIT_MINUTES = 8;
const WAIT_SIGMA = 0.6;

/** P(X > limit) for a lognormal wait of mean `mean` (the simulator's draw). */
export function longWaitShare(mean: number, limit = LONG_WAIT_MINUTES, sigma = WAIT_SIGMA): number {
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return 0.5 * erfc((Math.log(limit) - mu) / (sigma * Math.SQRT2));
}

/** Complementary error function (Numerical Recipes' erfc, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
    + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

function poisson(rng: Rng, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

const gaussian = (rng: Rng): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

const clamp = (x: number, low: number, high: number): number => Math.min(high, Math.max(low, x));

/**
 * One outlet's sums for one past day, or undefined when it was closed (weekend and holiday
 * closures as the live day curve decides them). `monthsAgo` (0 = this month) drives the drift.
 */
export function historyDaySums(seed: number, branch: CurveBranch, day: HistoryDay, monthsAgo: number, quality: OutletQuality = outletQuality(branch.code)): KpiSums | undefined {
  const [year, month, date] = day.day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  const serviceDay = { isoDate: day.day, dayOfMonth: date, weekday, kind: day.kind };
  const expected = expectedTicketsPerDay(branch, serviceDay);
  if (expected === 0) return undefined;
  const rng = createRng(stableHash(seed, branch.code, day.day));
  const rush = day.daysToSpringFestival !== undefined && day.daysToSpringFestival <= 10 ? 1.25 : 1;
  const backlog = day.daysAfterLongHoliday !== undefined ? 1.3 : 1;
  const volume = expected * SEASON[month - 1]! * rush * backlog * clamp(1 + 0.07 * gaussian(rng), 0.75, 1.25);
  const finished = Math.max(1, Math.round(volume));
  // Busy days wait longer; a year ago waits, errors and satisfaction were all a little worse.
  const drift = clamp(monthsAgo, 0, 24) / 12;
  const meanWait = MEAN_WAIT_MINUTES * quality.waitFactor * (rush > 1 || backlog > 1 ? 1.18 : 1) * (1 + 0.06 * drift) * clamp(1 + 0.05 * gaussian(rng), 0.85, 1.15);
  const longShare = longWaitShare(meanWait);
  const abandoned = poisson(rng, finished * (0.01 + 0.25 * longShare * 0.1));
  const issued = finished + abandoned;
  const handlingSeconds = MIX_HANDLING_MINUTES * 60 * quality.handlingFactor * clamp(1 + 0.04 * gaussian(rng), 0.88, 1.12);
  const participation = clamp(quality.participation - 0.02 * drift + 0.015 * gaussian(rng), 0.3, 0.99);
  const evaluations = Math.round(finished * participation);
  // The quality's satisfaction holds at the usual one long wait in ten; more long waits, less satisfied.
  const unsatisfied = ((1 - quality.satisfaction) / 1.25) * (1 + 2.5 * longShare) * (1 + 0.35 * drift);
  const satisfied = Math.round(evaluations * clamp(1 - unsatisfied + 0.004 * gaussian(rng), 0.5, 1));
  const serviceErrors = poisson(rng, finished * quality.errorShare * (1 + 0.4 * drift));
  const called = finished + Math.round(abandoned * 0.2);
  return {
    issued,
    called,
    finished,
    waitCount: called,
    waitSeconds: Math.round(called * meanWait * 60),
    longWaits: Math.round(called * longShare),
    handlingCount: finished,
    handlingSeconds: Math.round(finished * handlingSeconds),
    evaluations,
    satisfied,
    ratingSum: Math.round(satisfied * 4.88 + (evaluations - satisfied) * 2.45),
    serviceErrors,
  };
}

/**
 * The days of [from, to] as the calendar sees them: `isHoliday` / `isMakeUpWorkday` answer for
 * statutory days (法定节假日 and 调休), `festivalOf` names a holiday's festival.
 */
export function historyDays(
  days: readonly string[],
  calendar: { kindOf(day: string): DayKind | undefined; festivalOf(day: string): string | undefined },
): HistoryDay[] {
  const kinds = days.map((day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return calendar.kindOf(day) ?? defaultDayKind(new Date(Date.UTC(y, m - 1, d)).getUTCDay());
  });
  const isLongHoliday = (i: number) => kinds[i] === 'holiday' && /春节|国庆/.test(calendar.festivalOf(days[i]!) ?? '');
  const springStarts = days.filter((day, i) => kinds[i] === 'holiday' && (calendar.festivalOf(day) ?? '').includes('春节') && (i === 0 || kinds[i - 1] !== 'holiday'));
  let workdaysSinceHoliday: number | undefined;
  return days.map((day, i) => {
    if (isLongHoliday(i)) workdaysSinceHoliday = 0;
    else if (workdaysSinceHoliday !== undefined && kinds[i] === 'workday') workdaysSinceHoliday++;
    const next = springStarts.find((start) => start > day);
    const until = next === undefined ? undefined : Math.round((Date.parse(next) - Date.parse(day)) / 86_400_000);
    const after = workdaysSinceHoliday !== undefined && workdaysSinceHoliday >= 1 && workdaysSinceHoliday <= 3 && kinds[i] === 'workday' ? workdaysSinceHoliday : undefined;
    if (workdaysSinceHoliday !== undefined && workdaysSinceHoliday > 3) workdaysSinceHoliday = undefined;
    return {
      day, kind: kinds[i]!,
      ...(until !== undefined && until <= 14 ? { daysToSpringFestival: until } : {}),
      ...(after !== undefined ? { daysAfterLongHoliday: after } : {}),
    };
  });
}
