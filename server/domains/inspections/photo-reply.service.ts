/**
 * Photos sent in a chat in reply to a rectification card (issue #11 item 4): the card is found by
 * the platform message id the outbox recorded when it was delivered; the sender is authorized as
 * the web upload authorizes (`rectifications.fix` on that branch, the same state rule), and the
 * photo goes through the same `uploadPhoto` (magic bytes, size, EXIF stripped, cards redrawn),
 * with an id derived from the chat message so a redelivered message is stored once.
 */
import { AppError } from '../../platform/errors.ts';
import { can, findBranchTarget, type Actor, type Principal } from '../access/index.ts';
import { selectSubjectOfChannelMessage } from '../outbox/index.ts';
import type { InspectionDeps } from './inspection-deps.ts';
import { selectPhoto, selectPhotoIds } from './inspection.repo.ts';
import type { Rectification, RectificationStatus } from './inspection.types.ts';
import { canAttachPhoto, chatPhotoId, rectificationOfSubject } from './photo-reply.rules.ts';
import { uploadPhoto } from './photo.service.ts';
import { selectRectification } from './rectification.repo.ts';

export interface ChatPhotoRectification {
  rectification: number;
  item: string;
  text: string;
  status: RectificationStatus;
}

export type ChatPhotoTarget =
  | ({ outcome: 'target'; maxBytes: number; duplicate: boolean; photos: number } & ChatPhotoRectification)
  | { outcome: 'not_a_card' }
  | ({ outcome: 'refused'; reason: 'forbidden' | 'closed' } & ChatPhotoRectification);

export type ChatPhotoResult =
  | ({ outcome: 'attached'; photos: number } & ChatPhotoRectification)
  | ({ outcome: 'refused'; reason: 'forbidden' | 'closed' | 'not_image' | 'too_large'; maxBytes: number } & ChatPhotoRectification);

const about = (r: Rectification): ChatPhotoRectification => ({ rectification: r.id, item: r.itemCode, text: r.itemText, status: r.status });

async function allowed(deps: InspectionDeps, principal: Principal, r: Rectification): Promise<boolean> {
  const target = await findBranchTarget(deps.db.sql, r.branchCode);
  return Boolean(target) && can(principal, 'rectifications.fix', target);
}

/**
 * Which rectification a reply names (`repliedTo`: the parent message, then the thread root) and
 * whether this person may add evidence to it now — asked before the picture is downloaded.
 */
export async function chatPhotoTarget(deps: InspectionDeps, principal: Principal, input: { channel: string; repliedTo: string[]; messageId: string }): Promise<ChatPhotoTarget> {
  const id = rectificationOfSubject(await selectSubjectOfChannelMessage(deps.db.sql, input.channel, input.repliedTo));
  const r = id === undefined ? undefined : await selectRectification(deps.db.sql, id);
  if (!r) return { outcome: 'not_a_card' };
  if (!(await allowed(deps, principal, r))) return { outcome: 'refused', reason: 'forbidden', ...about(r) };
  const duplicate = Boolean(await selectPhoto(deps.db.sql, chatPhotoId(input.channel, input.messageId)));
  if (!duplicate && !canAttachPhoto(r.status)) return { outcome: 'refused', reason: 'closed', ...about(r) };
  const photos = (await selectPhotoIds(deps.db.sql, { rectificationId: r.id })).length;
  return { outcome: 'target', maxBytes: deps.photos.maxBytes, duplicate, photos, ...about(r) };
}

/** Stores the downloaded picture on the rectification through the web upload's own path. */
export async function attachChatPhoto(deps: InspectionDeps, actor: Actor, input: { rectification: number; channel: string; messageId: string; bytes: Buffer }): Promise<ChatPhotoResult> {
  const r = await selectRectification(deps.db.sql, input.rectification);
  if (!r) throw new AppError('NOT_FOUND', `no rectification ${input.rectification}`);
  const refused = (reason: 'forbidden' | 'closed' | 'not_image' | 'too_large'): ChatPhotoResult => ({ outcome: 'refused', reason, maxBytes: deps.photos.maxBytes, ...about(r) });
  try {
    await uploadPhoto(deps, actor, { rectification: r.id, bytes: input.bytes, id: chatPhotoId(input.channel, input.messageId) });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND') return refused('forbidden');
    if (error.code === 'CONFLICT') return refused('closed');
    if (error.code === 'TOO_LARGE') return refused('too_large');
    if (error.code === 'INVALID_INPUT') return refused('not_image');
    throw error;
  }
  const photos = (await selectPhotoIds(deps.db.sql, { rectificationId: r.id })).length;
  return { outcome: 'attached', photos, ...about(r) };
}
