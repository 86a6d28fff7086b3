import { z } from 'zod';

/**
 * The channel-neutral message model the bot speaks. The Feishu channel turns a Card into Card 2.0
 * JSON; the console at /chat renders it as HTML. Feishu JSON never leaves bot/channel/feishu.
 */
export const CardColorSchema = z.enum(['blue', 'green', 'orange', 'red', 'grey', 'purple']);
export type CardColor = z.infer<typeof CardColorSchema>;

export const CardButtonSchema = z.object({
  label: z.string(),
  /** primary = the action we expect; danger = destructive. */
  style: z.enum(['primary', 'default', 'danger']).default('default'),
  /** Sent back untouched when clicked: names the action and carries its arguments. */
  value: z.object({ action: z.string().min(1) }).catchall(z.union([z.string(), z.number(), z.boolean()])),
  /** A link button (查看详情): opens this address instead of calling back; `value` is then ignored. */
  url: z.string().url().optional(),
});
export type CardButton = z.infer<typeof CardButtonSchema>;

export const CardElementSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('markdown'), text: z.string() }),
  z.object({ kind: z.literal('fields'), fields: z.array(z.object({ label: z.string(), value: z.string() })) }),
  z.object({ kind: z.literal('actions'), buttons: z.array(CardButtonSchema) }),
  z.object({ kind: z.literal('divider') }),
  z.object({ kind: z.literal('note'), text: z.string() }),
  /**
   * A form (Feishu's form container): text inputs and one submit button. The click carries the
   * inputs' values (`form`, Feishu's `action.form_value`) beside the button's value. Inputs only:
   * a card cannot upload files.
   */
  z.object({
    kind: z.literal('form'),
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/),
    inputs: z.array(z.object({ name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/), label: z.string(), placeholder: z.string().optional(), required: z.boolean().default(false) })),
    submit: CardButtonSchema,
  }),
]);
export type CardElement = z.infer<typeof CardElementSchema>;

export const CardSchema = z.object({
  title: z.string(),
  color: CardColorSchema,
  elements: z.array(CardElementSchema),
});
export type Card = z.infer<typeof CardSchema>;

export const OutboundMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('markdown'), text: z.string() }),
  z.object({ kind: z.literal('card'), card: CardSchema }),
]);
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;

/** A message shown in the console chat (either side). */
export const ChatMessageSchema = z.object({
  id: z.string(),
  chatId: z.string(),
  from: z.enum(['user', 'bot']),
  /** Staff code of the human side, when `from` is user. */
  staffCode: z.string().optional(),
  at: z.string(),
  message: OutboundMessageSchema,
  /** Set when the bot replaced this message (a card updated in place). */
  updatedAt: z.string().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** `chat:join`: open the console chat as a staff member (1:1 with the bot). */
export const ChatJoinSchema = z.object({ staffCode: z.string().min(1).max(64) });
export type ChatJoin = z.infer<typeof ChatJoinSchema>;
export const ChatJoinedSchema = z.object({ chatId: z.string(), staffName: z.string(), history: z.array(ChatMessageSchema) });
export type ChatJoined = z.infer<typeof ChatJoinedSchema>;

/** `chat:send`: type a message as the joined staff member. */
export const ChatSendSchema = z.object({ text: z.string().min(1).max(2000) });
export type ChatSend = z.infer<typeof ChatSendSchema>;

/** `chat:act`: click a card button; `value` is the button's value as sent. */
export const ChatActSchema = z.object({
  messageId: z.string().min(1),
  value: z.object({ action: z.string().min(1) }).catchall(z.union([z.string(), z.number(), z.boolean()])),
  /** A form's submitted inputs, by input name (the submit button of a `form` element). */
  form: z.record(z.string().max(40), z.string().max(2000)).optional(),
});
export type ChatAct = z.infer<typeof ChatActSchema>;

/**
 * `chat:image`: send a picture in the joined chat, in reply to one of its messages (a rectification
 * card) as Feishu users do. Base64, at most 512 KB of picture: the socket's 1 MB message limit.
 */
export const CHAT_IMAGE_MAX_BYTES = 512 * 1024;
export const ChatImageSchema = z.object({
  data: z.string().min(1).max(Math.ceil(CHAT_IMAGE_MAX_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  replyTo: z.string().min(1).max(100).optional(),
});
export type ChatImage = z.infer<typeof ChatImageSchema>;
