import type { CustomerTier } from '../customers/index.ts';

export const CARE_KINDS = ['birthday', 'holiday'] as const;
/** 生日祝福 or 节日问候. */
export type CareKind = (typeof CARE_KINDS)[number];

export const CARE_STATUSES = ['open', 'done', 'skipped'] as const;
export type CareStatus = (typeof CARE_STATUSES)[number];

export const CARE_DONE_VIA = ['phone', 'sms', 'visit'] as const;
/** 电话 / 短信 / 上门. */
export type CareDoneVia = (typeof CARE_DONE_VIA)[number];

/** The short list an account manager picks from when skipping (跳过). */
export const CARE_SKIP_REASONS = ['unreachable', 'declined', 'greeted_elsewhere', 'wrong_data', 'other'] as const;
export type CareSkipReason = (typeof CARE_SKIP_REASONS)[number];

/** The birthday occasion's name; festivals carry their own (春节, 中秋, 国庆 …). */
export const BIRTHDAY_OCCASION = '生日';
export const SENIOR_FESTIVAL = '重阳';

/** A solar-calendar festival the bank greets on (元旦, 国庆, the bank's anniversary). */
export interface SolarFestival {
  name: string;
  month: number;
  day: number;
}

/** Administrator settings (stored in care_settings; these are the defaults). */
export interface CareSettings {
  /** Days before the occasion the task appears, per tier. */
  leadDays: Record<CustomerTier, number>;
  /** Tiers that get a personal festival task; the others are covered by a mass message. */
  festivalTiers: CustomerTier[];
  solarFestivals: SolarFestival[];
  /** 重阳 greets customers of this age and over (only when the birth year is known). */
  seniorAge: number;
  /** Bank time 'HH:MM' of the afternoon reminder to whoever still has open tasks. */
  reminderAt: string;
}

export const DEFAULT_CARE_SETTINGS: CareSettings = {
  leadDays: { private: 3, diamond: 1, platinum: 1, gold: 0, mass: 0 },
  festivalTiers: ['diamond', 'private'],
  solarFestivals: [
    { name: '元旦', month: 1, day: 1 },
    { name: '国庆', month: 10, day: 1 },
  ],
  seniorAge: 60,
  reminderAt: '16:00',
};

/** What the rules need of a customer. */
export interface CareCustomer {
  id: string;
  tier: CustomerTier;
  birthdayCalendar: 'solar' | 'lunar' | null;
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  birthLeapMonth: boolean;
  careOptOut: boolean;
}

/** A task to create: the occasion, its date (= due date) and the day it appears. */
export interface CareTaskDraft {
  customerId: string;
  kind: CareKind;
  occasion: string;
  occasionDate: string;
  dueDate: string;
  appearsOn: string;
}
