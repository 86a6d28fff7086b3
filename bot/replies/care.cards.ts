import type { CardButton, CardElement } from '$contract/payloads/chat.ts';
import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';
import type { CareCardTask, CareDigestData } from '../ports.ts';

/** Open tasks shown on one card; a festival morning may list many, the rest are in `关怀` and the back office. */
const SHOWN = 15;

const TIER: Record<Locale, Record<string, string>> = {
  'zh-CN': { mass: '大众', gold: '金卡', platinum: '白金', diamond: '钻石', private: '私行' },
  en: { mass: 'Mass', gold: 'Gold', platinum: 'Platinum', diamond: 'Diamond', private: 'Private' },
};
const VIA: Record<Locale, Record<string, string>> = {
  'zh-CN': { phone: '电话', sms: '短信', visit: '上门' },
  en: { phone: 'Phone', sms: 'SMS', visit: 'Visit' },
};
export const SKIP_REASONS: Record<Locale, Record<string, string>> = {
  'zh-CN': { unreachable: '联系不上', declined: '客户婉拒', greeted_elsewhere: '已另行问候', wrong_data: '资料有误', other: '其他' },
  en: { unreachable: 'Unreachable', declined: 'Declined', greeted_elsewhere: 'Greeted elsewhere', wrong_data: 'Wrong data', other: 'Other' },
};

const monthDay = (day: string, locale: Locale) => (locale === 'en' ? day.slice(5) : `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`);

/** "张*明 · 生日 · 钻石 · 9月15日" */
export function careTaskLine(t: CareCardTask, locale: Locale): string {
  const occasion = locale === 'en' && t.kind === 'birthday' ? 'Birthday' : t.occasion;
  return `${t.customer} · ${occasion} · ${TIER[locale][t.tier] ?? t.tier} · ${monthDay(t.occasionDate, locale)}`;
}

function stateText(t: CareCardTask, locale: Locale): string {
  if (t.status === 'done') return locale === 'en' ? `✅ done (${VIA[locale][t.doneVia ?? ''] ?? ''})` : `✅ 已${VIA[locale][t.doneVia ?? ''] ?? ''}问候`;
  if (t.status === 'skipped') return locale === 'en' ? '⏭ skipped' : '⏭ 已跳过';
  return '';
}

/** 电话 / 短信 / 上门 (done, and how) and 跳过 (then a reason): `card` says which card to redraw after. */
export function careButtons(t: CareCardTask, where: { branch: string; day: string; staff: string; card: 'digest' | 'list' }, locale: Locale): CardButton[] {
  const value = { id: t.id, branch: where.branch, day: where.day, staff: where.staff, card: where.card, locale };
  const label = `${t.customer} ${t.occasion}`;
  return [
    { label: VIA[locale].phone!, style: 'primary', value: { action: 'care.done', via: 'phone', ...value } },
    { label: VIA[locale].sms!, style: 'default', value: { action: 'care.done', via: 'sms', ...value } },
    { label: VIA[locale].visit!, style: 'default', value: { action: 'care.done', via: 'visit', ...value } },
    { label: locale === 'en' ? 'Skip' : '跳过', style: 'default', value: { action: 'care.skip_ask', label, ...value } },
  ];
}

/**
 * The morning list (one per branch chat, or per account manager): tasks grouped by manager, the
 * customer's name masked, occasion, tier, a suggested greeting, and the buttons while open.
 */
export function buildCareDigestCard(d: CareDigestData, options: { locale: Locale; note?: string }): OutboundMessage {
  const { locale } = options;
  const en = locale === 'en';
  const all = d.groups.flatMap((g) => g.tasks);
  const open = all.filter((t) => t.status === 'open').length;
  const elements: CardElement[] = [];
  let shown = 0;
  for (const group of d.groups) {
    const groupOpen = group.tasks.filter((t) => t.status === 'open').length;
    elements.push({ kind: 'markdown', text: en ? `**${group.manager}** · ${groupOpen} open of ${group.tasks.length}` : `**${group.manager}** · 待办 ${groupOpen} / 共 ${group.tasks.length}` });
    for (const t of group.tasks) {
      if (t.status === 'open' && shown >= SHOWN) continue;
      elements.push({ kind: 'markdown', text: `${careTaskLine(t, locale)}${t.status === 'open' ? `\n💬 ${t.greeting}` : `　${stateText(t, locale)}`}` });
      if (t.status === 'open') {
        shown++;
        elements.push({ kind: 'actions', buttons: careButtons(t, { branch: d.branch, day: d.day, staff: d.staffCode ?? '', card: 'digest' }, locale) });
      }
    }
    elements.push({ kind: 'divider' });
  }
  if (open > shown) elements.push({ kind: 'note', text: en ? `${open - shown} more open: send "care" or see the back office.` : `另有 ${open - shown} 项待办：发送「关怀」或到后台查看。` });
  if (all.length === 0) elements.push({ kind: 'markdown', text: en ? 'No greetings today.' : '今日无关怀任务。' });
  if (options.note) elements.push({ kind: 'note', text: options.note });
  const title = en ? `Customer care · ${d.branchName} · ${monthDay(d.day, locale)} (${all.length - open}/${all.length} handled)` : `今日客户关怀 · ${d.branchName} · ${monthDay(d.day, locale)}（已处理 ${all.length - open}/${all.length}）`;
  return { kind: 'card', card: { title, color: open === 0 ? 'green' : 'blue', elements } };
}

