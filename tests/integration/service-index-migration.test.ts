import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { DEFAULT_INDEX_WEIGHTS, loadIndexWeights } from '../../server/domains/kpi/index.ts';
import { loadCareSettings } from '../../server/domains/care/index.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

describe('migration 00015: the care settings\' index weight moves to the service index weights', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db?.close());

  it('turns a stored 0–1 care share into points beside the others, and deletes it from the care settings', async () => {
    // The database as it stood before 00015, with an administrator's care weight of 0.2.
    await db.sql`drop table service_index_weights`;
    await db.sql`delete from schema_migrations where version = 15`;
    await db.sql`insert into care_settings (id, settings, updated_at, updated_by)
      values (true, ${db.sql.json({ seniorAge: 65, reminderAt: '16:30', indexWeight: 0.2 })}, '2026-11-01T00:00:00Z', 'admin.zhang')`;
    expect((await migrate(db.sql)).map((m) => m.version)).toEqual([15]);
    expect(await loadIndexWeights(db.sql)).toEqual({ ...DEFAULT_INDEX_WEIGHTS, careCompletionRate: 20 });
    const [row] = await db.sql<{ settings: Record<string, unknown>; updatedBy: string }[]>`select settings, updated_by from care_settings`;
    expect(row!.settings).toEqual({ seniorAge: 65, reminderAt: '16:30' });
    expect((await loadCareSettings(db.sql)).seniorAge).toBe(65);
    const [weights] = await db.sql<{ updatedBy: string }[]>`select updated_by from service_index_weights`;
    expect(weights!.updatedBy).toBe('admin.zhang');
  });
});
