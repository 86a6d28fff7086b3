import { randomUUID } from 'node:crypto';
import type { ChatJoined, ChatMessage } from '$contract/payloads/chat.ts';
import { BotInputError, ChannelError, ImageTooLargeError } from '../../errors.ts';
import type { Channel, InboundHandler, OutboundMessage, SendOptions } from '../channel.ts';

const HISTORY_PER_CHAT = 200;
const IDEMPOTENCY_MEMORY = 10_000;
/** Pictures kept for the bot to fetch (it does so at once); the oldest are forgotten first. */
const IMAGE_MEMORY = 50;

/**
 * The local console channel: a 1:1 chat between a chosen staff member and the bot, shown at /chat
 * in the web app. It renders the same cards and runs the same handlers as Feishu, so the demo and
 * tests need no Feishu account. History lives in memory (capped), as a chat client's would.
 * The staff code is the console's user id: whoever opens /chat may act as anyone, so the console
 * is a development and demonstration tool, switched off in production with Feishu configured.
 */
export class ConsoleChannel implements Channel {
  readonly name = 'console';
  readonly #chats = new Map<string, ChatMessage[]>();
  readonly #messages = new Map<string, ChatMessage>();
  readonly #listeners = new Set<(message: ChatMessage) => void>();
  readonly #sentKeys = new Map<string, string>();
  readonly #images = new Map<string, Buffer>();
  readonly #now: () => Date;
  #handler: InboundHandler | undefined;

  constructor(options: { now: () => Date }) {
    this.#now = options.now;
  }

  static chatIdFor(staffCode: string): string {
    return `console:${staffCode}`;
  }

  async start(handler: InboundHandler): Promise<void> {
    this.#handler = handler;
  }

  async stop(): Promise<void> {
    this.#handler = undefined;
  }

  async send(chatId: string, message: OutboundMessage, options?: SendOptions): Promise<{ messageId: string }> {
    const key = options?.idempotencyKey;
    const earlier = key ? this.#sentKeys.get(key) : undefined;
    if (earlier) return { messageId: earlier };
    const posted = this.#post({ id: randomUUID(), chatId, from: 'bot', at: this.#now().toISOString(), message });
    if (key) this.#remember(key, posted.id);
    return { messageId: posted.id };
  }

  async reply(messageId: string, message: OutboundMessage, options?: SendOptions): Promise<{ messageId: string }> {
    const original = this.#messages.get(messageId);
    if (!original) throw new Error(`console message ${messageId} is unknown`);
    return this.send(original.chatId, message, options);
  }

  async update(messageId: string, message: OutboundMessage): Promise<void> {
    const original = this.#messages.get(messageId);
    if (!original) throw new Error(`console message ${messageId} is unknown`);
    const updated: ChatMessage = { ...original, message, updatedAt: this.#now().toISOString() };
    const history = this.#chats.get(original.chatId) ?? [];
    const index = history.findIndex((m) => m.id === messageId);
    if (index >= 0) history[index] = updated;
    this.#messages.set(messageId, updated);
    this.#emit(updated);
  }

  /** Opens (or reopens) the chat of a staff member; the caller has checked the staff exists. */
  join(staffCode: string, staffName: string): ChatJoined {
    const chatId = ConsoleChannel.chatIdFor(staffCode);
    return { chatId, staffName, history: [...(this.#chats.get(chatId) ?? [])] };
  }

  /** A typed message from the console user; handled after this returns (ack fast, work async). */
  receiveText(chatId: string, staffCode: string, text: string): { messageId: string } {
    const posted = this.#post({ id: randomUUID(), chatId, from: 'user', staffCode, at: this.#now().toISOString(), message: { kind: 'text', text } });
    const handler = this.#handler;
    if (handler) {
      void handler.onMessage({
        id: posted.id, chatId, chatType: 'p2p', sender: { channelUserId: staffCode, staffCode }, text, mentionsBot: true, at: this.#now(),
      });
    }
    return { messageId: posted.id };
  }

  /**
   * A picture from the console user, in reply to a message of this chat when `replyTo` is given
   * (as a Feishu user replies to a card); the bot fetches it with `downloadImage`.
   */
  receiveImage(chatId: string, staffCode: string, bytes: Buffer, replyTo?: string): { messageId: string } {
    if (replyTo && this.#messages.get(replyTo)?.chatId !== chatId) throw new BotInputError('not_found', 'replyTo', 'no such message in this chat');
    const replied = replyTo ? this.#messages.get(replyTo) : undefined;
    const about = replied?.message.kind === 'card' ? `（回复「${replied.message.card.title}」）` : '';
    const posted = this.#post({ id: randomUUID(), chatId, from: 'user', staffCode, at: this.#now().toISOString(), message: { kind: 'text', text: `[图片 ${Math.ceil(bytes.length / 1024)} KB]${about}` } });
    this.#images.set(posted.id, bytes);
    if (this.#images.size > IMAGE_MEMORY) this.#images.delete(this.#images.keys().next().value as string);
    const handler = this.#handler;
    if (handler) {
      void handler.onMessage({
        id: posted.id, chatId, chatType: 'p2p', sender: { channelUserId: staffCode, staffCode }, text: '[image]', mentionsBot: true, at: this.#now(),
        image: { key: posted.id }, ...(replyTo ? { parentId: replyTo } : {}),
      });
    }
    return { messageId: posted.id };
  }

  async downloadImage(messageId: string, imageKey: string, maxBytes: number): Promise<Buffer> {
    const bytes = imageKey === messageId ? this.#images.get(messageId) : undefined;
    if (!bytes) throw new ChannelError('rejected', 'the picture is no longer held by the console');
    if (bytes.length > maxBytes) throw new ImageTooLargeError(maxBytes);
    return bytes;
  }

  /** A click on a card button of this chat; a returned card replaces the clicked one. */
  async receiveAction(chatId: string, staffCode: string, messageId: string, value: Record<string, string | number | boolean>, form?: Record<string, string>): Promise<void> {
    const card = this.#messages.get(messageId);
    if (!card || card.chatId !== chatId || card.message.kind !== 'card') throw new BotInputError('not_found', 'messageId', 'no such card in this chat');
    if (typeof value.action !== 'string') throw new BotInputError('invalid', 'value.action', 'the button carries no action');
    const handler = this.#handler;
    if (!handler) return;
    const replacement = await handler.onAction({
      id: randomUUID(), chatId, messageId, operator: { channelUserId: staffCode, staffCode }, value: { ...value, action: value.action }, ...(form ? { form } : {}), at: this.#now(),
    });
    if (replacement) await this.update(messageId, replacement);
  }

  onPosted(listener: (message: ChatMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #post(message: ChatMessage): ChatMessage {
    const history = this.#chats.get(message.chatId) ?? [];
    history.push(message);
    while (history.length > HISTORY_PER_CHAT) this.#messages.delete(history.shift()!.id);
    this.#chats.set(message.chatId, history);
    this.#messages.set(message.id, message);
    this.#emit(message);
    return message;
  }

  #emit(message: ChatMessage): void {
    for (const listener of this.#listeners) listener(message);
  }

  #remember(key: string, messageId: string): void {
    this.#sentKeys.set(key, messageId);
    if (this.#sentKeys.size > IDEMPOTENCY_MEMORY) this.#sentKeys.delete(this.#sentKeys.keys().next().value as string);
  }
}
