import type { Queryable, Sql } from './types.ts';

/**
 * What autovacuum would do, for embedded PGlite, which never does it (ADR 0029). PGlite is one
 * backend with no background workers: `autovacuum` reads `on` but no launcher exists, so its tables
 * are never analysed or vacuumed by themselves. Without statistics the planner keeps the plans it
 * chose for empty tables, and ingest slowed with the day's rows (2,000 → 210,000 events: 27 → 40 ms
 * per batch of 100; 17 ms after one ANALYZE). PostgreSQL's autovacuum does this there.
 *
 * The thresholds are PostgreSQL's defaults (autovacuum_*_threshold and *_scale_factor), applied to
 * the cumulative statistics PGlite does keep (pg_stat_user_tables).
 */
export interface TableActivity {
  schema: string;
  table: string;
  /** pg_class.reltuples: rows at the last vacuum or analyse; -1 (never) counts as 0. */
  rows: number;
  deadRows: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
}

export type Maintenance = 'vacuum (analyze)' | 'vacuum' | 'analyze';

const VACUUM = { threshold: 50, scale: 0.2 };
const VACUUM_INSERT = { threshold: 1000, scale: 0.2 };
const ANALYZE = { threshold: 50, scale: 0.1 };
/**
 * Unlike autovacuum's, these vacuums run on the server's event loop, and a vacuum's work follows
 * the rows changed since the last one: a big table is vacuumed after this many changed rows at
 * most, so one statement stays short (months of events would otherwise wait for 20 % of millions).
 * ANALYZE samples a fixed number of rows, so its scale factor stays.
 */
export const MAX_ROWS_PER_VACUUM = 100_000;

/** Which maintenance a table is due, by autovacuum's rules (vacuums capped, see above); undefined when none. Pure. */
export function maintenanceDue(t: TableActivity): Maintenance | undefined {
  const rows = Math.max(0, t.rows);
  const limit = (rule: { threshold: number; scale: number }) => Math.min(rule.threshold + rule.scale * rows, MAX_ROWS_PER_VACUUM);
  const vacuum = t.deadRows > limit(VACUUM) || t.insertedSinceVacuum > limit(VACUUM_INSERT);
  const analyze = t.modifiedSinceAnalyze > ANALYZE.threshold + ANALYZE.scale * rows;
  return vacuum && analyze ? 'vacuum (analyze)' : vacuum ? 'vacuum' : analyze ? 'analyze' : undefined;
}

export async function readTableActivity(sql: Queryable): Promise<TableActivity[]> {
  return sql<TableActivity[]>`
    select s.schemaname as schema, s.relname as "table", c.reltuples::float8 as rows,
           s.n_dead_tup::int8::float8 as dead_rows, s.n_ins_since_vacuum::int8::float8 as inserted_since_vacuum,
           s.n_mod_since_analyze::int8::float8 as modified_since_analyze
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    order by s.schemaname, s.relname`;
}

/**
 * Vacuums and analyses every table that is due, one statement per table so that other work runs
 * between them (on PGlite a statement holds the event loop). The pool, not a transaction: VACUUM
 * cannot run inside one. Returns what was done.
 */
export async function maintainTables(sql: Sql): Promise<{ table: string; done: Maintenance }[]> {
  const done: { table: string; done: Maintenance }[] = [];
  for (const activity of await readTableActivity(sql)) {
    const due = maintenanceDue(activity);
    if (!due) continue;
    const target = sql(`${activity.schema}.${activity.table}`);
    if (due === 'vacuum (analyze)') await sql`vacuum (analyze) ${target}`;
    else if (due === 'vacuum') await sql`vacuum ${target}`;
    else await sql`analyze ${target}`;
    done.push({ table: activity.table, done: due });
  }
  return done;
}
