import { describe, expect, it } from 'vitest';
import { flatten, normalizeMessage } from './normalize.ts';

/** `im.message.receive_v1` for a picture, shaped as Feishu sends it (reference/feishu.md §2.3). */
const imageEvent = (message: Record<string, unknown>) => flatten({
  schema: '2.0',
  header: { event_id: 'ev1', event_type: 'im.message.receive_v1', create_time: '1764295200000', token: 't' },
  event: {
    sender: { sender_id: { open_id: 'ou_head' }, sender_type: 'user' },
    message: { message_id: 'om_img', chat_id: 'oc_1', chat_type: 'p2p', create_time: '1764295200000', message_type: 'image', content: '{"image_key":"img_v3_abc"}', root_id: '', parent_id: '', ...message },
  },
});

describe('normalizeMessage for pictures', () => {
  it('reads the image key and the message replied to', () => {
    const m = normalizeMessage(imageEvent({ parent_id: 'om_card', root_id: 'om_card' }), 'ou_bot')!;
    expect(m).toMatchObject({ messageId: 'om_img', imageKey: 'img_v3_abc', parentId: 'om_card', rootId: 'om_card', text: '[image]' });
  });

  it('leaves out the reply fields Feishu sends empty, and a key of another message type', () => {
    const m = normalizeMessage(imageEvent({}), 'ou_bot')!;
    expect(m.parentId).toBeUndefined();
    expect(m.rootId).toBeUndefined();
    expect(m.imageKey).toBe('img_v3_abc');
    expect(normalizeMessage(imageEvent({ message_type: 'file', content: '{"file_key":"file_v3_x","image_key":"img_v3_abc"}' }), 'ou_bot')!.imageKey).toBeUndefined();
    expect(normalizeMessage(imageEvent({ content: 'not json' }), 'ou_bot')!.imageKey).toBeUndefined();
  });
});
