import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';

export const IMPORT_ENTITIES = ['regions', 'branches', 'staff', 'customers', 'holidays'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** One problem in one row. `row` is the line number in the file (the header is line 1). */
export interface RowError {
  row: number;
  /** The column, by its canonical name (branch_code), or `row` for the row as a whole. */
  field: string;
  /** Never contains the cell's value when that value may be personal data. */
  reason: string;
}

export interface ImportProgress {
  phase: 'validating' | 'writing';
  done: number;
  total: number;
}

export interface ImportResult {
  entity: ImportEntity;
  fileName: string;
  status: 'succeeded' | 'rejected';
  rowCount: number;
  inserted: number;
  updated: number;
  errorCount: number;
  /** The first MAX_REPORTED_ERRORS errors, by row. */
  errors: RowError[];
}

export interface ImportDeps {
  db: Db;
  clock: Clock;
}

export interface ImportInputBase {
  entity: ImportEntity;
  fileName: string;
  /** Who ran the import (a user name, `cli`, `demo`), for import_runs. */
  actor: string;
  onProgress?: (progress: ImportProgress) => void;
}

/** A data row after header normalization: canonical column name → trimmed cell ('' when blank). */
export interface SourceRow {
  line: number;
  cells: Record<string, string | undefined>;
}

/** The data of a file, whatever it came from (CSV text or records). */
export interface ImportTable {
  /** Canonical names of the columns present. */
  columns: ReadonlySet<string>;
  rows: SourceRow[];
  /** Row-level problems found while reading (e.g. too many fields). */
  readErrors: RowError[];
}

export interface ParsedRow<T> {
  line: number;
  value: T;
}

export const MAX_REPORTED_ERRORS = 200;
