/**
 * Rectification rules (pure; the clock and the working-day calendar are parameters): due dates at
 * the end of the bank day N working days on (red line 1, others 5 by default), the workflow
 * open → fixed → verified | reopened, the clock state, and the escalation stages reached.
 */
import { AppError } from '../../platform/errors.ts';
import { bankDay, endOfBankDay, startOfBankDay } from '../../platform/bank-time.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import type { EscalationStage, InspectionSettings, RectificationClockState, RectificationStatus } from './inspection.types.ts';

type DueSettings = Pick<InspectionSettings, 'redLineDueWorkingDays' | 'dueWorkingDays' | 'timeZone'>;

export const workingDaysFor = (redLine: boolean, s: DueSettings): number => (redLine ? s.redLineDueWorkingDays : s.dueWorkingDays);

/** The end of the bank day N working days after the bank day of `from` (调休 Saturdays count). */
export function dueAtFrom(from: Date, redLine: boolean, s: DueSettings, calendar: WorkingCalendar): Date {
  return endOfBankDay(calendar.addWorkingDays(bankDay(from, s.timeZone), workingDaysFor(redLine, s)), s.timeZone);
}

/** An extension granted: `days` more working days after the current due day. */
export function extendedDueAt(dueAt: Date, days: number, timeZone: string, calendar: WorkingCalendar): Date {
  return endOfBankDay(calendar.addWorkingDays(bankDay(dueAt, timeZone), days), timeZone);
}

const isOpen = (status: RectificationStatus): boolean => status === 'open' || status === 'reopened';

/**
 * Open: overdue past the due instant, due soon from the start of the last working day before it
 * (T−1), on track before. Fixed or verified: met when fixed by the due date, late otherwise.
 */
export function clockStateOf(r: { status: RectificationStatus; dueAt: Date; fixedOnTime: boolean | null }, now: Date, timeZone: string, calendar: WorkingCalendar): RectificationClockState {
  if (!isOpen(r.status)) return r.fixedOnTime === false ? 'late' : 'met';
  if (now.getTime() > r.dueAt.getTime()) return 'overdue';
  return now.getTime() >= stageInstant('owner', r.dueAt, timeZone, calendar).getTime() ? 'due_soon' : 'on_track';
}

/**
 * When each escalation stage is reached: the owner at T−1 working day (the start of the working day
 * before the due day), the branch head at the due instant, the region manager one working day
 * later, the leadership chat three.
 */
export function stageInstant(stage: EscalationStage, dueAt: Date, timeZone: string, calendar: WorkingCalendar): Date {
  const dueDay = bankDay(dueAt, timeZone);
  switch (stage) {
    case 'owner':
      return startOfBankDay(calendar.addWorkingDays(dueDay, -1), timeZone);
    case 'branch_head':
      return dueAt;
    case 'region_manager':
      return endOfBankDay(calendar.addWorkingDays(dueDay, 1), timeZone);
    case 'leadership':
      return endOfBankDay(calendar.addWorkingDays(dueDay, 3), timeZone);
  }
}

export const ESCALATION_STAGES: readonly EscalationStage[] = ['owner', 'branch_head', 'region_manager', 'leadership'];

/** The stages an open rectification has reached by `now`, each keyed by its due day (a new due date re-arms them). */
export function reachedStages(r: { status: RectificationStatus; dueAt: Date }, now: Date, timeZone: string, calendar: WorkingCalendar): Array<{ stage: EscalationStage; key: string }> {
  if (!isOpen(r.status)) return [];
  const dueDay = bankDay(r.dueAt, timeZone);
  return ESCALATION_STAGES.filter((stage) => now.getTime() >= stageInstant(stage, r.dueAt, timeZone, calendar).getTime()).map((stage) => ({ stage, key: `${dueDay}:${stage}` }));
}

export type RectificationCommand =
  | { kind: 'fix'; note: string }
  | { kind: 'verify'; accepted: boolean; note: string }
  | { kind: 'request_extension'; reason: string }
  | { kind: 'grant_extension'; days: number };

export interface RectificationChange {
  status: RectificationStatus;
  event: 'fixed' | 'verified' | 'reopened' | 'extension_requested' | 'extension_granted';
  dueAt: Date;
  fixedAt?: Date | null;
  fixedNote?: string | null;
  fixedOnTime?: boolean | null;
  verifiedAt?: Date | null;
  extensionReason?: string | null;
  extensionRequestedAt?: Date | null;
  data: Record<string, unknown>;
}

const conflict = (message: string) => new AppError('CONFLICT', message);

/** One workflow step, or CONFLICT when the rectification's state does not allow it. */
export function transitionRectification(
  r: { status: RectificationStatus; dueAt: Date; redLine: boolean; extensionRequestedAt: Date | null },
  command: RectificationCommand, now: Date, s: DueSettings, calendar: WorkingCalendar,
): RectificationChange {
  switch (command.kind) {
    case 'fix':
      if (!isOpen(r.status)) throw conflict(`this rectification is already ${r.status}`);
      if (!command.note.trim()) throw AppError.invalid('note', 'say what was done');
      return { status: 'fixed', event: 'fixed', dueAt: r.dueAt, fixedAt: now, fixedNote: command.note.trim(), fixedOnTime: now.getTime() <= r.dueAt.getTime(), data: { note: command.note.trim() } };
    case 'verify':
      if (r.status !== 'fixed') throw conflict(`only a fixed rectification can be verified (this one is ${r.status})`);
      if (command.accepted) return { status: 'verified', event: 'verified', dueAt: r.dueAt, verifiedAt: now, data: { note: command.note } };
      if (!command.note.trim()) throw AppError.invalid('note', 'a rejection needs a reason');
      // Back to the owner with a fresh due date counted from the rejection.
      return {
        status: 'reopened', event: 'reopened', dueAt: dueAtFrom(now, r.redLine, s, calendar), fixedAt: null, fixedNote: null, fixedOnTime: null,
        data: { note: command.note.trim() },
      };
    case 'request_extension':
      if (!isOpen(r.status)) throw conflict(`this rectification is already ${r.status}`);
      if (!command.reason.trim()) throw AppError.invalid('reason', 'an extension needs a reason');
      return { status: r.status, event: 'extension_requested', dueAt: r.dueAt, extensionReason: command.reason.trim(), extensionRequestedAt: now, data: { reason: command.reason.trim() } };
    case 'grant_extension': {
      if (!isOpen(r.status)) throw conflict(`this rectification is already ${r.status}`);
      if (!r.extensionRequestedAt) throw conflict('no extension was requested');
      if (!Number.isInteger(command.days) || command.days < 1 || command.days > 30) throw AppError.invalid('days', 'between 1 and 30 working days');
      const dueAt = extendedDueAt(r.dueAt, command.days, s.timeZone, calendar);
      return { status: r.status, event: 'extension_granted', dueAt, extensionRequestedAt: null, data: { days: command.days, from: r.dueAt.toISOString(), to: dueAt.toISOString() } };
    }
  }
}
