/** A calendar day is a 'YYYY-MM-DD' string: it has no time zone (see db/client.ts). */
export type IsoDate = string;

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
/** `holiday`: a day off (法定节假日 or its bridge days); `workday`: a weekend day worked instead (调休上班). */
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  date: IsoDate;
  kind: CalendarDayKind;
  /** The festival the entry belongs to, e.g. 春节 (make-up workdays carry the festival they pay for). */
  name: string;
}

export const CALENDAR_SOURCES = ['chinese-days', 'import', 'computed'] as const;
/**
 * Where a year's entries came from, strongest first: `import` (an administrator loaded the State
 * Council schedule), `chinese-days` (the package's official data), `computed` (festival days only,
 * derived from the lunar calendar while no schedule is published: tentative).
 */
export type CalendarSource = (typeof CALENDAR_SOURCES)[number];

export interface CalendarYear {
  year: number;
  source: CalendarSource;
  official: boolean;
  updatedAt: Date;
}

export interface CalendarCoverage {
  years: CalendarYear[];
  /** Years whose schedule is official (imported or from chinese-days). */
  officialYears: number[];
  /** Years known only from computed festivals: bridge days and make-up workdays are missing. */
  tentativeYears: number[];
}

export interface SeedResult {
  /** Years written by this call, with the source used; empty when the calendar was already seeded. */
  seeded: { year: number; source: CalendarSource }[];
}
