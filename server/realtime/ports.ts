import type { ChatJoined, ChatMessage } from '../contract/payloads/chat.ts';

/**
 * What the realtime layer needs from the bot's console channel. main.ts wires the bot in; the
 * realtime layer never imports bot/ (and the bot never imports Socket.IO).
 */
export interface ChatConsolePort {
  join(staffCode: string): Promise<ChatJoined>;
  send(chatId: string, staffCode: string, text: string): Promise<{ messageId: string }>;
  act(chatId: string, staffCode: string, messageId: string, value: Record<string, string | number | boolean>): Promise<void>;
  /** Called by the console channel for every message shown in a chat. */
  onPosted(listener: (message: ChatMessage) => void): () => void;
}
