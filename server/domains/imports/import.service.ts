/**
 * Master-data import use cases: importCsv (a file's bytes or text) and importRecords (objects,
 * e.g. from the demo seeder). All or nothing: every row is validated first; any row error rejects
 * the import with nothing written; otherwise one transaction writes every row, records the run
 * in import_runs and notifies `org_changed` { entity, inserted, updated } after commit.
 */
import { AppError } from '../../platform/errors.ts';
import type { Queryable } from '../../../db/types.ts';
import { recordAudit } from '../access/index.ts';
import { decodeCsv, parseCsv } from './csv.ts';
import { IMPORTERS, type EntityImporter } from './import-entities.service.ts';
import { insertImportRun, selectSucceededEntities, type ImportRunRecord } from './import.repo.ts';
import {
  IMPORT_ENTITIES,
  MAX_REPORTED_ERRORS,
  type ImportDeps,
  type ImportEntity,
  type ImportInputBase,
  type ImportResult,
  type ImportTable,
  type ParsedRow,
  type RowError,
} from './import.types.ts';
import { assertRequiredColumns, tableFromCsv, tableFromRecords } from './table.rules.ts';

// Progress is reported per this many rows while validating (writing reports per batch).
const PROGRESS_EVERY = 1000;

type Report = (phase: 'validating' | 'writing', done: number, total: number) => void;
type RunInfo = Pick<ImportRunRecord, 'entity' | 'fileName' | 'rowCount' | 'actor' | 'startedAt'>;

export async function importCsv(
  deps: ImportDeps,
  input: ImportInputBase & { content: string | Buffer },
): Promise<ImportResult> {
  assertEntity(input.entity);
  const startedAt = deps.clock.now();
  const { header, records } = parseCsv(decodeCsv(input.content));
  return runImport(deps, input, tableFromCsv(input.entity, header, records), startedAt);
}

export async function importRecords(
  deps: ImportDeps,
  input: ImportInputBase & { records: Record<string, string | undefined>[] },
): Promise<ImportResult> {
  assertEntity(input.entity);
  const startedAt = deps.clock.now();
  return runImport(deps, input, tableFromRecords(input.entity, input.records), startedAt);
}

function assertEntity(entity: string): asserts entity is ImportEntity {
  if (!(IMPORT_ENTITIES as readonly string[]).includes(entity)) {
    throw AppError.invalid('entity', `must be one of ${IMPORT_ENTITIES.join(', ')}`);
  }
}

async function runImport(deps: ImportDeps, input: ImportInputBase, table: ImportTable, startedAt: Date): Promise<ImportResult> {
  assertRequiredColumns(input.entity, table.columns);
  if (table.rows.length === 0) throw AppError.invalid('file', 'has a header but no data rows');
  const report: Report = (phase, done, total) => input.onProgress?.({ phase, done, total });
  const importer = IMPORTERS[input.entity];
  const { validRows: rows, errors } = await validateTable(deps.db.sql, importer, table, report);
  const run: RunInfo = { entity: input.entity, fileName: input.fileName, rowCount: table.rows.length, actor: input.actor, startedAt };
  if (errors.length > 0) {
    const rejected = { status: 'rejected' as const, inserted: 0, updated: 0, errorCount: errors.length };
    await insertImportRun(deps.db.sql, { ...run, ...rejected, finishedAt: deps.clock.now() });
    return { entity: run.entity, fileName: run.fileName, rowCount: run.rowCount, ...rejected, errors: errors.slice(0, MAX_REPORTED_ERRORS) };
  }
  const counts = await writeRows(deps, importer, rows, run, report);
  return { entity: run.entity, fileName: run.fileName, rowCount: run.rowCount, status: 'succeeded', ...counts, errorCount: 0, errors: [] };
}

async function validateTable(
  sql: Queryable,
  importer: EntityImporter<unknown>,
  table: ImportTable,
  report: Report,
): Promise<{ validRows: ParsedRow<unknown>[]; errors: RowError[] }> {
  const total = table.rows.length;
  report('validating', 0, total);
  const rows: ParsedRow<Partial<unknown>>[] = [];
  const validRows: ParsedRow<unknown>[] = [];
  const errors: RowError[] = [...table.readErrors];
  table.rows.forEach((row, index) => {
    const outcome = importer.parse(row);
    rows.push({ line: row.line, value: outcome.partial });
    if (outcome.errors.length > 0) errors.push(...outcome.errors);
    else validRows.push({ line: row.line, value: outcome.value });
    if ((index + 1) % PROGRESS_EVERY === 0 && index + 1 < total) report('validating', index + 1, total);
  });
  errors.push(...importer.findRowConflicts(rows));
  errors.push(...(await importer.checkReferences(sql, rows, validRows)));
  report('validating', total, total);
  // A stable sort: within a row, field errors come first, then conflicts, then references.
  return { validRows, errors: errors.sort((a, b) => a.row - b.row) };
}

async function writeRows(
  deps: ImportDeps,
  importer: EntityImporter<unknown>,
  rows: ParsedRow<unknown>[],
  run: RunInfo,
  report: Report,
): Promise<{ inserted: number; updated: number }> {
  const total = rows.length;
  report('writing', 0, total);
  try {
    return await deps.db.changes.transaction(async (tx, changes) => {
      const counts = await importer.write(tx, rows.map((row) => row.value), (done) => report('writing', done, total));
      await insertImportRun(tx, { ...run, ...counts, status: 'succeeded', errorCount: 0, finishedAt: deps.clock.now() });
      // Imports run from the CLI (or the demo, through it): audited as the system acting for that actor.
      await recordAudit(tx, { principal: { kind: 'system', name: run.actor }, channel: 'cli', requestId: null }, {
        action: `imports.${run.entity}`, targetType: 'import', targetId: run.fileName,
        summary: { rows: run.rowCount, inserted: counts.inserted, updated: counts.updated },
      }, deps.clock.now());
      changes.notify('org_changed', { entity: run.entity, inserted: counts.inserted, updated: counts.updated });
      return counts;
    });
  } catch (error) {
    throw toConflict(error);
  }
}

/** A unique violation the checks could not foresee (two files imported at once): CONFLICT, not a crash. */
function toConflict(error: unknown): unknown {
  const { code, constraint_name: constraint } = error as { code?: unknown; constraint_name?: unknown };
  if (code !== '23505' && code !== '23503') return error;
  return new AppError('CONFLICT', `the import conflicts with data changed meanwhile (${String(constraint ?? code)}); nothing was imported, try again`, [], { cause: error });
}

/** Which entities `actor` has imported successfully (e.g. how far the demo seeding got). */
export const listImportedEntities = (sql: Queryable, actor: string): Promise<ImportEntity[]> => selectSucceededEntities(sql, actor);
