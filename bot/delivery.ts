/**
 * Outbox deliveries through the bot's channels: render the template in the recipient's language,
 * find where a person is reached on the channel, then send, or update the card sent earlier.
 */
import type { Channel } from './channel/channel.ts';
import { ConsoleChannel } from './channel/console/console-channel.ts';
import { ChannelError } from './errors.ts';
import type { Locale } from './i18n/locale.ts';
import { renderTemplate, TemplateError } from './replies/templates.ts';

export interface BotDelivery {
  channel: string;
  recipientKind: 'staff' | 'chat';
  recipient: string;
  kind: 'send' | 'update';
  targetMessageId?: string | undefined;
  template: string;
  data: Record<string, unknown>;
  locale: Locale;
  idempotencyKey: string;
}

export function createDeliver(deps: {
  channels: Map<string, Channel>;
  /** A staff member's Feishu open_id, if linked (null: not linked; undefined: no active staff). */
  openIdOf(staffCode: string): Promise<string | null | undefined>;
  timeZone: string;
  now: () => Date;
}) {
  return async function deliver(delivery: BotDelivery): Promise<{ messageId: string }> {
    const channel = deps.channels.get(delivery.channel);
    if (!channel) throw new ChannelError('unavailable', `the ${delivery.channel} channel is not running on this instance`);
    let message;
    try {
      message = renderTemplate(delivery.template, delivery.data, { locale: delivery.locale, timeZone: deps.timeZone, now: deps.now() });
    } catch (error) {
      if (error instanceof TemplateError) throw new ChannelError('rejected', error.message);
      throw error;
    }
    if (delivery.kind === 'update') {
      if (!delivery.targetMessageId) throw new ChannelError('rejected', 'an update needs the message it replaces');
      await channel.update(delivery.targetMessageId, message);
      return { messageId: delivery.targetMessageId };
    }
    const chatId = delivery.recipientKind === 'chat' ? delivery.recipient : await personalChat(delivery.channel, delivery.recipient);
    return channel.send(chatId, message, { idempotencyKey: delivery.idempotencyKey });
  };

  async function personalChat(channel: string, staffCode: string): Promise<string> {
    if (channel === 'console') return ConsoleChannel.chatIdFor(staffCode);
    if (channel !== 'feishu') throw new ChannelError('rejected', `${channel} cannot reach a person directly`);
    const openId = await deps.openIdOf(staffCode);
    if (openId === undefined) throw new ChannelError('rejected', `staff ${staffCode} is not active`);
    if (openId === null) throw new ChannelError('rejected', `staff ${staffCode} has no Feishu account linked (import feishu_open_id, or they message the bot once)`);
    return openId;
  }
}
