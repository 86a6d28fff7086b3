import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { login, type AccessDeps } from '../../server/domains/access/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { isAppError } from '../../server/platform/errors.ts';
import { createAccessDeps } from '../../server/wiring/access-wiring.ts';
import { createUser } from './helpers/access.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

/**
 * Two instances of the server share one database: a failed login counted by one must count on
 * the other (unknown names, administrators per address, an address's budget across usernames),
 * or each added instance would hand an attacker another budget. Each instance keeps its own
 * access dependencies, so two sets of them on one database are two instances here.
 */
describe('failed logins, shared by every instance', () => {
  let db: TestDb;
  let one: AccessDeps;
  let two: AccessDeps;
  const clock = fixedClock('2026-12-07T02:00:00Z');

  beforeAll(async () => {
    db = await createTestDb();
    one = createAccessDeps(db, clock, loadConfig({}));
    two = createAccessDeps(db, clock, loadConfig({}));
    await createUser(db, { username: 'root3', role: 'admin', scope: 'bank' });
  });
  afterAll(() => db.close());

  const attempt = async (deps: AccessDeps, username: string, clientAddress: string, password = 'wrong-password-1') => {
    try {
      await login(deps, { username, password, clientAddress, requestId: null });
      return 'ok';
    } catch (error) {
      if (!isAppError(error)) throw error;
      return `${error.code}: ${error.message}`;
    }
  };

  it('locks a name that is no account after five failures spread over two instances', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await attempt(i % 2 ? two : one, 'ghost', '203.0.113.7'));
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('UNAUTHENTICATED: wrong username or password'));
    expect(answers[4]).toMatch(/^RATE_LIMITED: account locked after repeated failures until 2026-12-07T02:15:00.000Z$/);
    expect(answers[5]).toBe(answers[4]);
  });

  it('locks the failing address, not the administrator, whichever instance saw the failures', async () => {
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? two : one, 'root3', '203.0.113.8');
    expect(await attempt(one, 'root3', '203.0.113.8', 'correct-horse-battery-staple')).toMatch(/^RATE_LIMITED: account locked/);
    expect(await attempt(two, 'root3', '203.0.113.8', 'correct-horse-battery-staple')).toMatch(/^RATE_LIMITED: account locked/);
    expect(await attempt(two, 'root3', '198.51.100.9', 'correct-horse-battery-staple')).toBe('ok');
  });

  it('spends one budget per address across usernames and instances (password spraying)', async () => {
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await attempt(i % 2 ? two : one, `sprayed-${i}`, '203.0.113.9'));
    expect(answers.slice(0, 20).every((a) => a.startsWith('UNAUTHENTICATED'))).toBe(true);
    expect(answers[20]).toBe('RATE_LIMITED: too many failed logins from this address; try again in 30 s');
    const [row] = await db.sql`select spent from login_failures where key = 'address:203.0.113.9'`;
    expect(row).toEqual({ spent: 20 });
  });
});
