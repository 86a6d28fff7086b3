/**
 * CSV import of master data (regions, branches, staff, customers, holidays), all or nothing.
 *
 * @example
 *   const result = await importCsv({ db, clock }, { entity: 'branches', fileName: 'branches.csv', content: buffer, actor: 'cli' });
 *   if (result.status === 'rejected') for (const e of result.errors) console.log(`row ${e.row}, ${e.field}: ${e.reason}`);
 *
 * - Throws AppError INVALID_INPUT for problems with the file as a whole: unknown entity, a missing
 *   required column (named in `field`), an empty file or one with no data rows, bytes that are not
 *   UTF-8 / GB18030 / UTF-16 text, unreadable CSV (an unclosed quote).
 * - Row problems never throw: they come back in a `rejected` result (line numbers, header = 1;
 *   the first 200 errors; reasons never repeat personal data) and nothing is written.
 * - On success everything is written in one transaction, in batches of 1,000, updating by code
 *   (a re-import never duplicates); an optional column absent from the file keeps stored values,
 *   a blank cell clears it. Holidays replace each year present in the file.
 * - Every run, succeeded or rejected, is recorded in import_runs; a success notifies
 *   `org_changed` { entity, inserted, updated } after commit.
 * - `onProgress` is called every 1,000 rows while validating and after each batch while writing.
 * - Columns: see COLUMN_SPECS; headers are case-insensitive and may use Chinese names (编码, 名称 …).
 */
export {
  IMPORT_ENTITIES,
  MAX_REPORTED_ERRORS,
  type ImportDeps,
  type ImportEntity,
  type ImportProgress,
  type ImportResult,
  type RowError,
} from './import.types.ts';
export { COLUMN_SPECS } from './table.rules.ts';
export { importCsv, importRecords, listImportedEntities } from './import.service.ts';
