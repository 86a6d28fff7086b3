import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { loadWorkingCalendar, type WorkingCalendar } from '../calendar/index.ts';
import type { OutboxSettings } from '../outbox/index.ts';
import type { ClockSettings } from './complaint.types.ts';
import type { LadderStep } from './ladder.rules.ts';

export interface ComplaintDeps {
  db: Db;
  clock: Clock;
  outbox: OutboxSettings;
  settings: ClockSettings;
  ladder: readonly LadderStep[];
  /** The web app's address, for the card's 查看详情 link (empty: no link). */
  publicUrl: () => string;
}

const CALENDAR_TTL_MS = 10 * 60_000;
const calendars = new WeakMap<ComplaintDeps, { at: number; fromYear: number; calendar: WorkingCalendar }>();

/**
 * The working-day calendar around now (last year to two years ahead: deadlines and pauses stay
 * inside it), reloaded every 10 minutes so an imported holiday schedule takes effect.
 */
export async function calendarOf(deps: ComplaintDeps, now: Date): Promise<WorkingCalendar> {
  const year = now.getUTCFullYear();
  const cached = calendars.get(deps);
  if (cached && cached.fromYear === year - 1 && Date.now() - cached.at < CALENDAR_TTL_MS) return cached.calendar;
  const calendar = await loadWorkingCalendar(deps.db.sql, year - 1, year + 2);
  calendars.set(deps, { at: Date.now(), fromYear: year - 1, calendar });
  return calendar;
}
