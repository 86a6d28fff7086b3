import { createHash } from 'node:crypto';
import { cardV2Problem } from './card-schema.ts';
import { FeishuError, hex, invalidParam, isRecord } from './http-util.ts';

/**
 * The fake's message store: what the app "sent to Feishu", with the validation Feishu applies
 * (content must be JSON, cards must be JSON 2.0, size limits, uuid idempotency for 1 hour).
 */

export interface FakeMessage {
  messageId: string;
  chatId: string;
  receiveId: string;
  receiveIdType: string;
  msgType: string;
  /** Parsed `content` JSON as last sent (updates are in `updates`, this stays the original). */
  content: unknown;
  uuid?: string;
  createdAt: number;
  updates: Array<{ content: unknown; at: number }>;
  /** message_id of the parent for replies. */
  replyTo?: string;
  /** The first message of the reply's thread (a user's reply to a reply keeps the original root). */
  rootId?: string;
  recalled: boolean;
}

const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'email', 'chat_id']);
const MSG_TYPES = new Set(['text', 'post', 'image', 'file', 'audio', 'media', 'sticker', 'interactive', 'share_chat', 'share_user', 'system']);
const UUID_TTL_MS = 60 * 60 * 1000;
const CARD_MAX_BYTES = 30 * 1024;
const TEXT_MAX_BYTES = 150 * 1024;
/** "仅支持更新 14 天内发送的消息" (im-v1 message patch doc; also "发送卡片后，支持在 14 天内更新卡片"). */
export const UPDATE_WINDOW_MS = 14 * 24 * 3600_000;

export interface SendInput {
  receiveIdType: string;
  receiveId: string;
  msgType: unknown;
  content: unknown;
  uuid: unknown;
}

export class MessageStore {
  private readonly list: FakeMessage[] = [];
  private readonly byId = new Map<string, FakeMessage>();
  private readonly byUuid = new Map<string, FakeMessage>();
  /** p2p chat_id -> the user's receive id, so replies in a p2p chat count against the user limit. */
  private readonly p2p = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  all(): FakeMessage[] {
    return [...this.list];
  }

  get(messageId: string): FakeMessage | undefined {
    return this.byId.get(messageId);
  }

  /** open_id of the user when `chatId` is a p2p chat, for the per-user rate limit. */
  p2pUser(chatId: string): string | undefined {
    return this.p2p.get(chatId);
  }

  /**
   * Where a new send would land, before it is validated (rate limiting happens first, as at
   * Feishu's gateway). Any non-chat receive id is a p2p user; it is keyed by the id as given.
   */
  static targetOf(receiveIdType: string, receiveId: string): { chatId?: string; userOpenId?: string } {
    return receiveIdType === 'chat_id' ? { chatId: receiveId } : { userOpenId: receiveId };
  }

  /** Idempotent replay: the stored message for a uuid still inside its 1-hour window. */
  replay(uuid: unknown): FakeMessage | undefined {
    if (typeof uuid !== 'string' || uuid === '') return undefined;
    const hit = this.byUuid.get(uuid);
    return hit && this.now() - hit.createdAt < UUID_TTL_MS ? hit : undefined;
  }

  send(input: SendInput, parent?: FakeMessage): FakeMessage {
    if (!RECEIVE_ID_TYPES.has(input.receiveIdType)) throw new FeishuError(400, 99992402, 'field validation failed');
    if (typeof input.receiveId !== 'string' || input.receiveId === '') throw invalidParam('invalid receive_id');
    const msgType = checkMsgType(input.msgType);
    const content = parseContent(msgType, input.content);
    if (input.uuid !== undefined && (typeof input.uuid !== 'string' || input.uuid.length > 50)) throw invalidParam('invalid uuid');
    const existing = this.replay(input.uuid);
    if (existing) return existing;
    const chatId = parent ? parent.chatId : this.chatFor(input.receiveIdType, input.receiveId);
    const msg: FakeMessage = {
      messageId: `om_${hex(16)}`, chatId, receiveId: input.receiveId, receiveIdType: input.receiveIdType, msgType, content,
      ...(typeof input.uuid === 'string' && input.uuid !== '' ? { uuid: input.uuid } : {}),
      createdAt: this.now(), updates: [], ...(parent ? { replyTo: parent.messageId } : {}), recalled: false,
    };
    this.list.push(msg);
    this.byId.set(msg.messageId, msg);
    if (msg.uuid) this.byUuid.set(msg.uuid, msg);
    return msg;
  }

  /**
   * A message a user sent in a chat (the test, acting as Feishu, delivers it to the app as an
   * event): known to Feishu, so the app may reply to it, but not one the app sent (not in `all`).
   */
  recordUserMessage(messageId: string, chatId: string, senderOpenId: string, kind?: { msgType: string; content: unknown; replyTo?: string; rootId?: string }): void {
    this.byId.set(messageId, {
      messageId, chatId, receiveId: senderOpenId, receiveIdType: 'open_id', msgType: kind?.msgType ?? 'text', content: kind?.content ?? {}, createdAt: this.now(), updates: [], recalled: false,
      ...(kind?.replyTo ? { replyTo: kind.replyTo } : {}), ...(kind?.rootId ? { rootId: kind.rootId } : {}),
    });
  }

