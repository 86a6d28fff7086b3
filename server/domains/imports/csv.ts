import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../platform/errors.ts';

/** One data record and the line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  values: string[];
}

export interface CsvFile {
  header: string[];
  records: CsvRecord[];
}

/**
 * Text from a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 — what Excel
 * on a Chinese Windows saves as "CSV". Anything else is refused rather than guessed.
 */
export function decodeCsv(content: string | Buffer): string {
  if (typeof content === 'string') return content;
  if (content.includes(0) && !hasUtf16Bom(content)) throw AppError.invalid('file', 'is not a text file');
  if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le').decode(content);
  if (content[0] === 0xfe && content[1] === 0xff) return new TextDecoder('utf-16be').decode(content);
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(content);
    } catch {
      // try the next encoding
    }
  }
  throw AppError.invalid('file', 'is not UTF-8 or GB18030 text');
}

const hasUtf16Bom = (bytes: Buffer): boolean => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);

// csv-parse's own messages quote the offending value, which may be personal data.
const CSV_ERROR_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'unexpected character after a closing quote',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'wrong number of fields',
};

/** A tab-separated export (Excel's "Unicode text") is accepted too, told by its header line. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  return !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
}

/**
 * Records of a CSV text, skipping blank lines. Handles a BOM, CRLF or CR line ends, quoted fields
 * (with commas, quotes and line breaks). Line numbers count the physical lines of the file.
 */
export function parseCsv(text: string): CsvFile {
  // One line-end style, so csv-parse's line counter is right (it counts CRLF inside quotes twice).
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(normalized, {
      delimiter: detectDelimiter(normalized),
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    const reason = CSV_ERROR_REASONS[error.code] ?? 'cannot be read as CSV';
    throw AppError.invalid('file', line ? `line ${line}: ${reason}` : reason);
  }
  const records = parsed.map(({ record, info }) => ({
    // info.lines is the line the record ends on; quoted line breaks move its start up.
    line: info.lines - record.reduce((n, value) => n + countLineBreaks(value), 0),
    values: record,
  }));
  const [header, ...rows] = records;
  if (!header) throw AppError.invalid('file', 'is empty');
  return { header: header.values, records: rows.filter((row) => row.values.some((value) => value.trim() !== '')) };
}

function countLineBreaks(value: string): number {
  let count = 0;
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) count++;
  return count;
}
