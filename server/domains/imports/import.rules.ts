/**
 * Row validation per entity (pure): each row becomes a domain input or a list of row errors.
 * References to other records (a branch's region, a customer's account manager) are checked
 * later against the database, in import-entities.service.ts.
 */
import type { CalendarDay } from '../calendar/index.ts';
import { CUSTOMER_TIERS, type CustomerInput } from '../customers/index.ts';
import { REGION_KINDS, STAFF_ROLES, type BranchInput, type RegionInput, type StaffInput } from '../org/index.ts';
import {
  isRealDate,
  parseBirthday,
  parseBoolean,
  parseChoice,
  parseCode,
  parseEmail,
  parseIdNumber,
  parseMobile,
  parsePhone,
  parseText,
  type FieldResult,
} from './field.rules.ts';
import type { ImportEntity, ParsedRow, RowError, SourceRow } from './import.types.ts';

const REGION_KIND_ALIASES = { 总行: 'head_office', 分行: 'branch_office', 一级分行: 'branch_office', 二级分行: 'branch_office', 支行: 'sub_branch' } as const;
const ROLE_ALIASES = {
  领导: 'leader', 行领导: 'leader', 区域经理: 'region_manager', 检查员: 'inspector', 监督员: 'inspector', 服务监督员: 'inspector',
  投诉处理员: 'complaint_handler', 投诉专员: 'complaint_handler', 网点负责人: 'branch_head', 网点主任: 'branch_head',
  网点副主任: 'deputy_head', 副主任: 'deputy_head', 大堂经理: 'lobby_manager', 客户经理: 'account_manager', 柜员: 'teller', 员工: 'staff',
} as const;
const TIER_ALIASES = { 大众: 'mass', 普通: 'mass', 金卡: 'gold', 白金: 'platinum', 铂金: 'platinum', 钻石: 'diamond', 私行: 'private', 私人银行: 'private' } as const;
const CALENDAR_ALIASES = { 公历: 'solar', 阳历: 'solar', 新历: 'solar', 农历: 'lunar', 阴历: 'lunar', 旧历: 'lunar' } as const;
const DAY_KIND_ALIASES = { 休: 'holiday', 假: 'holiday', 放假: 'holiday', 休息: 'holiday', 班: 'workday', 上班: 'workday', 补班: 'workday' } as const;

const NAME_MAX = 100;
const TEXT_MAX = 300;

export interface RowOutcome<T> {
  /** The domain input, when the row has no errors. */
  value?: T;
  /** The fields that did parse, so reference and duplicate checks still run on a bad row. */
  partial: Partial<T>;
  errors: RowError[];
}

/** Reads one row's cells, collecting errors. A cell is undefined when its column is absent. */
function readRow(row: SourceRow) {
  const errors: RowError[] = [];
  const report = (field: string, reason: string) => void errors.push({ row: row.line, field, reason });
  const apply = <T>(field: string, result: FieldResult<T>): T | undefined => {
    if (result.error !== undefined) report(field, result.error);
    return result.value;
  };
  return {
    errors,
    report,
    required<T>(field: string, parse: (text: string) => FieldResult<T>): T | undefined {
      const text = row.cells[field] ?? '';
      return text === '' ? void report(field, 'is required') : apply(field, parse(text));
    },
    /** undefined: column absent (keep the stored value); null: blank cell. */
    optional<T>(field: string, parse: (text: string) => FieldResult<T>): T | null | undefined {
      const text = row.cells[field];
      if (text === undefined) return undefined;
      return text === '' ? null : (apply(field, parse(text)) ?? null);
    },
  };
}

const outcome = <T>(errors: RowError[], partial: Partial<T>): RowOutcome<T> =>
  errors.length > 0 ? { partial, errors } : { value: partial as T, partial, errors };
const text = (max: number) => (value: string) => parseText(value, max);

export function parseRegionRow(row: SourceRow): RowOutcome<RegionInput> {
  const r = readRow(row);
  const code = r.required('code', parseCode);
  const name = r.required('name', text(NAME_MAX));
  const nameEn = r.optional('name_en', text(TEXT_MAX));
  const kind = r.required('kind', (v) => parseChoice(v, REGION_KINDS, REGION_KIND_ALIASES));
  const parentCode = r.optional('parent_code', parseCode) ?? null;
  if (kind && kind !== 'head_office' && !parentCode) r.report('parent_code', 'is required unless kind is head_office');
  if (kind === 'head_office' && parentCode) r.report('parent_code', 'a head office has no parent');
  if (parentCode && parentCode === code) r.report('parent_code', 'a region cannot be its own parent');
  return outcome<RegionInput>(r.errors, { code, name, nameEn, kind, parentCode });
}

export function parseBranchRow(row: SourceRow): RowOutcome<BranchInput> {
  const r = readRow(row);
  const value = {
    code: r.required('code', parseCode),
    name: r.required('name', text(NAME_MAX)),
    regionCode: r.required('region_code', parseCode),
    address: r.optional('address', text(TEXT_MAX)),
    headStaffCode: r.optional('head_staff_code', parseCode),
    feishuChatId: r.optional('feishu_chat_id', text(TEXT_MAX)),
    active: r.optional('active', parseBoolean) ?? undefined,
  };
  return outcome<BranchInput>(r.errors, value);
}

