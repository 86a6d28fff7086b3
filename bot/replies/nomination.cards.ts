import type { OutboundMessage } from '../channel/channel.ts';
import { formatShortTime } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';
import type { NominationCardData } from '../ports.ts';

export type { NominationCardData };


const TEXT = {
  'zh-CN': {
    review: '服务明星提名待审批', approved: '服务明星提名 · 已同意', rejected: '服务明星提名 · 未通过',
    nominee: '被提名人', branch: '网点', nominator: '提名人', reason: '提名理由', at: '提名时间',
    approve: '同意', reject: '不同意', decided: (who: string, verb: string, at: string) => `**${who}** 已于 ${at} ${verb}`,
    verbApproved: '同意', verbRejected: '不同意', stale: '此提名已在别处处理，以下为当前状态。',
    recorded: '提名已记录', recordedNote: '已提交网点负责人审批，结果会通知您。', noHead: '该网点暂无负责人可审批，已记录待后续处理。',
    yours: (status: string) => `您对 **{nominee}** 的服务明星提名${status}。`, yoursApproved: '已获同意', yoursRejected: '未获通过',
  },
  en: {
    review: 'Service-star nomination to review', approved: 'Service-star nomination · approved', rejected: 'Service-star nomination · not approved',
    nominee: 'Nominee', branch: 'Branch', nominator: 'Nominated by', reason: 'Reason', at: 'Nominated at',
    approve: 'Approve', reject: 'Reject', decided: (who: string, verb: string, at: string) => `**${who}** ${verb} this at ${at}`,
    verbApproved: 'approved', verbRejected: 'rejected', stale: 'This nomination was already decided elsewhere; this is where it stands.',
    recorded: 'Nomination recorded', recordedNote: 'Sent to the branch head for review; you will hear the result.', noHead: 'The branch has no head to review it yet; it is recorded.',
    yours: (status: string) => `Your service-star nomination of **{nominee}** was ${status}.`, yoursApproved: 'approved', yoursRejected: 'not approved',
  },
} as const;

function facts(n: NominationCardData, locale: Locale, timeZone: string) {
  const t = TEXT[locale];
  return {
    kind: 'fields' as const,
    fields: [
      { label: t.nominee, value: `${n.nominee}（${n.nomineeCode}）` },
      { label: t.branch, value: n.branchName ?? '—' },
      { label: t.nominator, value: n.nominator },
      { label: t.at, value: formatShortTime(n.createdAt, timeZone, locale) },
    ],
  };
}

/**
 * The branch head's card: pending → 同意 / 不同意 buttons; decided → who decided and when, no
 * buttons. `stale` says the click came from a card whose state had changed elsewhere.
 */
export function buildNominationReviewCard(n: NominationCardData, options: { locale: Locale; timeZone: string; stale?: boolean }): OutboundMessage {
  const t = TEXT[options.locale];
  const title = n.status === 'pending' ? t.review : n.status === 'approved' ? t.approved : t.rejected;
  const elements: Extract<OutboundMessage, { kind: 'card' }>['card']['elements'] = [facts(n, options.locale, options.timeZone), { kind: 'markdown', text: `**${t.reason}**\n${n.reason}` }];
  if (n.status === 'pending') {
    const value = { id: n.id, branch: n.branch ?? '', locale: options.locale };
    elements.push({ kind: 'actions', buttons: [
      { label: t.approve, style: 'primary', value: { action: 'nomination.approve', ...value } },
      { label: t.reject, style: 'default', value: { action: 'nomination.reject', ...value } },
    ] });
  } else {
    elements.push({ kind: 'divider' }, { kind: 'markdown', text: t.decided(n.decidedBy ?? '—', n.status === 'approved' ? t.verbApproved : t.verbRejected, n.decidedAt ? formatShortTime(n.decidedAt, options.timeZone, options.locale) : '—') });
  }
  if (options.stale) elements.push({ kind: 'note', text: t.stale });
  return { kind: 'card', card: { title, color: n.status === 'pending' ? 'orange' : n.status === 'approved' ? 'green' : 'grey', elements } };
}

/** The reply to the person who nominated. */
export function buildNominationRecordedCard(n: NominationCardData, options: { locale: Locale; timeZone: string; reviewers: number }): OutboundMessage {
  const t = TEXT[options.locale];
  return { kind: 'card', card: { title: t.recorded, color: 'blue', elements: [facts(n, options.locale, options.timeZone), { kind: 'note', text: options.reviewers > 0 ? t.recordedNote : t.noHead }] } };
}

/** Tells the nominator the decision. */
export function buildNominationDecidedCard(n: NominationCardData, options: { locale: Locale; timeZone: string }): OutboundMessage {
  const t = TEXT[options.locale];
  const text = t.yours(n.status === 'approved' ? t.yoursApproved : t.yoursRejected).replace('{nominee}', n.nominee);
  return { kind: 'card', card: { title: n.status === 'approved' ? t.approved : t.rejected, color: n.status === 'approved' ? 'green' : 'grey', elements: [{ kind: 'markdown', text }, facts(n, options.locale, options.timeZone)] } };
}

/** One line of a digest. */
export const summarizeNomination = (n: NominationCardData, locale: Locale): string =>
  locale === 'en' ? `Nomination of ${n.nominee} (${n.branchName ?? '—'}) awaits review` : `${n.branchName ?? ''} ${n.nominee} 的服务明星提名待审批`;
