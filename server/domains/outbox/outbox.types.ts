/** The outbox: every outgoing chat message as a row, delivered by one dispatcher within the platforms' limits. */

/** Change-feed channel notified when rows are queued, so the dispatcher wakes on every instance. */
export const OUTBOX_QUEUED_CHANNEL = 'outbox_queued';

export type OutboxChannel = 'feishu' | 'console' | 'wecom' | 'dingtalk';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'parked' | 'digested' | 'cancelled';
export type OutboxSeverity = 'info' | 'warning' | 'critical';
export type OutboxLocale = 'zh-CN' | 'en';

/** Who receives it: a person (their p2p chat on the channel) or a group chat id. */
export type OutboxRecipient = { kind: 'staff'; staffCode: string } | { kind: 'chat'; channel: OutboxChannel; chatId: string };

/**
 * A message to send, named by a template the bot renders at send time (so a digest can summarize
 * its items and Feishu JSON never enters a domain). `data` must already be masked: no customer
 * names, phones or ID numbers in full.
 */
export interface OutboxMessageInput {
  recipient: OutboxRecipient;
  template: string;
  data: Record<string, unknown>;
  /** Unique per logical message: the same key never sends twice (e.g. `complaint:7:stage:2:ou_x`). */
  key: string;
  subject?: string;
  locale?: OutboxLocale;
  severity?: OutboxSeverity;
  /** Statutory-deadline alerts ignore quiet hours. */
  statutory?: boolean;
  /** Alerts that may be collapsed into one digest card when many reach a chat at once. */
  digestible?: boolean;
}

export interface OutboxRow {
  id: number;
  idempotencyKey: string;
  channel: OutboxChannel;
  recipientKind: 'staff' | 'chat';
  recipient: string;
  kind: 'send' | 'update';
  targetId: number | null;
  subject: string | null;
  template: string;
  data: Record<string, unknown>;
  locale: OutboxLocale;
  severity: OutboxSeverity;
  statutory: boolean;
  digestible: boolean;
  status: OutboxStatus;
  notBefore: Date;
  attempts: number;
  lastError: string | null;
  channelMessageId: string | null;
  digestId: number | null;
  createdAt: Date;
  sentAt: Date | null;
  /** A fresh card re-sent before Feishu's 14-day update window closed: the send row it replaces. */
  refreshOf: number | null;
  /** This card was re-sent: the fresh card's row (redraws and clicks go there). */
  replacedBy: number | null;
}

/** What the dispatcher hands the bot to deliver; `targetMessageId` for a card update. */
export interface Delivery {
  channel: OutboxChannel;
  recipientKind: 'staff' | 'chat';
  recipient: string;
  kind: 'send' | 'update';
  targetMessageId?: string;
  template: string;
  data: Record<string, unknown>;
  locale: OutboxLocale;
  idempotencyKey: string;
}

/**
 * Thrown by the delivery port: `retry` (platform down, 5xx), `rate_limited` (with the platform's
 * reset), `rejected` (the platform refused the message itself: retrying cannot help, park it).
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'retry' | 'rate_limited' | 'rejected',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export type DeliverPort = (delivery: Delivery) => Promise<{ channelMessageId: string }>;