export const summarizeCareDigest = (d: CareDigestData, locale: Locale): string => {
  const all = d.groups.flatMap((g) => g.tasks);
  return locale === 'en' ? `Customer care ${d.branchName}: ${all.length} greetings` : `客户关怀 ${d.branchName}：${all.length} 项`;
};

/** `关怀` / `care`: my open tasks, each with its buttons. */
export function buildCareListCard(tasks: Array<CareCardTask & { branch: string; day: string }>, options: { locale: Locale; staffCode: string; note?: string }): OutboundMessage {
  const en = options.locale === 'en';
  const elements: CardElement[] = [];
  for (const t of tasks.slice(0, SHOWN)) {
    elements.push({ kind: 'markdown', text: `${careTaskLine(t, options.locale)}\n💬 ${t.greeting}` });
    elements.push({ kind: 'actions', buttons: careButtons(t, { branch: t.branch, day: t.day, staff: options.staffCode, card: 'list' }, options.locale) });
  }
  if (tasks.length === 0) elements.push({ kind: 'markdown', text: en ? 'No open customer-care tasks. 👍' : '暂无待办的客户关怀。👍' });
  if (tasks.length > SHOWN) elements.push({ kind: 'note', text: en ? `${tasks.length - SHOWN} more in the back office.` : `另有 ${tasks.length - SHOWN} 项，请到后台查看。` });
  if (options.note) elements.push({ kind: 'note', text: options.note });
  return { kind: 'card', card: { title: en ? `My customer care (${tasks.length})` : `我的客户关怀（${tasks.length}）`, color: tasks.length > 0 ? 'orange' : 'green', elements } };
}

/** After 跳过: the reasons, as buttons (one click records the skip). */
export function buildCareSkipCard(value: Record<string, string | number | boolean>, locale: Locale): OutboundMessage {
  const reasons = SKIP_REASONS[locale];
  const { action: _action, label, ...rest } = value;
  const buttons: CardButton[] = Object.entries(reasons).map(([reason, text]) => ({ label: text, style: 'default', value: { ...rest, action: 'care.skip', reason } }));
  return { kind: 'card', card: { title: locale === 'en' ? `Skip: ${String(label)}` : `跳过：${String(label)}`, color: 'grey', elements: [{ kind: 'markdown', text: locale === 'en' ? 'Why is this greeting skipped?' : '请选择跳过原因：' }, { kind: 'actions', buttons }] } };
}

export function buildCareSkippedCard(task: CareCardTask, reason: string, locale: Locale, changed: boolean): OutboundMessage {
  const text = changed
    ? `${careTaskLine(task, locale)}　${locale === 'en' ? `skipped: ${SKIP_REASONS.en[reason] ?? reason}` : `已跳过：${SKIP_REASONS['zh-CN'][reason] ?? reason}`}`
    : `${careTaskLine(task, locale)}　${locale === 'en' ? 'was already closed' : '此任务已处理'}`;
  return { kind: 'card', card: { title: locale === 'en' ? 'Customer care' : '客户关怀', color: 'grey', elements: [{ kind: 'markdown', text }] } };
}

/** The afternoon reminder to whoever still has open tasks. */
export function buildCareReminder(data: { day: string; open: number }, locale: Locale): OutboundMessage {
  return {
    kind: 'card',
    card: {
      title: locale === 'en' ? 'Customer care reminder' : '客户关怀提醒',
      color: 'orange',
      elements: [{ kind: 'markdown', text: locale === 'en'
        ? `You still have **${data.open}** customer greetings open (${monthDay(data.day, locale)}). Send "care" to see them.`
        : `您还有 **${data.open}** 项客户关怀未完成（${monthDay(data.day, locale)}），发送「关怀」查看并处理。` }],
    },
  };
}
