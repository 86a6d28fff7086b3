/**
 * The Open API as the bot uses it, through the real SDK client: send, reply, patch a card, the
 * delayed card update, bot info and the contact look-ups. Adds what the SDK lacks: a request
 * timeout, a token cache of our own that is dropped and refilled once when Feishu says the token
 * is invalid, and one classification of failures (rate limit, outage, refusal) into ChannelError.
 */
import type { Agent } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import createHttpsProxyAgent from 'https-proxy-agent';
import type { Readable } from 'node:stream';
import { ChannelError, ImageTooLargeError } from '../../errors.ts';
import type { FeishuContent } from './card-json.ts';

export interface FeishuApiOptions {
  appId: string;
  appSecret: string;
  /** `feishu`, `lark`, or a private deployment's base URL. */
  domain: string;
  timeoutMs?: number;
  /** `http://proxy.bank.example:8080`: every call (and the long connection) goes through it (CONNECT). */
  proxyUrl?: string | undefined;
}

const RATE_LIMIT_CODES = new Set([99991400, 230020, 11232]);
const TOKEN_INVALID_CODES = new Set([99991663, 99991661, 99991668, 99991664]);

/** The SDK's cache interface, with a `clear` so an invalid token can be dropped. */
class TokenCache {
  readonly #values = new Map<string, { value: unknown; expiredTime?: number }>();
  async get(key: Symbol | string, options?: { namespace?: string }): Promise<unknown> {
    const entry = this.#values.get(`${options?.namespace ?? ''}/${String(key)}`);
    return entry && (!entry.expiredTime || entry.expiredTime > Date.now()) ? entry.value : undefined;
  }
  async set(key: Symbol | string, value: unknown, expiredTime?: number, options?: { namespace?: string }): Promise<boolean> {
    this.#values.set(`${options?.namespace ?? ''}/${String(key)}`, { value, expiredTime });
    return true;
  }
  clear(): void {
    this.#values.clear();
  }
}

export function resolveDomain(domain: string): lark.Domain | string {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/+$/, ''); // a trailing slash would produce //open-apis/…
}

export class FeishuApi {
  readonly client: lark.Client;
  readonly #cache = new TokenCache();
  /** The proxy agent, shared with the long connection; undefined without a proxy. */
  readonly agent: Agent | undefined;

  constructor(readonly options: FeishuApiOptions) {
    const http = lark.defaultHttpInstance;
    http.defaults.timeout = options.timeoutMs ?? 10_000;
    // https-proxy-agent ships with axios (the SDK's HTTP client); axios' own `proxy` option does not
    // tunnel https, so the agent is set and axios' env-variable proxy turned off.
    this.agent = options.proxyUrl ? (createHttpsProxyAgent(options.proxyUrl) as unknown as Agent) : undefined;
    if (this.agent) Object.assign(http.defaults, { httpAgent: this.agent, httpsAgent: this.agent, proxy: false });
    this.client = new lark.Client({
      appId: options.appId,
      appSecret: options.appSecret,
      domain: resolveDomain(options.domain),
      appType: lark.AppType.SelfBuild,
      cache: this.#cache,
      loggerLevel: lark.LoggerLevel.error,
      logger: quietLogger,
    });
  }

