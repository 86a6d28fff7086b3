import type { CardElement } from '$contract/payloads/chat.ts';
import type { OutboundMessage } from '../channel/channel.ts';
import { formatShortTime } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import type { ComplaintCardData, NominationCardData } from '../ports.ts';
import { summarizeComplaint } from './complaint.cards.ts';

const SHOWN = 5;

/** A person's open items, each with the buttons to act on it; an empty list says so plainly. */
export function buildTasksCard(tasks: { nominations: NominationCardData[]; complaints?: ComplaintCardData[] }, options: { locale: Locale; timeZone: string; now?: Date }): OutboundMessage {
  const en = options.locale === 'en';
  const elements: CardElement[] = [];
  const complaints = tasks.complaints ?? [];
  for (const c of complaints) {
    const value = { id: c.id, branch: c.branch, locale: options.locale };
    elements.push({ kind: 'markdown', text: `**${en ? 'Complaint' : '投诉'}** · ${summarizeComplaint(c, options.now ?? new Date(), options.locale)}` });
    elements.push({ kind: 'actions', buttons: c.status === 'received'
      ? [{ label: en ? 'Claim' : '认领', style: 'primary', value: { action: 'complaint.claim', ...value } }]
      : [{ label: en ? 'Customer contacted' : '已联系客户', style: 'default', value: { action: 'complaint.contact', ...value } }] });
  }
  if (tasks.nominations.length === 0 && complaints.length === 0) {
    elements.push({ kind: 'markdown', text: en ? 'Nothing waits for you right now. 👍' : '目前没有待您处理的事项。👍' });
  }
  for (const n of tasks.nominations.slice(0, SHOWN)) {
    const value = { id: n.id, branch: n.branch ?? '', locale: options.locale };
    elements.push(
      { kind: 'markdown', text: en
        ? `**Service-star nomination** · ${n.nominee} (${n.nomineeCode}) by ${n.nominator}, ${formatShortTime(n.createdAt, options.timeZone, options.locale)}\n${n.reason}`
        : `**服务明星提名** · ${n.nominee}（${n.nomineeCode}），提名人 ${n.nominator}，${formatShortTime(n.createdAt, options.timeZone, options.locale)}\n${n.reason}` },
      { kind: 'actions', buttons: [
        { label: en ? 'Approve' : '通过', style: 'primary', value: { action: 'nomination.approve', ...value } },
        { label: en ? 'Reject' : '驳回', style: 'danger', value: { action: 'nomination.reject', ...value } },
      ] },
      { kind: 'divider' },
    );
  }
  if (tasks.nominations.length > SHOWN) elements.push({ kind: 'note', text: en ? `${tasks.nominations.length - SHOWN} more in the back office.` : `另有 ${tasks.nominations.length - SHOWN} 项，请到后台查看。` });
  const count = tasks.nominations.length + complaints.length;
  return { kind: 'card', card: { title: en ? `My tasks (${count})` : `我的任务（${count}）`, color: count > 0 ? 'orange' : 'green', elements } };
}
