/**
 * A card re-sent before Feishu's 14-day update window closed (ADR 0024): the old copy is redrawn
 * one last time as this short note, without buttons, so nobody acts on a card that can no longer
 * be updated; a click that still reaches an old copy is answered with the same words as a toast.
 */
import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';

export const RETIRED_CARD_TEXT: Record<Locale, string> = {
  'zh-CN': '此卡片已更新，请使用最新卡片',
  en: 'This card was renewed; please use the latest one',
};

/** `about` is a one-line summary of what the card showed (already masked), e.g. the complaint. */
export function buildRetiredCard(data: { about?: string | undefined }, locale: Locale): OutboundMessage {
  return {
    kind: 'card',
    card: {
      title: RETIRED_CARD_TEXT[locale],
      color: 'grey',
      elements: [
        ...(data.about ? [{ kind: 'markdown' as const, text: data.about }] : []),
        { kind: 'note', text: locale === 'en' ? 'A fresh copy was sent to this chat: buttons work there.' : '已在本会话发送一张新卡片，请在新卡片上操作。' },
      ],
    },
  };
}

/** The toast for a click on a replaced card (a text answer becomes Feishu's toast). */
export function buildRetiredCardToast(locale: Locale): OutboundMessage {
  return { kind: 'text', text: RETIRED_CARD_TEXT[locale] };
}
