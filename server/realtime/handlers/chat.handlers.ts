import { ChatActSchema, ChatImageSchema, ChatJoinSchema, ChatSendSchema } from '../../contract/payloads/chat.ts';
import { rooms } from '../../contract/rooms.ts';
import { authorize, can, type Principal } from '../../domains/access/index.ts';
import { AppError } from '../../platform/errors.ts';
import { defineHandler, type HandlerContext } from '../define-handler.ts';
import type { ChatConsolePort } from '../ports.ts';

function joinedChat(ctx: HandlerContext): { chatId: string; staffCode: string } {
  const { chatId, staffCode } = ctx.data;
  if (!chatId || !staffCode) throw new AppError('CONFLICT', 'join a chat first (chat:join)');
  return { chatId, staffCode };
}

/**
 * The console is a chat with the bot as a staff member: yourself, when your user is linked to a
 * staff record; anyone, only for administrators demonstrating the bot (chat.console_any).
 */
function assertMayChatAs(principal: Principal, staffCode: string): void {
  authorize(principal, 'chat.console');
  if (can(principal, 'chat.console_any')) return;
  const own = principal.kind === 'user' ? principal.staffCode : null;
  if (own !== staffCode) throw new AppError('FORBIDDEN', own ? 'you can only open your own chat' : 'your user is not linked to a staff member', [{ field: 'staffCode', reason: 'is not you' }]);
}

/** Console chat commands: join as a staff member, type, click. */
export const chatHandlers = (chat: ChatConsolePort) => ({
  'chat:join': defineHandler('chat:join', ChatJoinSchema, async ({ staffCode }, ctx) => {
    assertMayChatAs(ctx.principal, staffCode);
    const joined = await chat.join(staffCode);
    if (ctx.data.chatId) await ctx.leave(rooms.chat(ctx.data.chatId));
    ctx.data.chatId = joined.chatId;
    ctx.data.staffCode = staffCode;
    await ctx.join(rooms.chat(joined.chatId));
    return joined;
  }),
  'chat:send': defineHandler('chat:send', ChatSendSchema, async ({ text }, ctx) => {
    const { chatId, staffCode } = joinedChat(ctx);
    return chat.send(chatId, staffCode, text);
  }),
  'chat:act': defineHandler('chat:act', ChatActSchema, async ({ messageId, value, form }, ctx) => {
    const { chatId, staffCode } = joinedChat(ctx);
    await chat.act(chatId, staffCode, messageId, value, form);
    return { accepted: true as const };
  }),
  'chat:image': defineHandler('chat:image', ChatImageSchema, async ({ data, replyTo }, ctx) => {
    const { chatId, staffCode } = joinedChat(ctx);
    return chat.sendImage(chatId, staffCode, Buffer.from(data, 'base64'), replyTo);
  }),
});
