import { z } from 'zod';

/**
 * The bot's administration on the wire (permission `bot.manage`, administrators only): the outbox
 * of outgoing chat messages and the chat bindings that say where a unit's alerts go. Dates travel
 * as ISO strings.
 */

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'parked', 'digested', 'cancelled'] as const;
/** `parked`: the platform refused the message or it ran out of attempts; an administrator may retry it. */
export const OutboxStatusSchema = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

export const CHAT_CHANNELS = ['feishu', 'wecom', 'dingtalk', 'console'] as const;
/** Where a message goes: Feishu, a WeCom or DingTalk group robot, or the built-in console. */
export const ChatChannelSchema = z.enum(CHAT_CHANNELS);
export type ChatChannel = z.infer<typeof ChatChannelSchema>;

export const CHAT_PURPOSES = ['alerts', 'leadership', 'ops'] as const;
/** alerts: a unit's warnings; leadership: the leadership group; ops: operators (parked messages). */
export const ChatPurposeSchema = z.enum(CHAT_PURPOSES);
export type ChatPurpose = z.infer<typeof ChatPurposeSchema>;

/** `GET /api/v1/outbox?status=&limit=` (limit 1–500, default 100). */
export const OutboxQuerySchema = z.object({
  status: OutboxStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type OutboxQuery = z.infer<typeof OutboxQuerySchema>;

/** One outbox row without its template data (which may name staff). */
export const OutboxItemSchema = z.object({
  id: z.number().int(),
  idempotencyKey: z.string(),
  channel: ChatChannelSchema,
  recipientKind: z.enum(['staff', 'chat']),
  /** A staff code, a Feishu chat id, or a robot's webhook URL. */
  recipient: z.string(),
  /** `update` redraws the card of an earlier row (`targetId`). */
  kind: z.enum(['send', 'update']),
  targetId: z.number().int().nullable(),
  subject: z.string().nullable(),
  /** The template the bot renders at send time (`alert.notice`, `nomination.review`, …). */
  template: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  severity: z.enum(['info', 'warning', 'critical']),
  statutory: z.boolean(),
  digestible: z.boolean(),
  status: OutboxStatusSchema,
  /** Not sent before this instant (retry back-off, quiet hours, off-peak spreading). */
  notBefore: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  channelMessageId: z.string().nullable(),
  digestId: z.number().int().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/** Answer of `GET /api/v1/outbox`: counts of every row by status (absent: none), and the newest rows. */
export const OutboxListSchema = z.object({
  counts: z.partialRecord(OutboxStatusSchema, z.number().int()),
  items: z.array(OutboxItemSchema),
});
export type OutboxList = z.infer<typeof OutboxListSchema>;

/** Answer of `POST /api/v1/outbox/:id/retry` (202): the parked row is queued again with fresh attempts. */
export const OutboxRetriedSchema = z.object({ id: z.number().int(), status: z.literal('pending') });
export type OutboxRetried = z.infer<typeof OutboxRetriedSchema>;

/**
 * A chat binding as listed (`GET /api/v1/chat-bindings`, and the 201 of a create): a robot's URL
 * is masked to its host and last 4 characters, a DingTalk secret is never sent (`hasSecret`).
 */
export const ChatBindingSchema = z.object({
  id: z.number().int(),
  /** `bank`, `region:<code>` or `branch:<code>`. */
  scope: z.string(),
  purpose: ChatPurposeSchema,
  channel: ChatChannelSchema,
  /** A Feishu chat id (`oc_…`), or a robot's masked URL (`qyapi.weixin.qq.com/…abcd`). */
  chatId: z.string(),
  hasSecret: z.boolean(),
  /** `HH:MM-HH:MM` in bank time; null: the bank-wide setting. */
  quietHours: z.string().nullable(),
  createdAt: z.string(),
});
export type ChatBinding = z.infer<typeof ChatBindingSchema>;

/**
 * `POST /api/v1/chat-bindings`. `chatId` is a Feishu group chat id (`oc_…`) or, for WeCom and
 * DingTalk, the robot's webhook URL with its `key=` / `access_token=`; `secret` is DingTalk's
 * signing secret (加签) only. The server checks those rules and the scope, and answers 400 with
 * the offending field.
 */
export const ChatBindingCreateSchema = z.object({
  scope: z.string().min(1).max(80),
  purpose: ChatPurposeSchema,
  channel: ChatChannelSchema,
  chatId: z.string().min(1).max(500),
  secret: z.string().min(1).max(200).nullish(),
  /** `HH:MM-HH:MM` in bank time (e.g. `22:00-08:00`); absent: the bank-wide setting. */
  quietHours: z.string().max(11).nullish(),
});
export type ChatBindingCreate = z.infer<typeof ChatBindingCreateSchema>;
