import type { OutboundMessage } from '../channel/channel.ts';
import { BotInputError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';
import { buildComplaintCard, buildComplaintListCard } from '../replies/complaint.cards.ts';
import { keywordMatcher, type ActionCommand, type TextCommand } from './registry.ts';
import { localeOf } from './values.ts';

const LIST_LIMIT = 8;

/** `投诉` / `complaints`: the open complaints in the person's scope, soonest due first. */
export const complaintsCommand: TextCommand = {
  name: 'complaints',
  permission: 'complaints.read',
  match: keywordMatcher({ 'zh-CN': ['投诉', '投诉列表', '未办结投诉'], en: ['complaints'] }),
  async handle(ctx) {
    const items = await ctx.ports.complaints.openFor(ctx.staff.code, LIST_LIMIT);
    return [buildComplaintListCard(items, { locale: ctx.locale, timeZone: ctx.ports.bank.timeZone, now: ctx.ports.clock.now() })];
  },
};

const REGISTER = /^\/?(?:(登记投诉)|(register complaint))\s+(\S+)\s+(\+?[\d-]{7,20})\s+(.{4,})$/is;
const REGISTER_USAGE: Record<Locale, string> = {
  'zh-CN': '用法：登记投诉 客户姓名 手机号 投诉内容，例如「登记投诉 张三 13800001111 排队一小时无人引导」。',
  en: 'Usage: register complaint <customer name> <phone> <what happened>.',
};

/** `登记投诉 姓名 手机号 内容`: a branch head registers a walk-in complaint at the counter. */
export const registerComplaintCommand: TextCommand = {
  name: 'register-complaint',
  permission: 'complaints.create',
  match(text): { args: Record<string, string>; locale: Locale } | undefined {
    const trimmed = text.trim();
    const m = REGISTER.exec(trimmed);
    if (m) return { args: { name: m[3]!, phone: m[4]!, summary: m[5]!.trim() }, locale: m[1] ? 'zh-CN' : 'en' };
    if (/^\/?登记投诉/.test(trimmed)) return { args: {}, locale: 'zh-CN' };
    if (/^\/?register complaint/i.test(trimmed)) return { args: {}, locale: 'en' };
    return undefined;
  },
  async handle(ctx, args): Promise<OutboundMessage[]> {
    if (!args.name) return [{ kind: 'text', text: REGISTER_USAGE[ctx.locale] }];
    try {
      const complaint = await ctx.ports.complaints.register(ctx.staff.code, { name: args.name, phone: args.phone!, summary: args.summary! });
      const note = ctx.locale === 'en' ? 'Registered. The statutory clock runs from now.' : '已登记，法定处理时限自即时起算。';
      return [buildComplaintCard(complaint, { locale: ctx.locale, timeZone: ctx.ports.bank.timeZone, now: ctx.ports.clock.now(), note })];
    } catch (error) {
      if (error instanceof BotInputError) return [{ kind: 'text', text: `${error.message}\n${REGISTER_USAGE[ctx.locale]}` }];
      throw error;
    }
  },
};

const STALE: Record<Locale, string> = { 'zh-CN': '此投诉状态已变化，以下为当前状态', en: 'This complaint has changed; this is where it stands' };

function complaintAction(action: string, step: 'claim' | 'contact' | 'request_extension'): ActionCommand {
  return {
    action,
    permission: 'complaints.handle',
    async handle(ctx, value) {
      const id = Number(value.id);
      const locale = localeOf(value, ctx.locale);
      if (!Number.isInteger(id) || id <= 0) throw new BotInputError('invalid', 'id', 'the button carries no complaint id');
      const { complaint, changed, reason } = await ctx.ports.complaints.act(ctx.staff.code, id, step);
      const requested = step === 'request_extension' && changed
        ? (locale === 'en' ? 'Extension requested: record the reason on the detail page (a 30-day limit needs one).' : '已记录延期申请：请在详情页填写延期理由（延长至 30 日须记录理由）。')
        : undefined;
      const note = changed ? requested : `${STALE[locale]}${reason ? `：${reason}` : ''}`;
      return { replaceCard: buildComplaintCard(complaint, { locale, timeZone: ctx.ports.bank.timeZone, now: ctx.ports.clock.now(), ...(note ? { note } : {}) }) };
    },
  };
}

export const claimComplaintAction = complaintAction('complaint.claim', 'claim');
export const contactComplaintAction = complaintAction('complaint.contact', 'contact');
export const requestExtensionAction = complaintAction('complaint.request_extension', 'request_extension');
