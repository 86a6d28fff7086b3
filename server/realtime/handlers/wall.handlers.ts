import { WallScopeSchema } from '../../contract/payloads/wall.ts';
import { rooms } from '../../contract/rooms.ts';
import { defineHandler } from '../define-handler.ts';
import type { WallPort } from '../ports.ts';
import type { WallHub } from '../wall-hub.ts';

/** Wall commands: follow a scope (checked against the caller's own scope), stop following it. */
export const wallHandlers = (port: WallPort, hub: WallHub) => ({
  'wall:subscribe': defineHandler('wall:subscribe', WallScopeSchema, async ({ scope }, ctx) => {
    const normalized = await port.authorizeScope(ctx.principal, scope);
    // Join first, then take the snapshot: a delta emitted in between carries a seq above the
    // snapshot's, and the client applies it; the other order could lose one.
    await ctx.join(rooms.wall(normalized));
    return hub.snapshot(normalized);
  }),
  'wall:unsubscribe': defineHandler('wall:unsubscribe', WallScopeSchema, async ({ scope }, ctx) => {
    await ctx.leave(rooms.wall(scope));
    return { scope };
  }),
});
