import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { serveProcess } from './helpers/serve-process.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

/**
 * A new ticket's two ends arriving at two instances at the same moment (PostgreSQL: two server
 * processes on one database). Ingest locks stored tickets and inserts new ones with their final
 * state (ADR 0027), so here both instances find the ticket missing and both try to create it: the
 * loser must store its batch again on top of the winner's row, never overwrite it, and the wait
 * must count exactly once. Embedded PGlite is one process: both streams go to it, and the same
 * totals must hold.
 */
describe('one new ticket, two instances at once', () => {
  let a: TestServer;
  let b: { url: string; stop: () => Promise<void> };
  let key: string;

  beforeAll(async () => {
    a = await startTestServer({ seed: (db) => seedTwoRegionBank(db.sql) });
    const admin = await a.admin();
    key = (await (await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued', 'ticket.called'] })).json()).secret;
    if (a.db.url) {
      const other = await serveProcess({ DATABASE_URL: a.db.url, JOBS_ENABLED: 'false' });
      b = { url: other.url, stop: async () => void (other.child.kill('SIGTERM'), await other.exited) };
    } else {
      b = { url: a.url, stop: async () => {} };
    }
  }, 90_000);
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  it('counts every wait once when the issue goes to one instance and the call to the other', async () => {
    const send = (url: string, event: unknown) =>
      fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) })
        .then(async (r) => ({ status: r.status, body: await r.json() }));
    const issuedAt = new Date(Date.now() - 60 * 60_000);
    const calledAt = new Date(issuedAt.getTime() + 7 * 60_000);
    const ROUNDS = 15;
    const PER_ROUND = 12;
    for (let round = 0; round < ROUNDS; round++) {
      const tickets = Array.from({ length: PER_ROUND }, (_, i) => `R${round}-${i}`);
      const answers = await Promise.all(tickets.flatMap((ticket) => [
        send(a.url, { id: `i-${ticket}`, type: 'ticket.issued', branch: 'BJ0101', at: issuedAt.toISOString(), ticket }),
        send(b.url, { id: `c-${ticket}`, type: 'ticket.called', branch: 'BJ0101', at: calledAt.toISOString(), ticket }),
      ]));
      expect(answers.filter((x) => x.status !== 200 || x.body.accepted !== 1)).toEqual([]);
    }
    const total = ROUNDS * PER_ROUND;
    const [tickets] = await a.db.sql`select count(*)::int as rows, count(issued_at)::int as issued, count(called_at)::int as called from tickets`;
    expect(tickets).toEqual({ rows: total, issued: total, called: total });
    const [day] = await a.db.sql`select sum(issued)::int as issued, sum(called)::int as called, sum(wait_count)::int as waits, sum(wait_seconds)::int as seconds from branch_day_kpis`;
    expect(day).toEqual({ issued: total, called: total, waits: total, seconds: total * 420 });
  }, 120_000);
});
