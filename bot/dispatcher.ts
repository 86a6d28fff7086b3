import type { CardAction, Channel, InboundHandler, NormalizedMessage, OutboundMessage } from './channel/channel.ts';
import type { CommandContext, CommandRegistry } from './commands/registry.ts';
import type { Locale } from './i18n/locale.ts';
import type { BotLogger, BotPorts, StaffIdentity } from './ports.ts';
import { localeOf } from './commands/values.ts';
import { ChannelError } from './errors.ts';
import { handlePhotoReply } from './commands/photo-reply.commands.ts';
import { buildHelpCard } from './replies/help.cards.ts';
import { buildRetiredCardToast } from './replies/card-refresh.cards.ts';
import { buildActionFailedMessage, buildNotAllowedMessage, buildUnknownUserMessage } from './replies/refusal.messages.ts';

const SEEN_CAPACITY = 5000;
const REPLY_ATTEMPTS = 3;

/**
 * Turns inbound messages and clicks into command runs: resolve the person to an active staff
 * member (or refuse politely), ignore group chatter that does not @mention the bot, drop
 * redeliveries of a message already handled, run the matching command, and reply. Work in one
 * chat is serialized so replies keep the order of the questions.
 */
export function createDispatcher(deps: { ports: BotPorts; registry: CommandRegistry; channel: Channel; logger: BotLogger }): InboundHandler {
  const { ports, registry, channel, logger } = deps;
  const seen = new Set<string>();
  const queues = new Map<string, Promise<void>>();

  function firstSighting(id: string): boolean {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > SEEN_CAPACITY) seen.delete(seen.values().next().value as string);
    return true;
  }

  function inChatOrder(chatId: string, work: () => Promise<void>): Promise<void> {
    const next = (queues.get(chatId) ?? Promise.resolve()).then(work, work);
    queues.set(chatId, next);
    const forget = () => void (queues.get(chatId) === next && queues.delete(chatId));
    next.then(forget, forget);
    return next;
  }

  /**
   * Replies go straight to the chat (the person is waiting), within the platform's per-chat limit:
   * a rate-limited or failed reply is retried twice after the wait the platform asks for.
   */
  async function deliver(send: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        return;
      } catch (error) {
        const retryable = error instanceof ChannelError && error.kind !== 'rejected';
        if (!retryable || attempt >= REPLY_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfterMs ?? 1000, 5000)));
      }
    }
  }

  async function identify(staffCode: string | undefined): Promise<StaffIdentity | undefined> {
    if (!staffCode) return undefined;
    const staff = await ports.staff.findByCode(staffCode);
    return staff?.active ? staff : undefined;
  }

  return {
    async onMessage(message: NormalizedMessage) {
      if (!firstSighting(`m:${message.id}`)) return;
      // A picture cannot @mention the bot: in a group, one replying to a message may be for one of its cards.
      const photoReply = Boolean(message.image && (message.parentId || message.rootId));
      if (message.chatType === 'group' && !message.mentionsBot && !photoReply) return;
      await inChatOrder(message.chatId, async () => {
        if (message.image) {
          const staff = await identify(message.sender.staffCode);
          const once = { idempotencyKey: `r0-${message.id}`.slice(0, 50) };
          const image = message.image;
          if (!staff) return message.chatType === 'p2p' ? deliver(() => channel.reply(message.id, buildUnknownUserMessage('zh-CN'), once)) : undefined;
          const reply = await handlePhotoReply({ ports, channel, logger }, { ...message, image }, staff).catch((error: unknown) => {
            logger.error({ err: error, messageId: message.id }, 'bot photo reply failed');
            return buildActionFailedMessage('zh-CN');
          });
          return reply ? deliver(() => channel.reply(message.id, reply, once)) : undefined;
        }
        const matched = registry.matchText(message.text);
        const locale: Locale = matched?.locale ?? 'zh-CN';
        const staff = await identify(message.sender.staffCode);
        logger.info({ messageId: message.id, intent: matched?.command.name ?? 'unknown', known: Boolean(staff) }, 'bot message');
        // Each reply carries a uuid from the message it answers: Feishu posts a uuid once within
        // an hour (send/reply doc, `uuid`), so a retried reply after a timeout never posts twice.
        const once = (n: number) => ({ idempotencyKey: `r${n}-${message.id}`.slice(0, 50) });
        if (!staff) return deliver(() => channel.reply(message.id, buildUnknownUserMessage(locale), once(0)));
        if (matched?.command.permission && !(await ports.access.can(staff.code, matched.command.permission))) {
          return deliver(() => channel.reply(message.id, buildNotAllowedMessage(locale), once(0)));
        }
        const ctx: CommandContext = { ports, staff, chatId: message.chatId, locale, ...(message.mentions ? { mentions: message.mentions } : {}) };
        const replies: OutboundMessage[] = matched
          ? await matched.command.handle(ctx, matched.args).catch((error: unknown) => {
              logger.error({ err: error, intent: matched.command.name }, 'bot command failed');
              return [buildActionFailedMessage(locale)];
            })
          : [buildHelpCard({ bankName: ports.bank.name, locale })];
        for (const [n, reply] of replies.entries()) await deliver(() => channel.reply(message.id, reply, once(n)));
      });
    },

    async onAction(action: CardAction) {
      if (!firstSighting(`a:${action.id}`)) return;
      const staff = await identify(action.operator.staffCode);
      const handler = registry.findAction(action.value.action);
      logger.info({ actionId: action.id, action: action.value.action, known: Boolean(staff) }, 'bot card action');
      const locale = localeOf(action.value, 'zh-CN');
      // An old copy of a card that was re-sent (Feishu's 14-day window): act on the fresh one.
      if (ports.cards && (await ports.cards.isRetired(action.messageId))) return buildRetiredCardToast(locale);
      if (!staff) return buildUnknownUserMessage(locale);
      if (!handler) return void (await deliver(() => channel.send(action.chatId, buildHelpCard({ bankName: ports.bank.name, locale }))));
      const branch = typeof action.value.branch === 'string' ? { branchCode: action.value.branch } : undefined;
      if (handler.permission && !(await ports.access.can(staff.code, handler.permission, branch))) return buildNotAllowedMessage(locale);
      const ctx: CommandContext = { ports, staff, chatId: action.chatId, locale };
      try {
        const result = await handler.handle(ctx, action.value, action.form ?? {});
        await inChatOrder(action.chatId, async () => {
          for (const message of result.messages ?? []) await deliver(() => channel.send(action.chatId, message));
        });
        return result.replaceCard;
      } catch (error) {
        logger.error({ err: error, action: action.value.action }, 'bot action failed');
        await deliver(() => channel.send(action.chatId, buildActionFailedMessage(locale))).catch(() => undefined);
        return undefined;
      }
    },
  };
}
