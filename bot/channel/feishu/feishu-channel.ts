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
    this.api = new FeishuApi({ appId: options.appId, appSecret: options.appSecret, domain: options.domain });
    this.#inbound = new FeishuInbound({
      verificationToken: options.verificationToken,
      inbox: options.inbox,
      staffFor: (openId) => this.#staffFor(openId),
      botOpenId: () => this.#botOpenId,
      updateLater: (messageId, message) => this.update(messageId, message),
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
        logger: { error: (...args: unknown[]) => this.options.logger.error({ detail: String(args.at(-1)) }, 'feishu long connection'), warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} },
      });
      // The SDK hands each frame's envelope to `invoke` and acks with what it returns. We take the
      // raw envelope rather than the SDK's flattened one, whose event `token` overwrites the header's.
      const dispatcher = { invoke: (envelope: Record<string, unknown>) => this.#inbound.receive(envelope, 'ws') };
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

  /** Only cards can be patched; a text replacement is shown as a markdown card. */
  async update(messageId: string, message: OutboundMessage): Promise<void> {
    const card: OutboundMessage = message.kind === 'text' ? { kind: 'markdown', text: message.text } : message;
    await this.api.patchCard(messageId, toFeishuContent(card));
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
