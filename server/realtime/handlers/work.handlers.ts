import { WorkSubscribeSchema } from '../../contract/payloads/work.ts';
import { AppError } from '../../platform/errors.ts';
import { defineHandler } from '../define-handler.ts';

/** The room of everyone following their "我的工作". */
export const WORK_ROOM = 'work';

/** `work:subscribe`: a signed-in person follows their work (screens and integrators have none). */
export const workHandlers = () => ({
  'work:subscribe': defineHandler('work:subscribe', WorkSubscribeSchema, async (_payload, ctx) => {
    if (ctx.principal.kind !== 'user') throw new AppError('FORBIDDEN', 'only a signed-in person has work to follow');
    await ctx.join(WORK_ROOM);
    return { room: WORK_ROOM };
  }),
});
