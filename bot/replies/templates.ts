/**
 * Outbox templates: the outbox stores a template name and its data; the bot renders it at send
 * time (in the recipient's language) and summarizes it for digests. An unknown template or
 * malformed data is a programming error the outbox parks, not something to retry.
 */
import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';
import { buildAlertNoticeCard, summarizeAlertNotice, type AlertNoticeData } from './alert.cards.ts';
import { buildComplaintCard, summarizeComplaint, type ComplaintCardData } from './complaint.cards.ts';
import { buildDigestCard, buildParkedCard } from './digest.cards.ts';
import { buildCareDigestCard, buildCareReminder, summarizeCareDigest } from './care.cards.ts';
import type { CareDigestData } from '../ports.ts';
import { buildMonthlyReportCard, summarizeMonthlyReport, type MonthlyReportCardData } from './report.cards.ts';
import { buildFindingsCard, buildRectificationCard, summarizeFindings, summarizeRectification, type InspectionFindingsData, type RectificationCardData } from './inspection.cards.ts';
import { buildAwardAnnouncedCard, summarizeAward, type AwardAnnouncementData } from './award.cards.ts';
import { buildNominationDecidedCard, buildNominationReviewCard, summarizeNomination, type NominationCardData } from './nomination.cards.ts';
import { buildRetiredCard } from './card-refresh.cards.ts';

export class TemplateError extends Error {}

export interface TemplateContext {
  locale: Locale;
  timeZone: string;
  /** The instant of sending: "剩余 5 小时" is true when the card arrives. */
  now: Date;
}

interface Template {
  render(data: Record<string, unknown>, ctx: TemplateContext): OutboundMessage;
  summarize(data: Record<string, unknown>, locale: Locale, now: Date): string;
}

const TEMPLATES: Record<string, Template> = {
  'complaint.alert': {
    render: (data, ctx) => buildComplaintCard(data as unknown as ComplaintCardData, ctx),
    summarize: (data, locale, now) => summarizeComplaint(data as unknown as ComplaintCardData, now, locale),
  },
  'alert.notice': {
    render: (data, ctx) => buildAlertNoticeCard(data as unknown as AlertNoticeData, ctx.locale),
    summarize: (data) => summarizeAlertNotice(data as unknown as AlertNoticeData),
  },
  'nomination.review': {
    render: (data, ctx) => buildNominationReviewCard(data as unknown as NominationCardData, ctx),
    summarize: (data, locale) => summarizeNomination(data as unknown as NominationCardData, locale),
  },
  'nomination.decided': {
    render: (data, ctx) => buildNominationDecidedCard(data as unknown as NominationCardData, ctx),
    summarize: (data, locale) => summarizeNomination(data as unknown as NominationCardData, locale),
  },
  'awards.announced': {
    render: (data, ctx) => buildAwardAnnouncedCard(data as unknown as AwardAnnouncementData, ctx.locale),
    summarize: (data, locale) => summarizeAward(data as unknown as AwardAnnouncementData, locale),
  },
  'outbox.parked': {
    render: (data, ctx) => buildParkedCard(data as never, ctx.locale),
    summarize: (data, locale) => (locale === 'en' ? `Message ${String(data.outboxId)} could not be delivered` : `消息 ${String(data.outboxId)} 投递失败`),
  },
  'alert.digest': {
    render: (data, ctx) => {
      const items = (data.items ?? []) as Array<{ template: string; data: Record<string, unknown>; severity: string }>;
      return buildDigestCard(items.map((i) => ({ severity: i.severity, line: summarizeTemplate(i.template, i.data, ctx.locale, ctx.now) })), ctx.locale);
    },
    summarize: (data, locale) => (locale === 'en' ? `${(data.items as unknown[]).length} alerts` : `${(data.items as unknown[]).length} 条提醒`),
  },
  'care.digest': {
    render: (data, ctx) => buildCareDigestCard(data as unknown as CareDigestData, { locale: ctx.locale }),
    summarize: (data, locale) => summarizeCareDigest(data as unknown as CareDigestData, locale),
  },
  'care.reminder': {
    render: (data, ctx) => buildCareReminder(data as { day: string; open: number }, ctx.locale),
    summarize: (data, locale) => (locale === 'en' ? `${String(data.open)} customer greetings open` : `${String(data.open)} 项客户关怀未完成`),
  },
  'report.monthly': {
    render: (data, ctx) => buildMonthlyReportCard(data as unknown as MonthlyReportCardData, ctx.locale),
    summarize: (data, locale) => summarizeMonthlyReport(data as unknown as MonthlyReportCardData, locale),
  },
  'rectification.card': {
    render: (data, ctx) => buildRectificationCard(data as unknown as RectificationCardData, ctx),
    summarize: (data, locale, now) => summarizeRectification(data as unknown as RectificationCardData, now, locale),
  },
  'inspection.findings': {
    render: (data, ctx) => buildFindingsCard(data as unknown as InspectionFindingsData, ctx),
    summarize: (data, locale) => summarizeFindings(data as unknown as InspectionFindingsData, locale),
  },
  // A card re-sent before Feishu's 14-day update window closed: the old copy's last look (ADR 0024).
  'card.retired': {
    render: (data, ctx) => {
      const was = data as { template?: string; data?: Record<string, unknown> };
      return buildRetiredCard({ about: was.template && was.data ? summarizeTemplate(was.template, was.data, ctx.locale, ctx.now) : undefined }, ctx.locale);
    },
    summarize: (_data, locale) => (locale === 'en' ? 'Card renewed' : '卡片已更新'),
  },
};

/** Later capabilities register their templates here (complaint alerts, care tasks …). */
export function registerTemplate(name: string, template: Template): void {
  if (TEMPLATES[name]) throw new Error(`outbox template "${name}" is registered twice`);
  TEMPLATES[name] = template;
}

export function renderTemplate(name: string, data: Record<string, unknown>, ctx: TemplateContext): OutboundMessage {
  const template = TEMPLATES[name];
  if (!template) throw new TemplateError(`unknown outbox template "${name}"`);
  try {
    return template.render(data, ctx);
  } catch (error) {
    throw new TemplateError(`template "${name}" could not render its data: ${(error as Error).message}`);
  }
}

export function summarizeTemplate(name: string, data: Record<string, unknown>, locale: Locale, now = new Date()): string {
  const template = TEMPLATES[name];
  return template ? template.summarize(data, locale, now) : name;
}
