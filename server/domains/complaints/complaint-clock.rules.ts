/**
 * The statutory clock as a pure function of a complaint's history and an instant
 * (《银行业保险业消费投诉处理管理办法》 and DESIGN §5):
 *   - decide within 15 calendar days of receipt; 30 for a complex case (an `extended` event to 30);
 *     60 only with a superior's approval and notice to the customer (`extended` to 60);
 *   - the deadline is the end of the bank day N days after the start day (received 11-01 at any
 *     hour, N = 15 → 11-16 23:59:59);
 *   - days paused for external appraisal, testing or valuation are not counted (calendar days
 *     from the pause's day to the resume's day; an open pause counts up to now);
 *   - new facts restart the period from the day they arrived (back to 15 days, earlier pauses gone);
 *   - optionally, a deadline on a rest day rolls to the next working day.
 * The internal first-contact target counts working days (statutory holidays and 调休 make-up days).
 */
import type { WorkingCalendar } from '../calendar/index.ts';
import { addDays, bankDay, daysBetween, endOfBankDay, startOfBankDay } from '../../platform/bank-time.ts';
import type { ClockSettings, ClockStage, ClockState, ComplaintClock, ComplaintEvent } from './complaint.types.ts';

export const DEFAULT_CLOCK_SETTINGS: Omit<ClockSettings, 'timeZone'> = { rollOverHolidays: false, dueSoonHours: 72, firstContactWorkingDays: 1 };



export interface ClockInput {
  receivedAt: Date;
  events: ReadonlyArray<Pick<ComplaintEvent, 'kind' | 'at' | 'data'>>;
  decidedAt: Date | null;
}

export function computeClock(input: ClockInput, now: Date, settings: ClockSettings, calendar: WorkingCalendar): ComplaintClock {
  const tz = settings.timeZone;
  const events = [...input.events].sort((a, b) => a.at.getTime() - b.at.getTime());
  let startDay = bankDay(input.receivedAt, tz);
  let stage: ClockStage = 15;
  let pausedDays = 0;
  let openPause: string | undefined;
  let firstContactAt: Date | null = null;
  for (const event of events) {
    switch (event.kind) {
      case 'restarted':
        // New facts: a new period from the day they arrived; what the old one spent no longer counts.
        startDay = bankDay(event.at, tz);
        stage = 15;
        pausedDays = 0;
        openPause = undefined;
        break;
      case 'extended':
        if (event.data.to === 30 || event.data.to === 60) stage = event.data.to;
        break;
      case 'paused':
        openPause ??= bankDay(event.at, tz);
        break;
      case 'resumed':
        if (openPause !== undefined) pausedDays += Math.max(0, daysBetween(openPause, bankDay(event.at, tz)));
        openPause = undefined;
        break;
      case 'contacted':
        firstContactAt ??= event.at;
        break;
      default:
        break;
    }
  }
  const decided = input.decidedAt !== null;
  const pausedSoFar = openPause !== undefined && !decided ? Math.max(0, daysBetween(openPause, bankDay(now, tz))) : 0;
  let dueDay = addDays(startDay, stage + pausedDays + pausedSoFar);
  if (settings.rollOverHolidays && !calendar.isWorkingDay(dueDay)) dueDay = calendar.nextWorkingDay(dueDay);
  const decisionDueAt = endOfBankDay(dueDay, tz);
  // "Within the day" includes its last second's milliseconds: compare with the next day's start.
  const dueEnd = startOfBankDay(addDays(dueDay, 1), tz);
  const firstContactDueAt = endOfBankDay(calendar.addWorkingDays(bankDay(input.receivedAt, tz), settings.firstContactWorkingDays), tz);
  const decidedOnTime = decided ? input.decidedAt!.getTime() < dueEnd.getTime() : null;
  return {
    stage,
    startDay,
    pausedDays: pausedDays + pausedSoFar,
    paused: openPause !== undefined && !decided,
    decisionDueAt,
    clockState: clockStateOf({ decided, decidedOnTime, paused: openPause !== undefined, decisionDueAt, dueEnd }, now, settings.dueSoonHours),
    firstContactDueAt,
    firstContactAt,
    decided,
    decidedOnTime,
  };
}

/** A decided complaint's clock stops: on track if decided in time, overdue if not. */
function clockStateOf(c: { decided: boolean; decidedOnTime: boolean | null; paused: boolean; decisionDueAt: Date; dueEnd: Date }, now: Date, dueSoonHours: number): ClockState {
  if (c.decided) return c.decidedOnTime ? 'on_track' : 'overdue';
  if (c.paused) return 'paused';
  if (now.getTime() >= c.dueEnd.getTime()) return 'overdue';
  // Due soon counts from the deadline as shown (23:59:59), like the ladder's steps.
  const left = c.decisionDueAt.getTime() - now.getTime();
  return left <= dueSoonHours * 3_600_000 ? 'due_soon' : 'on_track';
}

/** Whole hours left before the deadline (negative once overdue), for cards and the wall. */
export const hoursLeft = (clock: Pick<ComplaintClock, 'decisionDueAt'>, now: Date): number => Math.floor((clock.decisionDueAt.getTime() - now.getTime()) / 3_600_000);

/** A review (核查) may be asked for within 30 days of the decision. */
export const REVIEW_WINDOW_DAYS = 30;
export function reviewAllowed(decidedAt: Date, requestedAt: Date, timeZone: string): boolean {
  return daysBetween(bankDay(decidedAt, timeZone), bankDay(requestedAt, timeZone)) <= REVIEW_WINDOW_DAYS && requestedAt.getTime() >= decidedAt.getTime();
}
