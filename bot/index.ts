import type { ChatJoined, ChatMessage } from '$contract/payloads/chat.ts';
import type { Channel } from './channel/channel.ts';
import { ConsoleChannel } from './channel/console/console-channel.ts';
import { FeishuChannel, type FeishuChannelOptions } from './channel/feishu/feishu-channel.ts';
import { RobotChannel } from './channel/robots/robot-channel.ts';
import { createDefaultRegistry } from './commands/index.ts';
import { createDeliver, type BotDelivery } from './delivery.ts';
import { createDispatcher } from './dispatcher.ts';
import { BotInputError } from './errors.ts';
import type { BotLogger, BotPorts } from './ports.ts';

export type { BotPorts, BotLogger, ComplaintCardData, NominationCardData, StaffIdentity } from './ports.ts';
export type { CareAction, CareCardTask, CareDigestData, CarePort } from './ports.ts';
export type { RectificationCardData, RectificationStep } from './ports.ts';
export type { BotDelivery } from './delivery.ts';
export type { FeishuDirectory } from './channel/feishu/feishu-channel.ts';
export { BotInputError, ChannelError } from './errors.ts';

/** The console chat as the web's /chat page drives it (through Socket.IO, wired in server/main.ts). */
export interface ConsoleApi {
  join(staffCode: string): Promise<ChatJoined>;
  send(chatId: string, staffCode: string, text: string): Promise<{ messageId: string }>;
  act(chatId: string, staffCode: string, messageId: string, value: Record<string, string | number | boolean>, form?: Record<string, string>): Promise<void>;
  /** A picture sent in the chat (in reply to a card), handled as a Feishu image message is. */
  sendImage(chatId: string, staffCode: string, bytes: Buffer, replyTo?: string): Promise<{ messageId: string }>;
  onPosted(listener: (message: ChatMessage) => void): () => void;
}

export interface FeishuEndpoint {
  /** `POST /feishu/events` with the raw body (webhook transport; harmless with ws). */
  webhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<{ status: number; body: unknown }>;
  connected(): boolean;
  /** open_ids by mobile/email through the contact API (linking staff who never wrote to the bot). */
  openIdsByContact(contacts: { mobiles: string[]; emails: string[] }): Promise<Array<{ mobile?: string; email?: string; openId: string }>>;
}

export interface Bot {
  /** Present when the console channel runs (no Feishu credentials, or asked for). */
  console: ConsoleApi | undefined;
  feishu: FeishuEndpoint | undefined;
  channels: Channel[];
  /** Sends (or updates) one outbox message through the right channel; throws ChannelError. */
  deliver(delivery: BotDelivery): Promise<{ messageId: string }>;
  stop(): Promise<void>;
}

export interface BotOptions {
  console: boolean;
  feishu?: Omit<FeishuChannelOptions, 'logger' | 'now'> | undefined;
  /** Group robots for alerts (secondary channels), with DingTalk's signing secrets. */
  robots?: { secretFor(url: string): Promise<string | undefined> };
  /** A staff member's Feishu open_id, for personal deliveries. */
  openIdOf(staffCode: string): Promise<string | null | undefined>;
  logger: BotLogger;
}

/** Starts the bot on its channels: the local console, Feishu when configured, robots for alerts. */
export async function startBot(ports: BotPorts, options: BotOptions): Promise<Bot> {
  const registry = createDefaultRegistry();
  const channels = new Map<string, Channel>();
  const now = () => ports.clock.now();
  let consoleApi: ConsoleApi | undefined;
  let feishuApi: FeishuEndpoint | undefined;
  if (options.console) {
    const channel = new ConsoleChannel({ now });
    await channel.start(createDispatcher({ ports, registry, channel, logger: options.logger }));
    channels.set('console', channel);
    consoleApi = {
      async join(staffCode) {
        const staff = await ports.staff.findByCode(staffCode);
        if (!staff?.active) throw new BotInputError('not_found', 'staffCode', `no active staff member with code ${staffCode}`);
        return channel.join(staff.code, staff.name);
      },
      send: async (chatId, staffCode, text) => {
        assertOwnChat(chatId, staffCode);
        return channel.receiveText(chatId, staffCode, text);
      },
      act: async (chatId, staffCode, messageId, value, form) => {
        assertOwnChat(chatId, staffCode);
        await channel.receiveAction(chatId, staffCode, messageId, value, form);
      },
      sendImage: async (chatId, staffCode, bytes, replyTo) => {
        assertOwnChat(chatId, staffCode);
        return channel.receiveImage(chatId, staffCode, bytes, replyTo);
      },
      onPosted: (listener) => channel.onPosted(listener),
    };
  }
  if (options.feishu) {
    const channel = new FeishuChannel({ ...options.feishu, logger: options.logger, now });
    await channel.start(createDispatcher({ ports, registry, channel, logger: options.logger }));
    channels.set('feishu', channel);
    feishuApi = { webhook: (body, headers) => channel.webhook(body, headers), connected: () => channel.connected(), openIdsByContact: (c) => channel.api.openIdsByContact(c) };
  }
  if (options.robots) {
    for (const kind of ['wecom', 'dingtalk'] as const) channels.set(kind, new RobotChannel({ kind, secretFor: options.robots.secretFor, now }));
  }
  const deliver = createDeliver({ channels, openIdOf: options.openIdOf, timeZone: ports.bank.timeZone, now });
  return {
    console: consoleApi,
    feishu: feishuApi,
    channels: [...channels.values()],
    deliver: (delivery) => deliver(delivery),
    async stop() {
      await Promise.allSettled([...channels.values()].map((c) => c.stop()));
    },
  };
}

function assertOwnChat(chatId: string, staffCode: string): void {
  if (chatId !== ConsoleChannel.chatIdFor(staffCode)) throw new BotInputError('forbidden', 'chatId', 'this chat belongs to someone else');
}
