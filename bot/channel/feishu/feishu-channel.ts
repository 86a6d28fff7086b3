/**
 * Feishu as a bot channel, over the long connection (`ws`: no public URL, the usual choice inside a
 * bank) or the webhook (`POST /feishu/events`, mounted by the server with the raw body). Both feed
 * FeishuInbound; outbound goes through FeishuApi (the real SDK client). The only folder importing
 * the SDK is this one.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { BotLogger } from '../../ports.ts';
import type { Channel, InboundHandler, OutboundMessage, SendOptions } from '../channel.ts';
import { toFeishuContent } from './card-json.ts';
import { FeishuApi, resolveDomain } from './feishu-api.ts';
import { FeishuInbound } from './feishu-inbound.ts';
import { verifyWebhookRequest } from './inbound-security.ts';

export interface FeishuDirectory {
  /** The staff code linked to this open_id (from the staff import, or linked earlier). */
  staffCodeForOpenId(openId: string): Promise<string | undefined>;
  /** Links an open_id to the active staff member with this mobile or email; their code, if found. */
  linkByContact(openId: string, contact: { mobile?: string; email?: string }): Promise<string | undefined>;
}

export interface FeishuChannelOptions {
  appId: string;
  appSecret: string;
  encryptKey: string | undefined;
  verificationToken: string;
  domain: string;
  transport: 'ws' | 'webhook';
  replayWindowSeconds: number;
  directory: FeishuDirectory;
  inbox: { firstSighting(key: string): Promise<boolean> };
  logger: BotLogger;
  now: () => Date;
  /** Feishu waits 3 s for a callback answer; we answer before that (default 2.5 s). */
  answerWithinMs?: number;
  /** An HTTP(S) proxy for every call to Feishu and the long connection (a bank's egress proxy). */
  proxyUrl?: string | undefined;
  /**
   * Seconds without a pong after a ping before the long connection is presumed dead and reopened.
   * The SDK leaves its watchdog off, so a half-open socket behind a firewall would look connected
   * for ever (SDK `WSClient` `wsConfig.pingTimeout`; reference/feishu.md §4). Default 60. Must be
   * shorter than Feishu's ping interval (120 s): the SDK re-arms the timer at every ping.
   */
  pingTimeoutSeconds?: number;
}

const IDENTITY_TTL_MS = 10 * 60_000;

export class FeishuChannel implements Channel {
  readonly name = 'feishu';
  readonly api: FeishuApi;
  readonly #inbound: FeishuInbound;
  readonly #identities = new Map<string, { staffCode: string | undefined; at: number }>();
  #botOpenId: string | undefined;
  #ws: lark.WSClient | undefined;

