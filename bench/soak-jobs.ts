import cron from 'node-cron';
import type { Clock } from '../server/platform/clock.ts';
import type { RunOutcome, Scheduler } from '../server/jobs/scheduler.ts';

/**
 * The scheduler's slots on the soak's clock. node-cron fires on the machine's real time, so at
 * 10× speed it would run a tenth of the bank's slots (and stamp them with real instants); the
 * soak instead walks every whole minute the bank clock passes and runs each job whose cron
 * expression matches it through `scheduler.runSlot` — the same claim → run → record path the
 * cron callback takes. Like node-cron's `noOverlap`, a slot whose job is still running from an
 * earlier tick is skipped.
 */
export interface JobSpec {
  name: string;
  cron: string;
  timezone: string;
}

/** Which (job, slot) pairs fall in the whole minutes after `fromMinute` up to `toMinute` (epoch minutes). */
export function createSlotWalker(jobs: readonly JobSpec[]) {
  const tasks = jobs.map((job) => ({ name: job.name, task: cron.createTask(job.cron, () => {}, { timezone: job.timezone }) }));
  return {
    due(fromMinute: number, toMinute: number): { name: string; slot: Date }[] {
      const due: { name: string; slot: Date }[] = [];
      for (let minute = fromMinute + 1; minute <= toMinute; minute++) {
        const slot = new Date(minute * 60_000);
        for (const { name, task } of tasks) if (task.match(slot)) due.push({ name, slot });
      }
      return due;
    },
    async close() {
      await Promise.all(tasks.map(({ task }) => task.destroy()));
    },
  };
}

export type JobCounts = Record<string, Partial<Record<RunOutcome | 'skipped_overlap', number>>>;

export function driveJobs(scheduler: Scheduler, clock: Clock, options: { tickMs?: number } = {}): { counts(): JobCounts; stop(): Promise<void> } {
  const walker = createSlotWalker(scheduler.describe().map(({ name, cron: expression, timezone }) => ({ name, cron: expression, timezone })));
  const counts: JobCounts = {};
  const running = new Map<string, Promise<unknown>>();
  const count = (name: string, outcome: RunOutcome | 'skipped_overlap') => {
    const job = (counts[name] ??= {});
    job[outcome] = (job[outcome] ?? 0) + 1;
  };
  let last = Math.floor(clock.now().getTime() / 60_000);
  const timer = setInterval(() => {
    const now = Math.floor(clock.now().getTime() / 60_000);
    if (now <= last) return;
    const slotsOf = new Map<string, Date[]>();
    for (const { name, slot } of walker.due(last, now)) slotsOf.set(name, [...(slotsOf.get(name) ?? []), slot]);
    for (const [name, slots] of slotsOf) {
      if (running.has(name)) {
        for (let i = 0; i < slots.length; i++) count(name, 'skipped_overlap');
        continue;
      }
      // Several slots of one job in a tick (a fast clock, a stalled loop) run one after the other.
      let run: Promise<unknown> = Promise.resolve();
      for (const slot of slots) run = run.then(() => scheduler.runSlot(name, slot, 'schedule')).then((outcome) => count(name, outcome), () => count(name, 'failed'));
      running.set(name, run.finally(() => running.delete(name)));
    }
    last = now;
  }, options.tickMs ?? 1000);
  return {
    counts: () => structuredClone(counts),
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...running.values()]);
      await walker.close();
    },
  };
}
