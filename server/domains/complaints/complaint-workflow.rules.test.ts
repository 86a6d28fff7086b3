import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { transition, type ComplaintCommand, type ComplaintSnapshot } from './complaint-workflow.rules.ts';
import type { ClockStage, ComplaintStatus } from './complaint.types.ts';

const NOW = new Date('2026-11-05T02:00:00Z');
const ME = 'S001';
const OTHER = 'S002';

const snap = (status: ComplaintStatus, over: { handlerCode?: string | null; stage?: ClockStage; paused?: boolean; mergedIntoId?: number | null } = {}): ComplaintSnapshot => ({
  status,
  mergedIntoId: over.mergedIntoId ?? null,
  handlerCode: over.handlerCode === undefined ? (status === 'received' ? null : ME) : over.handlerCode,
  clock: { stage: over.stage ?? 15, paused: over.paused ?? false, decided: status === 'decided' || status === 'closed' },
});

/** The AppError a transition throws (fails the test if it does not throw one). */
function refusal(c: ComplaintSnapshot, command: ComplaintCommand, actor: string | null = ME, now = NOW): AppError {
  try {
    transition(c, command, actor, now);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`expected ${command.kind} on a ${c.status} complaint to be refused`);
}
const field = (error: AppError) => (expect(error.code).toBe('INVALID_INPUT'), error.issues[0]?.field);

const OPEN: ComplaintStatus[] = ['received', 'claimed', 'in_progress'];
const DONE: ComplaintStatus[] = ['decided', 'closed'];
const notified = new Date('2026-11-05T01:00:00Z');
const COMMANDS: ComplaintCommand[] = [
  { kind: 'claim' },
  { kind: 'contact', note: 'called back' },
  { kind: 'request_extension' },
  { kind: 'extend', to: 30, reason: 'complex case' },
  { kind: 'extend', to: 60, reason: 'approved by head office', customerNotifiedAt: notified },
  { kind: 'pause', reason: 'appraisal', customerNotifiedAt: notified },
  { kind: 'resume' },
  { kind: 'decide', decision: 'refund the fee', informedAt: notified, informedVia: 'phone' },
  { kind: 'close' },
  { kind: 'restart', facts: 'new statement from the customer' },
  { kind: 'note', note: 'x' },
];

describe('claim', () => {
  it('takes a received complaint, and keeps the status of one already in progress', () => {
    expect(transition(snap('received'), { kind: 'claim' }, ME, NOW)).toMatchObject({ event: 'claimed', status: 'claimed', handlerCode: ME });
    expect(transition(snap('in_progress'), { kind: 'claim' }, ME, NOW)).toMatchObject({ status: 'in_progress', handlerCode: ME });
  });
  it("needs a user linked to a staff member (field 'staff')", () => {
    expect(field(refusal(snap('received'), { kind: 'claim' }, null))).toBe('staff');
  });
  it('refuses a complaint claimed by someone else (CONFLICT)', () => {
    expect(refusal(snap('claimed', { handlerCode: OTHER }), { kind: 'claim' }).code).toBe('CONFLICT');
  });
  it.each(DONE)('refuses a %s complaint', (status) => {
    expect(refusal(snap(status), { kind: 'claim' }).code).toBe('CONFLICT');
  });
});

describe('contact', () => {
  it.each(OPEN)('moves a %s complaint to in_progress', (status) => {
    expect(transition(snap(status), { kind: 'contact' }, ME, NOW)).toMatchObject({ event: 'contacted', status: 'in_progress' });
  });
  it('makes the one who contacts an unclaimed complaint its handler', () => {
    expect(transition(snap('received'), { kind: 'contact' }, ME, NOW).handlerCode).toBe(ME);
    expect(transition(snap('claimed', { handlerCode: OTHER }), { kind: 'contact' }, ME, NOW).handlerCode).toBeUndefined();
  });
  it.each(DONE)('refuses a %s complaint', (status) => {
    expect(refusal(snap(status), { kind: 'contact' }).code).toBe('CONFLICT');
  });
});

