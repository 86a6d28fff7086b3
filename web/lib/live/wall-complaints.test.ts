import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES, type WallComplaint, type WallComplaints } from '$contract';
import { categoryKey, clockAt, countdownAt, countsAt } from './wall-complaints.ts';

const NOW = new Date('2026-11-28T02:00:00.000Z');
const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR).toISOString();

const item = (over: Partial<WallComplaint> = {}): WallComplaint => ({
  id: 1, reference: 'TS-2026-000001', branchCode: 'BJ0101', branchName: '北京朝阳建国路网点', category: 'fees',
  decisionDueAt: at(53), clockState: 'due_soon', status: 'received', ...over,
});

describe('clockAt', () => {
  it('keeps the server’s clock while the deadline is ahead', () => {
    expect(clockAt(item(), NOW)).toBe('due_soon');
    expect(clockAt(item({ clockState: 'on_track', decisionDueAt: at(200) }), NOW)).toBe('on_track');
  });

  it('turns overdue once the deadline has passed, before the server says so', () => {
    expect(clockAt(item({ decisionDueAt: at(-0.01) }), NOW)).toBe('overdue');
    expect(clockAt(item({ clockState: 'on_track', decisionDueAt: at(-1) }), NOW)).toBe('overdue');
  });

  it('leaves a paused clock paused, its deadline moves on', () => {
    expect(clockAt(item({ clockState: 'paused', decisionDueAt: at(-5) }), NOW)).toBe('paused');
  });
});

describe('countsAt', () => {
  const complaints = (strip: WallComplaint[]): Pick<WallComplaints, 'open' | 'strip'> => ({
    open: { total: 9, onTrack: 3, dueSoon: 3, overdue: 2, paused: 1 }, strip,
  });

  it('gives the server’s counts while no deadline has passed', () => {
    expect(countsAt(complaints([item({ clockState: 'overdue', decisionDueAt: at(-30) }), item()]), NOW)).toEqual({ overdue: 2, dueSoon: 3, paused: 1, total: 9 });
  });

  it('moves a strip item whose deadline has just passed from due soon to overdue', () => {
    const strip = [item({ clockState: 'overdue', decisionDueAt: at(-30) }), item({ id: 2, decisionDueAt: at(-0.5) }), item({ id: 3 })];
    expect(countsAt(complaints(strip), NOW)).toEqual({ overdue: 3, dueSoon: 2, paused: 1, total: 9 });
  });

  it('never counts a paused clock as overdue', () => {
    expect(countsAt(complaints([item({ clockState: 'paused', decisionDueAt: at(-3) })]), NOW).overdue).toBe(2);
  });
});

describe('countdownAt', () => {
  it('counts down days and hours, then hours and minutes', () => {
    expect(countdownAt(item({ decisionDueAt: at(53.2) }), NOW)).toEqual({ key: 'complaints.countdown.leftDays', params: { days: 2, hours: 5 } });
    expect(countdownAt(item({ decisionDueAt: at(3.2) }), NOW)).toEqual({ key: 'complaints.countdown.leftHours', params: { hours: 3, minutes: 12 } });
  });

  it('counts the time over once the deadline has passed, whatever the server last said', () => {
    expect(countdownAt(item({ decisionDueAt: at(-1.05) }), NOW)).toEqual({ key: 'complaints.countdown.overdueHours', params: { hours: 1, minutes: 3 } });
  });

  it('says a paused clock is paused', () => {
    expect(countdownAt(item({ clockState: 'paused' }), NOW).key).toBe('complaints.countdown.paused');
  });
});

describe('categoryKey', () => {
  it('has words for every category the contract knows, and none for an unknown code', () => {
    for (const c of COMPLAINT_CATEGORIES) {
      expect(categoryKey(c)).toBe(`wall.complaints.category.${c}`);
    }
    expect(categoryKey('unheard_of')).toBeUndefined();
  });
});
