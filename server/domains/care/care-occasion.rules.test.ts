import { describe, expect, it } from 'vitest';
import { customerTasksFor, festivalsInYear, lunarToSolar, occasionsOn, solarBirthdayIn, tasksAppearingOn } from './care-occasion.rules.ts';
import { DEFAULT_CARE_SETTINGS, type CareCustomer } from './care.types.ts';

const S = DEFAULT_CARE_SETTINGS;
let seq = 0;
const customer = (over: Partial<CareCustomer> = {}): CareCustomer => ({
  id: String(++seq), tier: 'mass', birthdayCalendar: null, birthYear: null, birthMonth: null, birthDay: null, birthLeapMonth: false, careOptOut: false, ...over,
});
const solar = (month: number, day: number, over: Partial<CareCustomer> = {}) => customer({ birthdayCalendar: 'solar', birthMonth: month, birthDay: day, ...over });
const lunar = (month: number, day: number, leap = false, over: Partial<CareCustomer> = {}) => customer({ birthdayCalendar: 'lunar', birthMonth: month, birthDay: day, birthLeapMonth: leap, ...over });
/** The days (within the range) on which a customer has a task due, by occasion. */
function dueDays(c: CareCustomer, from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    for (const t of tasksAppearingOn(day, [c], S)) out.push(`${t.appearsOn}>${t.occasion}@${t.dueDate}`);
  }
  return out;
}

// Reference dates below are the published 农历 ↔ 公历 correspondences (万年历), not library output.
describe('solar birthdays', () => {
  it('keeps 29 February on 28 February in common years, and on 29 February in leap years', () => {
    expect(solarBirthdayIn(2027, 2, 29)).toBe('2027-02-28');
    expect(solarBirthdayIn(2028, 2, 29)).toBe('2028-02-29');
    expect(dueDays(solar(2, 29), '2027-02-01', '2027-03-05')).toEqual(['2027-02-28>生日@2027-02-28']);
  });
  it('crosses the year end with the lead time (a private customer born 1 January is due 2028-01-01, task on 2027-12-29)', () => {
    expect(dueDays(solar(1, 1, { tier: 'private' }), '2027-12-20', '2028-01-05')).toEqual(['2027-12-29>生日@2028-01-01', '2027-12-29>元旦@2028-01-01']);
    expect(dueDays(solar(1, 1, { tier: 'platinum' }), '2027-12-20', '2028-01-05')).toEqual(['2027-12-31>生日@2028-01-01']);
    expect(dueDays(solar(12, 31, { tier: 'diamond' }), '2027-12-20', '2028-01-05')).toEqual(['2027-12-30>生日@2027-12-31', '2027-12-31>元旦@2028-01-01']);
  });
});

describe('lunar birthdays', () => {
  it('converts for the year: 正月初一 is 2027-02-06, 八月十五 2027-09-15', () => {
    expect(lunarToSolar(2027, 1, 1, false)).toBe('2027-02-06');
    expect(lunarToSolar(2027, 8, 15, false)).toBe('2027-09-15');
    expect(dueDays(lunar(8, 15), '2027-09-01', '2027-09-30')).toEqual(['2027-09-15>生日@2027-09-15']);
  });
  it('greets a 腊月 birthday in the next solar year across the year end (腊月廿八 of 2026 is 2027-02-04)', () => {
    expect(dueDays(lunar(12, 28), '2027-01-01', '2027-02-28')).toEqual(['2027-02-04>生日@2027-02-04']);
    // 腊月初五 of lunar 2027 falls on 2028-01-01 (腊月初一 is 2027-12-28); a private customer's tasks appear in 2027.
    expect(dueDays(lunar(12, 5, false, { tier: 'private' }), '2027-12-25', '2028-01-05')).toEqual(['2027-12-29>生日@2028-01-01', '2027-12-29>元旦@2028-01-01']);
  });
  it('greets 三十 on 廿九 in a short month (腊月 of 2027 has 29 days: 除夕 is 2028-01-25)', () => {
    expect(lunarToSolar(2027, 12, 30, false)).toBe('2028-01-25');
    expect(dueDays(lunar(12, 30), '2028-01-20', '2028-01-31')).toEqual(['2028-01-25>生日@2028-01-25']);
    // A long month keeps 三十: 正月 of 2027 has 30 days (正月三十 is 2027-03-07).
    expect(lunarToSolar(2027, 1, 30, false)).toBe('2027-03-07');
  });
  it('greets a leap-month birthday in the leap month when the year has it, else in the ordinary month', () => {
    // 2025 has 闰六月 (闰六月初一 is 2025-07-25; 六月初一 2025-06-25); 2026 has none (六月初一 2026-07-14).
    expect(lunarToSolar(2025, 6, 1, true)).toBe('2025-07-25');
    expect(lunarToSolar(2025, 6, 1, false)).toBe('2025-06-25');
    expect(lunarToSolar(2026, 6, 1, true)).toBe('2026-07-14');
    expect(dueDays(lunar(6, 1, true), '2026-06-01', '2026-08-31')).toEqual(['2026-07-14>生日@2026-07-14']);
    expect(dueDays(lunar(6, 1, true), '2025-06-01', '2025-08-31')).toEqual(['2025-07-25>生日@2025-07-25']);
    // An ordinary-month birthday is greeted once, not again in the leap month.
    expect(dueDays(lunar(6, 1, false), '2025-06-01', '2025-08-31')).toEqual(['2025-06-25>生日@2025-06-25']);
  });
});