  constructor(private readonly options: FeishuChannelOptions) {
    this.api = new FeishuApi({ appId: options.appId, appSecret: options.appSecret, domain: options.domain, proxyUrl: options.proxyUrl });
    this.#inbound = new FeishuInbound({
      verificationToken: options.verificationToken,
      inbox: options.inbox,
      staffFor: (openId) => this.#staffFor(openId),
      botOpenId: () => this.#botOpenId,
      updateLater: (messageId, message) => this.update(messageId, message),
      tellLater: (openId, text, key) => this.api.send(openId, toFeishuContent({ kind: 'text', text }), key).then(() => undefined),
      logger: options.logger,
      now: options.now,
      answerWithinMs: options.answerWithinMs ?? 2_500,
    });
  }

  async start(handler: InboundHandler): Promise<void> {
    this.#inbound.attach(handler);
    // The bot's own open_id tells its @mention apart from a colleague's in group messages.
    this.#botOpenId = await this.api.botOpenId().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'feishu bot info unavailable; group mentions are not told apart yet');
      return undefined;
    });
    if (this.options.transport === 'ws') {
      this.#ws = new lark.WSClient({
        appId: this.options.appId,
        appSecret: this.options.appSecret,
        domain: resolveDomain(this.options.domain),
        loggerLevel: lark.LoggerLevel.error,
        wsConfig: { pingTimeout: this.options.pingTimeoutSeconds ?? 60 },
        ...(this.api.agent ? { agent: this.api.agent } : {}),
        logger: { error: (...args: unknown[]) => this.options.logger.error({ detail: String(args.at(-1)) }, 'feishu long connection'), warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} },
      });
      // The SDK hands each frame's envelope to `invoke` and acks with what it returns. We take the
      // raw envelope rather than the SDK's flattened one, whose event `token` overwrites the header's.
      const dispatcher = { invoke: (envelope: Record<string, unknown>) => this.#inbound.receive(envelope, 'ws') };
      acceptCardFrames(this.#ws);
      void this.#ws.start({ eventDispatcher: dispatcher as unknown as lark.EventDispatcher });
    }
  }

  async stop(): Promise<void> {
    this.#inbound.attach(undefined);
    this.#ws?.close({ force: true });
    this.#ws = undefined;
  }

  /** Whether the long connection is up (for /readyz and tests). */
  connected(): boolean {
    return this.#ws?.getConnectionStatus?.().state === 'connected';
  }

  /** The webhook: checks the raw request, then answers as Feishu expects (always within 3 s). */
  async webhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<{ status: number; body: unknown }> {
    const verdict = verifyWebhookRequest(rawBody, headers, {
      encryptKey: this.options.encryptKey,
      verificationToken: this.options.verificationToken,
      replayWindowSeconds: this.options.replayWindowSeconds,
    }, Math.floor(this.options.now().getTime() / 1000));
    if (!verdict.ok) {
      this.options.logger.warn({ transport: 'webhook', reason: verdict.reason }, 'feishu event refused');
      return { status: verdict.reason === 'malformed' ? 400 : 401, body: { error: verdict.reason } };
    }
    return { status: 200, body: await this.#inbound.receive(verdict.envelope, 'webhook') };
  }

  async send(chatId: string, message: OutboundMessage, options?: SendOptions): Promise<{ messageId: string }> {
    return { messageId: await this.api.send(chatId, toFeishuContent(message), options?.idempotencyKey) };
  }

  async reply(messageId: string, message: OutboundMessage, options?: SendOptions): Promise<{ messageId: string }> {
    return { messageId: await this.api.reply(messageId, toFeishuContent(message), options?.idempotencyKey) };
  }

  /**
   * Redraws a card in place. A 2.0 card is shared (`update_multi`), so a PATCH changes it for
   * everyone in the chat: a text (a refusal meant for one person) never replaces a card — it would
   * turn the group's card into a header-less note. Such an update is dropped with a warning.
   */
  async update(messageId: string, message: OutboundMessage): Promise<void> {
    if (message.kind === 'text') {
      this.options.logger.warn({ messageId }, 'feishu: a text is never patched over a shared card');
      return;
    }
    await this.api.patchCard(messageId, toFeishuContent(message));
  }

  async downloadImage(messageId: string, imageKey: string, maxBytes: number): Promise<Buffer> {
    return this.api.messageImage(messageId, imageKey, maxBytes);
  }

  /** open_id → staff code: the staff table first, then once through the contact API (mobile/email). */
  async #staffFor(openId: string): Promise<string | undefined> {
    const cached = this.#identities.get(openId);
    const now = Date.now();
    if (cached && now - cached.at < IDENTITY_TTL_MS) return cached.staffCode;
    let staffCode = await this.options.directory.staffCodeForOpenId(openId);
    if (!staffCode) {
      const contact = await this.api.contactOf(openId).catch(() => undefined);
      if (contact && (contact.mobile || contact.email)) staffCode = await this.options.directory.linkByContact(openId, contact);
    }
    this.#identities.set(openId, { staffCode, at: now });
    if (this.#identities.size > 20_000) this.#identities.delete(this.#identities.keys().next().value as string);
    return staffCode;
  }
}

/**
 * SDK 1.74.0 acks only `type: event` data frames and drops `type: card` frames without an answer
 * (`handleEventData`: `if (type !== MessageType.event) return;`), so a click delivered that way
 * would time out at Feishu (200340). The frame's payload is the same schema 2.0 envelope, so a card
 * frame is handed on as an event frame; the ack echoes the frame's original headers.
 */
function acceptCardFrames(ws: lark.WSClient): void {
  type Frame = { headers: Array<{ key: string; value: string }>; [key: string]: unknown };
  const client = ws as unknown as { handleEventData(data: Frame): Promise<void>; sendMessage(data: Frame): void };
  const handle = client.handleEventData.bind(client);
  const send = client.sendMessage.bind(client);
  const cardFrames = new Set<string>();
  client.handleEventData = (data) => {
    const isCard = data.headers.some((h) => h.key === 'type' && h.value === 'card');
    if (!isCard) return handle(data);
    const messageId = data.headers.find((h) => h.key === 'message_id')?.value ?? '';
    cardFrames.add(messageId);
    return handle({ ...data, headers: data.headers.map((h) => (h.key === 'type' ? { key: 'type', value: 'event' } : h)) }).finally(() => cardFrames.delete(messageId));
  };
  client.sendMessage = (data) => {
    const messageId = data.headers.find((h) => h.key === 'message_id')?.value ?? '';
    if (!cardFrames.has(messageId)) return send(data);
    return send({ ...data, headers: data.headers.map((h) => (h.key === 'type' ? { key: 'type', value: 'card' } : h)) });
  };
}
