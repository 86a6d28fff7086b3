import type { CardButton, CardElement } from '$contract/payloads/chat.ts';
import type { OutboundMessage } from '../channel/channel.ts';
import { formatShortTime } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import type { InspectionFindingsData, RectificationCardData } from '../ports.ts';
import { timeLeftText } from './complaint.cards.ts';

export type { InspectionFindingsData, RectificationCardData };

const KIND: Record<Locale, Record<string, string>> = {
  'zh-CN': { routine: '例行检查', mystery_shopper: '暗访', self_check: '自查' },
  en: { routine: 'Routine inspection', mystery_shopper: 'Mystery shopper', self_check: 'Self-check' },
};
const STATUS: Record<Locale, Record<RectificationCardData['status'], string>> = {
  'zh-CN': { open: '待整改', fixed: '已整改，待验收', verified: '已验收', reopened: '被退回，重新整改' },
  en: { open: 'To fix', fixed: 'Fixed, awaiting verification', verified: 'Verified', reopened: 'Sent back, to fix again' },
};
const ESCALATION: Record<Locale, Record<NonNullable<RectificationCardData['escalation']>, string>> = {
  'zh-CN': { owner: '整改即将到期', branch_head: '整改已到期', region_manager: '整改逾期升级', leadership: '整改严重逾期' },
  en: { owner: 'Fix due soon', branch_head: 'Fix due', region_manager: 'Fix overdue (escalated)', leadership: 'Fix long overdue' },
};

/** Which form a click opened on the card: the note of 已整改, the reason of 申请延期 or of 退回. */
export type RectificationForm = 'fix' | 'extend' | 'reject';

const isOpen = (r: RectificationCardData) => r.status === 'open' || r.status === 'reopened';

function headline(r: RectificationCardData, now: Date, locale: Locale): { title: string; color: 'blue' | 'orange' | 'red' | 'green' } {
  const en = locale === 'en';
  const item = `${r.item} ${r.text}`;
  if (r.status === 'verified') return { title: en ? `Fix verified · ${item}` : `整改已验收 · ${item}`, color: 'green' };
  if (r.status === 'fixed') return { title: en ? `Fix to verify · ${item}` : `整改待验收 · ${item}`, color: 'blue' };
  if (r.escalation) return { title: `${ESCALATION[locale][r.escalation]} · ${item}`, color: r.escalation === 'owner' ? 'orange' : 'red' };
  if (Date.parse(r.dueAt) < now.getTime()) return { title: en ? `[Overdue] Fix · ${item}` : `【已逾期】整改 · ${item}`, color: 'red' };
  if (r.status === 'reopened') return { title: en ? `Fix sent back · ${item}` : `整改被退回 · ${item}`, color: 'orange' };
  return { title: en ? `${r.redLine ? '[Red line] ' : ''}Fix required · ${item}` : `${r.redLine ? '【红线】' : ''}整改通知 · ${item}`, color: r.redLine ? 'red' : 'orange' };
}

/**
 * One rectification: what was found, the deadline and time left, its state; 已整改 / 申请延期 while
 * open (each opens a form: a note or a reason, then 提交), 同意延期 when one was asked, 通过 / 退回
 * once fixed. Photos come as images sent in reply to this card, or on the page it links to.
 */
export function buildRectificationCard(r: RectificationCardData, options: { locale: Locale; timeZone: string; now: Date; form?: RectificationForm; note?: string }): OutboundMessage {
  const { locale, timeZone, now } = options;
  const en = locale === 'en';
  const { title, color } = headline(r, now, locale);
  const elements: CardElement[] = [
    { kind: 'fields', fields: [
      { label: en ? 'Branch' : '网点', value: r.branchName },
      { label: en ? 'Finding' : '问题', value: `${r.reason}（${en ? '−' : '扣 '}${r.pointsLost}${en ? ' pts' : ' 分'}）` },
      { label: en ? 'Status' : '状态', value: STATUS[locale][r.status] },
      ...(r.fixedNote ? [{ label: en ? 'What was done' : '整改说明', value: r.fixedNote }] : []),
      ...(r.photos > 0 ? [{ label: en ? 'Photos' : '照片', value: `${r.photos}` }] : []),
      ...(r.extensionReason ? [{ label: en ? 'Extension asked' : '延期申请', value: r.extensionReason }] : []),
    ] },
    { kind: 'markdown', text: `**${en ? 'Due' : '整改期限'}** ${formatShortTime(r.dueAt, timeZone, locale)}${isOpen(r) ? `${en ? ' — ' : '，'}**${timeLeftText(r.dueAt, now, locale)}**` : ''}` },
  ];
  const value = { id: r.id, branch: r.branch, version: r.version, locale };
  const buttons: CardButton[] = [];
  if (isOpen(r) && options.form === undefined) {
    buttons.push({ label: en ? 'Fixed' : '已整改', style: 'primary', value: { action: 'rectification.fix_form', ...value } });
    if (!r.extensionReason) buttons.push({ label: en ? 'Request extension' : '申请延期', style: 'default', value: { action: 'rectification.extend_form', ...value } });
    else buttons.push({ label: en ? 'Grant extension' : '同意延期', style: 'default', value: { action: 'rectification.grant', ...value } });
  }
  if (r.status === 'fixed' && options.form === undefined) {
    buttons.push({ label: en ? 'Accept' : '通过', style: 'primary', value: { action: 'rectification.verify', ...value } });
    buttons.push({ label: en ? 'Send back' : '退回', style: 'danger', value: { action: 'rectification.reject_form', ...value } });
  }
  if (r.url) buttons.push({ label: en ? 'Open page (photos)' : '查看详情（上传照片）', style: 'default', value: { action: 'link' }, url: r.url });
  if (buttons.length > 0) elements.push({ kind: 'actions', buttons });
  if (options.form) elements.push(formOf(options.form, value, locale));
  if (isOpen(r)) elements.push({ kind: 'note', text: en ? 'Reply to this card with photos of the fix.' : '可直接回复此卡片发送整改照片。' });
  if (options.note) elements.push({ kind: 'note', text: options.note });
  return { kind: 'card', card: { title, color, elements } };
}

