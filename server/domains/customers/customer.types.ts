export const CUSTOMER_TIERS = ['mass', 'gold', 'platinum', 'diamond', 'private'] as const;
/** 大众 / 金卡 / 白金 / 钻石 / 私行: decides care-task priority and who greets the customer. */
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const BIRTHDAY_CALENDARS = ['solar', 'lunar'] as const;
export type BirthdayCalendar = (typeof BIRTHDAY_CALENDARS)[number];

/** A month and day in the solar (公历) or lunar (农历) calendar; the year is often unknown. */
export interface Birthday {
  calendar: BirthdayCalendar;
  year: number | null;
  month: number;
  day: number;
  /** Lunar only: the day is in that year's leap month (闰月). */
  leapMonth: boolean;
}

export interface Customer {
  id: string;
  code: string;
  /** Masked (张*明) unless the caller asked to reveal. */
  name: string;
  branchCode: string;
  accountManagerCode: string | null;
  tier: CustomerTier;
  /** Month and day are kept (care tasks need them); the year is hidden when masked. */
  birthday: Birthday | null;
  /** Masked (138****1234) unless revealed. */
  phone: string | null;
  /** Masked (110***********123X) unless revealed. */
  idNumber: string | null;
  careOptOut: boolean;
  /** Whether the personal fields above are masked. */
  masked: boolean;
}

/**
 * An upsert input, keyed by code. An optional field that is `undefined` on every input of a call
 * (its column was not in the file) keeps the stored value on update; `null` clears it.
 */
export interface CustomerInput {
  code: string;
  name: string;
  branchCode: string;
  /** Must name existing staff. */
  accountManagerCode?: string | null | undefined;
  tier?: CustomerTier | undefined;
  birthday?: Birthday | null | undefined;
  /** Digits only for a mobile (13812341234); landlines as 010-12345678. */
  phone?: string | null | undefined;
  /** Upper case, checksum already verified. */
  idNumber?: string | null | undefined;
  careOptOut?: boolean | undefined;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}
