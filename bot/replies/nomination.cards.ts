import type { OutboundMessage } from '../channel/channel.ts';
import { formatShortTime } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import type { NominationCardData } from '../ports.ts';

export type { NominationCardData };

type Status = NominationCardData['status'];

const TEXT = {
  'zh-CN': {
    review: '服务明星提名待审批',
    title: { approved: '服务明星提名 · 已通过', rejected: '服务明星提名 · 已驳回', lapsed: '服务明星提名 · 已失效', pending: '服务明星提名待审批' } as Record<Status, string>,
    nominee: '被提名人', branch: '网点', nominator: '提名人', reason: '提名理由', at: '提名时间', approver: '审批人', praise: '客户表扬',
    month: (f: NonNullable<NominationCardData['figures']>) => `本月办理 ${f.ticketsHandled} 笔 · 满意率 ${f.satisfaction === null ? '—' : `${(f.satisfaction * 100).toFixed(1)}%`} · 差错 ${f.errors} 笔 · 客户好评 ${f.praise} 次`,
    monthLabel: '本月表现',
    approve: '通过', reject: '驳回',
    decided: (who: string, verb: string, at: string) => `**${who}** 已于 ${at} ${verb}`,
    verb: { approved: '通过', rejected: '驳回', lapsed: '标记失效', pending: '' } as Record<Status, string>,
    lapsedBy: '系统', decisionReason: '理由',
    stale: '此提名已在别处处理，以下为当前状态。',
    recorded: '提名已记录', recordedNote: (approver: string) => `已提交 ${approver} 审批，结果会通知您。`,
    yours: { approved: '您对 **{nominee}** 的服务明星提名已通过。', rejected: '您对 **{nominee}** 的服务明星提名已被驳回。', lapsed: '您对 **{nominee}** 的服务明星提名到月末仍未审批，已失效。', pending: '' } as Record<Status, string>,
    nomineeTold: '恭喜！**{nominator}** 提名您为服务明星，提名已通过。',
  },
  en: {
    review: 'Service-star nomination to review',
    title: { approved: 'Service-star nomination · approved', rejected: 'Service-star nomination · rejected', lapsed: 'Service-star nomination · lapsed', pending: 'Service-star nomination to review' } as Record<Status, string>,
    nominee: 'Nominee', branch: 'Branch', nominator: 'Nominated by', reason: 'Reason', at: 'Nominated at', approver: 'Approver', praise: 'Customer praise',
    month: (f: NonNullable<NominationCardData['figures']>) => `This month: ${f.ticketsHandled} tickets · satisfaction ${f.satisfaction === null ? '—' : `${(f.satisfaction * 100).toFixed(1)}%`} · ${f.errors} errors · ${f.praise} five-star ratings`,
    monthLabel: 'This month',
    approve: 'Approve', reject: 'Reject',
    decided: (who: string, verb: string, at: string) => `**${who}** ${verb} this at ${at}`,
    verb: { approved: 'approved', rejected: 'rejected', lapsed: 'closed as lapsed', pending: '' } as Record<Status, string>,
    lapsedBy: 'The system', decisionReason: 'Reason',
    stale: 'This nomination was already decided elsewhere; this is where it stands.',
    recorded: 'Nomination recorded', recordedNote: (approver: string) => `Sent to ${approver} for review; you will hear the result.`,
    yours: { approved: 'Your service-star nomination of **{nominee}** was approved.', rejected: 'Your service-star nomination of **{nominee}** was rejected.', lapsed: 'Your service-star nomination of **{nominee}** was not reviewed by month end and lapsed.', pending: '' } as Record<Status, string>,
    nomineeTold: 'Congratulations! **{nominator}** nominated you as a service star, and it was approved.',
  },
} as const;

const COLOR: Record<Status, 'orange' | 'green' | 'grey' | 'red'> = { pending: 'orange', approved: 'green', rejected: 'grey', lapsed: 'grey' };

