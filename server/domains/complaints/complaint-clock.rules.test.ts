import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../calendar/calendar.rules.ts';
import type { CalendarDay } from '../calendar/calendar.types.ts';
import { computeClock, DEFAULT_CLOCK_SETTINGS, reviewAllowed, type ClockInput } from './complaint-clock.rules.ts';
import { daysBetween, endOfBankDay } from '../../platform/bank-time.ts';
import type { ClockSettings, ComplaintEventKind } from './complaint.types.ts';

const TZ = 'Asia/Shanghai';
/** A bank-time instant: '2026-11-01 10:00:00' in Asia/Shanghai (+08:00, no DST). */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
const settings: ClockSettings = { timeZone: TZ, ...DEFAULT_CLOCK_SETTINGS };
const rolling: ClockSettings = { ...settings, rollOverHolidays: true };

// 2026 中秋 and 国庆 as the State Council scheduled them (defined here, not read from the seeded table).
const holidays = (month: string, from: number, to: number, name: string): CalendarDay[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ date: `2026-${month}-${String(from + i).padStart(2, '0')}`, kind: 'holiday', name }));
const calendar = createWorkingCalendar([
  { date: '2026-09-20', kind: 'workday', name: '国庆节' }, // Sunday worked (调休)
  ...holidays('09', 25, 27, '中秋'),
  ...holidays('10', 1, 7, '国庆节'),
  { date: '2026-10-10', kind: 'workday', name: '国庆节' }, // Saturday worked (调休)
]);

type Ev = ClockInput['events'][number];
const ev = (kind: ComplaintEventKind, local: string, data: Record<string, unknown> = {}): Ev => ({ kind, at: at(local), data });
const clock = (receivedAt: Date, now: Date, opts: { events?: Ev[]; decidedAt?: Date | null; settings?: ClockSettings } = {}) =>
  computeClock({ receivedAt, events: opts.events ?? [], decidedAt: opts.decidedAt ?? null }, now, opts.settings ?? settings, calendar);

describe('endOfBankDay and daysBetween', () => {
  it('ends a bank day at 23:59:59 Shanghai time (15:59:59 UTC)', () => {
    expect(endOfBankDay('2026-11-16', TZ).toISOString()).toBe('2026-11-16T15:59:59.000Z');
  });
  it('counts calendar days across months and years', () => {
    expect(daysBetween('2026-11-01', '2026-11-16')).toBe(15);
    expect(daysBetween('2026-12-20', '2027-01-04')).toBe(15);
    expect(daysBetween('2026-11-16', '2026-11-01')).toBe(-15);
  });
});

