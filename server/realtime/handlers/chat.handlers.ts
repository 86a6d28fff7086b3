import { ChatActSchema, ChatJoinSchema, ChatSendSchema } from '../../contract/payloads/chat.ts';
import { rooms } from '../../contract/rooms.ts';
import { AppError } from '../../platform/errors.ts';
import { defineHandler, type HandlerContext } from '../define-handler.ts';
import type { ChatConsolePort } from '../ports.ts';

function joinedChat(ctx: HandlerContext): { chatId: string; staffCode: string } {
  const { chatId, staffCode } = ctx.data;
  if (!chatId || !staffCode) throw new AppError('CONFLICT', 'join a chat first (chat:join)');
  return { chatId, staffCode };
}

/** Console chat commands: join as a staff member, type, click. */
export const chatHandlers = (chat: ChatConsolePort) => ({
  'chat:join': defineHandler('chat:join', ChatJoinSchema, async ({ staffCode }, ctx) => {
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
  'chat:act': defineHandler('chat:act', ChatActSchema, async ({ messageId, value }, ctx) => {
    const { chatId, staffCode } = joinedChat(ctx);
    await chat.act(chatId, staffCode, messageId, value);
    return { accepted: true as const };
  }),
});
