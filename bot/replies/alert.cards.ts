import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';

/**
 * A plain alert: a title, facts and lines, coloured by severity. For alerts without a card of
 * their own (KPI thresholds, operations notices); complaint and inspection alerts bring theirs.
 */
export interface AlertNoticeData {
  title: string;
  severity: 'info' | 'warning' | 'critical';
  lines: string[];
  /** Where it happened, e.g. the branch name: the digest's line starts with it. */
  unit?: string;
}

const COLOR = { info: 'blue', warning: 'orange', critical: 'red' } as const;

export function buildAlertNoticeCard(data: AlertNoticeData, locale: Locale): OutboundMessage {
  const prefix = data.severity === 'critical' ? (locale === 'en' ? '[Urgent] ' : '【紧急】') : '';
  return {
    kind: 'card',
    card: {
      title: `${prefix}${data.title}`,
      color: COLOR[data.severity] ?? 'blue',
      elements: [
        ...(data.unit ? [{ kind: 'fields' as const, fields: [{ label: locale === 'en' ? 'Unit' : '机构', value: data.unit }] }] : []),
        { kind: 'markdown', text: data.lines.join('\n') || '—' },
      ],
    },
  };
}

export const summarizeAlertNotice = (data: AlertNoticeData): string => (data.unit ? `${data.unit}：${data.title}` : data.title);
