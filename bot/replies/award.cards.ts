import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';
import type { AwardAnnouncementData } from '../ports.ts';

export type { AwardAnnouncementData };

/** `2026-11` → `2026年11月` / `November 2026`. */
const monthText = (month: string, locale: Locale) => {
  const [y, m] = month.split('-');
  return locale === 'en' ? new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }) : `${y}年${Number(m)}月`;
};

/**
 * The month's service stars, announced to a branch or region chat (its own star), to the
 * leadership chat (the list) and to each star personally.
 */
export function buildAwardAnnouncedCard(data: AwardAnnouncementData, locale: Locale): OutboundMessage {
  const en = locale === 'en';
  const title = en ? `Service stars · ${monthText(data.month, locale)}` : `${monthText(data.month, locale)}服务明星`;
  const lines = data.stars.map((s) => {
    const where = s.branchName && !s.scope.startsWith('branch:') ? ` · ${s.branchName}` : '';
    return en
      ? `★ **${s.scopeName}**: ${s.name}${where} (${s.nominations} approved nominations)`
      : `★ **${s.scopeName}**：${s.name}${where}（${s.nominations} 次提名获通过）`;
  });
  const intro = en
    ? `Congratulations to this month's service stars${data.scopeName ? ` of ${data.scopeName}` : ''}, chosen from approved peer nominations.`
    : `恭喜${data.scopeName ? ` ${data.scopeName} ` : ''}本月服务明星！评选依据为同事提名及审批结果。`;
  return { kind: 'card', card: { title, color: 'green', elements: [{ kind: 'markdown', text: intro }, { kind: 'markdown', text: lines.join('\n') }] } };
}

export const summarizeAward = (data: AwardAnnouncementData, locale: Locale): string =>
  locale === 'en' ? `Service stars of ${data.month}: ${data.stars.length}` : `${monthText(data.month, locale)}服务明星 ${data.stars.length} 位`;
