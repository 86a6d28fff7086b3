import { describe, expect, it } from 'vitest';
import { applyEvents, bankBuckets, checkEventTime, ticketKey } from './ingest.rules.ts';
import type { AcceptedEvent, TicketState } from './ingest.types.ts';

const TZ = 'Asia/Shanghai';
let counter = 0;
function event(type: AcceptedEvent['type'], at: string, extra: Partial<AcceptedEvent> = {}): AcceptedEvent {
  const when = new Date(at);
  return { index: counter++, eventId: `e${counter}`, type, branchId: '7', at: when, ...bankBuckets(when, TZ), ticket: 'A001', business: null, counter: null, teller: null, rating: null, ...extra };
}
const run = (events: AcceptedEvent[], stored: TicketState[] = []) =>
  applyEvents(events, new Map(stored.map((t) => [ticketKey(t.branchId, t.serviceDay, t.ticket), t])), { timeZone: TZ, longWaitSeconds: 900 });

describe('bankBuckets', () => {
  it('puts 00:30 Shanghai time in that local day and hour, not the UTC one', () => {
    expect(bankBuckets(new Date('2026-11-27T16:30:00Z'), TZ)).toEqual({ serviceDay: '2026-11-28', hour: new Date('2026-11-27T16:00:00Z') });
  });
  it('starts the hour at the local hour in a half-hour-offset zone', () => {
    // Kolkata is UTC+05:30: 10:45 local is 05:15Z, and its hour began at 10:00 local = 04:30Z.
    expect(bankBuckets(new Date('2026-11-28T05:15:00Z'), 'Asia/Kolkata').hour).toEqual(new Date('2026-11-28T04:30:00Z'));
  });
});

describe('checkEventTime', () => {
  const now = new Date('2026-11-28T02:00:00Z');
  it('accepts yesterday, refuses the far past and the future beyond five minutes', () => {
    expect(checkEventTime(new Date('2026-11-27T02:00:00Z'), now)).toBeUndefined();
    expect(checkEventTime(new Date('2026-10-01T02:00:00Z'), now)).toBe('is older than 31 days');
    expect(checkEventTime(new Date('2026-11-28T02:04:59Z'), now)).toBeUndefined();
    expect(checkEventTime(new Date('2026-11-28T02:05:01Z'), now)).toBe('is in the future');
  });
});

describe('applyEvents', () => {
  it('counts a wait once both ends are known, in the hour of the call, whichever came first', () => {
    const first = run([event('ticket.called', '2026-11-28T01:10:00Z')]); // 09:10 local
    const [state] = [...first.tickets.values()];
    expect([...first.deltas.hours.values()][0]!.sums).toMatchObject({ called: 1, waitCount: 0 });
    const second = run([event('ticket.issued', '2026-11-28T00:58:00Z')], [state!]); // 08:58 local, arrives later
    const hours = [...second.deltas.hours.values()];
    expect(hours.find((h) => h.hour.toISOString() === '2026-11-28T00:00:00.000Z')!.sums).toMatchObject({ issued: 1, waitCount: 0 });
    expect(hours.find((h) => h.hour.toISOString() === '2026-11-28T01:00:00.000Z')!.sums).toMatchObject({ waitCount: 1, waitSeconds: 720, longWaits: 0 });
  });

  it('marks a wait long at exactly the threshold, not a second before', () => {
    const wait = (seconds: number) => {
      const issued = new Date('2026-11-28T01:00:00Z');
      const called = new Date(issued.getTime() + seconds * 1000).toISOString();
      return [...run([event('ticket.issued', issued.toISOString()), event('ticket.called', called)]).deltas.days.values()][0]!.sums.longWaits;
    };
    expect([wait(899), wait(900), wait(901)]).toEqual([0, 1, 1]);
  });

  it('counts handling by business type when the ticket finishes', () => {
    const { deltas } = run([
      event('ticket.issued', '2026-11-28T01:00:00Z', { business: '开户' }),
      event('ticket.called', '2026-11-28T01:05:00Z'),
      event('ticket.finished', '2026-11-28T01:17:30Z'),
    ]);
    expect([...deltas.business.values()]).toEqual([{ branchId: '7', serviceDay: '2026-11-28', business: '开户', finished: 1, handlingCount: 1, handlingSeconds: 750 }]);
    expect([...deltas.days.values()][0]!.sums).toMatchObject({ issued: 1, called: 1, finished: 1, waitSeconds: 300, handlingSeconds: 750 });
  });

  it('ignores a recall: the first call fixes the wait', () => {
    const { deltas } = run([
      event('ticket.issued', '2026-11-28T01:00:00Z'),
      event('ticket.called', '2026-11-28T01:05:00Z'),
      event('ticket.called', '2026-11-28T01:09:00Z'),
    ]);
    expect([...deltas.days.values()][0]!.sums).toMatchObject({ called: 1, waitCount: 1, waitSeconds: 300 });
  });

  it('counts ratings 4 and 5 as satisfied and keeps the rating sum', () => {
    const { deltas } = run([5, 4, 3, 1].map((rating) => event('evaluation.submitted', '2026-11-28T02:00:00Z', { rating })));
    expect([...deltas.days.values()][0]!.sums).toMatchObject({ evaluations: 4, satisfied: 2, ratingSum: 13 });
  });
});

describe('bankBuckets() with offsets remembered per quarter hour', () => {
  it('agrees with formatting each instant in the zone, across DST changes and half- and quarter-hour zones', () => {
    for (const timeZone of ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
      const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
      for (let t = Date.parse('2026-03-01T00:00:00Z'); t < Date.parse('2026-11-15T00:00:00Z'); t += 3 * 3_600_000 + 7 * 60_000 + 1_001) {
        const at = new Date(t);
        const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
        const intoHour = (Number(p.minute) * 60 + Number(p.second)) * 1000 + at.getUTCMilliseconds();
        expect(bankBuckets(at, timeZone), `${timeZone} ${at.toISOString()}`).toEqual({ serviceDay: `${p.year}-${p.month}-${p.day}`, hour: new Date(t - intoHour) });
      }
    }
  });
});
