/**
 * Feishu payloads → our NormalizedMessage and CardAction. Both transports end here with the same
 * flattened shape the SDK's dispatcher produces (header fields and event fields side by side).
 */

export interface FlatEvent {
  event_id?: string;
  event_type?: string;
  create_time?: string;
  token?: string;
  [key: string]: unknown;
}

/** A schema 2.0 envelope flattened as the SDK does: `{ schema, ...header, ...event }`. */
export function flatten(envelope: Record<string, unknown>): FlatEvent {
  const header = (envelope.header ?? {}) as Record<string, unknown>;
  const event = (envelope.event ?? {}) as Record<string, unknown>;
  if (envelope.schema === '2.0') return { schema: '2.0', ...header, ...event } as FlatEvent;
  // v1 envelopes carry the type inside the event.
  return { ...envelope, ...event, event_type: (event.type as string | undefined) ?? (envelope.type as string | undefined) } as FlatEvent;
}

export interface FeishuMention {
  key: string;
  openId: string;
  name: string;
}

export interface FeishuMessage {
  eventId: string;
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  senderOpenId: string;
  /** Plain text with mention placeholders turned into `@name`, the bot's own removed. */
  text: string;
  mentionsBot: boolean;
  /** People mentioned, the bot excluded, in order. */
  mentions: FeishuMention[];
  createdAt: Date;
  /** `message_type: "image"`: the picture's key from `content` (`{"image_key":"img_v3_…"}`). */
  imageKey?: string;
  /** The message replied to (`parent_id`) and its thread's first message (`root_id`); "" when none. */
  parentId?: string;
  rootId?: string;
}

export function normalizeMessage(data: FlatEvent, botOpenId: string | undefined): FeishuMessage | undefined {
  const message = data.message as Record<string, unknown> | undefined;
  const sender = data.sender as { sender_id?: { open_id?: string }; sender_type?: string } | undefined;
  if (!message || typeof message.message_id !== 'string' || typeof message.chat_id !== 'string') return undefined;
  if (sender?.sender_type && sender.sender_type !== 'user') return undefined; // other bots and the app itself
  const openId = sender?.sender_id?.open_id;
  if (!openId) return undefined;
  const rawMentions = (Array.isArray(message.mentions) ? message.mentions : []) as Array<{ key?: string; name?: string; id?: { open_id?: string } }>;
  const mentions = rawMentions.flatMap((m) => (m.key && m.id?.open_id ? [{ key: m.key, openId: m.id.open_id, name: m.name ?? '' }] : []));
  const isBot = (m: FeishuMention) => (botOpenId ? m.openId === botOpenId : false);
  // One pass over the placeholders: replacing `@_user_1` one key at a time would also hit `@_user_10`.
  const byKey = new Map(mentions.map((m) => [m.key, isBot(m) ? '' : `@${m.name}`]));
  const text = textOf(message.message_type, message.content).replace(/@_user_\d+|@_all/g, (key) => byKey.get(key) ?? key);
  // Only `p2p` is a one-to-one chat; `group` and any other kind Feishu adds (topic groups…) are
  // shared chats where the bot must be @-mentioned.
  const chatType = message.chat_type === 'p2p' ? 'p2p' : 'group';
  return {
    eventId: data.event_id ?? `msg:${message.message_id}`,
    messageId: message.message_id,
    chatId: message.chat_id,
    chatType,
    senderOpenId: openId,
    text: text.replace(/\s+/g, ' ').trim(),
    // Without the bot's id we cannot tell mentions apart; any mention in a group then counts.
    mentionsBot: chatType === 'p2p' || mentions.some(isBot) || (!botOpenId && mentions.length > 0),
    mentions: mentions.filter((m) => !isBot(m)),
    createdAt: new Date(Number(message.create_time ?? data.create_time ?? Date.now())),
    ...imageOf(message.message_type, message.content),
    // Feishu sends "" when the message is not a reply (receive_v1 event body: parent_id, root_id).
    ...(typeof message.parent_id === 'string' && message.parent_id ? { parentId: message.parent_id } : {}),
    ...(typeof message.root_id === 'string' && message.root_id ? { rootId: message.root_id } : {}),
  };
}

/**
 * An image message's key. Feishu's receive_v1 content for `message_type: "image"` is
 * `{"image_key":"img_v3_…"}` (SDK 1.74 `convertImage` reads the same field). The key names a user's
 * picture only together with its message id: it is fetched with 获取消息中的资源文件
 * (`GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image`), not with
 * `im/v1/images/:image_key`, which serves only images the app uploaded itself.
 */
function imageOf(type: unknown, content: unknown): { imageKey?: string } {
  if (type !== 'image' || typeof content !== 'string') return {};
  try {
    const key = (JSON.parse(content) as { image_key?: unknown }).image_key;
    return typeof key === 'string' && key ? { imageKey: key } : {};
  } catch {
    return {};
  }
}

/** Text of a text message; other kinds become a placeholder the command matcher will not match. */
function textOf(type: unknown, content: unknown): string {
  if (type !== 'text' || typeof content !== 'string') return `[${String(type ?? 'unknown')}]`;
  try {
    const parsed = JSON.parse(content) as { text?: unknown };
    return typeof parsed.text === 'string' ? parsed.text : '';
  } catch {
    return '';
  }
}

export interface FeishuCardAction {
  eventId: string;
  operatorOpenId: string;
  messageId: string;
  chatId: string;
  value: { action: string; [key: string]: string | number | boolean };
  /** A form container's inputs submitted with the click (`action.form_value`), strings only. */
  form?: Record<string, string>;
  /** The delayed-update token (valid 30 minutes, twice). */
  token: string | undefined;
}

export function normalizeCardAction(data: FlatEvent): FeishuCardAction | undefined {
  const operator = data.operator as { open_id?: string } | undefined;
  const action = data.action as { value?: unknown; form_value?: unknown } | undefined;
  const context = data.context as { open_message_id?: string; open_chat_id?: string } | undefined;
  const value = action?.value;
  if (!operator?.open_id || !value || typeof value !== 'object') return undefined;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  const clean = Object.fromEntries(entries) as Record<string, string | number | boolean>;
  if (typeof clean.action !== 'string') return undefined;
  const messageId = context?.open_message_id ?? (data.open_message_id as string | undefined);
  const chatId = context?.open_chat_id ?? (data.open_chat_id as string | undefined);
  if (!messageId || !chatId) return undefined;
  return {
    eventId: data.event_id ?? `card:${messageId}:${operator.open_id}:${JSON.stringify(clean)}`,
    operatorOpenId: operator.open_id,
    messageId,
    chatId,
    value: { ...clean, action: clean.action },
    ...formOf(action?.form_value),
    token: typeof data.token === 'string' && data.token.startsWith('c-') ? data.token : undefined,
  };
}

/** `form_value` of a form submission: input values by name (text inputs give strings; others are dropped). */
function formOf(formValue: unknown): { form?: Record<string, string> } {
  if (!formValue || typeof formValue !== 'object' || Array.isArray(formValue)) return {};
  const entries = Object.entries(formValue as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length > 0 ? { form: Object.fromEntries(entries) } : {};
}