describe('the statutory deadline (N calendar days after the receipt date, end of that bank day)', () => {
  it('received 11-01 at any hour, N = 15 → due 11-16 23:59:59', () => {
    for (const time of ['00:00:00', '09:30:00', '23:59:59']) {
      const c = clock(at(`2026-11-01 ${time}`), at('2026-11-02 09:00:00'));
      expect(c.stage).toBe(15);
      expect(c.startDay).toBe('2026-11-01');
      expect(c.decisionDueAt).toEqual(at('2026-11-16 23:59:59'));
    }
  });
  it('received at 23:30 bank time counts from that day although UTC is the same day', () => {
    const received = new Date('2026-11-01T15:30:00Z'); // 11-01 23:30 in Shanghai
    expect(clock(received, at('2026-11-02 09:00:00')).decisionDueAt).toEqual(at('2026-11-16 23:59:59'));
  });
  it('received at 00:10 bank time counts from the next bank day although UTC is still the day before', () => {
    const received = new Date('2026-11-01T16:10:00Z'); // 11-02 00:10 in Shanghai, 11-01 in UTC
    const c = clock(received, at('2026-11-02 09:00:00'));
    expect(c.startDay).toBe('2026-11-02');
    expect(c.decisionDueAt).toEqual(at('2026-11-17 23:59:59'));
  });
  it('day 15 is on time, day 16 is late', () => {
    const received = at('2026-11-01 10:00:00');
    expect(clock(received, at('2026-11-20 00:00:00'), { decidedAt: at('2026-11-16 23:59:59') }).decidedOnTime).toBe(true);
    expect(clock(received, at('2026-11-20 00:00:00'), { decidedAt: at('2026-11-17 00:00:00') }).decidedOnTime).toBe(false);
  });
  it('a decision during the last second of the due day is still on that day (on time)', () => {
    // BUG: the deadline is compared as 23:59:59.000, so 23:59:59.500 on the due bank day counts as late.
    const c = clock(at('2026-11-01 10:00:00'), at('2026-11-20 00:00:00'), { decidedAt: at('2026-11-16 23:59:59.500') });
    expect(c.decidedOnTime).toBe(true);
  });
  it('a complex case extended to 30: day 30 on time, day 31 late', () => {
    const events = [ev('extended', '2026-11-10 10:00:00', { from: 15, to: 30, reason: 'complex' })];
    const received = at('2026-11-01 10:00:00');
    const c = clock(received, at('2026-11-11 00:00:00'), { events });
    expect(c.stage).toBe(30);
    expect(c.decisionDueAt).toEqual(at('2026-12-01 23:59:59'));
    expect(clock(received, at('2026-12-05 00:00:00'), { events, decidedAt: at('2026-12-01 23:59:59') }).decidedOnTime).toBe(true);
    expect(clock(received, at('2026-12-05 00:00:00'), { events, decidedAt: at('2026-12-02 00:00:00') }).decidedOnTime).toBe(false);
  });
  it('a further 30 with approval: day 60 on time, day 61 late', () => {
    const events = [
      ev('extended', '2026-11-10 10:00:00', { from: 15, to: 30, reason: 'complex' }),
      ev('extended', '2026-11-25 10:00:00', { from: 30, to: 60, reason: 'approved', customerNotifiedAt: '2026-11-25T02:00:00.000Z' }),
    ];
    const received = at('2026-11-01 10:00:00');
    const c = clock(received, at('2026-11-26 00:00:00'), { events });
    expect(c.stage).toBe(60);
    expect(c.decisionDueAt).toEqual(at('2026-12-31 23:59:59'));
    expect(clock(received, at('2027-01-05 00:00:00'), { events, decidedAt: at('2026-12-31 23:59:59') }).decidedOnTime).toBe(true);
    expect(clock(received, at('2027-01-05 00:00:00'), { events, decidedAt: at('2027-01-01 00:00:00') }).decidedOnTime).toBe(false);
  });
});

describe('clockState', () => {
  const received = at('2026-11-01 10:00:00'); // due 11-16 23:59:59
  it('is on_track until 72 h before the deadline and due_soon at exactly 72 h', () => {
    expect(clock(received, at('2026-11-13 23:59:58')).clockState).toBe('on_track');
    expect(clock(received, at('2026-11-13 23:59:59')).clockState).toBe('due_soon');
  });
  it('is due_soon at the deadline itself and overdue one second after 23:59:59', () => {
    expect(clock(received, at('2026-11-16 23:59:59')).clockState).toBe('due_soon');
    expect(clock(received, at('2026-11-17 00:00:00')).clockState).toBe('overdue');
  });
  it('is paused while a pause is open, even past the original deadline', () => {
    const c = clock(received, at('2026-11-20 10:00:00'), { events: [ev('paused', '2026-11-10 10:00:00', { reason: 'appraisal' })] });
    expect(c.paused).toBe(true);
    expect(c.clockState).toBe('paused');
  });
  it('stops when decided: on time stays on_track, late stays overdue, whatever now is', () => {
    const onTime = clock(received, at('2027-06-01 00:00:00'), { decidedAt: at('2026-11-15 10:00:00') });
    expect(onTime).toMatchObject({ decided: true, decidedOnTime: true, clockState: 'on_track' });
    const late = clock(received, at('2026-11-18 00:00:00'), { decidedAt: at('2026-11-17 09:00:00') });
    expect(late).toMatchObject({ decided: true, decidedOnTime: false, clockState: 'overdue' });
  });
  it('leaves decidedOnTime null while open', () => {
    expect(clock(received, at('2026-11-02 00:00:00')).decidedOnTime).toBeNull();
  });
});

