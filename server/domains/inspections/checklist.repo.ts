import type { Queryable } from '../../../db/types.ts';
import type { Checklist, ChecklistModule } from './inspection.types.ts';

type Raw = { id: string; code: string; name: string; version: number; modules: ChecklistModule[]; active: boolean };
const toChecklist = (r: Raw): Checklist => ({ ...r, id: Number(r.id) });

export async function selectActiveChecklists(sql: Queryable): Promise<Checklist[]> {
  return (await sql<Raw[]>`select id, code, name, version, modules, active from checklists where active order by code`).map(toChecklist);
}

/** A checklist by code: the active version, or the given one. */
export async function selectChecklist(sql: Queryable, code: string, version?: number): Promise<Checklist | undefined> {
  const [row] = await sql<Raw[]>`
    select id, code, name, version, modules, active from checklists
    where code = ${code} and ${version === undefined ? sql`active` : sql`version = ${version}`}`;
  return row ? toChecklist(row) : undefined;
}

export async function selectChecklistById(sql: Queryable, id: number): Promise<Checklist | undefined> {
  const [row] = await sql<Raw[]>`select id, code, name, version, modules, active from checklists where id = ${id}`;
  return row ? toChecklist(row) : undefined;
}

/** Publishes a new version (the next number) and retires the previous active one. */
export async function insertChecklistVersion(sql: Queryable, input: { code: string; name: string; modules: ChecklistModule[]; createdBy: string; now: Date }): Promise<Checklist> {
  await sql`select pg_advisory_xact_lock(hashtext('checklist:' || ${input.code}))`;
  await sql`update checklists set active = false where code = ${input.code} and active`;
  const [row] = await sql<Raw[]>`
    insert into checklists (code, name, version, modules, active, created_by, created_at)
    values (${input.code}, ${input.name}, (select coalesce(max(version), 0) + 1 from checklists where code = ${input.code}),
            ${sql.json(input.modules as never)}, true, ${input.createdBy}, ${input.now})
    returning id, code, name, version, modules, active`;
  return toChecklist(row!);
}

export async function countChecklists(sql: Queryable, code: string): Promise<number> {
  const [row] = await sql<Array<{ n: string }>>`select count(*) as n from checklists where code = ${code}`;
  return Number(row!.n);
}
