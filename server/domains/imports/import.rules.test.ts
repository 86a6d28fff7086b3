import { describe, expect, it } from 'vitest';
import {
  findDuplicateKeys,
  findSecondBranchHeads,
  findSharedFeishuIds,
  parseBranchRow,
  parseCustomerRow,
  parseHolidayRow,
  parseRegionRow,
  parseStaffRow,
} from './import.rules.ts';
import type { SourceRow } from './import.types.ts';

const row = (cells: Record<string, string>, line = 2): SourceRow => ({ line, cells });

describe('parseRegionRow', () => {
  it('reads a sub-branch with its parent and a Chinese kind', () => {
    const outcome = parseRegionRow(row({ code: 'SH01', name: '浦东支行', kind: '支行', parent_code: 'SH' }));
    expect(outcome.errors).toEqual([]);
    expect(outcome.value).toEqual({ code: 'SH01', name: '浦东支行', nameEn: undefined, kind: 'sub_branch', parentCode: 'SH' });
  });
  it('requires a parent unless the kind is head_office', () => {
    expect(parseRegionRow(row({ code: 'SH', name: '上海分行', kind: 'branch_office', parent_code: '' }, 7)).errors).toEqual([
      { row: 7, field: 'parent_code', reason: 'is required unless kind is head_office' },
    ]);
    expect(parseRegionRow(row({ code: 'HQ', name: '总行', kind: 'head_office', parent_code: '' })).errors).toEqual([]);
  });
  it('rejects a parent on a head office and a region that is its own parent', () => {
    expect(parseRegionRow(row({ code: 'HQ', name: '总行', kind: 'head_office', parent_code: 'X' })).errors[0]?.reason).toBe('a head office has no parent');
    expect(parseRegionRow(row({ code: 'A', name: 'A', kind: 'sub_branch', parent_code: 'A' })).errors[0]?.reason).toBe('a region cannot be its own parent');
  });
  it('reports every bad field of a row and keeps the fields that parsed', () => {
    const outcome = parseRegionRow(row({ code: 'X1', name: '', kind: 'city', parent_code: 'SH' }));
    expect(outcome.errors.map((e) => e.field)).toEqual(['name', 'kind']);
    expect(outcome.value).toBeUndefined();
    expect(outcome.partial).toMatchObject({ code: 'X1', parentCode: 'SH' });
  });
});

describe('parseBranchRow', () => {
  it('leaves absent optional columns undefined and blank ones null', () => {
    const { value } = parseBranchRow(row({ code: 'B1', name: '网点', region_code: 'SH01', address: '' }));
    expect(value).toMatchObject({ address: null, headStaffCode: undefined, active: undefined });
  });
  it('reads active as a boolean', () => {
    expect(parseBranchRow(row({ code: 'B1', name: '网点', region_code: 'R', active: '否' })).value?.active).toBe(false);
    expect(parseBranchRow(row({ code: 'B1', name: '网点', region_code: 'R', active: 'x' })).errors[0]?.field).toBe('active');
  });
});

describe('parseStaffRow', () => {
  const base = { code: 'S1', name: '王芳', role: 'teller', branch_code: 'B1' };
  it('accepts a Chinese role name', () => {
    expect(parseStaffRow(row({ ...base, role: '网点负责人' })).value?.role).toBe('branch_head');
  });
  it('requires a branch or a region', () => {
    expect(parseStaffRow(row({ ...base, branch_code: '', region_code: '' })).errors).toEqual([
      { row: 2, field: 'branch_code', reason: 'branch_code or region_code is required' },
    ]);
  });
  it('normalizes a +86 mobile number and rejects a short one without echoing it', () => {
    expect(parseStaffRow(row({ ...base, mobile: '+86 13812341234' })).value?.mobile).toBe('13812341234');
    const [error] = parseStaffRow(row({ ...base, mobile: '1381234' })).errors;
    expect(error).toEqual({ row: 2, field: 'mobile', reason: 'not a valid mobile number' });
  });
});

describe('parseCustomerRow', () => {
  const base = { code: 'C1', name: '李雷', branch_code: 'B1' };
  it('defaults a blank tier to mass and reads a lunar leap-month birthday', () => {
    const { value } = parseCustomerRow(row({ ...base, tier: '', birthday: '1962-04-15', birthday_calendar: '农历', birthday_leap_month: 'true' }));
    expect(value?.tier).toBe('mass');
    expect(value?.birthday).toEqual({ calendar: 'lunar', year: 1962, month: 4, day: 15, leapMonth: true });
  });
  it('keeps an absent tier undefined so the stored tier stays', () => {
    expect(parseCustomerRow(row(base)).value?.tier).toBeUndefined();
  });
  it('rejects a leap month on a solar birthday', () => {
    const errors = parseCustomerRow(row({ ...base, birthday: '04-15', birthday_leap_month: '是' })).errors;
    expect(errors).toEqual([{ row: 2, field: 'birthday_leap_month', reason: 'only a lunar birthday can be in a leap month' }]);
  });
  it('names the field of a bad ID number and phone without their values', () => {
    const errors = parseCustomerRow(row({ ...base, phone: '12345', id_number: '440305199003071237' })).errors;
    expect(errors).toEqual([
      { row: 2, field: 'phone', reason: 'not a valid phone number' },
      { row: 2, field: 'id_number', reason: 'check digit does not match' },
    ]);
    expect(JSON.stringify(errors)).not.toContain('440305');
  });
});

describe('parseHolidayRow', () => {
  it('reads 休 and 班 as holiday and workday', () => {
    expect(parseHolidayRow(row({ date: '2027-02-06', kind: '休', name: '春节' })).value?.kind).toBe('holiday');
    expect(parseHolidayRow(row({ date: '2027-02-20', kind: '班', name: '春节' })).value?.kind).toBe('workday');
  });
  it('rejects an impossible date', () => {
    expect(parseHolidayRow(row({ date: '2027-02-29', kind: 'holiday', name: 'x' })).errors[0]?.field).toBe('date');
  });
});

describe('findDuplicateKeys', () => {
  it('reports every repeat after the first, naming the first row', () => {
    const rows = [2, 3, 4].map((line) => ({ line, value: { code: 'A' } }));
    expect(findDuplicateKeys(rows, (v) => v.code, 'code')).toEqual([
      { row: 3, field: 'code', reason: '"A" is already in row 2' },
      { row: 4, field: 'code', reason: '"A" is already in row 2' },
    ]);
  });
});

describe('findSecondBranchHeads', () => {
  it('rejects a second branch_head for one branch and allows one per branch', () => {
    const staff = (line: number, branchCode: string) => ({
      line,
      value: { code: `S${line}`, name: 'x', role: 'branch_head' as const, branchCode, regionCode: null },
    });
    expect(findSecondBranchHeads([staff(2, 'B1'), staff(3, 'B2')])).toEqual([]);
    expect(findSecondBranchHeads([staff(2, 'B1'), staff(3, 'B1')])).toEqual([
      { row: 3, field: 'role', reason: 'branch "B1" already has a branch_head in row 2' },
    ]);
  });
});

describe('findSharedFeishuIds', () => {
  it('rejects one open id given to two people', () => {
    const staff = (line: number) => ({ line, value: { code: `S${line}`, name: 'x', role: 'teller' as const, branchCode: 'B', regionCode: null, feishuOpenId: 'ou_1' } });
    expect(findSharedFeishuIds([staff(2), staff(3)]).map((e) => [e.row, e.field])).toEqual([[3, 'feishu_open_id']]);
  });
});
