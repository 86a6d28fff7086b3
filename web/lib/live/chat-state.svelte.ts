import { CHAT_IMAGE_MAX_BYTES, type ChatAct, type ChatMessage, type WireError } from '$contract';
import { connection } from './connection.svelte.ts';
import { sendCommand, socket } from './socket.ts';

/** The console keeps the latest messages only; an open tab must not grow without bound. */
export const MAX_CHAT_MESSAGES = 200;

/** A message as shown: what the server posted, or a line the user typed that is not confirmed yet. */
export type ChatEntry = ChatMessage & { delivery?: 'pending' | 'failed'; failure?: string };
export type ChatStatus = 'idle' | 'joining' | 'joined' | 'failed';

const NO_ANSWER: WireError = { code: 'UNAVAILABLE', message: 'no answer from the server' };

/**
 * The console chat of one staff member with the bot: joins with `chat:join`, applies `chat:posted`
 * (append, or replace in place when the id is known — a card updated by the bot), sends typed
 * lines and card clicks. The single owner of the chat's socket listeners; components only read.
 */
export class ChatState {
  #status = $state<ChatStatus>('idle');
  #staffCode = $state<string | undefined>();
  #staffName = $state('');
  #error = $state<WireError | undefined>();
  #messages = $state<ChatEntry[]>([]);
  #chatId: string | undefined;
  #joinSeq = 0;
  #localSeq = 0;

  get status(): ChatStatus { return this.#status; }
  get staffCode(): string | undefined { return this.#staffCode; }
  get staffName(): string { return this.#staffName; }
  get error(): WireError | undefined { return this.#error; }
  get messages(): readonly ChatEntry[] { return this.#messages; }

  /** Registers the socket listeners; returns the function that removes them. */
  attach(): () => void {
    const onPosted = (message: ChatMessage) => this.#receive(message);
    // A new connection has lost its rooms: join again (the history fills any gap).
    const onConnect = () => {
      if (this.#status === 'joined' && this.#staffCode && !socket.recovered) void this.join(this.#staffCode);
    };
    socket.on('chat:posted', onPosted);
    socket.on('connect', onConnect);
    return () => {
      socket.off('chat:posted', onPosted);
      socket.off('connect', onConnect);
    };
  }

  async join(staffCode: string): Promise<void> {
    const seq = ++this.#joinSeq;
    const isRejoin = staffCode === this.#staffCode && this.#status === 'joined';
    this.#staffCode = staffCode;
    this.#error = undefined;
    if (!isRejoin) {
      this.#status = 'joining';
      this.#staffName = '';
      this.#chatId = undefined;
      this.#messages = [];
    }
    connection.connect();
    const ack = await sendCommand('chat:join', { staffCode });
    if (seq !== this.#joinSeq) return;
    if (!ack?.ok) {
      this.#status = 'failed';
      this.#error = ack ? ack.error : NO_ANSWER;
      return;
    }
    const { chatId, staffName, history } = ack.data;
    this.#chatId = chatId;
    this.#staffName = staffName;
    // Keep what arrived (or was typed) while the join was in flight and is not in the history.
    const known = new Set(history.map((m) => m.id));
    const extra = this.#messages.filter((m) => m.chatId === chatId && !known.has(m.id));
    this.#messages = [...history, ...extra].slice(-MAX_CHAT_MESSAGES);
    this.#status = 'joined';
  }

  /** Leaves the identity (the picker shows again); the server keeps the chat. */
  reset(): void {
    this.#joinSeq++;
    this.#status = 'idle';
    this.#staffCode = undefined;
    this.#staffName = '';
    this.#chatId = undefined;
    this.#error = undefined;
    this.#messages = [];
  }

  /** Sends a typed line; it shows at once as pending and is confirmed or marked failed by the ack. */
  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || this.#status !== 'joined' || !this.#chatId) return;
    const localId = `local-${++this.#localSeq}`;
    this.#append({
      id: localId, chatId: this.#chatId, from: 'user', staffCode: this.#staffCode, at: new Date().toISOString(),
      message: { kind: 'text', text: trimmed }, delivery: 'pending',
    });
    const ack = await sendCommand('chat:send', { text: trimmed });
    const index = this.#messages.findIndex((m) => m.id === localId);
    if (index < 0) return; // the server's copy already replaced it
    if (!ack?.ok) {
      this.#messages[index] = { ...this.#messages[index]!, delivery: 'failed', failure: (ack ? ack.error : NO_ANSWER).message };
    } else if (this.#messages.some((m) => m.id === ack.data.messageId)) {
      this.#messages.splice(index, 1);
    } else {
      this.#messages[index] = { ...this.#messages[index]!, id: ack.data.messageId, delivery: undefined };
    }
  }

  /**
   * Sends a picture in reply to a card (as a Feishu user replies to a rectification card with a
   * photo); the bot answers with `chat:posted`. Resolves to the error, if any.
   */
  async sendImage(file: Blob, replyTo: string): Promise<WireError | undefined> {
    if (file.size > CHAT_IMAGE_MAX_BYTES) return { code: 'TOO_LARGE', message: `larger than ${CHAT_IMAGE_MAX_BYTES / 1024} KB` };
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const ack = await sendCommand('chat:image', { data: btoa(binary), replyTo });
    if (!ack) return NO_ANSWER;
    return ack.ok ? undefined : ack.error;
  }

  /** Clicks a card button. Resolves to the error, if any; the bot answers with `chat:posted`. */
  async act(messageId: string, value: ChatAct['value'], form?: Record<string, string>): Promise<WireError | undefined> {
    const ack = await sendCommand('chat:act', { messageId, value, ...(form ? { form } : {}) });
    if (!ack) return NO_ANSWER;
    return ack.ok ? undefined : ack.error;
  }

  #receive(message: ChatMessage): void {
    if (this.#chatId && message.chatId !== this.#chatId) return;
    if (this.#status !== 'joined' && this.#status !== 'joining') return;
    let index = this.#messages.findIndex((m) => m.id === message.id);
    if (index < 0 && message.from === 'user' && message.message.kind === 'text') {
      const text = message.message.text;
      index = this.#messages.findIndex((m) => m.delivery === 'pending' && m.message.kind === 'text' && m.message.text === text);
    }
    if (index >= 0) this.#messages[index] = message;
    else this.#append(message);
  }

  #append(entry: ChatEntry): void {
    this.#messages.push(entry);
    if (this.#messages.length > MAX_CHAT_MESSAGES) this.#messages.splice(0, this.#messages.length - MAX_CHAT_MESSAGES);
  }
}
