import type { Channel, NormalizedMessage, OutboundMessage } from '../channel/channel.ts';
import { ChannelError, ImageTooLargeError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';
import type { BotLogger, BotPorts, StaffIdentity } from '../ports.ts';
import { buildPhotoReplyMessage, type PhotoReplyOutcome } from '../replies/photo-reply.messages.ts';

/**
 * A picture sent to the bot. Feishu cards cannot upload files, so the owner of a rectification
 * replies to its card with the photo: the card is named by the reply's `parent_id` (or the
 * thread's `root_id`), the server says whether this person may add evidence to it now, and only
 * then is the picture downloaded and stored (the web upload's checks). In a group the bot speaks
 * only when the picture replies to one of its rectification cards; in a 1:1 chat it always answers.
 */
export async function handlePhotoReply(
  deps: { ports: BotPorts; channel: Channel; logger: BotLogger },
  message: NormalizedMessage & { image: { key: string } },
  staff: StaffIdentity,
): Promise<OutboundMessage | undefined> {
  const outcome = await photoOutcome(deps, message, staff);
  deps.logger.info({ messageId: message.id, outcome: outcome?.kind ?? 'ignored' }, 'bot photo reply');
  return outcome ? buildPhotoReplyMessage(outcome, 'zh-CN' satisfies Locale) : undefined;
}

async function photoOutcome(deps: { ports: BotPorts; channel: Channel; logger: BotLogger }, message: NormalizedMessage & { image: { key: string } }, staff: StaffIdentity): Promise<PhotoReplyOutcome | undefined> {
  const { ports, channel } = deps;
  const inGroup = message.chatType === 'group';
  const repliedTo = [...new Set([message.parentId, message.rootId].filter((id): id is string => Boolean(id)))];
  if (repliedTo.length === 0) return inGroup ? undefined : { kind: 'hint' };
  const port = ports.rectifications;
  if (!port?.photoTarget || !port.attachPhoto || !channel.downloadImage) return inGroup ? undefined : { kind: 'hint' };
  const target = await port.photoTarget(staff.code, { channel: channel.name, repliedTo, messageId: message.id });
  if (target.outcome === 'not_a_card') return inGroup ? undefined : { kind: 'not_a_card' };
  if (target.outcome === 'refused') return { kind: target.reason, rectification: target.rectification };
  // Stored already (the same message delivered again): the same confirmation, nothing fetched.
  if (target.duplicate) return { kind: 'attached', rectification: target.rectification, item: target.item, text: target.text, photos: target.photos };
  let bytes: Buffer;
  try {
    bytes = await channel.downloadImage(message.id, message.image.key, target.maxBytes);
  } catch (error) {
    if (error instanceof ImageTooLargeError) return { kind: 'too_large', maxBytes: target.maxBytes };
    if (!(error instanceof ChannelError)) throw error;
    deps.logger.warn({ messageId: message.id, kind: error.kind, err: error.message }, 'bot photo download failed');
    return { kind: 'unavailable' };
  }
  const result = await port.attachPhoto(staff.code, { rectification: target.rectification, channel: channel.name, messageId: message.id, bytes });
  if (result.outcome === 'attached') return { kind: 'attached', rectification: result.rectification, item: result.item, text: result.text, photos: result.photos };
  if (result.reason === 'too_large') return { kind: 'too_large', maxBytes: result.maxBytes };
  if (result.reason === 'not_image') return { kind: 'not_image' };
  return { kind: result.reason, rectification: result.rectification };
}
