import { AppError } from '../../platform/errors.ts';
import type { TieBreaker } from './nomination.types.ts';

/** One nominee's standing for a month: approved nominations and the tie-breakers' figures. */
export interface StarCandidate {
  staffCode: string;
  staffName: string;
  branchCode: string | null;
  /** Region codes root first down to the nominee's unit's region. */
  regionPath: string[];
  approved: number;
  satisfaction: number | null;
  errorFree: number;
  firstNominatedAt: Date;
}

export interface StarPick {
  scope: string;
  candidate: StarCandidate;
}

export const TIE_BREAKERS: readonly TieBreaker[] = ['satisfaction', 'error_free', 'earliest'];

/**
 * Orders candidates: most approved nominations first, then the configured tie-breakers — month
 * satisfaction (higher first; none counts lowest), error-free tickets (more first), earliest
 * nomination (sooner first) — and finally the staff code, so the result never depends on row order.
 */
export function compareCandidates(tieBreakers: readonly TieBreaker[]) {
  return (a: StarCandidate, b: StarCandidate): number => {
    if (a.approved !== b.approved) return b.approved - a.approved;
    for (const tie of tieBreakers) {
      if (tie === 'satisfaction') {
        const d = (b.satisfaction ?? -1) - (a.satisfaction ?? -1);
        if (d !== 0) return d;
      } else if (tie === 'error_free') {
        if (a.errorFree !== b.errorFree) return b.errorFree - a.errorFree;
      } else if (a.firstNominatedAt.getTime() !== b.firstNominatedAt.getTime()) {
        return a.firstNominatedAt.getTime() - b.firstNominatedAt.getTime();
      }
    }
    return a.staffCode < b.staffCode ? -1 : a.staffCode > b.staffCode ? 1 : 0;
  };
}

/**
 * The month's stars: the best candidate of each branch (`branch:<code>`) and of each region
 * (`region:<code>`, every region above a nominee), among those with at least one approved nomination.
 */
export function pickStars(candidates: readonly StarCandidate[], tieBreakers: readonly TieBreaker[]): StarPick[] {
  const compare = compareCandidates(tieBreakers);
  const best = new Map<string, StarCandidate>();
  for (const c of candidates) {
    if (c.approved < 1) continue;
    const scopes = [...(c.branchCode ? [`branch:${c.branchCode}`] : []), ...c.regionPath.map((r) => `region:${r}`)];
    for (const scope of scopes) {
      const current = best.get(scope);
      if (!current || compare(c, current) < 0) best.set(scope, c);
    }
  }
  return [...best.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([scope, candidate]) => ({ scope, candidate }));
}

/** A digest of the picks: a rerun whose stars are the same changes nothing. */
export const fingerprintOf = (picks: readonly StarPick[]): string =>
  picks.map((p) => `${p.scope}=${p.candidate.staffCode}/${p.candidate.approved}`).join(';');

/** `YYYY-MM` → valid month text, else a 400 naming `field`. */
export function parseMonth(text: unknown, field = 'month'): string {
  if (typeof text !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) throw AppError.invalid(field, 'must be a month YYYY-MM');
  return text;
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** First and last bank day of a month ('YYYY-MM-DD'). */
export function monthDays(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(lastDay).padStart(2, '0')}` };
}

/** The first working day of a month, by the working-day calendar (holidays and 调休 known). */
export function firstWorkingDay(month: string, isWorkingDay: (day: string) => boolean): string {
  const { first, last } = monthDays(month);
  for (let d = Number(first.slice(8)); d <= Number(last.slice(8)); d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    if (isWorkingDay(day)) return day;
  }
  return first;
}

/**
 * Which month the award job should award when it fires on bank day `today` at or after 09:00:
 * the previous month, once today is on or after this month's first working day (earlier days
 * of the month, e.g. the 1st–3rd of a holiday, award nothing yet).
 */
export function monthToAward(today: string, isWorkingDay: (day: string) => boolean): string | undefined {
  const month = today.slice(0, 7);
  return today >= firstWorkingDay(month, isWorkingDay) ? previousMonth(month) : undefined;
}