  async send(receiveId: string, content: FeishuContent, uuid?: string): Promise<string> {
    const receiveIdType = receiveIdTypeOf(receiveId);
    const res = await this.#call(() =>
      this.client.im.v1.message.create({ params: { receive_id_type: receiveIdType }, data: { receive_id: receiveId, msg_type: content.msgType, content: content.content, ...(uuid ? { uuid } : {}) } }),
    );
    return messageIdOf(res);
  }

  async reply(messageId: string, content: FeishuContent, uuid?: string): Promise<string> {
    const res = await this.#call(() =>
      this.client.im.v1.message.reply({ path: { message_id: messageId }, data: { msg_type: content.msgType, content: content.content, ...(uuid ? { uuid } : {}) } }),
    );
    return messageIdOf(res);
  }

  async patchCard(messageId: string, content: FeishuContent): Promise<void> {
    await this.#call(() => this.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: content.content } }));
  }

  /**
   * A picture a user sent, by 获取消息中的资源文件 (SDK `im.v1.messageResource.get`, `GET
   * /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image`; needs im:message or
   * im:message:readonly, the bot in the chat, files up to 100 MB). `im/v1/images/:image_key` would
   * not do: it serves only images the app uploaded. Feishu's refusals (a key not in that message,
   * the bot not in the chat, a card's id: 234043) are HTTP 400 with a JSON code, which the SDK
   * hands over as an unread stream. Read at most `maxBytes`: a bigger picture is refused on its
   * Content-Length, or cut off while reading.
   */
  async messageImage(messageId: string, imageKey: string, maxBytes: number): Promise<Buffer> {
    const res = await this.#call(async () => {
      try {
        return await this.client.im.v1.messageResource.get({ path: { message_id: messageId, file_key: imageKey }, params: { type: 'image' } });
      } catch (error) {
        throw await withErrorBody(error);
      }
    });
    const stream = res.getReadableStream() as Readable;
    const declared = Number((res.headers as Record<string, unknown> | undefined)?.['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      stream.destroy();
      throw new ImageTooLargeError(maxBytes);
    }
    return readCapped(stream, maxBytes);
  }

  async botOpenId(): Promise<string | undefined> {
    const res = (await this.#call(() => this.client.request({ method: 'GET', url: '/open-apis/bot/v3/info' }))) as { bot?: { open_id?: string } };
    return res.bot?.open_id;
  }

  /** A user's mobile and email by open_id (needs the contact permission), to link them to staff once. */
  async contactOf(openId: string): Promise<{ mobile?: string; email?: string } | undefined> {
    try {
      const res = (await this.#call(() => this.client.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }))) as {
        data?: { user?: { mobile?: string; email?: string; enterprise_email?: string } };
      };
      const user = res.data?.user;
      if (!user) return undefined;
      return { ...(user.mobile ? { mobile: user.mobile } : {}), ...((user.email ?? user.enterprise_email) ? { email: user.email ?? user.enterprise_email } : {}) };
    } catch (error) {
      if (error instanceof ChannelError && error.kind === 'rejected') return undefined;
      throw error;
    }
  }

  /**
   * open_ids of people by mobile and email (`POST /open-apis/contact/v3/users/batch_get_id`, at most
   * 50 of each per call; an unmatched entry comes back without `user_id`). Needs the
   * 通过手机号或邮箱获取用户 ID permission and the people inside the contact data range.
   */
  async openIdsByContact(contacts: { mobiles: string[]; emails: string[] }): Promise<Array<{ mobile?: string; email?: string; openId: string }>> {
    const found: Array<{ mobile?: string; email?: string; openId: string }> = [];
    for (let i = 0; i < Math.max(contacts.mobiles.length, contacts.emails.length); i += 50) {
      const mobiles = contacts.mobiles.slice(i, i + 50);
      const emails = contacts.emails.slice(i, i + 50);
      const res = (await this.#call(() => this.client.request({
        method: 'POST', url: '/open-apis/contact/v3/users/batch_get_id', params: { user_id_type: 'open_id' },
        data: { ...(mobiles.length ? { mobiles } : {}), ...(emails.length ? { emails } : {}) },
      }))) as { data?: { user_list?: Array<{ user_id?: string; mobile?: string; email?: string }> } };
      for (const u of res.data?.user_list ?? []) {
        if (u.user_id) found.push({ openId: u.user_id, ...(u.mobile ? { mobile: u.mobile } : {}), ...(u.email ? { email: u.email } : {}) });
      }
    }
    return found;
  }

  /** Calls the API; retries once with a fresh token when Feishu says the cached one is invalid. */
  async #call<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await request();
        const code = (res as { code?: number } | undefined)?.code;
        if (code !== undefined && code !== 0) throw classify(code, (res as { msg?: string }).msg, undefined, undefined);
        return res;
      } catch (error) {
        const failure = error instanceof ChannelError ? error : fromThrown(error);
        if (failure.message.startsWith('token_invalid') && attempt === 0) {
          this.#cache.clear();
          continue;
        }
        throw failure;
      }
    }
  }
}

/**
 * The id kind of a recipient: open_id (`ou_`), union_id (`on_`), chat_id (`oc_`), else a user_id
 * (tenant-wide, from the staff import's `feishu_user_id`: it works before the person ever wrote
 * to the bot, unlike an open_id, which belongs to one app).
 */
export function receiveIdTypeOf(receiveId: string): 'open_id' | 'union_id' | 'chat_id' | 'user_id' {
  if (receiveId.startsWith('ou_')) return 'open_id';
  if (receiveId.startsWith('on_')) return 'union_id';
  if (receiveId.startsWith('oc_')) return 'chat_id';
  return 'user_id';
}

/** The whole stream, or ImageTooLargeError as soon as it passes `maxBytes` (the rest is not read). */
async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      stream.destroy();
      throw new ImageTooLargeError(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A streamed call's error body is a stream: read it (small) so the JSON code can be classified. */
async function withErrorBody(error: unknown): Promise<unknown> {
  const response = (error as { response?: { data?: unknown } }).response;
  const data = response?.data as Readable | undefined;
  if (!response || !data || typeof data.pipe !== 'function') return error;
  try {
    const text = (await readCapped(data, 64 * 1024)).toString('utf8');
    response.data = JSON.parse(text) as unknown;
  } catch {
    response.data = {};
  }
  return error;
}

function messageIdOf(res: unknown): string {
  const id = (res as { data?: { message_id?: string } }).data?.message_id;
  if (!id) throw new ChannelError('unavailable', 'Feishu answered without a message id');
  return id;
}

function fromThrown(error: unknown): ChannelError {
  const response = (error as { response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string> } }).response;
  if (response) return classify(response.data?.code, response.data?.msg, response.status, response.headers?.['x-ogw-ratelimit-reset']);
  const message = error instanceof Error ? error.message : String(error);
  // The SDK throws a plain Error when the token request itself fails (bad secret, or Feishu down).
  if (/failed to get tenant_access_token, code: (\d+)/.test(message) && !/code: unknown/.test(message)) return new ChannelError('rejected', `token request refused: ${message}`);
  return new ChannelError('unavailable', `Feishu unreachable: ${message}`);
}

function classify(code: number | undefined, msg: string | undefined, status: number | undefined, reset: string | undefined): ChannelError {
  const text = `code ${code ?? '?'}${status ? ` (HTTP ${status})` : ''}: ${msg ?? ''}`.trim();
  if ((code !== undefined && RATE_LIMIT_CODES.has(code)) || status === 429) {
    const seconds = Number(reset);
    return new ChannelError('rate_limited', `rate limited, ${text}`, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000);
  }
  if (code !== undefined && TOKEN_INVALID_CODES.has(code)) return new ChannelError('unavailable', `token_invalid ${text}`);
  if (status === undefined || status >= 500) return new ChannelError(status === undefined && code !== undefined ? 'rejected' : 'unavailable', text);
  return new ChannelError('rejected', text);
}

/** The SDK logs request bodies on error; those may hold names. Our own logs say what failed. */
const quietLogger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };
