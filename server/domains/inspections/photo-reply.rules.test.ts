import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canAttachPhoto, chatPhotoId, rectificationOfSubject, repliedToIds } from './photo-reply.rules.ts';

describe('photos sent in reply to a rectification card', () => {
  it('takes evidence while open, reopened or awaiting verification, not once verified', () => {
    expect(canAttachPhoto('open')).toBe(true);
    expect(canAttachPhoto('reopened')).toBe(true);
    expect(canAttachPhoto('fixed')).toBe(true);
    expect(canAttachPhoto('verified')).toBe(false);
  });

  it('reads the rectification from a card subject and nothing else', () => {
    expect(rectificationOfSubject('rectification:42')).toBe(42);
    expect(rectificationOfSubject('complaint:42')).toBeUndefined();
    expect(rectificationOfSubject('rectification:42:x')).toBeUndefined();
    expect(rectificationOfSubject(null)).toBeUndefined();
  });

  it('looks at the replied-to message first, then the thread root, without blanks or repeats', () => {
    expect(repliedToIds({ parentId: 'om_p', rootId: 'om_r' })).toEqual(['om_p', 'om_r']);
    expect(repliedToIds({ parentId: 'om_p', rootId: 'om_p' })).toEqual(['om_p']);
    expect(repliedToIds({ parentId: '', rootId: undefined })).toEqual([]);
  });

  it('gives one stable UUID per chat message, different per message and channel', () => {
    const id = chatPhotoId('feishu', 'om_1');
    expect(z.string().uuid().safeParse(id).success).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(chatPhotoId('feishu', 'om_1')).toBe(id);
    expect(chatPhotoId('feishu', 'om_2')).not.toBe(id);
    expect(chatPhotoId('console', 'om_1')).not.toBe(id);
  });
});
