/**
 * Photos sent in a chat in reply to a rectification card (pure). Feishu cards cannot upload files
 * (their form container takes inputs and selects only), so the owner replies to the card with a
 * picture; these rules say which card a reply names, whether the fix still takes evidence, and
 * give the photo an id derived from the chat message so a redelivered message stores it once.
 */
import { createHash } from 'node:crypto';
import type { RectificationStatus } from './inspection.types.ts';

/** Evidence is taken while the fix is open, reopened, or fixed and awaiting verification; not once verified. */
export function canAttachPhoto(status: RectificationStatus): boolean {
  return status === 'open' || status === 'reopened' || status === 'fixed';
}

const SUBJECT = /^rectification:(\d+)$/;

/** The rectification an outbox subject (`rectification:42`) is about, or undefined for other cards. */
export function rectificationOfSubject(subject: string | null | undefined): number | undefined {
  const match = subject ? SUBJECT.exec(subject) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * The messages a reply may name, nearest first: the one replied to (Feishu `parent_id`), then the
 * first of its thread (`root_id`) — a reply to the bot's own answer under the card still counts.
 */
export function repliedToIds(reply: { parentId?: string | undefined; rootId?: string | undefined }): string[] {
  return [...new Set([reply.parentId, reply.rootId].filter((id): id is string => typeof id === 'string' && id.length > 0))];
}

/**
 * A UUID (version 5 layout, from SHA-256) of the chat message that carried the photo: the same
 * message always gives the same photo id, so a redelivery or a second instance inserts nothing new.
 */
export function chatPhotoId(channel: string, messageId: string): string {
  const hex = createHash('sha256').update(`chat-photo:${channel}:${messageId}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
