/**
 * One path for everything Feishu sends us, over either transport, once the transport has done its
 * own checks (webhook: signature, decryption, replay window): the verification token, url
 * verification, de-duplication by event id and message id that survives a restart, and an answer
 * within Feishu's 3 seconds — messages are acknowledged at once and handled after; a card click
 * gets the replacement card in the answer if it is ready in time, else a toast now and a PATCH later.
 */
import type { BotLogger } from '../../ports.ts';
import type { InboundHandler, MentionedUser, OutboundMessage } from '../channel.ts';
import { toCardJson } from './card-json.ts';
import { tokenOf } from './inbound-security.ts';
import { flatten, normalizeCardAction, normalizeMessage, type FeishuMessage, type FlatEvent } from './normalize.ts';

/** Feishu redelivers a message it thinks unanswered; one older than this is not acted on any more. */
const MESSAGE_MAX_AGE_MS = 30 * 60_000;

export interface InboundDeps {
  verificationToken: string;
  /** Remembers keys across restarts (a table): true the first time a key is seen. */
  inbox: { firstSighting(key: string): Promise<boolean> };
  staffFor(openId: string): Promise<string | undefined>;
  botOpenId(): string | undefined;
  /** Redraws a clicked card after the answer went out (the handler took longer than the window). */
  updateLater(messageId: string, message: OutboundMessage): Promise<void>;
  /** Tells one person a late text answer (a refusal) privately; `key` makes a retried send post once. */
  tellLater(openId: string, text: string, key: string): Promise<void>;
  logger: BotLogger;
  now: () => Date;
  answerWithinMs: number;
}

export type InboundAnswer = Record<string, unknown>;

export class FeishuInbound {
  #handler: InboundHandler | undefined;

  constructor(private readonly deps: InboundDeps) {}

  attach(handler: InboundHandler | undefined): void {
    this.#handler = handler;
  }

  /** Handles a verified (webhook) or received (long connection) envelope; the result is the answer body. */
  async receive(envelope: Record<string, unknown>, transport: 'webhook' | 'ws'): Promise<InboundAnswer> {
    const { deps } = this;
    // The long connection is authenticated when it opens (app id + secret); Feishu's own captures of
    // long-connection events carry `"token": ""`, so only a non-empty, different token is refused there.
    const token = tokenOf(envelope);
    if (token !== deps.verificationToken && !(transport === 'ws' && !token)) {
      deps.logger.warn({ transport, reason: 'bad_token' }, 'feishu event refused');
      return {};
    }
    if (envelope.type === 'url_verification') return { challenge: envelope.challenge };
    const data = flatten(envelope);
    // A click's 3 seconds count from here: the de-duplication and the person's lookup race too.
    if (data.event_type === 'card.action.trigger') return this.#answerAction(transport, data);
    if (data.event_id && !(await deps.inbox.firstSighting(`feishu:event:${data.event_id}`))) {
      deps.logger.info({ transport, eventId: data.event_id, reason: 'duplicate_event' }, 'feishu event skipped');
      return {};
    }
    const handler = this.#handler;
    if (!handler) return {};
    if (data.event_type === 'im.message.receive_v1') {
      const message = normalizeMessage(data, deps.botOpenId());
      if (!message) return {};
      if (!(await deps.inbox.firstSighting(`feishu:message:${message.messageId}`))) {
        deps.logger.info({ transport, messageId: message.messageId, reason: 'duplicate_message' }, 'feishu event skipped');
        return {};
      }
      if (deps.now().getTime() - message.createdAt.getTime() > MESSAGE_MAX_AGE_MS) {
        deps.logger.info({ transport, messageId: message.messageId, reason: 'too_old' }, 'feishu event skipped');
        return {};
      }
      void this.#handleMessage(handler, message).catch((error: unknown) => deps.logger.error({ err: error, messageId: message.messageId }, 'feishu message handling failed'));
      return {};
    }
    return {};
  }

  /** De-duplicates, identifies the operator and runs the click, as one piece of work to race. */
  async #runAction(transport: 'webhook' | 'ws', data: FlatEvent): Promise<OutboundMessage | void> {
    const { deps } = this;
    if (data.event_id && !(await deps.inbox.firstSighting(`feishu:event:${data.event_id}`))) {
      deps.logger.info({ transport, eventId: data.event_id, reason: 'duplicate_event' }, 'feishu event skipped');
      return undefined;
    }
    const handler = this.#handler;
    const action = normalizeCardAction(data);
    if (!handler || !action) return undefined;
    return handler.onAction({
      id: action.eventId,
      chatId: action.chatId,
      messageId: action.messageId,
      operator: { channelUserId: action.operatorOpenId, staffCode: await deps.staffFor(action.operatorOpenId) },
      value: action.value,
      ...(action.form ? { form: action.form } : {}),
      at: deps.now(),
    });
  }

  async #handleMessage(handler: InboundHandler, message: FeishuMessage): Promise<void> {
    const mentions: MentionedUser[] = [];
    for (const m of message.mentions) mentions.push({ name: m.name, channelUserId: m.openId, staffCode: await this.deps.staffFor(m.openId) });
    await handler.onMessage({
      id: message.messageId,
      chatId: message.chatId,
      chatType: message.chatType,
      sender: { channelUserId: message.senderOpenId, staffCode: await this.deps.staffFor(message.senderOpenId) },
      text: message.text,
      mentionsBot: message.mentionsBot,
      mentions,
      at: message.createdAt,
      ...(message.imageKey ? { image: { key: message.imageKey } } : {}),
      ...(message.parentId ? { parentId: message.parentId } : {}),
      ...(message.rootId ? { rootId: message.rootId } : {}),
    });
  }

  async #answerAction(transport: 'webhook' | 'ws', data: FlatEvent): Promise<InboundAnswer> {
    const { deps } = this;
    const action = normalizeCardAction(data);
    const work = this.#runAction(transport, data);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deps.answerWithinMs)));
    try {
      const outcome = await Promise.race([work, late]);
      if (outcome === 'late') {
        // A late text (a refusal) goes to the clicker alone: PATCHing it would replace the group's card.
        void work
          .then((replacement) => {
            if (!replacement || !action) return undefined;
            if (replacement.kind === 'text') return deps.tellLater(action.operatorOpenId, replacement.text, `late-${action.eventId}`.slice(0, 50));
            return deps.updateLater(action.messageId, replacement);
          })
          .catch((error: unknown) => deps.logger.error({ err: error, eventId: data.event_id }, 'feishu card action failed after the answer'));
        return { toast: { type: 'info', content: '正在处理，请稍候', i18n: { zh_cn: '正在处理，请稍候', en_us: 'Working on it' } } };
      }
      if (!outcome) return {};
      if (outcome.kind === 'text') return { toast: { type: 'info', content: outcome.text } };
      return { toast: { type: 'success', content: '已处理', i18n: { zh_cn: '已处理', en_us: 'Done' } }, card: { type: 'raw', data: toCardJson(outcome) } };
    } catch (error) {
      deps.logger.error({ err: error, eventId: data.event_id }, 'feishu card action failed');
      return { toast: { type: 'error', content: '操作未能完成，请稍后再试', i18n: { zh_cn: '操作未能完成，请稍后再试', en_us: 'That did not work; please try again' } } };
    } finally {
      clearTimeout(timer);
    }
  }
}
