import cron from 'node-cron';

/**
 * The most recent slot of a cron expression at or before `now`, within `horizonMinutes`; undefined
 * when none. Used at start to catch up a slot missed while no instance was running. Per-second
 * (6-field) expressions are never caught up: they are heartbeats, not duties.
 */
export function latestSlotAtOrBefore(expression: string, timezone: string, now: Date, horizonMinutes: number): Date | undefined {
  if (expression.trim().split(/\s+/).length === 6) return undefined;
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    for (let i = 0; i <= horizonMinutes; i++) {
      const candidate = new Date(minute.getTime() - i * 60_000);
      if (task.match(candidate)) return candidate;
    }
    return undefined;
  } finally {
    void task.destroy();
  }
}

export function nextSlotAfter(expression: string, timezone: string): Date | null {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    return task.getNextRun() ?? nextByScan(task, new Date());
  } finally {
    void task.destroy();
  }
}

// getNextRun() answers only for started tasks; scan forward a week of minutes otherwise.
function nextByScan(task: { match(d: Date): boolean }, from: Date): Date | null {
  const start = Math.floor(from.getTime() / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < 7 * 24 * 60; i++) {
    const candidate = new Date(start + i * 60_000);
    if (task.match(candidate)) return candidate;
  }
  return null;
}
