import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoInspections } from '../../server/demo/demo-inspections.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

describe('the demo season of inspections', () => {
  let app: TestServer;
  const now = new Date('2026-11-20T03:00:00Z'); // Friday 11:00 in Shanghai
  beforeAll(async () => {
    app = await startTestServer({ seed: (db) => seedTwoRegionBank(db.sql) });
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000040', '孙检查', 'inspector', id, true from regions where code = 'HO'`;
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000041', '钱检查', 'inspector', id, true from regions where code = 'HO'`;
  });
  afterAll(() => app?.close());

  it('creates failed and passed inspections with fixes in every state, once', async () => {
    const input = { branches: ['BJ0101', 'SH0101'], inspectors: ['S000040', 'S000041'], now, log: () => {} };
    expect(await seedDemoInspections(app.server.inspections, input)).toBe(11);
    const inspections = await app.db.sql<Array<{ passed: boolean; kind: string }>>`select passed, kind from inspections`;
    expect(inspections.filter((i) => i.passed).length).toBeGreaterThan(0);
    expect(inspections.filter((i) => !i.passed).length).toBeGreaterThan(0);
    expect(new Set(inspections.map((i) => i.kind))).toEqual(new Set(['routine', 'mystery_shopper', 'self_check']));
    const states = await app.db.sql<Array<{ status: string; overdue: boolean; extension: boolean }>>`
      select status, (status in ('open', 'reopened') and due_at < ${now}) as overdue, extension_requested_at is not null as extension from rectifications`;
    expect(new Set(states.map((s) => s.status))).toEqual(new Set(['open', 'fixed', 'verified', 'reopened']));
    expect(states.some((s) => s.overdue)).toBe(true);
    expect(states.some((s) => s.status === 'open' && !s.overdue)).toBe(true);
    expect(states.some((s) => s.extension)).toBe(true);
    // The branch heads' chats got the findings and the fixes.
    const cards = await app.db.sql<Array<{ template: string }>>`select distinct template from outbox_messages where recipient in ('S000001', 'S000009')`;
    expect(cards.map((c) => c.template).sort()).toEqual(['inspection.findings', 'rectification.card']);
    expect(await seedDemoInspections(app.server.inspections, input)).toBe(0);
  });

  it('feeds the service index: an inspection score and a rectification on-time rate strictly between worst and best', async () => {
    const { kpis } = await (await (await app.admin()).get('/kpis?scope=bank&day=2026-11-20')).json();
    expect(kpis.inspectionScore).toBeGreaterThan(60);
    expect(kpis.inspectionScore).toBeLessThan(100);
    expect(kpis.rectificationOnTimeRate).toBeGreaterThan(0);
    expect(kpis.rectificationOnTimeRate).toBeLessThan(1);
    expect(kpis.serviceIndex).not.toBeNull();
  });
});
