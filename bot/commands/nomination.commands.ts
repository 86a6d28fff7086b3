import type { OutboundMessage } from '../channel/channel.ts';
import { BotInputError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';
import { buildNominationRecordedCard, buildNominationReviewCard } from '../replies/nomination.cards.ts';
import type { ActionCommand, CommandContext, TextCommand } from './registry.ts';
import { localeOf } from './values.ts';

// `提名@张三 …` is typed without a space as often as with one; the English word needs one.
const PATTERN = /^\/?(?:(提名)\s*|(nominate)\s+)(.+)$/is;
const USAGE: Record<Locale, string> = {
  'zh-CN': '用法：提名 @同事 理由，例如「提名 @张三 耐心为老年客户办理业务」。',
  en: 'Usage: nominate @colleague reason, e.g. "nominate @Zhang San patiently helped an elderly customer".',
};
const MISTAKES: Record<Locale, Record<string, string>> = {
  'zh-CN': { nominee: '找不到这位同事，请 @ 对方或写明工号。', self: '不能提名自己哦。', reason: '请写明提名理由（2–500 字）。' },
  en: { nominee: 'I cannot find that colleague; @mention them or give their staff number.', self: 'You cannot nominate yourself.', reason: 'Please give a reason (2–500 characters).' },
};

/** The nominee: the first @mention Feishu resolved, else `@工号` or `@姓名` typed (the console). */
async function findNominee(ctx: CommandContext, rest: string): Promise<{ code: string | undefined; reason: string }> {
  const mention = ctx.mentions?.[0];
  if (mention) {
    const reason = rest.replace(`@${mention.name}`, '').trim();
    return { code: mention.staffCode, reason };
  }
  const typed = /^@(\S+)\s*(.*)$/s.exec(rest);
  if (!typed) return { code: undefined, reason: rest };
  const [match] = await ctx.ports.staff.search(typed[1]!, { branchCode: ctx.staff.branchCode });
  return { code: match?.code, reason: typed[2]! };
}

/** `提名 @同事 理由`: records a service-star nomination; the nominee's branch head gets a review card. */
export const nominateCommand: TextCommand = {
  name: 'nominate',
  permission: 'nominations.create',
  match(text) {
    const m = PATTERN.exec(text.trim());
    return m ? { args: { rest: m[3]!.trim() }, locale: m[1] ? 'zh-CN' : 'en' } : undefined;
  },
  async handle(ctx, args) {
    const { code, reason: raw } = await findNominee(ctx, args.rest ?? '');
    const reason = raw.replace(/^(理由|reason)\s*[:：]?\s*/i, '').trim();
    const say = (text: string): OutboundMessage[] => [{ kind: 'text', text: `${text}\n${USAGE[ctx.locale]}` }];
    if (!code) return say(MISTAKES[ctx.locale].nominee!);
    if (code === ctx.staff.code) return say(MISTAKES[ctx.locale].self!);
    if (reason.length < 2 || reason.length > 500) return say(MISTAKES[ctx.locale].reason!);
    try {
      const { nomination, reviewers } = await ctx.ports.nominations.create(ctx.staff.code, { nomineeCode: code, reason });
      return [buildNominationRecordedCard(nomination, { locale: ctx.locale, timeZone: ctx.ports.bank.timeZone, reviewers })];
    } catch (error) {
      if (error instanceof BotInputError) return say(MISTAKES[ctx.locale][error.field] ?? error.message);
      throw error;
    }
  },
};

function decisionAction(action: string, decision: 'approved' | 'rejected'): ActionCommand {
  return {
    action,
    permission: 'nominations.approve',
    async handle(ctx, value) {
      const id = Number(value.id);
      const locale = localeOf(value, ctx.locale);
      if (!Number.isInteger(id) || id <= 0) throw new BotInputError('invalid', 'id', 'the button carries no nomination id');
      const { nomination, changed } = await ctx.ports.nominations.decide(ctx.staff.code, id, decision);
      return { replaceCard: buildNominationReviewCard(nomination, { locale, timeZone: ctx.ports.bank.timeZone, stale: !changed }) };
    },
  };
}

export const approveNominationAction = decisionAction('nomination.approve', 'approved');
export const rejectNominationAction = decisionAction('nomination.reject', 'rejected');
