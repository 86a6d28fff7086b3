import { describe, expect, it } from 'vitest';
import {
  DESIGN_TICKETS_PER_DAY, arrivalRate, branchSizeFactor, dayFactor, defaultDayKind, expectedTicketsPerDay, loadIndex, openingHours,
  type DayKind, type ServiceDay,
} from './day-curve.ts';

const day = (isoDate: string, kind?: DayKind): ServiceDay => {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return { isoDate, dayOfMonth: Number(isoDate.slice(8)), weekday, kind: kind ?? defaultDayKind(weekday) };
};
const at = (hh: number, mm = 0) => hh * 60 + mm;
const ordinaryTuesday = day('2026-11-17');
const average = { code: 'X0101', sizeFactor: 1 };
const codes = Array.from({ length: 2000 }, (_, i) => `HZ02${String(i).padStart(4, '0')}`);

/** Tickets over the day, summing the rate minute by minute. */
const ticketsOver = (d: ServiceDay, from: number, to: number) => {
  let sum = 0;
  for (let m = from; m < to; m++) sum += arrivalRate(average, d, m + 0.5);
  return sum;
};

describe('openingHours', () => {
  it('opens every branch 09:00–17:00 on a working day', () => {
    expect(openingHours('BJ0101', ordinaryTuesday)).toEqual({ opensAt: at(9), closesAt: at(17) });
  });

  it('opens about three in ten branches on a weekend, 09:00–16:00', () => {
    const saturday = day('2026-11-28');
    const open = codes.map((c) => openingHours(c, saturday)).filter((h) => h !== undefined);
    expect(open.length / codes.length).toBeGreaterThan(0.25);
    expect(open.length / codes.length).toBeLessThan(0.35);
    expect(open[0]).toEqual({ opensAt: at(9), closesAt: at(16) });
  });

  it('opens the same branches on Saturday and Sunday (a trait, not a coin toss)', () => {
    const saturday = codes.map((c) => openingHours(c, day('2026-11-28')) !== undefined);
    const sunday = codes.map((c) => openingHours(c, day('2026-11-29')) !== undefined);
    expect(sunday).toEqual(saturday);
  });

  it('opens fewer branches on a statutory holiday than on a weekend', () => {
    const holiday = codes.filter((c) => openingHours(c, day('2026-10-02', 'holiday'))).length;
    const weekend = codes.filter((c) => openingHours(c, day('2026-11-28'))).length;
    expect(holiday).toBeLessThan(weekend);
  });
});

describe('arrivalRate', () => {
  it('is zero at night, before opening and from closing time', () => {
    for (const minute of [at(3), at(8, 59), at(17), at(17, 1), at(22)]) expect(arrivalRate(average, ordinaryTuesday, minute)).toBe(0);
    expect(arrivalRate(average, ordinaryTuesday, at(9))).toBeGreaterThan(0);
  });

  it('is zero all day at a branch closed for the weekend', () => {
    const closed = codes.find((c) => !openingHours(c, day('2026-11-28')))!;
    expect(expectedTicketsPerDay({ code: closed, sizeFactor: 1 }, day('2026-11-28'))).toBe(0);
    expect(arrivalRate({ code: closed, sizeFactor: 1 }, day('2026-11-28'), at(10))).toBe(0);
  });

  it('has an opening rush (09:00–10:00) well above the lunch dip (12:00–13:30)', () => {
    const rushPerMinute = ticketsOver(ordinaryTuesday, at(9), at(10)) / 60;
    const lunchPerMinute = ticketsOver(ordinaryTuesday, at(12), at(13, 30)) / 90;
    expect(rushPerMinute).toBeGreaterThan(2 * lunchPerMinute);
  });

  it('bumps in mid-afternoon above the lunch dip and tails off before closing', () => {
    expect(arrivalRate(average, ordinaryTuesday, at(15))).toBeGreaterThan(arrivalRate(average, ordinaryTuesday, at(12, 30)));
    expect(arrivalRate(average, ordinaryTuesday, at(16, 50))).toBeLessThan(arrivalRate(average, ordinaryTuesday, at(15)));
  });

  it('adds up to the day’s expected tickets, about 300 at an average branch', () => {
    // Tuesday is a quieter weekday (0.95) of an ordinary week.
    expect(ticketsOver(ordinaryTuesday, 0, 24 * 60)).toBeCloseTo(DESIGN_TICKETS_PER_DAY * 0.95, 0);
  });

  it('is higher on a pay day and at month start than on an ordinary day of the same weekday', () => {
    const payday = day('2026-12-15');
    const monthStart = day('2026-12-01');
    expect(ticketsOver(payday, 0, 1440) / ticketsOver(ordinaryTuesday, 0, 1440)).toBeCloseTo(1.8, 5);
    expect(ticketsOver(monthStart, 0, 1440) / ticketsOver(ordinaryTuesday, 0, 1440)).toBeCloseTo(1.6, 5);
  });
});

describe('dayFactor', () => {
  it('gives pay days and the first three days of a month 1.4–1.8×', () => {
    for (const d of ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-10', '2026-12-15', '2026-12-25']) {
      const factor = dayFactor({ ...day(d), weekday: 3 }); // a plain mid-week day (0.95) to isolate the peak
      expect(factor / 0.95).toBeGreaterThanOrEqual(1.4);
      expect(factor / 0.95).toBeLessThanOrEqual(1.8);
    }
    expect(dayFactor({ ...day('2026-12-04'), weekday: 3 })).toBeCloseTo(0.95, 5);
  });
});

describe('branchSizeFactor', () => {
  it('makes big-city branches busier on average than small-city ones', () => {
    const mean = (region: string) => codes.reduce((sum, c) => sum + branchSizeFactor({ code: c, regionCode: region }), 0) / codes.length;
    expect(mean('BJ01')).toBeGreaterThan(mean('HZ01'));
    expect(mean('HZ01')).toBeGreaterThan(mean('XM01'));
  });

  it('keeps the mean of a demo-like network near 1, so the design point stays ≈ 300 tickets', () => {
    const regions = ['BJ01', 'SH01', 'GZ01', 'HZ01', 'CD01', 'WH01', 'QD01', 'XM01', 'SY01'];
    const factors = codes.map((c, i) => branchSizeFactor({ code: c, regionCode: regions[i % regions.length] }));
    const mean = factors.reduce((a, b) => a + b, 0) / factors.length;
    expect(mean).toBeGreaterThan(0.85);
    expect(mean).toBeLessThan(1.15);
  });

  it('uses an explicit size when the source knows it', () => {
    expect(branchSizeFactor({ code: 'BJ0101', regionCode: 'BJ01', sizeFactor: 2 })).toBe(2);
  });
});

describe('loadIndex', () => {
  it('is 1 on average over an ordinary day’s opening hours (mid-week factor aside)', () => {
    let sum = 0;
    for (let m = at(9); m < at(17); m++) sum += loadIndex(ordinaryTuesday, m + 0.5);
    expect(sum / 480 / 0.95).toBeCloseTo(1, 2);
  });

  it('is highest in a pay-day opening rush', () => {
    expect(loadIndex(day('2026-12-15'), at(9, 30))).toBeGreaterThan(loadIndex(ordinaryTuesday, at(9, 30)));
    expect(loadIndex(ordinaryTuesday, at(9, 30))).toBeGreaterThan(loadIndex(ordinaryTuesday, at(12, 30)));
  });
});
