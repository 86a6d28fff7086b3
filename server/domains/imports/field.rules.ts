/**
 * Pure parsers for single CSV cells. Each returns `{ value }` or `{ error }`, where the error is a
 * reason that never repeats the cell: a misaligned column can put a phone number or an ID number
 * anywhere, and reasons end up in logs and on screens.
 */
export type FieldResult<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

const ok = <T>(value: T): FieldResult<T> => ({ value });
const fail = <T>(error: string): FieldResult<T> => ({ error });

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', '是', '对']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', '否', '不']);

/** true/false, 1/0, yes/no, 是/否 (case-insensitive). */
export function parseBoolean(text: string): FieldResult<boolean> {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail('must be true/false, 1/0, yes/no or 是/否');
}

/** One of `values` (case-insensitive), or an alias such as 总行 → head_office. */
export function parseChoice<T extends string>(
  text: string,
  values: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): FieldResult<T> {
  const word = text.trim().toLowerCase();
  const found = values.find((value) => value === word) ?? aliases[word];
  return found ? ok(found) : fail(`must be one of ${values.join(', ')}`);
}

const CODE = /^[^\s,;'"\\]{1,64}$/u;

/** An identifier from the bank's systems: 1–64 characters, no spaces, quotes or separators. */
export function parseCode(text: string): FieldResult<string> {
  const code = text.trim();
  if (code.length === 0) return fail('is required');
  return CODE.test(code) ? ok(code) : fail('must be 1–64 characters without spaces, quotes, commas or semicolons');
}

export function parseText(text: string, maxLength: number): FieldResult<string> {
  const value = text.trim();
  if (value.length === 0) return fail('is required');
  return [...value].length <= maxLength ? ok(value) : fail(`must be at most ${maxLength} characters`);
}

/** A Chinese mobile number, optionally +86 and with spaces or dashes; stored as 11 digits. */
export function parseMobile(text: string): FieldResult<string> {
  const digits = text.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? ok(digits) : fail('not a valid mobile number');
}

/** A mobile number (stored as 11 digits) or a landline with area code (stored as 010-12345678). */
export function parsePhone(text: string): FieldResult<string> {
  const mobile = parseMobile(text);
  if (mobile.error === undefined) return mobile;
  const compact = text.replace(/[\s()]/g, '').replace(/^(\+86|0086)-?/, '0');
  const separated = /^(0\d{2,3})-(\d{7,8})$/.exec(compact);
  if (separated) return ok(`${separated[1]}-${separated[2]}`);
  if (!/^0\d{9,11}$/.test(compact)) return fail('not a valid phone number');
  // Without a separator the area code is known by its prefix: 010 and 02x have three digits.
  const areaLength = /^(010|02)/.test(compact) ? 3 : 4;
  const local = compact.slice(areaLength);
  return local.length >= 7 && local.length <= 8 ? ok(`${compact.slice(0, areaLength)}-${local}`) : fail('not a valid phone number');
}

export function parseEmail(text: string): FieldResult<string> {
  const value = text.trim();
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? ok(value) : fail('not a valid email address');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** An 18-character resident ID (GB 11643-1999): region, birth date, sequence and ISO 7064 check character. */
export function parseIdNumber(text: string): FieldResult<string> {
  const id = text.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return fail('must be an 18-character resident ID number');
  if (!isRealDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))) || Number(id.slice(6, 10)) < 1900) {
    return fail('contains an impossible birth date');
  }
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return id[17] === ID_CHECK_CHARS[sum % 11] ? ok(id) : fail('check digit does not match');
}

export function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface BirthdayValue {
  calendar: 'solar' | 'lunar';
  year: number | null;
  month: number;
  day: number;
  leapMonth: boolean;
}

/**
 * 'YYYY-MM-DD' or 'MM-DD' (also with / or .) in the given calendar. A solar day must exist (02-29
 * only with a leap year or no year); a lunar day is 1–30, as lunar months have 29 or 30 days.
 * `leapMonth` is taken as given: the caller checks that only lunar birthdays carry it.
 */
export function parseBirthday(text: string, calendar: 'solar' | 'lunar', leapMonth: boolean): FieldResult<BirthdayValue> {
  const match = /^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})$/.exec(text.trim());
  if (!match) return fail('must be YYYY-MM-DD or MM-DD');
  const year = match[1] === undefined ? null : Number(match[1]);
  const [month, day] = [Number(match[2]), Number(match[3])];
  if (year !== null && (year < 1900 || year > 2100)) return fail('year must be between 1900 and 2100');
  if (calendar === 'lunar') {
    return month >= 1 && month <= 12 && day >= 1 && day <= 30
      ? ok({ calendar, year, month, day, leapMonth })
      : fail('not a lunar month (1–12) and day (1–30)');
  }
  return isRealDate(year ?? 2000, month, day) ? ok({ calendar, year, month, day, leapMonth: false }) : fail('not a real date');
}
