import { describe, expect, it } from 'vitest';
import { assertRequiredColumns, canonicalColumn, tableFromCsv, tableFromRecords } from './table.rules.ts';

describe('canonicalColumn', () => {
  it('matches headers case-insensitively and trimmed', () => {
    expect(canonicalColumn('branches', ' Region_Code ')).toBe('region_code');
    expect(canonicalColumn('branches', 'Region Code')).toBe('region_code');
  });
  it('maps Chinese headers, per entity where they differ', () => {
    expect(canonicalColumn('regions', '上级编码')).toBe('parent_code');
    expect(canonicalColumn('staff', '手机')).toBe('mobile');
    expect(canonicalColumn('customers', '手机')).toBe('phone');
  });
  it('ignores a column the entity does not have', () => {
    expect(canonicalColumn('regions', 'phone')).toBeUndefined();
  });
});

describe('assertRequiredColumns', () => {
  it('names the missing required column', () => {
    expect(() => assertRequiredColumns('branches', new Set(['code', 'name']))).toThrow(/^region_code: required column is missing/);
  });
  it('requires branch_code or region_code for staff', () => {
    expect(() => assertRequiredColumns('staff', new Set(['code', 'name', 'role']))).toThrow(/branch_code, region_code/);
    expect(() => assertRequiredColumns('staff', new Set(['code', 'name', 'role', 'region_code']))).not.toThrow();
  });
});

describe('tableFromCsv', () => {
  it('maps cells to canonical columns and trims them', () => {
    const table = tableFromCsv('regions', ['编码', 'NAME', 'kind', 'note'], [{ line: 2, values: [' HQ ', '总行', '总行', 'x'] }]);
    expect([...table.columns]).toEqual(['code', 'name', 'kind']);
    expect(table.rows).toEqual([{ line: 2, cells: { code: 'HQ', name: '总行', kind: '总行' } }]);
  });
  it('reports a row with more non-blank fields than the header, and accepts trailing blanks', () => {
    const table = tableFromCsv('holidays', ['date', 'kind', 'name'], [
      { line: 2, values: ['2027-01-01', 'holiday', '元旦', ''] },
      { line: 3, values: ['2027-01-02', 'holiday', '元旦', 'extra'] },
    ]);
    expect(table.readErrors).toEqual([{ row: 3, field: 'row', reason: 'has 4 fields; the header has 3' }]);
  });
  it('rejects two headers meaning the same column', () => {
    expect(() => tableFromCsv('regions', ['code', '编码', 'name', 'kind'], [])).toThrow(/both mean code/);
  });
});

describe('tableFromRecords', () => {
  it('numbers records from line 2 and treats a column undefined everywhere as absent', () => {
    const table = tableFromRecords('branches', [
      { code: 'B1', name: 'x', region_code: 'R', address: undefined },
      { code: 'B2', name: 'y', region_code: 'R', address: undefined },
    ]);
    expect(table.columns.has('address')).toBe(false);
    expect(table.rows[1]).toEqual({ line: 3, cells: { code: 'B2', name: 'y', region_code: 'R' } });
  });
});
