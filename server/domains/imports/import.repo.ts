import type { Queryable } from '../../../db/types.ts';
import type { ImportEntity } from './import.types.ts';

export interface ImportRunRecord {
  entity: ImportEntity;
  fileName: string;
  status: 'succeeded' | 'rejected';
  rowCount: number;
  inserted: number;
  updated: number;
  errorCount: number;
  actor: string;
  startedAt: Date;
  finishedAt: Date;
}

export async function insertImportRun(sql: Queryable, run: ImportRunRecord): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into import_runs (
      entity, file_name, status, row_count, inserted, updated, error_count, actor, started_at, finished_at)
    values (
      ${run.entity}, ${run.fileName}, ${run.status}, ${run.rowCount}, ${run.inserted}, ${run.updated},
      ${run.errorCount}, ${run.actor}, ${run.startedAt}, ${run.finishedAt})
    returning id`;
  return (row as { id: string }).id;
}

/** Entities that `actor` has imported successfully at least once. */
export async function selectSucceededEntities(sql: Queryable, actor: string): Promise<ImportEntity[]> {
  const rows = await sql<{ entity: ImportEntity }[]>`
    select distinct entity
    from import_runs
    where actor = ${actor} and status = 'succeeded'`;
  return rows.map((r) => r.entity);
}
