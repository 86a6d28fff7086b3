import { z } from 'zod';
import { runMonthlyAward } from '../domains/awards/index.ts';
import { defineOperation } from './operation.ts';

/**
 * `touchstone awards run --month YYYY-MM`: the monthly service-star award for any month. The
 * current (or a future) month is a preview: computed and printed, nothing stored or sent. A past
 * month is stored and announced once; running it again changes nothing unless approvals changed.
 */
export const awardsRunOperation = defineOperation({
  name: 'awards.run',
  args: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM') }),
  async run(ctx, args) {
    const result = await runMonthlyAward(
      { db: ctx.db, clock: ctx.clock, timeZone: ctx.config.bank.timeZone, outbox: { staffChannel: ctx.config.feishu.enabled ? 'feishu' : 'console' } },
      { month: args.month },
    );
    if (result.preview) {
      ctx.print(`${result.month}: preview (month not over): ${result.stars.length} stars so far; nothing stored or announced`);
    } else {
      const notes = [
        result.changed ? 'stars stored' : 'unchanged',
        result.announced ? 'announced' : 'already announced',
        ...(result.escalated ? [`${result.escalated} pending handed to region managers`] : []),
        ...(result.lapsed ? [`${result.lapsed} pending lapsed`] : []),
      ];
      ctx.print(`${result.month}: ${result.stars.length} stars; ${notes.join(', ')}`);
    }
    for (const { scope, candidate: c } of result.stars) ctx.print(`  ${scope.padEnd(20)} ${c.staffName} (${c.staffCode})  ${c.approved} approved`);
  },
});
