import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';

const SHOWN = 15;
const ICON: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

/**
 * Many alerts to one chat in a short window, as one card: the most severe first, at most 15 lines
 * and a count of the rest. Each line comes from its own template's summary.
 */
export function buildDigestCard(items: Array<{ severity: string; line: string }>, locale: Locale): OutboundMessage {
  const order = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
  const sorted = [...items].sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3));
  const lines = sorted.slice(0, SHOWN).map((i) => `${ICON[i.severity] ?? '•'} ${i.line}`);
  const rest = sorted.length - SHOWN;
  if (rest > 0) lines.push(locale === 'en' ? `…and ${rest} more` : `……另有 ${rest} 条`);
  const critical = items.some((i) => i.severity === 'critical');
  return {
    kind: 'card',
    card: {
      title: locale === 'en' ? `${items.length} alerts` : `${items.length} 条提醒汇总`,
      color: critical ? 'red' : items.some((i) => i.severity === 'warning') ? 'orange' : 'blue',
      elements: [
        { kind: 'markdown', text: lines.join('\n') },
        { kind: 'note', text: locale === 'en' ? 'Sent as one digest because many arrived at once. Send "tasks" to act on them.' : '短时间内提醒较多，已合并为一条。发送「我的任务」逐项处理。' },
      ],
    },
  };
}

/** To the operators' chat: a message that could not be delivered after every retry. */
export function buildParkedCard(data: { outboxId: number; template: string; channel: string; attempts: number; error: string }, locale: Locale): OutboundMessage {
  return {
    kind: 'card',
    card: {
      title: locale === 'en' ? 'A message could not be delivered' : '消息投递失败，已暂停重试',
      color: 'orange',
      elements: [
        { kind: 'fields', fields: [
          { label: locale === 'en' ? 'Outbox id' : '发件箱编号', value: String(data.outboxId) },
          { label: locale === 'en' ? 'Kind' : '消息类型', value: data.template },
          { label: locale === 'en' ? 'Channel' : '渠道', value: data.channel },
          { label: locale === 'en' ? 'Attempts' : '尝试次数', value: String(data.attempts) },
          { label: locale === 'en' ? 'Last error' : '最后错误', value: data.error },
        ] },
        { kind: 'note', text: locale === 'en' ? 'Check the channel settings, then retry it from the back office (Outbox).' : '请检查渠道配置后在后台「发件箱」中重试。' },
      ],
    },
  };
}