describe('festivals', () => {
  it('falls on the published dates in 2027 and 2028', () => {
    expect(festivalsInYear(2027, S)).toEqual([
      { name: '元旦', date: '2027-01-01' }, { name: '春节', date: '2027-02-06' }, { name: '元宵', date: '2027-02-20' },
      { name: '端午', date: '2027-06-09' }, { name: '中秋', date: '2027-09-15' }, { name: '国庆', date: '2027-10-01' },
      { name: '重阳', date: '2027-10-08' },
    ]);
    expect(festivalsInYear(2028, S)).toEqual([
      { name: '元旦', date: '2028-01-01' }, { name: '春节', date: '2028-01-26' }, { name: '元宵', date: '2028-02-09' },
      { name: '端午', date: '2028-05-28' }, { name: '国庆', date: '2028-10-01' }, { name: '中秋', date: '2028-10-03' },
      { name: '重阳', date: '2028-10-26' },
    ]);
  });
  it('adds configured solar dates such as the bank anniversary', () => {
    const settings = { ...S, solarFestivals: [...S.solarFestivals, { name: '行庆', month: 6, day: 18 }] };
    expect(occasionsOn('2027-06-18', settings).festivals).toEqual(['行庆']);
  });
  it('gives personal festival tasks only to the configured tiers (default diamond and private)', () => {
    const day = occasionsOn('2027-09-15', S);
    expect(customerTasksFor(customer({ tier: 'diamond' }), day, '2027-09-14', S).map((t) => t.occasion)).toEqual(['中秋']);
    expect(customerTasksFor(customer({ tier: 'private' }), day, '2027-09-12', S).map((t) => t.occasion)).toEqual(['中秋']);
    expect(customerTasksFor(customer({ tier: 'platinum' }), day, '2027-09-14', S)).toEqual([]);
    expect(customerTasksFor(customer({ tier: 'gold' }), day, '2027-09-15', { ...S, festivalTiers: ['gold'] }).map((t) => t.occasion)).toEqual(['中秋']);
  });
  it('greets 重阳 only customers aged 60 and over (birth year known)', () => {
    const day = occasionsOn('2027-10-08', S);
    expect(customerTasksFor(customer({ tier: 'diamond', birthYear: 1967 }), day, 'x', S).map((t) => t.occasion)).toEqual(['重阳']);
    expect(customerTasksFor(customer({ tier: 'diamond', birthYear: 1968 }), day, 'x', S)).toEqual([]);
    expect(customerTasksFor(customer({ tier: 'diamond', birthYear: null }), day, 'x', S)).toEqual([]);
  });
});

describe('tier lead times and opt-out', () => {
  it('makes the task appear N days before the occasion, due on it (private 3, diamond/platinum 1, gold/mass 0)', () => {
    const born = (tier: CareCustomer['tier']) => solar(3, 10, { tier });
    expect(dueDays(born('private'), '2027-03-01', '2027-03-12')).toEqual(['2027-03-07>生日@2027-03-10']);
    expect(dueDays(born('diamond'), '2027-03-01', '2027-03-12')).toEqual(['2027-03-09>生日@2027-03-10']);
    expect(dueDays(born('platinum'), '2027-03-01', '2027-03-12')).toEqual(['2027-03-09>生日@2027-03-10']);
    expect(dueDays(born('gold'), '2027-03-01', '2027-03-12')).toEqual(['2027-03-10>生日@2027-03-10']);
    expect(dueDays(born('mass'), '2027-03-01', '2027-03-12')).toEqual(['2027-03-10>生日@2027-03-10']);
  });
  it('follows changed lead times', () => {
    const settings = { ...S, leadDays: { ...S.leadDays, gold: 2 } };
    expect(tasksAppearingOn('2027-03-08', [solar(3, 10, { tier: 'gold' })], settings).map((t) => t.dueDate)).toEqual(['2027-03-10']);
  });
  it('gives an opted-out customer nothing', () => {
    expect(tasksAppearingOn('2027-09-14', [lunar(8, 15, false, { tier: 'diamond', careOptOut: true })], S)).toEqual([]);
  });
  it('gives a birthday on a festival both tasks', () => {
    expect(tasksAppearingOn('2027-09-14', [lunar(8, 15, false, { tier: 'diamond' })], S).map((t) => `${t.kind}:${t.occasion}`)).toEqual(['birthday:生日', 'holiday:中秋']);
  });
});
