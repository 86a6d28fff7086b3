import { describe, expect, it } from 'vitest';
import { decodeCsv, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('handles a BOM, CRLF, quoted fields and trailing blank lines', () => {
    const file = parseCsv('\uFEFFcode,name\r\nA,"Li, ""Lei"""\r\nB,x\r\n\r\n\r\n');
    expect(file.header).toEqual(['code', 'name']);
    expect(file.records).toEqual([
      { line: 2, values: ['A', 'Li, "Lei"'] },
      { line: 3, values: ['B', 'x'] },
    ]);
  });
  it('numbers rows by the physical line they start on, across blank lines and quoted line breaks', () => {
    const file = parseCsv('code,address\r\nA,"line one\r\nline two"\r\n\r\nB,x\r\n,\r\nC,y');
    expect(file.records.map((r) => [r.line, r.values[0]])).toEqual([[2, 'A'], [5, 'B'], [7, 'C']]);
  });
  it('reads a tab-separated export', () => {
    expect(parseCsv('code\tname\nA\tx\n').records).toEqual([{ line: 2, values: ['A', 'x'] }]);
  });
  it('rejects an empty file and an unclosed quote, naming the line but not the value', () => {
    expect(() => parseCsv('')).toThrow('file: is empty');
    expect(() => parseCsv('code,name\nA,"13812341234\n')).toThrow(/^file: line \d+: a quoted field is not closed$/);
  });
});

describe('decodeCsv', () => {
  it('decodes UTF-8 with a BOM and GB18030 from Excel', () => {
    expect(decodeCsv(Buffer.from('\uFEFF编码,名称\n', 'utf8')).replace(/^\uFEFF/, '')).toBe('编码,名称\n');
    const gbk = Buffer.from([0xb1, 0xe0, 0xc2, 0xeb]); // 编码 in GBK
    expect(decodeCsv(gbk)).toBe('编码');
  });
  it('rejects binary content', () => {
    expect(() => decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toThrow('file: is not a text file');
  });
});
