export type JobTrigger = 'schedule' | 'catch_up' | 'manual';
export type JobRunStatus = 'running' | 'succeeded' | 'failed';

export interface JobRun {
  id: number;
  jobName: string;
  slot: Date;
  trigger: JobTrigger;
  instanceId: string;
  status: JobRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  summary: string | null;
  error: string | null;
}
