import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../calendar/calendar.rules.ts';
import type { CalendarDay } from '../calendar/index.ts';
import { clockStateOf, dueAtFrom, reachedStages, transitionRectification } from './rectification.rules.ts';

const tz = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const holidays = (from: number, to: number, name: string): CalendarDay[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ date: `2026-10-${String(from + i).padStart(2, '0')}`, kind: 'holiday', name }));
// 2026 国庆/中秋: 10-01..10-07 off; Sunday 09-20 and Saturday 10-10 worked (调休).
const calendar = createWorkingCalendar([
  { date: '2026-09-20', kind: 'workday', name: '国庆节' },
  ...holidays(1, 7, '国庆节'),
  { date: '2026-10-10', kind: 'workday', name: '国庆节' },
]);
const settings = { redLineDueWorkingDays: 1, dueWorkingDays: 5, timeZone: tz };

describe('dueAtFrom', () => {
  it('counts working days over a weekend, to the end of the bank day', () => {
    // Thursday 2026-11-05 + 5 working days → Thursday 11-12 23:59:59
    expect(dueAtFrom(at('2026-11-05T15:00:00'), false, settings, calendar)).toEqual(at('2026-11-12T23:59:59'));
    // Friday red line + 1 → Monday
    expect(dueAtFrom(at('2026-11-06T09:00:00'), true, settings, calendar)).toEqual(at('2026-11-09T23:59:59'));
  });

  it('skips 国庆 and counts the make-up Saturday', () => {
    // Wednesday 09-30 + 1 → 10-08 (10-01..07 off); + 5 → 10-08, 09, 10 (Saturday worked), 12, 13
    expect(dueAtFrom(at('2026-09-30T10:00:00'), true, settings, calendar)).toEqual(at('2026-10-08T23:59:59'));
    expect(dueAtFrom(at('2026-09-30T10:00:00'), false, settings, calendar)).toEqual(at('2026-10-13T23:59:59'));
  });

  it('takes the bank day of a late-evening submission (UTC is still the day before)', () => {
    expect(dueAtFrom(new Date('2026-11-05T17:30:00Z'), true, settings, calendar)).toEqual(at('2026-11-09T23:59:59')); // 11-06 01:30 local
  });
});

describe('clock state and escalation stages', () => {
  const r = { status: 'open' as const, dueAt: at('2026-11-12T23:59:59'), fixedOnTime: null };
  it('is on track, due soon from the start of the previous working day, then overdue', () => {
    expect(clockStateOf(r, at('2026-11-10T23:00:00'), tz, calendar)).toBe('on_track');
    expect(clockStateOf(r, at('2026-11-11T00:00:00'), tz, calendar)).toBe('due_soon');
    expect(clockStateOf(r, at('2026-11-13T00:00:00'), tz, calendar)).toBe('overdue');
    expect(clockStateOf({ ...r, status: 'fixed', fixedOnTime: false }, at('2026-11-20T00:00:00'), tz, calendar)).toBe('late');
    expect(clockStateOf({ ...r, status: 'verified', fixedOnTime: true }, at('2026-11-20T00:00:00'), tz, calendar)).toBe('met');
  });

  it('reaches owner at T−1, branch head at due, region manager +1 and leadership +3 working days', () => {
    const stages = (local: string) => reachedStages(r, at(local), tz, calendar).map((s) => s.stage);
    expect(stages('2026-11-10T12:00:00')).toEqual([]);
    expect(stages('2026-11-11T08:00:00')).toEqual(['owner']);
    expect(stages('2026-11-13T00:00:00')).toEqual(['owner', 'branch_head']);
    expect(stages('2026-11-14T00:00:00')).toEqual(['owner', 'branch_head', 'region_manager']); // end of Friday 11-13
    expect(stages('2026-11-17T23:59:58')).toEqual(['owner', 'branch_head', 'region_manager']); // +3 is Tuesday 11-17 end
    expect(stages('2026-11-18T00:00:00')).toEqual(['owner', 'branch_head', 'region_manager', 'leadership']);
    expect(reachedStages(r, at('2026-11-18T00:00:00'), tz, calendar)[0]!.key).toBe('2026-11-12:owner');
    expect(reachedStages({ ...r, status: 'fixed' }, at('2026-11-18T00:00:00'), tz, calendar)).toEqual([]);
  });
});

describe('transitionRectification', () => {
  const open = { status: 'open' as const, dueAt: at('2026-11-12T23:59:59'), redLine: false, extensionRequestedAt: null };
  it('open → fixed (on time) → verified', () => {
    const fixed = transitionRectification(open, { kind: 'fix', note: '已更换灭火器' }, at('2026-11-10T10:00:00'), settings, calendar);
    expect(fixed).toMatchObject({ status: 'fixed', fixedOnTime: true, fixedNote: '已更换灭火器' });
    const verified = transitionRectification({ ...open, status: 'fixed' }, { kind: 'verify', accepted: true, note: '' }, at('2026-11-11T10:00:00'), settings, calendar);
    expect(verified.status).toBe('verified');
  });

  it('a rejection reopens with a new due date counted from the rejection, and needs a reason', () => {
    const reopened = transitionRectification({ ...open, status: 'fixed' }, { kind: 'verify', accepted: false, note: '照片不清晰' }, at('2026-11-13T10:00:00'), settings, calendar);
    expect(reopened).toMatchObject({ status: 'reopened', dueAt: at('2026-11-20T23:59:59'), fixedAt: null });
    expect(() => transitionRectification({ ...open, status: 'fixed' }, { kind: 'verify', accepted: false, note: ' ' }, at('2026-11-13T10:00:00'), settings, calendar)).toThrow(/reason/);
  });

  it('a fix after the due date is late; a verified one cannot be fixed again', () => {
    expect(transitionRectification(open, { kind: 'fix', note: 'x' }, at('2026-11-13T00:00:01'), settings, calendar).fixedOnTime).toBe(false);
    expect(() => transitionRectification({ ...open, status: 'verified' }, { kind: 'fix', note: 'x' }, at('2026-11-13T00:00:01'), settings, calendar)).toThrow(/already verified/);
  });

  it('an extension is asked with a reason and granted in working days after the due day', () => {
    const asked = transitionRectification(open, { kind: 'request_extension', reason: '待厂家维修' }, at('2026-11-10T10:00:00'), settings, calendar);
    expect(asked).toMatchObject({ event: 'extension_requested', extensionReason: '待厂家维修' });
    expect(() => transitionRectification(open, { kind: 'grant_extension', days: 3 }, at('2026-11-10T10:00:00'), settings, calendar)).toThrow(/no extension/);
    const granted = transitionRectification({ ...open, extensionRequestedAt: at('2026-11-10T10:00:00') }, { kind: 'grant_extension', days: 3 }, at('2026-11-10T11:00:00'), settings, calendar);
    expect(granted.dueAt).toEqual(at('2026-11-17T23:59:59'));
  });
});
