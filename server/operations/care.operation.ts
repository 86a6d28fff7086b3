import { z } from 'zod';
import { generateCareTasks } from '../domains/care/index.ts';
import { bankDay, isValidDay } from '../platform/bank-time.ts';
import { defineOperation } from './operation.ts';

/**
 * `touchstone care generate --day YYYY-MM-DD`: the morning run for any day (past, today, future),
 * idempotent: prints how many tasks it created (0 on a re-run). For today it also posts the lists
 * the job would have posted (each card once); other days only write tasks.
 */
export const careGenerateOperation = defineOperation({
  name: 'care.generate',
  args: z.object({ day: z.string().refine(isValidDay, 'must be a day written YYYY-MM-DD') }),
  async run(ctx, args) {
    const deps = { db: ctx.db, clock: ctx.clock, timeZone: ctx.config.bank.timeZone, outbox: { staffChannel: ctx.config.feishu.enabled ? ('feishu' as const) : ('console' as const) } };
    const today = bankDay(ctx.clock.now(), deps.timeZone);
    const { created, digests } = await generateCareTasks(deps, args.day, { actor: ctx.actor, post: args.day === today, logger: ctx.logger });
    ctx.print(`${args.day}: ${created} care tasks created${args.day === today ? `, ${digests} lists posted` : ''}`);
  },
});