describe('extend', () => {
  it('extends a complex case from 15 to 30 with a recorded reason', () => {
    expect(transition(snap('in_progress'), { kind: 'extend', to: 30, reason: '  complex case ' }, ME, NOW)).toMatchObject({
      event: 'extended', status: 'in_progress', data: { from: 15, to: 30, reason: 'complex case' },
    });
  });
  it("refuses an extension without a reason (field 'reason')", () => {
    expect(field(refusal(snap('in_progress'), { kind: 'extend', to: 30, reason: ' ab ' }))).toBe('reason');
  });
  it("refuses 30 when already at 30 or 60 (field 'to')", () => {
    expect(field(refusal(snap('in_progress', { stage: 30 }), { kind: 'extend', to: 30, reason: 'complex case' }))).toBe('to');
    expect(field(refusal(snap('in_progress', { stage: 60 }), { kind: 'extend', to: 30, reason: 'complex case' }))).toBe('to');
  });
  it('extends 30 to 60 with the approval recorded and the customer notified', () => {
    expect(transition(snap('in_progress', { stage: 30 }), COMMANDS[4]!, ME, NOW)).toMatchObject({
      event: 'extended', data: { from: 30, to: 60, reason: 'approved by head office', customerNotifiedAt: notified.toISOString() },
    });
  });
  it("refuses 60 straight from 15, and 60 twice (field 'to')", () => {
    expect(field(refusal(snap('in_progress', { stage: 15 }), COMMANDS[4]!))).toBe('to');
    expect(field(refusal(snap('in_progress', { stage: 60 }), COMMANDS[4]!))).toBe('to');
  });
  it("refuses 60 without a recorded notice to the customer (field 'customerNotifiedAt')", () => {
    const missing = { kind: 'extend', to: 60, reason: 'approved' } as unknown as ComplaintCommand;
    expect(field(refusal(snap('in_progress', { stage: 30 }), missing))).toBe('customerNotifiedAt');
    const invalid: ComplaintCommand = { kind: 'extend', to: 60, reason: 'approved', customerNotifiedAt: new Date('nope') };
    expect(field(refusal(snap('in_progress', { stage: 30 }), invalid))).toBe('customerNotifiedAt');
  });
  it("refuses 60 with a customer notice dated in the future (field 'customerNotifiedAt')", () => {
    // BUG: only presence is checked; a notice not yet given is accepted (decide checks informedAt this way).
    const future: ComplaintCommand = { kind: 'extend', to: 60, reason: 'approved', customerNotifiedAt: new Date(NOW.getTime() + 86_400_000) };
    expect(field(refusal(snap('in_progress', { stage: 30 }), future))).toBe('customerNotifiedAt');
  });
  it.each(DONE)('refuses to extend a %s complaint', (status) => {
    expect(refusal(snap(status), { kind: 'extend', to: 30, reason: 'complex case' }).code).toBe('CONFLICT');
    expect(refusal(snap(status), { kind: 'request_extension' }).code).toBe('CONFLICT');
  });
  it('lets a handler ask for the extension a superior approves', () => {
    expect(transition(snap('in_progress', { stage: 30 }), { kind: 'request_extension', note: ' need more time ' }, ME, NOW)).toMatchObject({
      event: 'extension_requested', status: 'in_progress', data: { note: 'need more time' },
    });
  });
});

describe('pause and resume', () => {
  const pause = COMMANDS[5]!;
  it.each(OPEN)('pauses a %s complaint with the reason and the customer notice', (status) => {
    expect(transition(snap(status), pause, ME, NOW)).toMatchObject({ event: 'paused', status, data: { reason: 'appraisal', customerNotifiedAt: notified.toISOString() } });
  });
  it('refuses a second pause, a reason outside appraisal/testing/valuation, and a closed complaint', () => {
    expect(refusal(snap('in_progress', { paused: true }), pause).code).toBe('CONFLICT');
    expect(field(refusal(snap('in_progress'), { ...pause, reason: 'holiday' } as unknown as ComplaintCommand))).toBe('reason');
    expect(refusal(snap('closed'), pause).code).toBe('CONFLICT');
  });
  it('resumes only a paused clock', () => {
    expect(transition(snap('in_progress', { paused: true }), { kind: 'resume' }, ME, NOW)).toMatchObject({ event: 'resumed', status: 'in_progress' });
    expect(refusal(snap('in_progress'), { kind: 'resume' }).code).toBe('CONFLICT');
  });
});

