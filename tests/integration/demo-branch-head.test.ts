import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { ensureDemoBranchHead } from '../../server/demo/demo-branch-head.ts';
import { ensureDemoCredentials } from '../../server/demo/demo-credentials.ts';
import { seedDemoBank } from '../../server/demo/seed-demo-bank.ts';
import { getUser, login } from '../../server/domains/access/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createAccessDeps } from '../../server/wiring/access-wiring.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const clock = fixedClock('2026-11-28T02:00:00Z');

/** The demo's branch head: the head of the inspected outlet with the most complaints, saved and reused. */
describe('demo branch head', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemoBank({ db, clock }, { branchOffices: 2, customersTotal: 300 });
  });
  afterAll(() => db.close());

  it('is the head of the busiest inspected outlet, can log in, and keeps its password on the next run', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-demo-head-'));
    const access = createAccessDeps(db, clock, loadConfig({}));
    // The inspected outlets are the first 12 (by code) with a head; give the 3rd the most complaints.
    const inspected = await db.sql<Array<{ id: string; code: string }>>`
      select b.id::text, b.code from branches b where exists (select 1 from staff s where s.branch_id = b.id and s.role = 'branch_head' and s.active) order by b.code limit 12`;
    const busiest = inspected[2]!;
    const [head] = await db.sql<Array<{ code: string }>>`select code from staff where branch_id = ${busiest.id} and role = 'branch_head' and active order by code limit 1`;
    for (const n of [1, 2]) {
      await db.sql`insert into complaints (source, external_id, reference, branch_id, channel, category, complainant_name, summary, received_at, decision_due_at, created_at, updated_at)
        values ('test', ${`x${n}`}, ${`TS-TEST-${n}`}, ${busiest.id}, 'counter', 'service_attitude', '张三', '态度生硬', now(), now() + interval '15 days', now(), now())`;
    }
    await db.sql`insert into complaints (source, external_id, reference, branch_id, channel, category, complainant_name, summary, received_at, decision_due_at, created_at, updated_at)
      values ('test', 'x3', 'TS-TEST-3', ${inspected[0]!.id}, 'counter', 'service_attitude', '李四', '等候太久', now(), now() + interval '15 days', now(), now())`;

    const first = await ensureDemoBranchHead(access, dataDir, await ensureDemoCredentials(access, dataDir));
    expect(first).toMatchObject({ branchHeadUser: 'branch-head', branchHeadPassword: expect.stringMatching(/^\S{12,}$/) });
    expect(await getUser(access, 'branch-head')).toMatchObject({ role: 'branch_head', scope: { kind: 'branch', code: busiest.code }, staffCode: head!.code, active: true });
    await expect(login(access, { username: 'branch-head', password: first.branchHeadPassword!, clientAddress: '127.0.0.1', requestId: null })).resolves.toMatchObject({ session: expect.anything() });
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as Record<string, string>;
    expect(saved.branchHeadPassword).toBe(first.branchHeadPassword);

    const second = await ensureDemoBranchHead(access, dataDir, await ensureDemoCredentials(access, dataDir));
    expect(second.branchHeadPassword).toBe(first.branchHeadPassword);
  });
});

