import { describe, expect, it } from 'vitest';
import { ServiceEventSchema, type ServiceEvent } from '../contract/payloads/ingest.ts';
import type { SimBranch } from './branches.ts';
import { createScenario, generateEvents, ticketEvents } from './scenario.ts';
import { BUSINESS_PROFILES, BUSINESS_TYPES } from './service-model.ts';

const branches: SimBranch[] = Array.from({ length: 60 }, (_, i) => ({
  code: `SH01${String(i + 1).padStart(2, '0')}`, regionCode: 'SH01', tellers: ['T01', 'T02', 'T03', 'T04', 'T05'].map((t) => `SH${i}${t}`),
}));
// A Wednesday without pay-day effects, midnight to midnight in Shanghai.
const window = { from: new Date('2026-11-18T00:00:00+08:00'), to: new Date('2026-11-19T00:00:00+08:00') };
const events = generateEvents({ branches, seed: 42, runId: 'r1', ...window });

const ms = (e: ServiceEvent) => Date.parse(e.at);
const ofType = <T extends ServiceEvent['type']>(type: T) => events.filter((e): e is Extract<ServiceEvent, { type: T }> => e.type === type);
const byTicket = (type: ServiceEvent['type']) => new Map(events.filter((e) => e.type === type).map((e) => [`${e.branch}|${e.ticket}`, e]));
const share = (part: number, whole: number) => part / whole;

describe('generateEvents: the shape of a day', () => {
  it('produces about 300 tickets per branch on an ordinary working day (big city, mid-week)', () => {
    const perBranch = ofType('ticket.issued').length / branches.length;
    expect(perBranch).toBeGreaterThan(220);
    expect(perBranch).toBeLessThan(420);
  });

  it('emits only events the ingest contract accepts, stamped with the +08:00 offset', () => {
    expect(events.filter((e) => !ServiceEventSchema.safeParse(e).success)).toEqual([]);
    expect(events.filter((e) => !e.at.endsWith('+08:00'))).toEqual([]);
  });

  it('gives every event a unique id that names run, branch, day, ticket and step', () => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events[0]!.id).toMatch(/^sim-r1-SH01\d\d-20261118-[A-Z]\d{3}-issued$/);
  });

  it('returns events in time order', () => {
    expect(events.filter((e, i) => i > 0 && ms(e) < ms(events[i - 1]!))).toEqual([]);
  });

  it('numbers tickets per branch and letter from 001 when the run starts before opening', () => {
    const aTickets = ofType('ticket.issued').filter((e) => e.branch === 'SH0101' && e.ticket.startsWith('A')).map((e) => e.ticket);
    expect(aTickets.slice(0, 3)).toEqual(['A001', 'A002', 'A003']);
  });
});

describe('generateEvents: each ticket', () => {
  const issued = byTicket('ticket.issued');
  const called = byTicket('ticket.called');
  const finished = byTicket('ticket.finished');

  it('is called after it was issued, and finished after it was called', () => {
    expect(called.size).toBeGreaterThan(10_000);
    expect([...called].filter(([key, call]) => !(ms(call) > ms(issued.get(key)!)))).toEqual([]);
    expect([...finished].filter(([key, finish]) => !(ms(finish) > ms(called.get(key)!)))).toEqual([]);
  });

  it('is rated only after it was finished', () => {
    const evaluations = ofType('evaluation.submitted');
    expect(evaluations.length).toBeGreaterThan(10_000);
    expect(evaluations.filter((e) => {
      const finish = finished.get(`${e.branch}|${e.ticket}`);
      return !finish || ms(e) <= ms(finish);
    })).toEqual([]);
  });

  it('is issued only during opening hours (09:00–17:00)', () => {
    expect(ofType('ticket.issued').filter((e) => e.at.slice(11, 16) < '09:00' || e.at.slice(11, 16) >= '17:00')).toEqual([]);
  });

  it('waits 6–12 minutes on average, with some customers over 15 minutes', () => {
    const waits = [...called].map(([key, call]) => (ms(call) - ms(issued.get(key)!)) / 60_000);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(mean).toBeGreaterThan(6);
    expect(mean).toBeLessThan(12);
    expect(share(waits.filter((w) => w > 15).length, waits.length)).toBeGreaterThan(0.03);
  });

  it('rarely leaves without being called', () => {
    expect(share(issued.size - called.size, issued.size)).toBeLessThan(0.05);
  });
});

