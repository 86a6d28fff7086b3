import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { loadWorkingCalendar, type WorkingCalendar } from '../calendar/index.ts';
import type { OutboxSettings } from '../outbox/index.ts';
import type { InspectionSettings } from './inspection.types.ts';

export interface InspectionDeps {
  db: Db;
  clock: Clock;
  outbox: OutboxSettings;
  settings: InspectionSettings;
  /** Photo evidence: stored under this folder (the data folder's `photos`), at most `maxBytes` each. */
  photos: { dir: string; maxBytes: number };
  /** The web app's address, for the cards' 查看详情 links (empty: no link). */
  publicUrl: () => string;
}

const CALENDAR_TTL_MS = 10 * 60_000;
const calendars = new WeakMap<InspectionDeps, { at: number; fromYear: number; calendar: WorkingCalendar }>();

/**
 * The working-day calendar around now, reloaded every 10 minutes. Loaded before a transaction:
 * on embedded PGlite the transaction holds the one connection.
 */
export async function calendarOf(deps: InspectionDeps, now: Date): Promise<WorkingCalendar> {
  const year = now.getUTCFullYear();
  const cached = calendars.get(deps);
  if (cached && cached.fromYear === year - 1 && Date.now() - cached.at < CALENDAR_TTL_MS) return cached.calendar;
  const calendar = await loadWorkingCalendar(deps.db.sql, year - 1, year + 2);
  calendars.set(deps, { at: Date.now(), fromYear: year - 1, calendar });
  return calendar;
}

/** Published after commit when an inspection is submitted or a rectification changes (walls re-read). */
export const INSPECTIONS_CHANGED_CHANNEL = 'inspections_changed';
