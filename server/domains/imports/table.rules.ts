/**
 * From a file's header and records to an ImportTable: canonical column names (case-insensitive,
 * trimmed, Chinese aliases), required columns, and rows with too many fields. Pure.
 */
import { AppError } from '../../platform/errors.ts';
import type { ImportEntity, ImportTable, RowError, SourceRow } from './import.types.ts';

export interface ColumnSpec {
  columns: readonly string[];
  required: readonly string[];
  /** Columns of which at least one must be present (staff: branch_code or region_code). */
  oneOf?: readonly string[];
}

export const COLUMN_SPECS: Record<ImportEntity, ColumnSpec> = {
  regions: { columns: ['code', 'name', 'name_en', 'kind', 'parent_code'], required: ['code', 'name', 'kind'] },
  branches: {
    columns: ['code', 'name', 'region_code', 'address', 'head_staff_code', 'feishu_chat_id', 'active'],
    required: ['code', 'name', 'region_code'],
  },
  staff: {
    columns: ['code', 'name', 'role', 'branch_code', 'region_code', 'feishu_open_id', 'feishu_user_id', 'mobile', 'email', 'active'],
    required: ['code', 'name', 'role'],
    oneOf: ['branch_code', 'region_code'],
  },
  customers: {
    columns: [
      'code', 'name', 'branch_code', 'account_manager_code', 'tier', 'birthday', 'birthday_calendar',
      'birthday_leap_month', 'phone', 'id_number', 'care_opt_out',
    ],
    required: ['code', 'name', 'branch_code'],
  },
  holidays: { columns: ['date', 'kind', 'name'], required: ['date', 'kind', 'name'] },
};

// Headers as Chinese back offices write them. An alias applies only if the entity has the column.
const COMMON_ALIASES: Record<string, string> = {
  编码: 'code', 代码: 'code', 编号: 'code', 名称: 'name', 姓名: 'name', 英文名称: 'name_en', 英文名: 'name_en',
  类型: 'kind', 级别: 'kind', 机构类型: 'kind', 上级编码: 'parent_code', 上级机构编码: 'parent_code', 上级代码: 'parent_code',
  网点编码: 'branch_code', 所属网点: 'branch_code', 网点代码: 'branch_code', 区域编码: 'region_code', 机构编码: 'region_code',
  所属机构: 'region_code', 地址: 'address', 负责人编码: 'head_staff_code', 网点负责人编码: 'head_staff_code',
  飞书群: 'feishu_chat_id', 飞书群id: 'feishu_chat_id', 启用: 'active', 是否启用: 'active', 在职: 'active',
  岗位: 'role', 角色: 'role', 飞书open_id: 'feishu_open_id', 飞书user_id: 'feishu_user_id', 飞书用户id: 'feishu_user_id',
  手机: 'mobile', 手机号: 'mobile', 手机号码: 'mobile', 邮箱: 'email', 电子邮箱: 'email',
  客户经理编码: 'account_manager_code', 客户经理: 'account_manager_code', 等级: 'tier', 客户等级: 'tier',
  生日: 'birthday', 出生日期: 'birthday', 生日历法: 'birthday_calendar', 历法: 'birthday_calendar', 闰月: 'birthday_leap_month',
  电话: 'phone', 联系电话: 'phone', 证件号码: 'id_number', 身份证号: 'id_number', 身份证号码: 'id_number',
  拒绝关怀: 'care_opt_out', 不接受关怀: 'care_opt_out', 日期: 'date',
};
const ENTITY_ALIASES: Partial<Record<ImportEntity, Record<string, string>>> = {
  // A customer's 手机 is their phone; staff have a `mobile` column.
  customers: { 手机: 'phone', 手机号: 'phone', 手机号码: 'phone' },
};

export function canonicalColumn(entity: ImportEntity, header: string): string | undefined {
  const name = header.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const canonical = COLUMN_SPECS[entity].columns.includes(name) ? name : (ENTITY_ALIASES[entity]?.[name] ?? COMMON_ALIASES[name]);
  return canonical && COLUMN_SPECS[entity].columns.includes(canonical) ? canonical : undefined;
}

/** Throws INVALID_INPUT naming the first missing required column (or the missing pair). */
export function assertRequiredColumns(entity: ImportEntity, columns: ReadonlySet<string>): void {
  const spec = COLUMN_SPECS[entity];
  const missing = spec.required.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw AppError.invalid(missing[0] as string, `required column is missing (${entity} need ${spec.required.join(', ')})`);
  }
  if (spec.oneOf && !spec.oneOf.some((column) => columns.has(column))) {
    throw AppError.invalid(spec.oneOf.join('|'), `one of the columns ${spec.oneOf.join(', ')} is required`);
  }
}

/** Header and string records (from CSV) → table; extra non-blank fields beyond the header are row errors. */
export function tableFromCsv(entity: ImportEntity, header: readonly string[], records: readonly { line: number; values: string[] }[]): ImportTable {
  const positions: [number, string][] = [];
  const seen = new Map<string, string>();
  header.forEach((raw, index) => {
    const column = canonicalColumn(entity, raw);
    if (!column) return;
    if (seen.has(column)) throw AppError.invalid('header', `columns "${seen.get(column)}" and "${raw.trim()}" both mean ${column}`);
    seen.set(column, raw.trim());
    positions.push([index, column]);
  });
  const readErrors: RowError[] = [];
  const rows: SourceRow[] = records.map(({ line, values }) => {
    if (values.slice(header.length).some((value) => value.trim() !== '')) {
      readErrors.push({ row: line, field: 'row', reason: `has ${values.length} fields; the header has ${header.length}` });
    }
    const cells: Record<string, string> = {};
    for (const [index, column] of positions) cells[column] = (values[index] ?? '').trim();
    return { line, cells };
  });
  return { columns: new Set(seen.keys()), rows, readErrors };
}

/**
 * Records given as objects (demo seeder, API) → table, numbered as if from a file with a header.
 * A key counts as a column when some record gives it a value; undefined is a blank cell.
 */
export function tableFromRecords(entity: ImportEntity, records: readonly Record<string, string | undefined>[]): ImportTable {
  const keyColumns = new Map<string, string>();
  const columns = new Set<string>();
  const rows = records.map((record, index) => {
    const cells: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) {
      let column = keyColumns.get(key);
      if (column === undefined) keyColumns.set(key, (column = canonicalColumn(entity, key) ?? ''));
      if (!column) continue;
      cells[column] = (value ?? '').trim();
      if (value !== undefined) columns.add(column);
    }
    return { line: index + 2, cells };
  });
  for (const row of rows) for (const column of Object.keys(row.cells)) if (!columns.has(column)) delete row.cells[column];
  return { columns, rows, readErrors: [] };
}
