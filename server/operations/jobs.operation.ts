import { z } from 'zod';
import { listRuns } from '../domains/jobs/index.ts';
import { defineOperation } from './operation.ts';

/** `touchstone jobs runs [--job name] [--limit n]`: the latest scheduled-job runs, newest first. */
export const jobRunsOperation = defineOperation({
  name: 'jobs.runs',
  args: z.object({ job: z.string().optional(), limit: z.number().int().min(1).max(500).default(20) }),
  async run(ctx, args) {
    const runs = await listRuns(ctx.db.sql, { jobName: args.job, limit: args.limit });
    if (runs.length === 0) return ctx.print('no job runs recorded yet');
    for (const run of runs) {
      const took = run.finishedAt ? `${run.finishedAt.getTime() - run.startedAt.getTime()} ms` : '…';
      const outcome = run.status === 'failed' ? `failed: ${run.error}` : run.status === 'succeeded' ? (run.summary ?? 'ok') : 'running';
      ctx.print(`${run.startedAt.toISOString()}  ${run.jobName.padEnd(24)} ${run.trigger.padEnd(9)} ${took.padStart(8)}  ${outcome}`);
    }
  },
});