function facts(n: NominationCardData, locale: Locale, timeZone: string) {
  const t = TEXT[locale];
  return {
    kind: 'fields' as const,
    fields: [
      { label: t.nominee, value: `${n.nominee}（${n.nomineeCode}）` },
      { label: t.branch, value: n.branchName ?? '—' },
      { label: t.nominator, value: n.nominator },
      { label: t.at, value: formatShortTime(n.createdAt, timeZone, locale) },
      ...(n.approver ? [{ label: t.approver, value: n.approver }] : []),
    ],
  };
}

/**
 * The approver's card: pending → the nominee's month figures and 通过 / 驳回 buttons (驳回 asks
 * for a reason); decided → who decided, when and why, no buttons. `stale` says the click came from
 * a card whose state had changed elsewhere.
 */
export function buildNominationReviewCard(n: NominationCardData, options: { locale: Locale; timeZone: string; stale?: boolean }): OutboundMessage {
  const t = TEXT[options.locale];
  const elements: Extract<OutboundMessage, { kind: 'card' }>['card']['elements'] = [facts(n, options.locale, options.timeZone), { kind: 'markdown', text: `**${t.reason}**\n${n.reason}` }];
  if (n.praise) elements.push({ kind: 'markdown', text: `**${t.praise}**\n${n.praise}` });
  if (n.figures) elements.push({ kind: 'markdown', text: `**${t.monthLabel}**\n${t.month(n.figures)}` });
  if (n.status === 'pending') {
    const value = { id: n.id, branch: n.branch ?? '', locale: options.locale };
    elements.push({ kind: 'actions', buttons: [
      { label: t.approve, style: 'primary', value: { action: 'nomination.approve', ...value } },
      { label: t.reject, style: 'danger', value: { action: 'nomination.reject', ...value } },
    ] });
  } else {
    const who = n.status === 'lapsed' ? t.lapsedBy : n.decidedBy ?? '—';
    const at = n.decidedAt ? formatShortTime(n.decidedAt, options.timeZone, options.locale) : '—';
    elements.push({ kind: 'divider' }, { kind: 'markdown', text: t.decided(who, t.verb[n.status], at) + (n.decisionReason ? `\n${t.decisionReason}：${n.decisionReason}` : '') });
  }
  if (options.stale) elements.push({ kind: 'note', text: t.stale });
  return { kind: 'card', card: { title: t.title[n.status], color: COLOR[n.status], elements } };
}

/** The reply to the person who nominated. */
export function buildNominationRecordedCard(n: NominationCardData, options: { locale: Locale; timeZone: string }): OutboundMessage {
  const t = TEXT[options.locale];
  return { kind: 'card', card: { title: t.recorded, color: 'blue', elements: [facts(n, options.locale, options.timeZone), { kind: 'markdown', text: `**${t.reason}**\n${n.reason}` }, { kind: 'note', text: t.recordedNote(n.approver ?? '—') }] } };
}

/** Tells the nominator the decision, or the nominee that they were recognised. */
export function buildNominationDecidedCard(n: NominationCardData, options: { locale: Locale; timeZone: string }): OutboundMessage {
  const t = TEXT[options.locale];
  const text = n.audience === 'nominee' ? t.nomineeTold.replace('{nominator}', n.nominator) : t.yours[n.status].replace('{nominee}', n.nominee);
  const elements: Extract<OutboundMessage, { kind: 'card' }>['card']['elements'] = [{ kind: 'markdown', text }, facts(n, options.locale, options.timeZone)];
  if (n.decisionReason) elements.push({ kind: 'markdown', text: `**${t.decisionReason}**\n${n.decisionReason}` });
  return { kind: 'card', card: { title: t.title[n.status], color: COLOR[n.status], elements } };
}

/** One line of a digest. */
export const summarizeNomination = (n: NominationCardData, locale: Locale): string =>
  locale === 'en' ? `Nomination of ${n.nominee} (${n.branchName ?? '—'}) awaits review` : `${n.branchName ?? ''} ${n.nominee} 的服务明星提名待审批`;
