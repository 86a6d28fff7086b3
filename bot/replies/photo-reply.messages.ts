import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';

/** What became of a picture sent to the bot (in reply to a rectification card, or not). */
export type PhotoReplyOutcome =
  | { kind: 'attached'; rectification: number; item: string; text: string; photos: number }
  | { kind: 'hint' }
  | { kind: 'not_a_card' }
  | { kind: 'forbidden'; rectification: number }
  | { kind: 'closed'; rectification: number }
  | { kind: 'not_image' }
  | { kind: 'too_large'; maxBytes: number }
  | { kind: 'unavailable' };

/** 5 MB, or 512 KB below a megabyte. */
const size = (bytes: number): string => (bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);

const TEXTS: { [K in PhotoReplyOutcome['kind']]: Record<Locale, (o: Extract<PhotoReplyOutcome, { kind: K }>) => string> } = {
  attached: {
    'zh-CN': (o) => `已收到照片，已附到整改 #${o.rectification}（${o.item} ${o.text}），现有照片 ${o.photos} 张。`,
    en: (o) => `Photo received and attached to fix #${o.rectification} (${o.item} ${o.text}); it now has ${o.photos} photo(s).`,
  },
  hint: {
    'zh-CN': () => '要为整改附照片，请在整改通知卡片上点「回复」后发送图片；也可打开卡片上的「查看详情」页面上传。',
    en: () => 'To add a photo to a fix, reply to its rectification card with the picture, or upload it on the page the card’s 查看详情 opens.',
  },
  not_a_card: {
    'zh-CN': () => '这张图片回复的不是整改通知卡片，照片未保存。请在整改通知卡片上点「回复」后发送图片。',
    en: () => 'That picture does not reply to a rectification card, so it was not stored. Reply to the rectification card with the picture.',
  },
  forbidden: {
    'zh-CN': (o) => `抱歉，您无权为整改 #${o.rectification} 提交照片：只有该网点负责人可以提交整改照片。照片未保存。`,
    en: (o) => `Sorry, you may not add photos to fix #${o.rectification}: only that branch’s head can. The photo was not stored.`,
  },
  closed: {
    'zh-CN': (o) => `整改 #${o.rectification} 已验收，不再接收照片。`,
    en: (o) => `Fix #${o.rectification} is already verified and takes no more photos.`,
  },
  not_image: {
    'zh-CN': () => '无法识别这张图片：只接受 JPEG 或 PNG 格式的照片，请重新拍照后发送。',
    en: () => 'That file is not a usable photo: only JPEG or PNG pictures are accepted. Please take the photo again and send it.',
  },
  too_large: {
    'zh-CN': (o) => `照片过大（上限 ${size(o.maxBytes)}），请压缩或降低分辨率后重新发送。`,
    en: (o) => `The photo is too large (at most ${size(o.maxBytes)}); please send a smaller one.`,
  },
  unavailable: {
    'zh-CN': () => '暂时无法取得这张图片，请稍后重新发送，或在整改页面上传。',
    en: () => 'The picture could not be fetched just now; please send it again later, or upload it on the rectification page.',
  },
};

/** The bot's answer to a picture, in the chat's language: a confirmation, a hint, or why it was refused. */
export function buildPhotoReplyMessage(outcome: PhotoReplyOutcome, locale: Locale): OutboundMessage {
  const text = (TEXTS[outcome.kind][locale] as (o: PhotoReplyOutcome) => string)(outcome);
  return { kind: 'text', text };
}
