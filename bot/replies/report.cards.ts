import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';

/**
 * The monthly service report's headline card (issue #16): posted on the first working day of a
 * month to the leadership chat (the bank) and to each 分行's chat (its region), with a link to the
 * full report in the back office. Pure: the data is what the reports domain queued.
 */
export interface MonthlyReportCardData {
  name: string;
  month: string;
  /** Service index, satisfaction, error rate: value, target, last year; null without data. */
  serviceIndex: number | null;
  serviceIndexLastYear: number | null;
  satisfactionRate: number | null;
  satisfactionTarget: number | null;
  errorRate: number | null;
  errorTarget: number | null;
  finished: number;
  complaints: number;
  onTimeRate: number | null;
  overdue: number;
  best: string[];
  worst: string[];
  url: string;
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null): string => (x === null ? '—' : x.toFixed(1));

export function buildMonthlyReportCard(d: MonthlyReportCardData, locale: Locale): OutboundMessage {
  const en = locale === 'en';
  const delta = d.serviceIndex !== null && d.serviceIndexLastYear !== null ? d.serviceIndex - d.serviceIndexLastYear : null;
  const yoy = delta === null ? '' : en ? ` (YoY ${delta >= 0 ? '+' : ''}${delta.toFixed(1)})` : `（同比 ${delta >= 0 ? '+' : ''}${delta.toFixed(1)}）`;
  const onTarget = d.serviceIndex !== null && d.serviceIndex >= 80;
  return {
    kind: 'card',
    card: {
      title: en ? `Monthly service report ${d.month} · ${d.name}` : `${d.name} ${d.month} 月度服务质量报告`,
      color: d.serviceIndex === null ? 'blue' : onTarget ? 'green' : 'orange',
      elements: [
        { kind: 'fields', fields: [
          { label: en ? 'Service index' : '服务指数', value: `${num(d.serviceIndex)}${yoy}` },
          { label: en ? 'Satisfaction' : '满意率', value: `${pct(d.satisfactionRate)} / ${en ? 'target' : '目标'} ${pct(d.satisfactionTarget)}` },
          { label: en ? 'Error rate (per 10k)' : '差错率(每万笔)', value: `${num(d.errorRate)} / ${en ? 'target' : '目标'} ${num(d.errorTarget)}` },
          { label: en ? 'Tickets finished' : '办结笔数', value: d.finished.toLocaleString('en') },
          { label: en ? 'Complaints' : '投诉受理', value: String(d.complaints) },
          { label: en ? 'Decided on time' : '按时办结率', value: `${pct(d.onTimeRate)}${d.overdue ? (en ? ` · ${d.overdue} overdue` : ` · 超期 ${d.overdue} 件`) : ''}` },
        ] },
        { kind: 'markdown', text: en
          ? `**Best:** ${d.best.join('、') || '—'}\n**Needs attention:** ${d.worst.join('、') || '—'}`
          : `**前三：** ${d.best.join('、') || '—'}\n**待改进：** ${d.worst.join('、') || '—'}` },
        { kind: 'actions', buttons: [{ label: en ? 'Open the report' : '查看完整报告', style: 'primary', value: { action: 'link' }, url: d.url }] },
      ],
    },
  };
}

export const summarizeMonthlyReport = (d: MonthlyReportCardData, locale: Locale): string =>
  locale === 'en' ? `${d.name} ${d.month} report: index ${num(d.serviceIndex)}` : `${d.name} ${d.month} 月报：服务指数 ${num(d.serviceIndex)}`;
