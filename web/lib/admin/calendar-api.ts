import { getJson, putJson, withQuery } from '$lib/api.ts';

export interface CalendarStatus {
  nextYear: number;
  tentative: boolean;
  warn: boolean;
}

export interface HolidayDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface HolidayYear {
  year: number;
  source: 'import' | 'chinese-days' | 'computed' | null;
  official: boolean;
  days: HolidayDay[];
}

export const getCalendarStatus = () => getJson<CalendarStatus>('/api/v1/calendar/status');
export const getHolidayYear = (year: number) => getJson<HolidayYear>(withQuery('/api/v1/holidays', { year }));
export const putHolidayYear = (year: number, days: HolidayDay[]) => putJson<{ year: number; days: number }>(`/api/v1/holidays/${year}`, { days });
