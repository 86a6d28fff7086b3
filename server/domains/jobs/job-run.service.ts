/**
 * Job runs: claiming a schedule slot exactly once across instances, and the record of every run.
 * Use cases: claimSlot, finishRun, listRuns, closeAbandonedRuns, pruneRuns. Publishes nothing.
 */
import type { Queryable } from '../../../db/types.ts';
import * as repo from './job-run.repo.ts';
import type { JobRun, JobRunStatus, JobTrigger } from './job-run.types.ts';

const MAX_ERROR_LENGTH = 2000;

export const claimSlot = (
  sql: Queryable,
  claim: { jobName: string; slot: Date; trigger: JobTrigger; instanceId: string; now: Date },
): Promise<JobRun | undefined> => repo.insertJobRunIfAbsent(sql, { ...claim, startedAt: claim.now });

export async function finishRun(
  sql: Queryable,
  run: JobRun,
  outcome: { ok: true; summary?: string | undefined } | { ok: false; error: unknown },
  now: Date,
): Promise<void> {
  await repo.updateJobRunOutcome(sql, run.id, {
    status: outcome.ok ? 'succeeded' : 'failed',
    finishedAt: now,
    summary: outcome.ok ? (outcome.summary ?? null) : null,
    error: outcome.ok ? null : describeError(outcome.error),
  });
}

export const listRuns = (sql: Queryable, filter: { jobName?: string | undefined; status?: JobRunStatus | undefined; limit?: number | undefined }) =>
  repo.selectJobRuns(sql, { ...filter, limit: Math.min(filter.limit ?? 50, 500) });

/**
 * At start, runs still marked 'running' that began before `startedBefore` are closed as failed:
 * embedded mode is the only process, so all of them; on PostgreSQL other instances may be
 * mid-run, so only those older than any job could take.
 */
export const closeAbandonedRuns = (sql: Queryable, startedBefore: Date, now: Date): Promise<number> =>
  repo.failAbandonedRuns(sql, startedBefore, now);

/** Deletes run records older than `olderThanDays`, of every job or of one (`jobName`). */
export const pruneRuns = (sql: Queryable, olderThanDays: number, now: Date, jobName?: string): Promise<number> =>
  repo.deleteJobRunsBefore(sql, new Date(now.getTime() - olderThanDays * 24 * 3600_000), jobName);

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}