function formOf(form: RectificationForm, value: Record<string, string | number>, locale: Locale): CardElement {
  const en = locale === 'en';
  const submit = (action: string): CardButton => ({ label: en ? 'Submit' : '提交', style: 'primary', value: { action, ...value } });
  switch (form) {
    case 'fix':
      return { kind: 'form', name: 'fix', inputs: [{ name: 'note', label: en ? 'What was done' : '整改说明', placeholder: en ? 'e.g. replaced the extinguisher' : '例如：已更换灭火器并登记', required: true }], submit: submit('rectification.fix') };
    case 'extend':
      return { kind: 'form', name: 'extend', inputs: [{ name: 'reason', label: en ? 'Why more time' : '延期理由', required: true }], submit: submit('rectification.extend') };
    case 'reject':
      return { kind: 'form', name: 'reject', inputs: [{ name: 'reason', label: en ? 'Why it is sent back' : '退回理由', required: true }], submit: submit('rectification.reject') };
  }
}

/** The failed inspection: score against the pass mark, red lines first, each finding's deadline. */
export function buildFindingsCard(d: InspectionFindingsData, options: { locale: Locale; timeZone: string }): OutboundMessage {
  const { locale, timeZone } = options;
  const en = locale === 'en';
  const lines = d.findings.map((f) => `${f.redLine ? '🔴' : '🟠'} **${f.item}** ${f.text} ${en ? '−' : '扣 '}${f.pointsLost}${en ? '' : ' 分'}：${f.reason}（${en ? 'due' : '期限'} ${formatShortTime(f.dueAt, timeZone, locale)}）`);
  const elements: CardElement[] = [
    { kind: 'fields', fields: [
      { label: en ? 'Branch' : '网点', value: d.branchName },
      { label: en ? 'Kind' : '类型', value: KIND[locale][d.kind] ?? d.kind },
      { label: en ? 'Score' : '得分', value: `${d.score}${en ? ` (pass mark ${d.passMark})` : ` 分（合格线 ${d.passMark} 分）`}` },
      { label: en ? 'Visited' : '检查时间', value: formatShortTime(d.visitedAt, timeZone, locale) },
    ] },
    ...(d.redLineFailed ? [{ kind: 'markdown' as const, text: en ? '**A red-line item lost points: the inspection fails whatever the score.**' : '**存在红线项扣分，本次检查不合格。**' }] : []),
    { kind: 'markdown', text: lines.join('\n') },
    { kind: 'note', text: en ? `${d.findings.length} fixes follow, one card each.` : `共 ${d.findings.length} 项整改，逐项卡片随后发送。` },
  ];
  if (d.url) elements.push({ kind: 'actions', buttons: [{ label: en ? 'Details' : '查看详情', style: 'default', value: { action: 'link' }, url: d.url }] });
  return { kind: 'card', card: { title: en ? `Inspection failed · ${d.branchName} ${d.score}` : `检查未通过 · ${d.branchName} ${d.score} 分`, color: 'red', elements } };
}

export const summarizeRectification = (r: RectificationCardData, now: Date, locale: Locale): string =>
  `${r.branchName} ${r.item} ${r.text} · ${isOpen(r) ? timeLeftText(r.dueAt, now, locale) : STATUS[locale][r.status]}`;

export const summarizeFindings = (d: InspectionFindingsData, locale: Locale): string =>
  locale === 'en' ? `Inspection failed at ${d.branchName}: ${d.score}, ${d.findings.length} fixes` : `${d.branchName} 检查未通过：${d.score} 分，${d.findings.length} 项整改`;
