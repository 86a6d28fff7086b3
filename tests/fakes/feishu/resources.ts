import { FeishuError, hex } from './http-util.ts';
import type { FakeMessage, MessageStore } from './messages.ts';

/**
 * Pictures users sent in chats, and 获取消息中的资源文件 as Feishu serves them:
 * `GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file` answers the
 * bytes (Content-Type from the file, "文件类型可通过 response header 中 Content-Type 字段获取"),
 * for files up to 100 MB; the bot must be in the chat and the key must belong to that message;
 * card messages are refused with 234043 (all from the API's doc page; see README for the codes
 * that are guessed). `im/v1/images/:image_key` is not modelled: it serves only app uploads.
 */
export const RESOURCE_MAX_BYTES = 100 * 1024 * 1024;

export interface UserImageInput {
  chatId: string;
  senderOpenId: string;
  bytes: Buffer;
  /** The message replied to (its chat must match); Feishu sets both parent_id and root_id then. */
  parentId?: string;
  messageId?: string;
}

export class UserResources {
  private readonly files = new Map<string, { messageId: string; bytes: Buffer }>();

  constructor(private readonly store: MessageStore) {}

  /** A picture a user sent: stored as an image message of the chat; its message id and image_key. */
  addImage(input: UserImageInput): { messageId: string; imageKey: string; rootId?: string } {
    const imageKey = `img_v3_${hex(12)}`;
    const messageId = input.messageId ?? `om_${hex(16)}`;
    const parent = input.parentId ? this.store.get(input.parentId) : undefined;
    const rootId = parent ? (parent.rootId ?? parent.messageId) : undefined;
    this.store.recordUserMessage(messageId, input.chatId, input.senderOpenId, {
      msgType: 'image', content: { image_key: imageKey }, ...(input.parentId ? { replyTo: input.parentId } : {}), ...(rootId ? { rootId } : {}),
    });
    this.files.set(imageKey, { messageId, bytes: input.bytes });
    return { messageId, imageKey, ...(rootId ? { rootId } : {}) };
  }

  /** The download, or the refusal Feishu gives. */
  get(messageId: string, fileKey: string, type: string | null, botInChat: (chatId: string) => boolean): { bytes: Buffer; contentType: string } {
    if (type !== 'image' && type !== 'file') throw new FeishuError(400, 234001, 'Invalid request param.');
    const msg: FakeMessage | undefined = this.store.get(messageId);
    if (!msg) throw new FeishuError(400, 234001, 'Invalid request param.');
    if (msg.msgType === 'interactive') throw new FeishuError(400, 234043, 'Unsupported message type.');
    if (!botInChat(msg.chatId)) throw new FeishuError(400, 234004, 'App not in chat.');
    const file = this.files.get(fileKey);
    if (!file || file.messageId !== messageId) throw new FeishuError(400, 234003, 'File not in msg.');
    if (file.bytes.length > RESOURCE_MAX_BYTES) throw new FeishuError(400, 234037, 'Downloaded file size exceeds limit.');
    return { bytes: file.bytes, contentType: contentTypeOf(file.bytes) };
  }
}

function contentTypeOf(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  return 'application/octet-stream';
}