describe('pauses for external appraisal, testing or valuation', () => {
  // Received Mon 09-21: due 10-06 (inside 国庆) before any pause.
  const received = at('2026-09-21 09:00:00');
  it('does not count the calendar days of a pause spanning a weekend, 中秋 and 国庆', () => {
    const events = [ev('paused', '2026-09-24 10:00:00', { reason: 'appraisal' }), ev('resumed', '2026-10-08 09:00:00')];
    const c = clock(received, at('2026-10-08 12:00:00'), { events });
    expect(c.pausedDays).toBe(14);
    expect(c.paused).toBe(false);
    expect(c.decisionDueAt).toEqual(at('2026-10-20 23:59:59'));
  });
  it('counts an open pause up to now, moving the deadline day by day', () => {
    const events = [ev('paused', '2026-09-24 10:00:00', { reason: 'testing' })];
    const c = clock(received, at('2026-09-29 12:00:00'), { events });
    expect(c).toMatchObject({ paused: true, pausedDays: 5, clockState: 'paused' });
    expect(c.decisionDueAt).toEqual(at('2026-10-11 23:59:59'));
    expect(clock(received, at('2026-09-24 23:00:00'), { events }).pausedDays).toBe(0);
  });
  it('adds up several pauses; a pause resumed the same day costs nothing', () => {
    const events = [
      ev('paused', '2026-09-22 09:00:00', { reason: 'valuation' }), ev('resumed', '2026-09-22 17:00:00'),
      ev('paused', '2026-09-23 09:00:00', { reason: 'testing' }), ev('resumed', '2026-09-25 09:00:00'),
      ev('paused', '2026-09-28 09:00:00', { reason: 'appraisal' }), ev('resumed', '2026-09-29 09:00:00'),
    ];
    expect(clock(received, at('2026-09-30 00:00:00'), { events }).pausedDays).toBe(3);
  });
});

describe('restart on new facts', () => {
  it('starts a fresh 15-day period from the day the facts arrived; extensions and pauses are gone', () => {
    const events = [
      ev('extended', '2026-11-05 10:00:00', { from: 15, to: 30, reason: 'complex' }),
      ev('paused', '2026-11-06 10:00:00', { reason: 'appraisal' }), ev('resumed', '2026-11-09 10:00:00'),
      ev('restarted', '2026-11-20 16:00:00', { facts: 'new statement' }),
    ];
    const c = clock(at('2026-11-01 10:00:00'), at('2026-11-21 00:00:00'), { events });
    expect(c).toMatchObject({ stage: 15, startDay: '2026-11-20', pausedDays: 0, paused: false, clockState: 'on_track' });
    expect(c.decisionDueAt).toEqual(at('2026-12-05 23:59:59'));
  });
  it('drops a pause still open at the restart', () => {
    const events = [ev('paused', '2026-11-06 10:00:00', { reason: 'appraisal' }), ev('restarted', '2026-11-10 10:00:00', { facts: 'new facts' })];
    const c = clock(at('2026-11-01 10:00:00'), at('2026-11-12 00:00:00'), { events });
    expect(c).toMatchObject({ paused: false, pausedDays: 0, startDay: '2026-11-10' });
  });
});

