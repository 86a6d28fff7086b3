import { z } from 'zod';
import type { Sql } from '../../../db/types.ts';
import { parseInput } from '../../platform/validate.ts';
import type { SecuredRouter } from '../access/index.ts';
import { listRuns } from './job-run.service.ts';

export interface JobsRouterDeps {
  sql: Sql;
  /** The declared jobs with their next run, from the scheduler. */
  describeJobs(): { name: string; cron: string; timezone: string; nextRunAt: string | null }[];
}

const RunsQuerySchema = z.object({
  job: z.string().max(100).optional(),
  status: z.enum(['running', 'succeeded', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** `GET /jobs` (declared jobs and next runs) and `GET /jobs/runs` (history, newest first); administrators. */
export function registerJobsRoutes(api: SecuredRouter, deps: JobsRouterDeps): void {
  api.get('/jobs', 'jobs.read', (_req, res) => {
    res.json({ items: deps.describeJobs() });
  });
  api.get('/jobs/runs', 'jobs.read', async (req, res) => {
    const query = parseInput(RunsQuerySchema, req.query);
    const runs = await listRuns(deps.sql, { jobName: query.job, status: query.status, limit: query.limit });
    res.json({
      items: runs.map((r) => ({
        id: r.id,
        job: r.jobName,
        slot: r.slot.toISOString(),
        trigger: r.trigger,
        instance: r.instanceId,
        status: r.status,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        summary: r.summary,
        error: r.error,
      })),
    });
  });
}