describe('generateEvents: mixes and rates over a large seeded sample', () => {
  const tickets = ofType('ticket.issued');
  const finished = ofType('ticket.finished');
  const ratings = ofType('evaluation.submitted').map((e) => e.rating);

  it('follows the business mix (存取款 35%, 转账汇款 15% … 其他 14%) within two points', () => {
    for (const business of BUSINESS_TYPES) {
      const observed = share(tickets.filter((t) => t.business === business).length, tickets.length);
      expect(Math.abs(observed - BUSINESS_PROFILES[business].share)).toBeLessThan(0.02);
    }
  });

  it('takes longer to open an account or advise on wealth than to deposit cash', () => {
    const called = byTicket('ticket.called');
    const meanHandling = (business: string) => {
      const own = finished.filter((f) => f.business === business);
      return own.reduce((sum, f) => sum + ms(f) - ms(called.get(`${f.branch}|${f.ticket}`)!), 0) / own.length / 60_000;
    };
    expect(meanHandling('存取款')).toBeGreaterThan(3);
    expect(meanHandling('开户')).toBeGreaterThan(2 * meanHandling('存取款'));
    expect(meanHandling('理财咨询')).toBeLessThan(30);
  });

  it('has about 80% of finished tickets rated', () => {
    expect(share(ratings.length, finished.length)).toBeCloseTo(0.8, 1);
  });

  it('rates 5 about 85%, 4 about 10%, 3 about 3% and 1–2 about 2% of the time', () => {
    const of = (...values: number[]) => share(ratings.filter((r) => values.includes(r)).length, ratings.length);
    expect(Math.abs(of(5) - 0.85)).toBeLessThan(0.03);
    expect(Math.abs(of(4) - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(of(3) - 0.03)).toBeLessThan(0.015);
    expect(Math.abs(of(1, 2) - 0.02)).toBeLessThan(0.012);
  });

  it('rates worse after a wait over 15 minutes', () => {
    const issued = byTicket('ticket.issued');
    const called = byTicket('ticket.called');
    const waited = (e: ServiceEvent) => (ms(called.get(`${e.branch}|${e.ticket}`)!) - ms(issued.get(`${e.branch}|${e.ticket}`)!)) / 60_000;
    const evaluations = ofType('evaluation.submitted');
    const topShare = (list: typeof evaluations) => share(list.filter((e) => e.rating === 5).length, list.length);
    expect(topShare(evaluations.filter((e) => waited(e) > 15))).toBeLessThan(topShare(evaluations.filter((e) => waited(e) <= 15)) - 0.1);
  });

  it('records a service error for about 0.3% of finished tickets', () => {
    const errors = ofType('service_error.recorded').length;
    expect(share(errors, finished.length)).toBeGreaterThan(0.001);
    expect(share(errors, finished.length)).toBeLessThan(0.006);
  });
});

describe('generateEvents: determinism', () => {
  const morning = { from: new Date('2026-11-18T08:00:00+08:00'), to: new Date('2026-11-18T12:00:00+08:00') };
  const few = branches.slice(0, 5);

  it('gives the same events for the same seed, run id and window', () => {
    expect(generateEvents({ branches: few, seed: 9, runId: 'a', ...morning })).toEqual(generateEvents({ branches: few, seed: 9, runId: 'a', ...morning }));
  });

  it('gives different events for another seed, and other ids for another run', () => {
    const base = generateEvents({ branches: few, seed: 9, runId: 'a', ...morning });
    expect(generateEvents({ branches: few, seed: 10, runId: 'a', ...morning }).map((e) => e.at)).not.toEqual(base.map((e) => e.at));
    const otherRun = generateEvents({ branches: few, seed: 9, runId: 'b', ...morning });
    expect(otherRun.map((e) => e.at)).toEqual(base.map((e) => e.at));
    expect(otherRun.some((e) => base.some((b) => b.id === e.id))).toBe(false);
  });

  it('does not depend on how the caller slices time', () => {
    const scenario = createScenario({ branches: few, seed: 9, runId: 'a' }, morning.from.getTime());
    const sliced = [];
    for (let t = morning.from.getTime(); t < morning.to.getTime(); t += 7 * 60_000 + 13_000) sliced.push(...scenario.ticketsUntil(t));
    sliced.push(...scenario.ticketsUntil(morning.to.getTime()));
    const ids = sliced.filter((t) => t.issuedAt < morning.to.getTime()).flatMap((t) => ticketEvents(t, 'a').map((e) => e.event.id));
    expect(ids.sort()).toEqual(generateEvents({ branches: few, seed: 9, runId: 'a', ...morning }).map((e) => e.id).sort());
  });

  it('starts a mid-day run above the numbers an earlier run could have issued that day', () => {
    const early = generateEvents({ branches: few, seed: 9, runId: 'a', from: morning.from, to: new Date('2026-11-18T11:00:00+08:00') });
    const late = generateEvents({ branches: few, seed: 9, runId: 'b', from: new Date('2026-11-18T11:00:00+08:00'), to: morning.to });
    const key = (e: ServiceEvent) => `${e.branch}|${e.type === 'ticket.issued' ? e.ticket : ''}`;
    const earlyTickets = new Set(early.filter((e) => e.type === 'ticket.issued').map(key));
    expect(late.filter((e) => e.type === 'ticket.issued').some((e) => earlyTickets.has(key(e)))).toBe(false);
  });
});
