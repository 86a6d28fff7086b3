/** Scheduled-job bookkeeping: slot claims (run once across instances) and the run history. */
export { claimSlot, finishRun, listRuns, closeAbandonedRuns, pruneRuns } from './job-run.service.ts';
export type { JobRun, JobRunStatus, JobTrigger } from './job-run.types.ts';
export { registerJobsRoutes } from './job-run.routes.ts';