describe('rolling a deadline that lands on a rest day (setting, off by default)', () => {
  const received = at('2026-09-16 10:00:00'); // + 15 = 10-01, 国庆节
  it('is off by default: the deadline stays on the holiday', () => {
    expect(DEFAULT_CLOCK_SETTINGS.rollOverHolidays).toBe(false);
    expect(clock(received, at('2026-09-17 00:00:00')).decisionDueAt).toEqual(at('2026-10-01 23:59:59'));
  });
  it('when on, moves a last day in 国庆 to the first working day after it', () => {
    expect(clock(received, at('2026-09-17 00:00:00'), { settings: rolling }).decisionDueAt).toEqual(at('2026-10-08 23:59:59'));
  });
  it('does not move a last day that is a make-up working Saturday (调休)', () => {
    // Received 09-25 → 10-10, a Saturday worked in 2026.
    expect(clock(at('2026-09-25 10:00:00'), at('2026-09-26 00:00:00'), { settings: rolling }).decisionDueAt).toEqual(at('2026-10-10 23:59:59'));
  });
});

describe('first contact within N working days (internal target)', () => {
  const due = (received: Date, s: ClockSettings = settings) => clock(received, received, { settings: s }).firstContactDueAt;
  it('counts a make-up working Saturday as the next working day', () => {
    expect(due(at('2026-10-09 15:00:00'))).toEqual(at('2026-10-10 23:59:59'));
    expect(due(at('2026-09-19 11:00:00'))).toEqual(at('2026-09-20 23:59:59')); // Sat → Sun worked
  });
  it('skips statutory holidays and ordinary weekends', () => {
    expect(due(at('2026-09-30 10:00:00'))).toEqual(at('2026-10-08 23:59:59'));
    expect(due(at('2026-09-24 10:00:00'))).toEqual(at('2026-09-28 23:59:59')); // Fri 09-25 is 中秋
    expect(due(at('2026-11-06 10:00:00'))).toEqual(at('2026-11-09 23:59:59'));
  });
  it('is configurable', () => {
    expect(due(at('2026-10-09 15:00:00'), { ...settings, firstContactWorkingDays: 2 })).toEqual(at('2026-10-12 23:59:59'));
  });
  it('counts from the bank day of receipt (00:10 bank time is the next UTC-earlier day)', () => {
    expect(due(new Date('2026-10-08T16:10:00Z'))).toEqual(at('2026-10-10 23:59:59')); // Fri 10-09 00:10 in Shanghai
    expect(due(new Date('2026-10-08T15:30:00Z'))).toEqual(at('2026-10-09 23:59:59')); // Thu 10-08 23:30 in Shanghai
  });
  it('records the first contact only', () => {
    const events = [ev('contacted', '2026-11-03 10:00:00'), ev('contacted', '2026-11-02 16:00:00'), ev('contacted', '2026-11-04 10:00:00')];
    expect(clock(at('2026-11-02 10:00:00'), at('2026-11-05 00:00:00'), { events }).firstContactAt).toEqual(at('2026-11-02 16:00:00'));
  });
});

describe('review (核查) within 30 days of the decision', () => {
  const decided = at('2026-11-01 10:00:00');
  it('allows a request on the 30th bank day and refuses one on the 31st', () => {
    expect(reviewAllowed(decided, at('2026-11-01 10:00:00'), TZ)).toBe(true);
    expect(reviewAllowed(decided, new Date('2026-12-01T15:30:00Z'), TZ)).toBe(true); // 12-01 23:30 bank time
    expect(reviewAllowed(decided, new Date('2026-12-01T16:10:00Z'), TZ)).toBe(false); // 12-02 00:10 bank time, still 12-01 in UTC
  });
  it('refuses a request dated before the decision', () => {
    expect(reviewAllowed(decided, at('2026-11-01 09:59:59'), TZ)).toBe(false);
  });
  it('gives the review case its own clock from the request', () => {
    const review = clock(at('2026-11-20 10:00:00'), at('2026-11-21 00:00:00'));
    expect(review).toMatchObject({ stage: 15, startDay: '2026-11-20' });
    expect(review.decisionDueAt).toEqual(at('2026-12-05 23:59:59'));
  });
});
