import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The test side acting as Feishu towards our app: builds event / callback envelopes exactly as
 * Feishu sends them (schema 2.0) and POSTs them to the app's webhook with Feishu's encryption
 * and signature, so the app's EventDispatcher sees the same bytes it would in production.
 */

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const derived = (prefix: string, id: string): string => `${prefix}${createHash('sha1').update(id).digest('hex').slice(0, 24)}`;
const DEFAULT_TENANT = 'fake_tenant';

export interface EnvelopeHeader {
  event_id: string;
  event_type: string;
  create_time: string;
  token: string;
  app_id: string;
  tenant_key: string;
}

export interface Envelope<E = Record<string, unknown>> {
  schema: '2.0';
  header: EnvelopeHeader;
  event: E;
}

function header(eventType: string, p: { appId: string; token: string; eventId?: string; createTime?: number; tenantKey?: string }): EnvelopeHeader {
  return {
    event_id: p.eventId ?? hex(16),
    event_type: eventType,
    create_time: String(p.createTime ?? Date.now()),
    token: p.token,
    app_id: p.appId,
    tenant_key: p.tenantKey ?? DEFAULT_TENANT,
  };
}

export interface MessageEnvelopeParams {
  appId: string;
  /** The app's verification token (Feishu puts it in `header.token`). */
  token: string;
  eventId?: string;
  messageId?: string;
  chatId: string;
  chatType: 'p2p' | 'group' | 'topic_group';
  senderOpenId: string;
  /** Text as Feishu delivers it: mentions appear as `@_user_1`, `@_user_2`, … placeholders. */
  text: string;
  mentions?: Array<{ key: string; openId: string; name: string }>;
  /** ms since epoch; also used as the envelope's create_time. */
  createTime?: number;
  tenantKey?: string;
}

/** `im.message.receive_v1` (a user sent the bot / a chat the bot is in a text message). */
export function messageEnvelope(p: MessageEnvelopeParams): Envelope {
  const createTime = p.createTime ?? Date.now();
  const tenantKey = p.tenantKey ?? DEFAULT_TENANT;
  const mentions = (p.mentions ?? []).map((m) => ({
    key: m.key, id: { union_id: derived('on_', m.openId), user_id: '', open_id: m.openId }, name: m.name, tenant_key: tenantKey,
  }));
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', { ...p, createTime }),
    event: {
      sender: { sender_id: { union_id: derived('on_', p.senderOpenId), user_id: '', open_id: p.senderOpenId }, sender_type: 'user', tenant_key: tenantKey },
      message: {
        message_id: p.messageId ?? `om_${hex(16)}`,
        root_id: '', parent_id: '',
        create_time: String(createTime), update_time: String(createTime),
        chat_id: p.chatId, thread_id: '', chat_type: p.chatType,
        message_type: 'text',
        content: JSON.stringify({ text: p.text }),
        // Feishu omits `mentions` when there are none.
        ...(mentions.length > 0 ? { mentions } : {}),
        user_agent: 'Mozilla/5.0 Lark/7.30.0',
      },
    },
  };
}

/**
 * `im.message.receive_v1` for a picture: `message_type: "image"`, `content` `{"image_key":"img_v3_…"}`,
 * and — when it replies to a message — `parent_id` (the message replied to) and `root_id` (its
 * thread's first message), "" otherwise. Images carry no mentions.
 */
export function imageMessageEnvelope(p: Omit<MessageEnvelopeParams, 'text' | 'mentions'> & { imageKey: string; parentId?: string; rootId?: string }): Envelope {
  const envelope = messageEnvelope({ ...p, text: '' });
  const message = envelope.event.message as Record<string, unknown>;
  Object.assign(message, {
    message_type: 'image', content: JSON.stringify({ image_key: p.imageKey }),
    parent_id: p.parentId ?? '', root_id: p.rootId ?? p.parentId ?? '',
  });
  return envelope;
}

/** Anything that can accept a delayed-update token (the fake); structural so this file stays standalone. */
export interface CardTokenSink {
  registerCardToken(token: string, messageId: string): void;
}

