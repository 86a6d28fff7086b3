/**
 * The handling workflow: received → claimed → in progress → decided (customer informed, how and
 * when) → closed, with reopening on new facts. Each command is checked against the complaint as it
 * stands and yields the history event to append and the new status; mistakes name the field.
 */
import { AppError } from '../../platform/errors.ts';
import type { ClockStage, ComplaintClock, ComplaintEventKind, ComplaintStatus } from './complaint.types.ts';

export const PAUSE_REASONS = ['appraisal', 'testing', 'valuation'] as const;
export const INFORM_METHODS = ['phone', 'sms', 'letter', 'in_person', 'email', 'app'] as const;

export type ComplaintCommand =
  | { kind: 'claim' }
  | { kind: 'contact'; note?: string | undefined }
  | { kind: 'extend'; to: 30; reason: string }
  | { kind: 'extend'; to: 60; reason: string; customerNotifiedAt: Date }
  | { kind: 'request_extension'; note?: string | undefined }
  | { kind: 'pause'; reason: (typeof PAUSE_REASONS)[number]; customerNotifiedAt: Date; note?: string | undefined }
  | { kind: 'resume'; note?: string | undefined }
  | { kind: 'decide'; decision: string; informedAt: Date; informedVia: (typeof INFORM_METHODS)[number] }
  | { kind: 'close'; note?: string | undefined }
  | { kind: 'restart'; facts: string }
  | { kind: 'note'; note: string };

export interface ComplaintSnapshot {
  status: ComplaintStatus;
  mergedIntoId: number | null;
  handlerCode: string | null;
  clock: Pick<ComplaintClock, 'stage' | 'paused' | 'decided'> & Partial<Pick<ComplaintClock, 'clockState'>>;
}

export interface Transition {
  event: ComplaintEventKind;
  status: ComplaintStatus;
  data: Record<string, unknown>;
  /** Set by `claim`: the staff member now handling it. */
  handlerCode?: string;
}

const OPEN: readonly ComplaintStatus[] = ['received', 'claimed', 'in_progress'];
const invalid = (field: string, reason: string) => AppError.invalid(field, reason);
const conflict = (reason: string) => new AppError('CONFLICT', reason);

function text(value: string | undefined, field: string, min: number, max = 2000): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length < min) throw invalid(field, `required (at least ${min} characters)`);
  if (trimmed.length > max) throw invalid(field, `at most ${max} characters`);
  return trimmed;
}

/** `actorStaffCode` is who acts (null for a user not linked to a staff member). */
export function transition(c: ComplaintSnapshot, command: ComplaintCommand, actorStaffCode: string | null, now: Date): Transition {
  if (c.mergedIntoId !== null) throw conflict('this complaint was merged into another; act on that one');
  const open = OPEN.includes(c.status);
  switch (command.kind) {
    case 'claim':
      if (!actorStaffCode) throw invalid('staff', 'your account is not linked to a staff member, so it cannot handle complaints');
      if (!open) throw conflict(`a ${c.status} complaint cannot be claimed`);
      if (c.handlerCode && c.handlerCode !== actorStaffCode) throw conflict('already claimed by someone else');
      return { event: 'claimed', status: c.status === 'received' ? 'claimed' : c.status, data: {}, handlerCode: actorStaffCode };
    case 'contact':
      if (!open) throw conflict(`a ${c.status} complaint is no longer being handled`);
      return { event: 'contacted', status: 'in_progress', data: note(command.note), ...(c.handlerCode ? {} : actorStaffCode ? { handlerCode: actorStaffCode } : {}) };
    case 'request_extension':
      if (!open) throw conflict(`a ${c.status} complaint cannot be extended`);
      return { event: 'extension_requested', status: c.status, data: note(command.note) };
    case 'extend': {
      if (!open) throw conflict(`a ${c.status} complaint cannot be extended`);
      const reason = text(command.reason, 'reason', 4);
      const from: ClockStage = c.clock.stage;
      if (command.to === 30 && from !== 15) throw invalid('to', 'the 30-day limit applies only to a complaint still within 15 days');
      if (command.to === 60) {
        if (from !== 30) throw invalid('to', 'extend to 30 days first; a further 30 days follows a 30-day extension');
        if (!(command.customerNotifiedAt instanceof Date) || Number.isNaN(command.customerNotifiedAt.getTime())) {
          throw invalid('customerNotifiedAt', 'record when the customer was told of the extension');
        }
        notFuture(command.customerNotifiedAt, now, 'customerNotifiedAt');
        return { event: 'extended', status: c.status, data: { from, to: 60, reason, customerNotifiedAt: command.customerNotifiedAt.toISOString() } };
      }
      return { event: 'extended', status: c.status, data: { from, to: 30, reason } };
    }
    case 'pause':
      if (!open) throw conflict(`a ${c.status} complaint cannot be paused`);
      if (c.clock.paused) throw conflict('the clock is already paused');
      if (!PAUSE_REASONS.includes(command.reason)) throw invalid('reason', `must be one of ${PAUSE_REASONS.join(', ')}`);
      // Appraisal time stops the clock while it runs; it cannot hide a deadline already missed.
      if (c.clock.clockState === 'overdue') throw conflict('the deadline has passed; the clock can no longer be paused');
      notFuture(command.customerNotifiedAt, now, 'customerNotifiedAt');
      return { event: 'paused', status: c.status, data: { reason: command.reason, customerNotifiedAt: command.customerNotifiedAt.toISOString(), ...note(command.note) } };
    case 'resume':
      if (!c.clock.paused) throw conflict('the clock is not paused');
      return { event: 'resumed', status: c.status, data: note(command.note) };
    case 'decide': {
      if (c.status !== 'claimed' && c.status !== 'in_progress') throw conflict(c.status === 'received' ? 'claim it first' : `a ${c.status} complaint is already decided`);
      if (c.clock.paused) throw conflict('resume the clock before deciding');
      if (!INFORM_METHODS.includes(command.informedVia)) throw invalid('informedVia', `must be one of ${INFORM_METHODS.join(', ')}`);
      notFuture(command.informedAt, now, 'informedAt');
      return { event: 'decided', status: 'decided', data: { decision: text(command.decision, 'decision', 4), informedAt: command.informedAt.toISOString(), informedVia: command.informedVia } };
    }
    case 'close':
      if (c.status !== 'decided') throw conflict('only a decided complaint can be closed');
      return { event: 'closed', status: 'closed', data: note(command.note) };
    case 'restart':
      // New facts or reasons: the period starts again; a decided or closed case is reopened.
      return { event: 'restarted', status: open ? (c.status === 'received' ? 'received' : 'in_progress') : 'in_progress', data: { facts: text(command.facts, 'facts', 4), reopened: !open } };
    case 'note':
      return { event: 'note', status: c.status, data: { note: text(command.note, 'note', 1) } };
  }
}

function notFuture(at: Date, now: Date, field: string): void {
  if (at.getTime() > now.getTime() + 5 * 60_000) throw invalid(field, 'cannot be in the future');
}

function note(value: string | undefined): Record<string, unknown> {
  const trimmed = value?.trim();
  return trimmed ? { note: trimmed.slice(0, 2000) } : {};
}
