import { z } from 'zod';
import { getMigrationStatus, migrate } from '../../db/migrate.ts';
import { defineOperation } from './operation.ts';

/** `touchstone migrate`: applies pending migrations (a running server has already) and reports. */
export const migrateOperation = defineOperation({
  name: 'migrate',
  args: z.object({}).default({}),
  async run(ctx) {
    const applied = await migrate(ctx.db.sql);
    for (const m of applied) ctx.print(`applied migration ${String(m.version).padStart(5, '0')}_${m.name}`);
    const status = await getMigrationStatus(ctx.db.sql);
    ctx.print(`database is at migration ${status.applied} of ${status.known}; nothing pending`);
  },
});
