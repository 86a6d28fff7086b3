/**
 * Photo evidence: checked (JPEG/PNG by magic bytes, size), location stripped unless it is
 * mystery-shopper evidence, written under the data folder, recorded with its branch; read back only
 * by those allowed to see that branch (outside scope it does not exist).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/errors.ts';
import { actorLabel, authorize, findBranchTarget, recordAudit, type Actor, type Principal } from '../access/index.ts';
import { OUTBOX_QUEUED_CHANNEL } from '../outbox/index.ts';
import { refreshRectificationCards } from './inspection-alerts.service.ts';
import type { InspectionDeps } from './inspection-deps.ts';
import { insertPhoto, selectPhoto } from './inspection.repo.ts';
import { canAttachPhoto } from './photo-reply.rules.ts';
import { preparePhoto } from './photo.rules.ts';
import { insertRectificationEvent, selectRectification } from './rectification.repo.ts';

export interface PhotoUpload {
  bytes: Buffer;
  /** Evidence for an inspection being filled in (the branch it scores) … */
  branch?: string | undefined;
  kind?: string | undefined;
  /** … or for a rectification (the owner's proof of the fix). */
  rectification?: number | undefined;
  /** A fixed id (a photo sent in a chat: derived from its message, so a redelivery stores nothing new). */
  id?: string | undefined;
}

export async function uploadPhoto(deps: InspectionDeps, actor: Actor, upload: PhotoUpload): Promise<{ id: string; contentType: string; size: number }> {
  const now = deps.clock.now();
  const rectification = upload.rectification !== undefined ? await selectRectification(deps.db.sql, upload.rectification) : undefined;
  if (upload.rectification !== undefined && !rectification) throw new AppError('NOT_FOUND', `no rectification ${upload.rectification}`);
  const branchCode = rectification?.branchCode ?? upload.branch;
  if (!branchCode) throw AppError.invalid('branch', 'name the branch or the rectification the photo belongs to');
  const target = await findBranchTarget(deps.db.sql, branchCode);
  if (!target || target.kind !== 'branch') throw AppError.invalid('branch', `unknown branch "${branchCode}"`);
  authorize(actor.principal, rectification ? 'rectifications.fix' : 'inspections.submit', target, { hideOutsideScope: true });
  // Evidence for a fix is taken until the inspector has verified it (the web page and the chat alike).
  if (rectification && !canAttachPhoto(rectification.status)) throw new AppError('CONFLICT', `this rectification is already ${rectification.status}`);
  const { contentType, bytes } = preparePhoto(upload.bytes, { maxBytes: deps.photos.maxBytes, keepLocation: !rectification && upload.kind === 'mystery_shopper' });
  const id = upload.id ?? randomUUID();
  const storageKey = `${id}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
  await fs.mkdir(deps.photos.dir, { recursive: true });
  await fs.writeFile(path.join(deps.photos.dir, storageKey), bytes, { mode: 0o600 });
  await deps.db.changes.transaction(async (tx, changes) => {
    const inserted = await insertPhoto(tx, {
      id, branchId: target.branchId, inspectionId: null, rectificationId: rectification?.id ?? null, contentType, sizeBytes: bytes.length,
      storageKey, uploadedBy: actorLabel(actor.principal), createdAt: now,
    });
    if (!inserted) return; // the same chat message again: stored, audited and redrawn the first time
    await recordAudit(tx, actor, { action: 'inspections.photo_upload', targetType: rectification ? 'rectification' : 'branch', targetId: rectification ? String(rectification.id) : branchCode, summary: { photo: id, bytes: bytes.length } }, now);
    if (rectification) {
      await insertRectificationEvent(tx, { rectificationId: rectification.id, kind: 'photo', at: now, actor: actorLabel(actor.principal), channel: actor.channel, data: { photo: id } });
      // The cards say how many photos the fix has.
      if ((await refreshRectificationCards(tx, deps, rectification, now, `photo:${id}`)) > 0) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    }
  });
  return { id, contentType, size: bytes.length };
}

export async function readPhoto(deps: InspectionDeps, principal: Principal, id: string): Promise<{ contentType: string; bytes: Buffer }> {
  const photo = await selectPhoto(deps.db.sql, id);
  if (!photo) throw new AppError('NOT_FOUND', `no photo ${id}`);
  const target = await findBranchTarget(deps.db.sql, photo.branchCode);
  authorize(principal, 'inspections.read', target, { hideOutsideScope: true });
  return { contentType: photo.contentType, bytes: await fs.readFile(path.join(deps.photos.dir, photo.storageKey)) };
}
