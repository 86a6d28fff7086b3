import type { ChatJoined, ChatMessage } from '$contract/payloads/chat.ts';
import type { Channel } from './channel/channel.ts';
import { ConsoleChannel } from './channel/console/console-channel.ts';
import { createDefaultRegistry } from './commands/index.ts';
import { createDispatcher } from './dispatcher.ts';
import { BotInputError } from './errors.ts';
import type { BotLogger, BotPorts } from './ports.ts';

export type { BotPorts, BotLogger, StaffIdentity } from './ports.ts';
export { BotInputError } from './errors.ts';

/** The console chat as the web's /chat page drives it (through Socket.IO, wired in server/main.ts). */
export interface ConsoleApi {
  join(staffCode: string): Promise<ChatJoined>;
  send(chatId: string, staffCode: string, text: string): Promise<{ messageId: string }>;
  act(chatId: string, staffCode: string, messageId: string, value: Record<string, string | number | boolean>): Promise<void>;
  onPosted(listener: (message: ChatMessage) => void): () => void;
}

export interface Bot {
  /** Present when the console channel runs (no Feishu credentials, or asked for). */
  console: ConsoleApi | undefined;
  channels: Channel[];
  stop(): Promise<void>;
}

/** Starts the bot on its channels. Today: the local console; Feishu arrives as its own channel. */
export async function startBot(ports: BotPorts, options: { console: boolean; logger: BotLogger }): Promise<Bot> {
  const registry = createDefaultRegistry();
  const channels: Channel[] = [];
  let consoleApi: ConsoleApi | undefined;
  if (options.console) {
    const channel = new ConsoleChannel({ now: () => ports.clock.now() });
    await channel.start(createDispatcher({ ports, registry, channel, logger: options.logger }));
    channels.push(channel);
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
      act: async (chatId, staffCode, messageId, value) => {
        assertOwnChat(chatId, staffCode);
        await channel.receiveAction(chatId, staffCode, messageId, value);
      },
      onPosted: (listener) => channel.onPosted(listener),
    };
  }
  return {
    console: consoleApi,
    channels,
    async stop() {
      await Promise.allSettled(channels.map((c) => c.stop()));
    },
  };
}

function assertOwnChat(chatId: string, staffCode: string): void {
  if (chatId !== ConsoleChannel.chatIdFor(staffCode)) throw new BotInputError('forbidden', 'chatId', 'this chat belongs to someone else');
}
