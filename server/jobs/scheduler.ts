import cron, { type ScheduledTask } from 'node-cron';
import type { Sql } from '../../db/types.ts';
import { claimSlot, closeAbandonedRuns, finishRun, type JobTrigger } from '../domains/jobs/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { latestSlotAtOrBefore, nextSlotAfter } from './slots.ts';

/**
 * Runs the declared jobs (schedule.ts). Every run first claims its slot by inserting the
 * (job, slot) row in job_runs; the unique key makes exactly one instance win, on PostgreSQL and
 * embedded alike, so no leader election or advisory lock is needed (advisory locks are
 * meaningless on PGlite). At start, the latest slot missed during downtime is caught up once.
 */
export interface JobContext {
  slot: Date;
  now: Date;
  trigger: JobTrigger;
  logger: Logger;
}

export interface JobDefinition {
  name: string;
  /** 5-field cron (minute precision), or 6-field with seconds for heartbeats. */
  cron: string;
  /** Defaults to the bank's time zone. */
  timezone?: string;
  /** Returns a one-line summary for the run record. */
  run(ctx: JobContext): Promise<string | void>;
}

export interface SchedulerDeps {
  sql: Sql;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  timezone: string;
  catchUpHours: number;
  /** Embedded mode is a single process: every run left 'running' at start was abandoned. */
  singleInstance: boolean;
}

/** 'unclaimed': the slot could not be claimed (database unreachable); nothing ran. */
export type RunOutcome = 'succeeded' | 'failed' | 'claimed_elsewhere' | 'unclaimed';

export interface Scheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  runSlot(name: string, slot: Date, trigger: JobTrigger): Promise<RunOutcome>;
  catchUp(): Promise<{ job: string; slot: Date; outcome: RunOutcome }[]>;
  describe(): { name: string; cron: string; timezone: string; nextRunAt: string | null }[];
}

export function createScheduler(jobs: readonly JobDefinition[], deps: SchedulerDeps): Scheduler {
  const byName = new Map<string, JobDefinition>();
  for (const job of jobs) {
    if (byName.has(job.name)) throw new Error(`job "${job.name}" is declared twice`);
    if (!cron.validate(job.cron)) throw new Error(`job "${job.name}" has an invalid cron expression "${job.cron}"`);
    byName.set(job.name, job);
  }
  const tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<RunOutcome>>();
  const tz = (job: JobDefinition) => job.timezone ?? deps.timezone;
  let stopped = false;

  async function execute(job: JobDefinition, slot: Date, trigger: JobTrigger): Promise<RunOutcome> {
    const logger = deps.logger.child({ job: job.name, slot: slot.toISOString(), trigger });
    let run: Awaited<ReturnType<typeof claimSlot>>;
    try {
      run = await claimSlot(deps.sql, { jobName: job.name, slot, trigger, instanceId: deps.instanceId, now: deps.clock.now() });
    } catch (error) {
      // The database is away (an outage, a restart): this slot is skipped on this instance. It is
      // never a crash — a rejection out of a cron callback would end the process (issue #14).
      // The next slot, or catch-up at the next start, runs the job again.
      logger.error({ err: error }, 'could not claim the job slot; skipped');
      return 'unclaimed';
    }
    if (!run) return 'claimed_elsewhere';
    let outcome: { ok: true; summary: string | undefined } | { ok: false; error: unknown };
    try {
      const summary = await job.run({ slot, now: deps.clock.now(), trigger, logger });
      outcome = { ok: true, summary: summary ?? undefined };
      logger.info({ summary }, 'job run succeeded');
    } catch (error) {
      logger.error({ err: error }, 'job run failed');
      outcome = { ok: false, error };
    }
    // Recording the outcome may fail too (the database went away during the run); the run row
    // then stays 'running' and closeAbandonedRuns closes it later.
    await finishRun(deps.sql, run, outcome, deps.clock.now()).catch((e: unknown) => logger.error({ err: e }, 'could not record the job run'));
    return outcome.ok ? 'succeeded' : 'failed';
  }

  function track(promise: Promise<RunOutcome>): Promise<RunOutcome> {
    inFlight.add(promise);
    // The derived promise settles like `promise`; its rejection is the caller's to handle, so it
    // is swallowed here rather than left unhandled.
    promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  const scheduler: Scheduler = {
    runSlot(name, slot, trigger) {
      const job = byName.get(name);
      if (!job) return Promise.reject(new Error(`no job named "${name}"`));
      return track(execute(job, slot, trigger));
    },
    async catchUp() {
      const now = deps.clock.now();
      const results: { job: string; slot: Date; outcome: RunOutcome }[] = [];
      for (const job of byName.values()) {
        const slot = latestSlotAtOrBefore(job.cron, tz(job), now, deps.catchUpHours * 60);
        if (!slot) continue;
        results.push({ job: job.name, slot, outcome: await scheduler.runSlot(job.name, slot, 'catch_up') });
      }
      return results;
    },
    async start() {
      const now = deps.clock.now();
      const cutoff = deps.singleInstance ? now : new Date(now.getTime() - 3600_000);
      try {
        const closed = await closeAbandonedRuns(deps.sql, cutoff, now);
        if (closed > 0) deps.logger.warn({ closed }, 'closed job runs abandoned by a stopped instance');
      } catch (error) {
        // Without the database, nothing to close now; the schedule below still starts so that
        // jobs resume by themselves when it is back.
        deps.logger.error({ err: error }, 'could not close abandoned job runs');
      }
      await scheduler.catchUp();
      if (stopped) return;
      for (const job of byName.values()) {
        const task = cron.schedule(job.cron, (ctx) => {
          if (stopped) return;
          // The slot is the scheduled instant, whole seconds: the same on every instance.
          const slot = new Date(Math.floor(ctx.date.getTime() / 1000) * 1000);
          return track(execute(job, slot, 'schedule'));
        }, { name: job.name, timezone: tz(job), noOverlap: true, logger: quietCronLogger(deps.logger) });
        task.on('execution:failed', (ctx) => deps.logger.error({ job: job.name, err: ctx.execution?.error }, 'cron execution failed'));
        tasks.push(task);
      }
    },
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((t) => t.destroy()));
      tasks.length = 0;
      await Promise.allSettled([...inFlight]);
    },
    describe() {
      return [...byName.values()].map((job) => ({
        name: job.name,
        cron: job.cron,
        timezone: tz(job),
        nextRunAt: nextSlotAfter(job.cron, tz(job))?.toISOString() ?? null,
      }));
    },
  };
  return scheduler;
}

function quietCronLogger(logger: Logger) {
  return {
    info: (m: string) => logger.debug({ source: 'node-cron' }, m),
    warn: (m: string) => logger.warn({ source: 'node-cron' }, m),
    error: (m: string | Error) => logger.error({ source: 'node-cron', err: m }, 'node-cron error'),
    debug: (m: string | Error) => logger.trace({ source: 'node-cron' }, String(m)),
  };
}
