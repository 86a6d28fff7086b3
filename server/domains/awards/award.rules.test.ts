import { describe, expect, it } from 'vitest';
import { firstWorkingDay, monthToAward, pickStars, previousMonth, type StarCandidate } from './award.rules.ts';

const at = (iso: string) => new Date(iso);
const c = (code: string, over: Partial<StarCandidate> = {}): StarCandidate => ({
  staffCode: code, staffName: code, branchCode: 'B1', regionPath: ['HO', 'R1'], approved: 2, satisfaction: 0.9, errorFree: 10, firstNominatedAt: at('2026-11-05T02:00:00Z'), ...over,
});
const starOf = (picks: ReturnType<typeof pickStars>, scope: string) => picks.find((p) => p.scope === scope)?.candidate.staffCode;
const ORDER = ['satisfaction', 'error_free', 'earliest'] as const;

describe('monthly stars', () => {
  it('picks the most approved nominations per branch and per region', () => {
    const picks = pickStars([c('A', { approved: 3 }), c('B'), c('C', { branchCode: 'B2', approved: 1 }), c('Z', { approved: 0, branchCode: 'B3' })], ORDER);
    expect(picks.map((p) => `${p.scope}=${p.candidate.staffCode}`)).toEqual(['branch:B1=A', 'branch:B2=C', 'region:HO=A', 'region:R1=A']);
  });

  it('breaks ties by satisfaction, then error-free tickets, then the earliest nomination', () => {
    expect(starOf(pickStars([c('A', { satisfaction: 0.91 }), c('B', { satisfaction: 0.95 })], ORDER), 'branch:B1')).toBe('B');
    expect(starOf(pickStars([c('A', { errorFree: 40 }), c('B', { errorFree: 39 })], ORDER), 'branch:B1')).toBe('A');
    expect(starOf(pickStars([c('A', { firstNominatedAt: at('2026-11-09T00:00:00Z') }), c('B', { firstNominatedAt: at('2026-11-02T00:00:00Z') })], ORDER), 'branch:B1')).toBe('B');
    // None of the figures differ: the staff code decides, whatever the input order.
    expect(starOf(pickStars([c('B'), c('A')], ORDER), 'branch:B1')).toBe('A');
  });

  it('follows a configured order of tie-breakers', () => {
    const a = c('A', { satisfaction: 0.99, errorFree: 5 });
    const b = c('B', { satisfaction: 0.8, errorFree: 50 });
    expect(starOf(pickStars([a, b], ORDER), 'branch:B1')).toBe('A');
    expect(starOf(pickStars([a, b], ['error_free', 'satisfaction', 'earliest']), 'branch:B1')).toBe('B');
  });

  it('awards last month from the first working day of this month on', () => {
    // 2026-10: 1–7 National Day holidays; 10-10 (Saturday) a make-up working day.
    const holidays = new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    const working = (d: string) => !holidays.has(d) && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    expect(firstWorkingDay('2026-10', working)).toBe('2026-10-08');
    expect(monthToAward('2026-10-05', working)).toBeUndefined();
    expect(monthToAward('2026-10-08', working)).toBe('2026-09');
    expect(monthToAward('2026-10-09', working)).toBe('2026-09');
    expect(previousMonth('2026-01')).toBe('2025-12');
  });
});