export function parseStaffRow(row: SourceRow): RowOutcome<StaffInput> {
  const r = readRow(row);
  const value = {
    code: r.required('code', parseCode),
    name: r.required('name', text(NAME_MAX)),
    role: r.required('role', (v) => parseChoice(v, STAFF_ROLES, ROLE_ALIASES)),
    branchCode: r.optional('branch_code', parseCode) ?? null,
    regionCode: r.optional('region_code', parseCode) ?? null,
    feishuOpenId: r.optional('feishu_open_id', text(TEXT_MAX)),
    feishuUserId: r.optional('feishu_user_id', text(TEXT_MAX)),
    mobile: r.optional('mobile', parseMobile),
    email: r.optional('email', parseEmail),
    active: r.optional('active', parseBoolean) ?? undefined,
  };
  if (!value.branchCode && !value.regionCode && !r.errors.some((e) => e.field.endsWith('_code'))) {
    r.report('branch_code', 'branch_code or region_code is required');
  }
  return outcome<StaffInput>(r.errors, value);
}

export function parseCustomerRow(row: SourceRow): RowOutcome<CustomerInput> {
  const r = readRow(row);
  const calendar = r.optional('birthday_calendar', (v) => parseChoice(v, ['solar', 'lunar'] as const, CALENDAR_ALIASES)) ?? 'solar';
  const leapMonth = r.optional('birthday_leap_month', parseBoolean) ?? false;
  if (leapMonth && calendar !== 'lunar') r.report('birthday_leap_month', 'only a lunar birthday can be in a leap month');
  const tier = r.optional('tier', (v) => parseChoice(v, CUSTOMER_TIERS, TIER_ALIASES));
  const value = {
    code: r.required('code', parseCode),
    name: r.required('name', text(NAME_MAX)),
    branchCode: r.required('branch_code', parseCode),
    accountManagerCode: r.optional('account_manager_code', parseCode),
    // A blank tier cell is the default tier, not "keep".
    tier: tier === null ? 'mass' : tier,
    birthday: r.optional('birthday', (v) => parseBirthday(v, calendar, leapMonth)),
    phone: r.optional('phone', parsePhone),
    idNumber: r.optional('id_number', parseIdNumber),
    careOptOut: r.optional('care_opt_out', parseBoolean) ?? undefined,
  };
  return outcome<CustomerInput>(r.errors, value);
}

export function parseHolidayRow(row: SourceRow): RowOutcome<CalendarDay> {
  const r = readRow(row);
  const date = r.required('date', (v) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return match && isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) ? { value: v } : { error: 'must be a date YYYY-MM-DD' };
  });
  const kind = r.required('kind', (v) => parseChoice(v, ['holiday', 'workday'] as const, DAY_KIND_ALIASES));
  const name = r.required('name', text(NAME_MAX));
  return outcome<CalendarDay>(r.errors, { date, kind, name });
}

export const ROW_PARSERS = {
  regions: parseRegionRow,
  branches: parseBranchRow,
  staff: parseStaffRow,
  customers: parseCustomerRow,
  holidays: parseHolidayRow,
} satisfies Record<ImportEntity, (row: SourceRow) => RowOutcome<unknown>>;

/** Later rows repeating a key (a code, a date) already used by an earlier row; rows without the key are skipped. */
export function findDuplicateKeys<T>(
  rows: readonly ParsedRow<T>[],
  keyOf: (value: T) => string | null | undefined,
  field: string,
  reasonOf: (key: string, firstLine: number) => string = (key, firstLine) => `"${key}" is already in row ${firstLine}`,
): RowError[] {
  const firstLines = new Map<string, number>();
  const errors: RowError[] = [];
  for (const { line, value } of rows) {
    const key = keyOf(value);
    if (!key) continue;
    const first = firstLines.get(key);
    if (first === undefined) firstLines.set(key, line);
    else errors.push({ row: line, field, reason: reasonOf(key, first) });
  }
  return errors;
}

/** A branch has one head: a second branch_head for the same branch in one file is an error. */
export function findSecondBranchHeads(rows: readonly ParsedRow<Partial<StaffInput>>[]): RowError[] {
  const heads = rows.filter(({ value }) => value.role === 'branch_head');
  return findDuplicateKeys(
    heads,
    (value) => value.branchCode,
    'role',
    (branch, firstLine) => `branch "${branch}" already has a branch_head in row ${firstLine}`,
  );
}

/** The same Feishu id given to two people in one file. */
export function findSharedFeishuIds(rows: readonly ParsedRow<Partial<StaffInput>>[]): RowError[] {
  return [
    ...findDuplicateKeys(rows, (value) => value.feishuOpenId, 'feishu_open_id'),
    ...findDuplicateKeys(rows, (value) => value.feishuUserId, 'feishu_user_id'),
  ];
}