describe('decide and close', () => {
  const decide = COMMANDS[7] as Extract<ComplaintCommand, { kind: 'decide' }>;
  it.each(['claimed', 'in_progress'] as const)('decides a %s complaint', (status) => {
    expect(transition(snap(status), decide, ME, NOW)).toMatchObject({
      event: 'decided', status: 'decided', data: { decision: 'refund the fee', informedAt: notified.toISOString(), informedVia: 'phone' },
    });
  });
  it('refuses to decide an unclaimed, decided or closed complaint', () => {
    for (const status of ['received', ...DONE] as const) expect(refusal(snap(status), decide).code).toBe('CONFLICT');
  });
  it('refuses to decide while the clock is paused', () => {
    expect(refusal(snap('in_progress', { paused: true }), decide).code).toBe('CONFLICT');
  });
  it('names the field of a bad decision', () => {
    expect(field(refusal(snap('in_progress'), { ...decide, informedVia: 'pigeon' } as unknown as ComplaintCommand))).toBe('informedVia');
    expect(field(refusal(snap('in_progress'), { ...decide, informedAt: new Date(NOW.getTime() + 5 * 60_000 + 1) }))).toBe('informedAt');
    expect(field(refusal(snap('in_progress'), { ...decide, decision: 'ok' }))).toBe('decision');
    expect(transition(snap('in_progress'), { ...decide, informedAt: new Date(NOW.getTime() + 5 * 60_000) }, ME, NOW).status).toBe('decided');
  });
  it('closes only a decided complaint', () => {
    expect(transition(snap('decided'), { kind: 'close' }, ME, NOW)).toMatchObject({ event: 'closed', status: 'closed' });
    for (const status of [...OPEN, 'closed'] as const) expect(refusal(snap(status), { kind: 'close' }).code).toBe('CONFLICT');
  });
});

describe('restart on new facts', () => {
  const restart = COMMANDS[9]!;
  it.each(DONE)('reopens a %s complaint', (status) => {
    expect(transition(snap(status), restart, ME, NOW)).toMatchObject({ event: 'restarted', status: 'in_progress', data: { facts: 'new statement from the customer', reopened: true } });
  });
  it('keeps an open complaint open', () => {
    expect(transition(snap('received'), restart, ME, NOW)).toMatchObject({ status: 'received', data: { reopened: false } });
    expect(transition(snap('claimed'), restart, ME, NOW).status).toBe('in_progress');
  });
  it("needs the new facts (field 'facts')", () => {
    expect(field(refusal(snap('decided'), { kind: 'restart', facts: '  ' }))).toBe('facts');
  });
});

describe('notes', () => {
  it.each([...OPEN, ...DONE])('can be added to a %s complaint without changing it', (status) => {
    expect(transition(snap(status), { kind: 'note', note: ' called ' }, ME, NOW)).toEqual({ event: 'note', status, data: { note: 'called' } });
  });
  it("refuses an empty note (field 'note')", () => {
    expect(field(refusal(snap('received'), { kind: 'note', note: ' ' }))).toBe('note');
  });
});

describe('a merged complaint', () => {
  it.each(COMMANDS.map((c) => [c.kind, c] as const))('refuses %s', (_kind, command) => {
    for (const status of ['received', 'in_progress', 'closed'] as const) {
      expect(refusal(snap(status, { mergedIntoId: 7, stage: 30, paused: command.kind === 'resume' }), command).code).toBe('CONFLICT');
    }
  });
});