  /** Existing, not recalled message or Feishu's 230001 / 230011. */
  require(messageId: string): FakeMessage {
    const msg = this.byId.get(messageId);
    if (!msg) throw invalidParam('invalid message_id');
    if (msg.recalled) throw new FeishuError(400, 230011, 'The message was withdrawn.');
    return msg;
  }

  /** PATCH: only cards can be patched (the rest is edited with PUT). */
  patchCard(messageId: string, rawContent: unknown): void {
    const msg = this.require(messageId);
    if (msg.msgType !== 'interactive') throw invalidParam('the message is not a card, only interactive messages can be patched');
    if (this.now() - msg.createdAt > UPDATE_WINDOW_MS) throw new FeishuError(400, 230031, 'The message can only be updated within 14 days of sending.');
    msg.updates.push({ content: parseContent('interactive', rawContent), at: this.now() });
  }

  /** PUT: edit a text or post message (Feishu's "edit message"); cards go through PATCH. */
  editText(messageId: string, msgType: unknown, rawContent: unknown): FakeMessage {
    const msg = this.require(messageId);
    const type = checkMsgType(msgType);
    if (!['text', 'post'].includes(msg.msgType) || type !== msg.msgType) throw invalidParam('only text and post messages can be edited, with the same msg_type');
    msg.updates.push({ content: parseContent(type, rawContent), at: this.now() });
    return msg;
  }

  /** Delayed card update: `card` is an object here, not a JSON string. */
  updateByToken(messageId: string, card: unknown): void {
    const msg = this.require(messageId);
    if (this.now() - msg.createdAt > UPDATE_WINDOW_MS) throw new FeishuError(400, 230031, 'The message can only be updated within 14 days of sending.');
    msg.updates.push({ content: parseContent('interactive', JSON.stringify(card ?? null)), at: this.now() });
  }

  recall(messageId: string): void {
    const msg = this.byId.get(messageId);
    if (msg) msg.recalled = true;
  }

  /** A p2p send has its own chat; Feishu returns its oc_ id, derived here from the user so it is stable. */
  private chatFor(receiveIdType: string, receiveId: string): string {
    if (receiveIdType === 'chat_id') return receiveId;
    const chatId = `oc_${createHash('sha1').update(`p2p:${receiveId}`).digest('hex').slice(0, 32)}`;
    this.p2p.set(chatId, receiveId);
    return chatId;
  }
}

/** The `data` object Feishu returns for create / reply / PUT. */
export function messageData(msg: FakeMessage, appId: string): Record<string, unknown> {
  const latest = msg.updates.at(-1)?.content ?? msg.content;
  return {
    message_id: msg.messageId,
    ...(msg.replyTo ? { root_id: msg.replyTo, parent_id: msg.replyTo } : {}),
    msg_type: msg.msgType,
    create_time: String(msg.createdAt),
    update_time: String(msg.updates.at(-1)?.at ?? msg.createdAt),
    deleted: false,
    updated: msg.updates.length > 0,
    chat_id: msg.chatId,
    sender: { id: appId, id_type: 'app_id', sender_type: 'app', tenant_key: 'fake_tenant' },
    body: { content: JSON.stringify(latest) },
  };
}

function checkMsgType(msgType: unknown): string {
  if (typeof msgType !== 'string' || !MSG_TYPES.has(msgType)) throw invalidParam('invalid msg_type');
  return msgType;
}

/** Content is a JSON string; for cards also a Card JSON 2.0 document (what our card builder must emit). */
export function parseContent(msgType: string, raw: unknown): unknown {
  if (typeof raw !== 'string') throw invalidParam('content must be a JSON string');
  const bytes = Buffer.byteLength(raw);
  if (bytes > (msgType === 'text' ? TEXT_MAX_BYTES : CARD_MAX_BYTES)) {
    throw new FeishuError(400, 230025, 'The length of the message content reaches its limit.');
  }
  let content: unknown;
  try {
    content = JSON.parse(raw);
  } catch {
    throw invalidParam('invalid message content, content is not valid JSON');
  }
  if (!isRecord(content)) throw invalidParam('invalid message content');
  if (msgType === 'text' && typeof content.text !== 'string') throw invalidParam('invalid message content, text is required');
  if (msgType === 'interactive') {
    const problem = cardProblem(content);
    if (problem) throw new FeishuError(400, 230099, `Failed to create card content, ext=${problem}`);
  }
  return content;
}

/** First structural problem of a card, or undefined. Template / card-entity references pass through. */
export function cardProblem(card: Record<string, unknown>): string | undefined {
  if (card.type === 'template') return isRecord(card.data) && typeof card.data.template_id === 'string' ? undefined : 'template_id is required';
  if (card.type === 'card') return isRecord(card.data) && typeof card.data.card_id === 'string' ? undefined : 'card_id is required';
  return cardV2Problem(card);
}
