import type { Queryable } from '../../../db/types.ts';
import type { JobRun, JobRunStatus, JobTrigger } from './job-run.types.ts';

const COLUMNS = ['id', 'job_name', 'slot', 'trigger', 'instance_id', 'status', 'started_at', 'finished_at', 'summary', 'error'] as const;

type JobRunRow = Omit<JobRun, 'id'> & { id: string };
const toJobRun = (row: JobRunRow): JobRun => ({ ...row, id: Number(row.id) });

/** Inserts the run row; returns undefined when another instance already claimed that slot. */
export async function insertJobRunIfAbsent(
  sql: Queryable,
  run: { jobName: string; slot: Date; trigger: JobTrigger; instanceId: string; startedAt: Date },
): Promise<JobRun | undefined> {
  const [row] = await sql<JobRunRow[]>`
    insert into job_runs (job_name, slot, trigger, instance_id, started_at)
    values (${run.jobName}, ${run.slot}, ${run.trigger}, ${run.instanceId}, ${run.startedAt})
    on conflict (job_name, slot) do nothing
    returning ${sql(COLUMNS)}`;
  return row ? toJobRun(row) : undefined;
}

export async function updateJobRunOutcome(
  sql: Queryable,
  id: number,
  outcome: { status: Exclude<JobRunStatus, 'running'>; finishedAt: Date; summary: string | null; error: string | null },
): Promise<void> {
  await sql`
    update job_runs
    set status = ${outcome.status}, finished_at = ${outcome.finishedAt}, summary = ${outcome.summary}, error = ${outcome.error}
    where id = ${id}`;
}

export async function selectJobRuns(
  sql: Queryable,
  filter: { jobName?: string | undefined; status?: JobRunStatus | undefined; limit: number },
): Promise<JobRun[]> {
  const rows = await sql<JobRunRow[]>`
    select ${sql(COLUMNS)}
    from job_runs
    where true
      ${filter.jobName ? sql`and job_name = ${filter.jobName}` : sql``}
      ${filter.status ? sql`and status = ${filter.status}` : sql``}
    order by started_at desc, id desc
    limit ${filter.limit}`;
  return rows.map(toJobRun);
}

/** Runs left 'running' by an instance that died are closed as failed, so the record stays honest. */
export async function failAbandonedRuns(sql: Queryable, startedBefore: Date, now: Date): Promise<number> {
  const rows = await sql`
    update job_runs
    set status = 'failed', finished_at = ${now}, error = 'abandoned: the instance stopped before the run finished'
    where status = 'running' and started_at < ${startedBefore}
    returning id`;
  return rows.length;
}

export async function deleteJobRunsBefore(sql: Queryable, before: Date, jobName?: string): Promise<number> {
  const rows = await sql`delete from job_runs where started_at < ${before} ${jobName ? sql`and job_name = ${jobName}` : sql``} returning id`;
  return rows.length;
}
