import type { CardButton, CardElement } from '$contract/payloads/chat.ts';
import type { OutboundMessage } from '../channel/channel.ts';
import { formatShortTime } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import type { ComplaintCardData } from '../ports.ts';

export type { ComplaintCardData };

const CATEGORY: Record<Locale, Record<string, string>> = {
  'zh-CN': { service_attitude: '服务态度', wait_time: '等候时间', fees: '收费', product: '产品', operation_error: '业务差错', privacy: '个人信息', system: '系统故障', marketing: '营销行为', other: '其他' },
  en: { service_attitude: 'Service attitude', wait_time: 'Waiting time', fees: 'Fees', product: 'Product', operation_error: 'Operation error', privacy: 'Personal data', system: 'System fault', marketing: 'Marketing', other: 'Other' },
};
const CHANNEL: Record<Locale, Record<string, string>> = {
  'zh-CN': { counter: '柜面', hotline: '客服热线', online: '网上银行', app: '手机银行', letter: '信函', email: '电子邮件', regulator: '监管转办', crm: '客户关系系统', bot: '飞书登记', other: '其他' },
  en: { counter: 'Counter', hotline: 'Hotline', online: 'Online banking', app: 'Mobile app', letter: 'Letter', email: 'Email', regulator: 'Regulator transfer', crm: 'CRM', bot: 'Registered in chat', other: 'Other' },
};
const STATUS: Record<Locale, Record<string, string>> = {
  'zh-CN': { received: '待认领', claimed: '已认领', in_progress: '处理中', decided: '已办结', closed: '已关闭' },
  en: { received: 'Unclaimed', claimed: 'Claimed', in_progress: 'In progress', decided: 'Decided', closed: 'Closed' },
};

/** "剩余 2 天 5 小时" / "已超时 3 小时", from the deadline and the instant of rendering. */
export function timeLeftText(dueIso: string, now: Date, locale: Locale): string {
  const ms = Date.parse(dueIso) - now.getTime();
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  const days = Math.floor(hours / 24);
  const span = locale === 'en' ? (days > 0 ? `${days} d ${hours % 24} h` : `${hours} h`) : days > 0 ? `${days} 天 ${hours % 24} 小时` : `${hours} 小时`;
  if (ms < 0) return locale === 'en' ? `overdue by ${span}` : `已超时 ${span}`;
  return locale === 'en' ? `${span} left` : `剩余 ${span}`;
}

function headline(c: ComplaintCardData, now: Date, locale: Locale): { title: string; color: 'blue' | 'orange' | 'red' | 'grey' | 'green' } {
  const en = locale === 'en';
  if (c.status === 'decided' || c.status === 'closed') return { title: en ? `Complaint ${c.reference} decided` : `投诉已办结 · ${c.reference}`, color: 'green' };
  if (c.clockState === 'paused') return { title: en ? `Complaint clock paused · ${c.reference}` : `投诉计时已暂停 · ${c.reference}`, color: 'grey' };
  if (c.clockState === 'overdue') return { title: en ? `[Overdue] Complaint ${c.reference}` : `【已超时】投诉 ${c.reference}`, color: 'red' };
  const urgent = Date.parse(c.decisionDueAt) - now.getTime() <= 24 * 3_600_000;
  if (c.clockState === 'due_soon') return { title: en ? `Complaint due soon · ${c.reference}` : `投诉即将到期 · ${c.reference}`, color: urgent ? 'red' : 'orange' };
  return { title: en ? `Complaint to handle · ${c.reference}` : `投诉待处理 · ${c.reference}`, color: 'blue' };
}

/**
 * The complaint alert card (escalation ladder, 投诉 list): masked customer, statutory deadline and
 * time left, who handles it; 认领 / 已联系客户 / 申请延期 / 查看详情 while it is open.
 */
