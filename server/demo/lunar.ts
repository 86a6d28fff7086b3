/**
 * Solar → lunar (农历) conversion for demo birthdays, so a customer who keeps a lunar birthday gets
 * a lunar date that really corresponds to the birth date in their ID number (valid day 30s and
 * leap months included). The generator may use node built-ins only, so the table is embedded.
 *
 * LUNAR_YEARS[y - 1900] is the usual packed encoding (the same data as chinese-days):
 *   bits 15..4  month 1..12 has 30 days when set, else 29;
 *   bits 3..0   the leap month (0 = none);
 *   bit 16      the leap month has 30 days when set, else 29.
 */
const LUNAR_YEARS: readonly number[] = [
  0x04bd8, 0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0, 0x055d2, // 1900
  0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0, 0x0ada2, 0x095b0, 0x14977, // 1910
  0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40, 0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970, // 1920
  0x06566, 0x0d4a0, 0x0ea50, 0x06e95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950, // 1930
  0x0d4a0, 0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950, 0x0b557, // 1940
  0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5b0, 0x14573, 0x052b0, 0x0a9a8, 0x0e950, 0x06aa0, // 1950
  0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570, 0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0, // 1960
  0x096d0, 0x04dd5, 0x04ad0, 0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b6a0, 0x195a6, // 1970
  0x095b0, 0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60, 0x09570, // 1980
  0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x055c0, 0x0ab60, 0x096d5, 0x092e0, // 1990
  0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, // 2000
  0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, // 2010
  0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, // 2020
  0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, // 2030
  0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, // 2040
  0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, // 2050
  0x0a2e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, // 2060
  0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, // 2070
  0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, // 2080
  0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252, // 2090
  0x0d520, // 2100
];

const FIRST_YEAR = 1900;
const LAST_YEAR = FIRST_YEAR + LUNAR_YEARS.length - 1;
/** Lunar 1900-01-01 (正月初一) fell on solar 1900-01-31. */
const EPOCH_DAY = Date.UTC(1900, 0, 31) / 86_400_000;

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  isLeapMonth: boolean;
}

const info = (year: number): number => LUNAR_YEARS[year - FIRST_YEAR] as number;
const leapMonthOf = (year: number): number => info(year) & 0xf;
const leapMonthDays = (year: number): number => (leapMonthOf(year) === 0 ? 0 : info(year) & 0x10000 ? 30 : 29);

/** Days in lunar `month` (1–12, the ordinary month, not the leap one) of lunar `year`. */
export function lunarMonthDays(year: number, month: number): number {
  return info(year) & (0x10000 >> month) ? 30 : 29;
}

function lunarYearDays(year: number): number {
  let days = 0;
  for (let month = 1; month <= 12; month++) days += lunarMonthDays(year, month);
  return days + leapMonthDays(year);
}

/** Day offsets (from EPOCH_DAY) of each lunar new year, built once: conversions are then a short search. */
let newYearOffsets: number[] | undefined;

function lunarNewYearOffsets(): number[] {
  if (!newYearOffsets) {
    newYearOffsets = [0];
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      newYearOffsets.push((newYearOffsets.at(-1) as number) + lunarYearDays(year));
    }
  }
  return newYearOffsets;
}

/** The lunar date of a solar calendar day (year, month 1–12, day), valid 1900-01-31 … 2100. */
export function solarToLunar(year: number, month: number, day: number): LunarDate {
  let offset = Date.UTC(year, month - 1, day) / 86_400_000 - EPOCH_DAY;
  const starts = lunarNewYearOffsets();
  if (offset < 0 || offset >= (starts.at(-1) as number)) {
    throw new RangeError(`${year}-${month}-${day} is outside the lunar table (1900–2100)`);
  }
  // The lunar year starts in late January or February of the same solar year, or the year before.
  let lunarYear = Math.min(year, LAST_YEAR);
  while ((starts[lunarYear - FIRST_YEAR] as number) > offset) lunarYear--;
  offset -= starts[lunarYear - FIRST_YEAR] as number;
  const leap = leapMonthOf(lunarYear);
  for (let lunarMonth = 1; lunarMonth <= 12; lunarMonth++) {
    const ordinary = lunarMonthDays(lunarYear, lunarMonth);
    if (offset < ordinary) return { year: lunarYear, month: lunarMonth, day: offset + 1, isLeapMonth: false };
    offset -= ordinary;
    if (lunarMonth === leap) {
      const leapDays = leapMonthDays(lunarYear);
      if (offset < leapDays) return { year: lunarYear, month: lunarMonth, day: offset + 1, isLeapMonth: true };
      offset -= leapDays;
    }
  }
  throw new Error(`lunar table inconsistent for ${lunarYear}`);
}
