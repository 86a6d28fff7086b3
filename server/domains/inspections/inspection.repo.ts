import type { Queryable } from '../../../db/types.ts';
import type { InspectionKind, ItemResult } from './inspection.types.ts';

export interface InspectionRow {
  id: string;
  source: string;
  branchId: string;
  branchCode: string;
  branchName: string;
  kind: InspectionKind;
  checklistId: number;
  checklistCode: string;
  checklistVersion: number;
  inspector: string;
  inspectorStaffCode: string | null;
  visitedAt: Date;
  submittedAt: Date;
  score: number;
  passed: boolean;
  redLineFailed: boolean;
  moduleScores: Array<{ code: string; name: string; score: number | null }>;
  results: Array<ItemResult & { photos?: string[] }>;
}

const SELECT = (sql: Queryable) => sql`
  select i.id, i.source, i.branch_id::text as branch_id, b.code as branch_code, b.name as branch_name, i.kind,
         i.checklist_id::int as checklist_id, c.code as checklist_code, c.version as checklist_version,
         i.inspector, i.inspector_staff_code, i.visited_at, i.submitted_at, i.score::float8 as score, i.passed,
         i.red_line_failed, i.module_scores, i.results
  from inspections i join branches b on b.id = i.branch_id join checklists c on c.id = i.checklist_id`;

/** Inserts unless the id exists; `created` says which. */
export async function insertInspection(sql: Queryable, row: Omit<InspectionRow, 'branchCode' | 'branchName' | 'checklistCode' | 'checklistVersion'>): Promise<boolean> {
  const inserted = await sql`
    insert into inspections (id, source, branch_id, kind, checklist_id, inspector, inspector_staff_code, visited_at, submitted_at,
                             score, passed, red_line_failed, module_scores, results)
    values (${row.id}, ${row.source}, ${row.branchId}, ${row.kind}, ${row.checklistId}, ${row.inspector}, ${row.inspectorStaffCode},
            ${row.visitedAt}, ${row.submittedAt}, ${row.score}, ${row.passed}, ${row.redLineFailed},
            ${sql.json(row.moduleScores as never)}, ${sql.json(row.results as never)})
    on conflict (id) do nothing returning id`;
  return inserted.length > 0;
}

export async function selectInspection(sql: Queryable, id: string): Promise<InspectionRow | undefined> {
  const [row] = await sql<InspectionRow[]>`${SELECT(sql)} where i.id = ${id}`;
  return row;
}

export interface InspectionFilter {
  branchId?: string | undefined;
  regionId?: string | undefined;
  since?: Date | undefined;
  limit: number;
}

export async function selectInspections(sql: Queryable, f: InspectionFilter): Promise<InspectionRow[]> {
  return sql<InspectionRow[]>`${SELECT(sql)} where true
    ${f.branchId ? sql`and i.branch_id = ${f.branchId}` : sql``}
    ${f.regionId ? sql`and b.region_id in (select id from regions where ${f.regionId}::bigint = any(ancestor_ids))` : sql``}
    ${f.since ? sql`and i.visited_at >= ${f.since}` : sql``}
    order by i.visited_at desc limit ${f.limit}`;
}

/** False when the id belongs to another author's draft (left untouched). */
export async function upsertDraft(sql: Queryable, input: { id: string; author: string; branchId: string | null; data: unknown; now: Date }): Promise<boolean> {
  const written = await sql`
    insert into inspection_drafts (id, author, branch_id, data, updated_at) values (${input.id}, ${input.author}, ${input.branchId}, ${sql.json(input.data as never)}, ${input.now})
    on conflict (id) do update set data = excluded.data, branch_id = excluded.branch_id, updated_at = excluded.updated_at
    where inspection_drafts.author = excluded.author`;
  return written.count > 0;
}

export async function selectDrafts(sql: Queryable, author: string): Promise<Array<{ id: string; data: unknown; updatedAt: Date }>> {
  return sql<Array<{ id: string; data: unknown; updatedAt: Date }>>`select id, data, updated_at from inspection_drafts where author = ${author} order by updated_at desc limit 50`;
}

export async function deleteDraft(sql: Queryable, id: string): Promise<void> {
  await sql`delete from inspection_drafts where id = ${id}`;
}

export interface PhotoRow {
  id: string;
  branchId: string;
  inspectionId: string | null;
  rectificationId: number | null;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
  uploadedBy: string;
  createdAt: Date;
}

/** False when a photo with this id exists already (a chat photo's id comes from its message: stored once). */
export async function insertPhoto(sql: Queryable, p: PhotoRow): Promise<boolean> {
  const rows = await sql`insert into inspection_photos (id, branch_id, inspection_id, rectification_id, content_type, size_bytes, storage_key, uploaded_by, created_at)
    values (${p.id}, ${p.branchId}, ${p.inspectionId}, ${p.rectificationId}, ${p.contentType}, ${p.sizeBytes}, ${p.storageKey}, ${p.uploadedBy}, ${p.createdAt})
    on conflict (id) do nothing returning id`;
  return rows.length > 0;
}

export async function selectPhoto(sql: Queryable, id: string): Promise<(PhotoRow & { branchCode: string }) | undefined> {
  const [row] = await sql<Array<PhotoRow & { branchCode: string }>>`
    select p.id, p.branch_id::text as branch_id, b.code as branch_code, p.inspection_id, p.rectification_id::int as rectification_id,
           p.content_type, p.size_bytes, p.storage_key, p.uploaded_by, p.created_at
    from inspection_photos p join branches b on b.id = p.branch_id where p.id = ${id}`;
  return row;
}

/** Links photos uploaded before submission to the inspection (only unlinked ones of that branch). */
export async function linkPhotos(sql: Queryable, ids: string[], inspectionId: string, branchId: string): Promise<void> {
  if (ids.length === 0) return;
  await sql`update inspection_photos set inspection_id = ${inspectionId} where id = any(${ids}::text[]) and branch_id = ${branchId} and inspection_id is null`;
}

export async function selectPhotoIds(sql: Queryable, by: { inspectionId?: string; rectificationId?: number }): Promise<string[]> {
  const rows = await sql<Array<{ id: string }>>`select id from inspection_photos where
    ${by.inspectionId !== undefined ? sql`inspection_id = ${by.inspectionId} and rectification_id is null` : sql`rectification_id = ${by.rectificationId ?? 0}`} order by created_at, id`;
  return rows.map((r) => r.id);
}