export interface CardActionEnvelopeParams {
  appId: string;
  token: string;
  eventId?: string;
  operatorOpenId: string;
  messageId: string;
  chatId: string;
  value: Record<string, unknown>;
  /** A form container's submit: the inputs' values by name (`action.form_value`) and the button's name. */
  formValue?: Record<string, string>;
  buttonName?: string;
  /** When given, the `c-…` token is registered so `/interactive/v1/card/update` accepts it. */
  fake?: CardTokenSink;
  createTime?: number;
  tenantKey?: string;
}

/** `card.action.trigger` (new-style card callback, JSON 2.0 cards): a user clicked a callback button. */
export function cardActionEnvelope(p: CardActionEnvelopeParams): Envelope {
  const tenantKey = p.tenantKey ?? DEFAULT_TENANT;
  const cardToken = `c-${hex(20)}`;
  p.fake?.registerCardToken(cardToken, p.messageId);
  return {
    schema: '2.0',
    header: header('card.action.trigger', p),
    event: {
      operator: { tenant_key: tenantKey, user_id: '', open_id: p.operatorOpenId, union_id: derived('on_', p.operatorOpenId) },
      token: cardToken,
      action: { value: p.value, tag: 'button', ...(p.formValue ? { form_value: p.formValue, name: p.buttonName ?? '' } : {}) },
      host: 'im_message',
      context: { open_message_id: p.messageId, open_chat_id: p.chatId },
    },
  };
}

/** The challenge Feishu sends when the request URL is saved in the developer console. */
export function urlVerification(p: { token: string; challenge: string }): Record<string, string> {
  return { challenge: p.challenge, token: p.token, type: 'url_verification' };
}

/** AES-256-CBC, key = sha256(encryptKey), output base64(iv ‖ ciphertext): what the SDK's AESCipher decrypts. */
export function encryptBody(json: string, encryptKey: string): { encrypt: string } {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return { encrypt: Buffer.concat([iv, cipher.update(json, 'utf8'), cipher.final()]).toString('base64') };
}

/** X-Lark-Signature: hex(sha256(timestamp + nonce + encryptKey + body)). */
export function sign(timestamp: string | number, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(`${timestamp}${nonce}${encryptKey}${body}`).digest('hex');
}

export interface PostOptions {
  encryptKey?: string;
  /** Overrides `header.token` (schema 2.0) or `token` (url_verification / v1) in the envelope. */
  verificationToken?: string;
  /** Defaults to true when an encryptKey is given. */
  encrypt?: boolean;
  /** Seconds since epoch. */
  timestamp?: number;
  nonce?: string;
  /** Sends a signature that does not match (one hex digit flipped). */
  tamperSignature?: boolean;
  /** Sent verbatim instead of the serialised envelope (signature is computed over it). */
  rawBody?: string;
}

export interface PostResult {
  status: number;
  /** Parsed JSON when the response is JSON, else the text ('' for an empty body). */
  body: unknown;
  ms: number;
}

export async function postToWebhook(url: string, envelope: object, opts: PostOptions = {}): Promise<PostResult> {
  const payload = withToken(envelope, opts.verificationToken);
  const encrypt = opts.encrypt ?? opts.encryptKey !== undefined;
  if (encrypt && !opts.encryptKey) throw new Error('postToWebhook: encrypt needs an encryptKey');
  // Compact JSON.stringify: the SDK verifies the signature over JSON.stringify(parsed body).
  const body = opts.rawBody ?? JSON.stringify(encrypt ? encryptBody(JSON.stringify(payload), opts.encryptKey!) : payload);
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? hex(8);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-lark-request-timestamp': timestamp,
    'x-lark-request-nonce': nonce,
  };
  if (opts.encryptKey) {
    const signature = sign(timestamp, nonce, opts.encryptKey, body);
    headers['x-lark-signature'] = opts.tamperSignature ? flipFirstDigit(signature) : signature;
  }
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  const ms = performance.now() - started;
  let parsed: unknown = text;
  try {
    parsed = text === '' ? '' : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, ms };
}

function withToken(envelope: object, token: string | undefined): object {
  if (token === undefined) return envelope;
  const e = envelope as Record<string, unknown>;
  if (e.header && typeof e.header === 'object') return { ...e, header: { ...(e.header as object), token } };
  return { ...e, token };
}

function flipFirstDigit(signature: string): string {
  return (signature[0] === '0' ? '1' : '0') + signature.slice(1);
}
