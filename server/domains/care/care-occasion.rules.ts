import chineseDays from 'chinese-days';
import { addDays, isValidDay } from '../../platform/bank-time.ts';
import type { CustomerTier } from '../customers/index.ts';
import { BIRTHDAY_OCCASION, SENIOR_FESTIVAL, type CareCustomer, type CareSettings, type CareTaskDraft } from './care.types.ts';

/**
 * When occasions fall, on the solar (公历) and the lunar (农历) calendar. Lunar conversion comes
 * from chinese-days (its tables cover 1900–2100); nothing here is a hand-written table.
 */

/** Lunar festivals greeted on the ordinary (not leap) month: month, day. */
export const LUNAR_FESTIVALS: ReadonlyArray<{ name: string; month: number; day: number }> = [
  { name: '春节', month: 1, day: 1 },
  { name: '元宵', month: 1, day: 15 },
  { name: '端午', month: 5, day: 5 },
  { name: '中秋', month: 8, day: 15 },
  { name: SENIOR_FESTIVAL, month: 9, day: 9 },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** A solar birthday in `year`: 29 February is kept on 28 February in common years. */
export function solarBirthdayIn(year: number, month: number, day: number): string {
  for (let d = day; d >= 28; d--) {
    const text = `${year}-${pad(month)}-${pad(d)}`;
    if (isValidDay(text)) return text;
  }
  return `${year}-${pad(month)}-${pad(Math.min(day, 28))}`;
}

/** Days in a lunar month of a lunar year (29 or 30); the leap month has its own length. */
export function lunarMonthLength(lunarYear: number, month: number, leap: boolean): number {
  if (leap) return chineseDays.getYearLeapMonth(lunarYear).days;
  return chineseDays.monthDays(lunarYear, month);
}

/**
 * The solar date of lunar month/day in `lunarYear`. A leap-month date is greeted in the leap month
 * when the year has that leap month, else in the ordinary month; 三十 falls on 廿九 in a short month.
 */
export function lunarToSolar(lunarYear: number, month: number, day: number, leap: boolean): string {
  const inLeap = leap && chineseDays.getYearLeapMonth(lunarYear).leapMonth === month;
  const length = lunarMonthLength(lunarYear, month, inLeap);
  const first = chineseDays.getSolarDateFromLunar(`${lunarYear}-${pad(month)}-01`);
  const start = inLeap ? first.leapMonthDate! : first.date;
  return addDays(start, Math.min(day, length) - 1);
}

/** The lunar year, month and day of a solar day. */
export function lunarOf(day: string): { lunarYear: number; month: number; day: number; leap: boolean } {
  const l = chineseDays.getLunarDate(day);
  return { lunarYear: l.lunarYear, month: l.lunarMon, day: l.lunarDay, leap: l.isLeap };
}

/** Every festival of a solar year (lunar ones converted, configured solar ones), by date. */
export function festivalsInYear(year: number, settings: Pick<CareSettings, 'solarFestivals'>): Array<{ name: string; date: string }> {
  const lunar = LUNAR_FESTIVALS.map((f) => ({ name: f.name, date: lunarToSolar(year, f.month, f.day, false) }));
  const solar = settings.solarFestivals.map((f) => ({ name: f.name, date: solarBirthdayIn(year, f.month, f.day) }));
  return [...lunar, ...solar].sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
}

/** What falls on one solar day: festival names and the birthday keys that land there. */
export interface DayOccasions {
  date: string;
  festivals: string[];
  /** Whether a birthday with this calendar, month, day and leap flag falls on `date`. */
  hasBirthday(calendar: 'solar' | 'lunar', month: number, day: number, leap: boolean): boolean;
}

export function occasionsOn(date: string, settings: Pick<CareSettings, 'solarFestivals'>): DayOccasions {
  const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
  const lunar = lunarOf(date);
  const festivals = [
    ...LUNAR_FESTIVALS.filter((f) => !lunar.leap && f.month === lunar.month && f.day === lunar.day).map((f) => f.name),
    ...settings.solarFestivals.filter((f) => solarBirthdayIn(year, f.month, f.day) === date).map((f) => f.name),
  ];
  const resolved = new Map<string, string>();
  const lunarDate = (m: number, d: number, leap: boolean) => {
    const key = `${m}-${d}-${leap}`;
    let value = resolved.get(key);
    if (value === undefined) resolved.set(key, (value = lunarToSolar(lunar.lunarYear, m, d, leap)));
    return value;
  };
  return {
    date,
    festivals,
    hasBirthday(calendar, m, d, leap) {
      if (calendar === 'solar') return m === month && solarBirthdayIn(year, m, d) === date;
      // Only the date's own lunar month and day (or 三十 folded onto 廿九) can land on it.
      if (m !== lunar.month || (d !== lunar.day && !(d === 30 && lunar.day === 29))) return false;
      return lunarDate(m, d, leap) === date;
    },
  };
}

/** Age reached in the occasion's year; unknown without a birth year. */
const ageIn = (year: number, birthYear: number | null) => (birthYear === null ? null : year - birthYear);

/** The tasks one customer gets for occasions on `occasions.date` (the lead time already applied). */
export function customerTasksFor(customer: CareCustomer, occasions: DayOccasions, appearsOn: string, settings: CareSettings): CareTaskDraft[] {
  if (customer.careOptOut) return [];
  const date = occasions.date;
  const drafts: CareTaskDraft[] = [];
  const task = (kind: CareTaskDraft['kind'], occasion: string): CareTaskDraft => ({ customerId: customer.id, kind, occasion, occasionDate: date, dueDate: date, appearsOn });
  if (customer.birthdayCalendar && customer.birthMonth && customer.birthDay && occasions.hasBirthday(customer.birthdayCalendar, customer.birthMonth, customer.birthDay, customer.birthLeapMonth)) {
    drafts.push(task('birthday', BIRTHDAY_OCCASION));
  }
  if (settings.festivalTiers.includes(customer.tier)) {
    const age = ageIn(Number(date.slice(0, 4)), customer.birthYear);
    for (const name of occasions.festivals) {
      if (name === SENIOR_FESTIVAL && (age === null || age < settings.seniorAge)) continue;
      drafts.push(task('holiday', name));
    }
  }
  return drafts;
}

/**
 * The tasks that appear on `day`: each customer's occasions on `day` + their tier's lead time.
 * Occasions are worked out once per distinct lead time, not per customer.
 */
export function tasksAppearingOn(day: string, customers: Iterable<CareCustomer>, settings: CareSettings): CareTaskDraft[] {
  const byLead = new Map<number, DayOccasions>();
  const occasionsFor = (tier: CustomerTier) => {
    const lead = settings.leadDays[tier] ?? 0;
    let occasions = byLead.get(lead);
    if (!occasions) byLead.set(lead, (occasions = occasionsOn(addDays(day, lead), settings)));
    return occasions;
  };
  const drafts: CareTaskDraft[] = [];
  for (const customer of customers) drafts.push(...customerTasksFor(customer, occasionsFor(customer.tier), day, settings));
  return drafts;
}