export function buildComplaintCard(c: ComplaintCardData, options: { locale: Locale; timeZone: string; now: Date; note?: string }): OutboundMessage {
  const { locale, timeZone, now } = options;
  const en = locale === 'en';
  const { title, color } = headline(c, now, locale);
  const open = c.status !== 'decided' && c.status !== 'closed';
  const elements: CardElement[] = [
    { kind: 'fields', fields: [
      { label: en ? 'Branch' : '网点', value: c.branchName },
      { label: en ? 'Customer' : '客户', value: [c.complainant, c.phone].filter(Boolean).join(' ') },
      { label: en ? 'Category' : '类别', value: CATEGORY[locale][c.category] ?? c.category },
      { label: en ? 'Channel' : '渠道', value: CHANNEL[locale][c.channel] ?? c.channel },
      { label: en ? 'Received' : '受理时间', value: formatShortTime(c.receivedAt, timeZone, locale) },
      { label: en ? 'Status' : '状态', value: `${STATUS[locale][c.status] ?? c.status}${c.handler ? `（${c.handler}）` : ''}${c.updatedAt && c.status !== 'received' ? ` · ${formatShortTime(c.updatedAt, timeZone, locale)}` : ''}` },
    ] },
    { kind: 'markdown', text: en
      ? `**Decision due** ${formatShortTime(c.decisionDueAt, timeZone, locale)} (${c.stage}-day limit)${open ? ` — **${timeLeftText(c.decisionDueAt, now, locale)}**` : ''}`
      : `**处理时限** ${formatShortTime(c.decisionDueAt, timeZone, locale)}（${c.stage} 日时限）${open ? `，**${timeLeftText(c.decisionDueAt, now, locale)}**` : ''}` },
  ];
  const buttons: CardButton[] = [];
  const value = { id: c.id, branch: c.branch, locale };
  if (open && c.status === 'received') buttons.push({ label: en ? 'Claim' : '认领', style: 'primary', value: { action: 'complaint.claim', ...value } });
  if (open && c.status !== 'in_progress') buttons.push({ label: en ? 'Customer contacted' : '已联系客户', style: c.status === 'received' ? 'default' : 'primary', value: { action: 'complaint.contact', ...value } });
  if (open && c.stage === 15) buttons.push({ label: en ? 'Request extension' : '申请延期', style: 'default', value: { action: 'complaint.request_extension', ...value } });
  if (c.url) buttons.push({ label: en ? 'Details' : '查看详情', style: 'default', value: { action: 'link' }, url: c.url });
  if (buttons.length > 0) elements.push({ kind: 'actions', buttons });
  if (options.note) elements.push({ kind: 'note', text: options.note });
  return { kind: 'card', card: { title, color, elements } };
}

/** One line of a digest or a list. */
export const summarizeComplaint = (c: ComplaintCardData, now: Date, locale: Locale): string =>
  `${c.reference} ${c.branchName} ${CATEGORY[locale][c.category] ?? c.category} · ${timeLeftText(c.decisionDueAt, now, locale)}`;

/** `投诉`: the open complaints in scope, soonest due first, each with its buttons. */
export function buildComplaintListCard(items: ComplaintCardData[], options: { locale: Locale; timeZone: string; now: Date }): OutboundMessage {
  const en = options.locale === 'en';
  if (items.length === 0) return { kind: 'card', card: { title: en ? 'Open complaints (0)' : '未办结投诉（0）', color: 'green', elements: [{ kind: 'markdown', text: en ? 'No open complaints in your scope.' : '您的范围内暂无未办结投诉。' }] } };
  const elements: CardElement[] = [];
  for (const c of items) {
    elements.push({ kind: 'markdown', text: `${c.clockState === 'overdue' ? '🔴' : c.clockState === 'due_soon' ? '🟠' : c.clockState === 'paused' ? '⏸' : '🔵'} ${summarizeComplaint(c, options.now, options.locale)}` });
    const value = { id: c.id, branch: c.branch, locale: options.locale };
    const buttons: CardButton[] = [];
    if (c.status === 'received') buttons.push({ label: en ? 'Claim' : '认领', style: 'primary', value: { action: 'complaint.claim', ...value } });
    if (c.url) buttons.push({ label: en ? 'Details' : '查看详情', style: 'default', value: { action: 'link' }, url: c.url });
    if (buttons.length > 0) elements.push({ kind: 'actions', buttons });
  }
  const overdue = items.filter((c) => c.clockState === 'overdue').length;
  return { kind: 'card', card: { title: en ? `Open complaints (${items.length})` : `未办结投诉（${items.length}）`, color: overdue > 0 ? 'red' : 'orange', elements } };
}
