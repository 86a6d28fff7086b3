import type { MentionedUser, OutboundMessage } from '../channel/channel.ts';
import { BotInputError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';
import { buildNominationRecordedCard, buildNominationReviewCard } from '../replies/nomination.cards.ts';
import type { ActionCommand, CommandContext, TextCommand } from './registry.ts';
import { localeOf } from './values.ts';

// `提名@张三 …` is typed without a space as often as with one; the English word needs one.
const PATTERN = /^\/?(?:(提名)\s*|(nominate)\s+)(.+)$/is;
const USAGE: Record<Locale, string> = {
  'zh-CN': '用法：提名 @同事 理由（至少 10 个字），可 @ 多位同事；可附「客户表扬：…」。',
  en: 'Usage: nominate @colleague reason (at least 10 characters); several @colleagues allowed; add "praise: …" to cite a customer.',
};
const NO_NOMINEE: Record<Locale, string> = {
  'zh-CN': '请 @ 要提名的同事（或写 @工号）。',
  en: 'Please @mention the colleague to nominate (or type @staff-number).',
};
const PRAISE = /(?:客户表扬|表扬|praise)\s*[:：]\s*(.+)$/is;

/** A nominee as written: a Feishu mention (resolved to staff or not) or an `@工号` / `@姓名` typed in the console. */
export interface NomineeRef {
  name: string;
  staffCode?: string | undefined;
  /** Typed, not mentioned: the code or name still to look up. */
  typed?: string;
}

/**
 * Splits `@甲 @乙 理由… 客户表扬：…` into the nominees, the reason and the praise. Feishu's mentions
 * come resolved (the bot's own already removed by the channel; one whose `@name` is not in the
 * text — the bot addressed at the front — is ignored); in the console, `@token`s are typed.
 */
export function parseNomination(rest: string, mentions: readonly MentionedUser[] | undefined): { nominees: NomineeRef[]; reason: string; praise: string | undefined } {
  let text = rest;
  const nominees: NomineeRef[] = [];
  const seen = new Set<string>();
  for (const m of mentions ?? []) {
    const token = `@${m.name}`;
    if (!m.name || !text.includes(token) || seen.has(m.channelUserId)) continue;
    seen.add(m.channelUserId);
    text = text.replace(token, ' ');
    nominees.push({ name: m.name, staffCode: m.staffCode });
  }
  if (!mentions?.length) {
    text = text.replace(/@(\S+)/g, (_all, token: string) => {
      if (!seen.has(token)) nominees.push({ name: token, typed: token });
      seen.add(token);
      return ' ';
    });
  }
  const praiseMatch = PRAISE.exec(text);
  const praise = praiseMatch?.[1]?.trim();
  if (praiseMatch) text = text.slice(0, praiseMatch.index);
  const reason = text.replace(/\s+/g, ' ').trim().replace(/^(理由|reason)\s*[:：]?\s*/i, '').trim();
  return { nominees, reason, praise: praise || undefined };
}

async function resolve(ctx: CommandContext, ref: NomineeRef): Promise<string | undefined> {
  if (!ref.typed) return ref.staffCode;
  const [match] = await ctx.ports.staff.search(ref.typed, { branchCode: ctx.staff.branchCode });
  return match?.code;
}

/**
 * `提名 @同事 理由`: one nomination per @person, each checked on its own by the server's rules
 * (the refusal names the rule); the approver gets a review card, the nominator a receipt.
 */
export const nominateCommand: TextCommand = {
  name: 'nominate',
  permission: 'nominations.create',
  match(text) {
    const m = PATTERN.exec(text.trim());
    return m ? { args: { rest: m[3]!.trim() }, locale: m[1] ? 'zh-CN' : 'en' } : undefined;
  },
  async handle(ctx, args) {
    const { nominees, reason, praise } = parseNomination(args.rest ?? '', ctx.mentions);
    if (nominees.length === 0) return [{ kind: 'text', text: `${NO_NOMINEE[ctx.locale]}\n${USAGE[ctx.locale]}` }];
    const replies: OutboundMessage[] = [];
    const refusals: string[] = [];
    for (const ref of nominees) {
      const code = await resolve(ctx, ref);
      if (!code) {
        refusals.push(ctx.locale === 'en' ? `${ref.name} is not a member of staff and cannot be nominated.` : `${ref.name} 不是本行在职员工，不能被提名（规则：只能提名本行在职员工）。`);
        continue;
      }
      try {
        const { nomination } = await ctx.ports.nominations.create(ctx.staff.code, { nomineeCode: code, reason, ...(praise ? { praise } : {}) });
        replies.push(buildNominationRecordedCard(nomination, { locale: ctx.locale, timeZone: ctx.ports.bank.timeZone }));
      } catch (error) {
        if (!(error instanceof BotInputError)) throw error;
        refusals.push(`${ref.name}：${error.message}`);
      }
    }
    if (refusals.length > 0) replies.push({ kind: 'text', text: `${refusals.join('\n')}\n${USAGE[ctx.locale]}` });
    return replies;
  },
};

const DECIDE_PATTERN = /^\/?(通过|驳回|approve|reject)\s*#?(\d{1,12})\s*(.*)$/is;

/** `驳回 12 理由` / `通过 12`: the follow-up to a card's 驳回 button (a reason is needed), or a decision typed. */
export const decideNominationCommand: TextCommand = {
  name: 'nomination-decide',
  permission: 'nominations.approve',
  match(text) {
    const m = DECIDE_PATTERN.exec(text.trim());
    if (!m) return undefined;
    const approved = m[1] === '通过' || m[1]!.toLowerCase() === 'approve';
    return { args: { id: m[2]!, approved: approved ? 'yes' : 'no', reason: m[3]!.trim() }, locale: /[a-z]/i.test(m[1]!) ? 'en' : 'zh-CN' };
  },
  async handle(ctx, args) {
    try {
      const { nomination, changed } = await ctx.ports.nominations.decide(ctx.staff.code, Number(args.id), { approved: args.approved === 'yes', reason: args.reason || undefined });
      return [buildNominationReviewCard(nomination, { locale: ctx.locale, timeZone: ctx.ports.bank.timeZone, stale: !changed })];
    } catch (error) {
      if (error instanceof BotInputError) return [{ kind: 'text', text: error.message }];
      throw error;
    }
  },
};

const REJECT_PROMPT: Record<Locale, (id: number) => string> = {
  'zh-CN': (id) => `驳回须写明理由，提名人会看到。请回复：驳回 ${id} 理由（例如「驳回 ${id} 事迹不够具体」）。`,
  en: (id) => `A rejection needs a reason the nominator will read. Reply: reject ${id} <reason>.`,
};

async function decideFromCard(ctx: CommandContext, value: Record<string, string | number | boolean>, approved: boolean) {
  const id = Number(value.id);
  const locale = localeOf(value, ctx.locale);
  if (!Number.isInteger(id) || id <= 0) throw new BotInputError('invalid', 'id', 'the button carries no nomination id');
  try {
    const { nomination, changed } = await ctx.ports.nominations.decide(ctx.staff.code, id, { approved });
    return { replaceCard: buildNominationReviewCard(nomination, { locale, timeZone: ctx.ports.bank.timeZone, stale: !changed }) };
  } catch (error) {
    if (error instanceof BotInputError) return { messages: [{ kind: 'text' as const, text: error.message }] };
    throw error;
  }
}

/** 通过: decides at once and redraws the card. */
export const approveNominationAction: ActionCommand = {
  action: 'nomination.approve',
  permission: 'nominations.approve',
  handle: (ctx, value) => decideFromCard(ctx, value, true),
};

/**
 * 驳回: a reason is required, so the click asks for it (the follow-up `驳回 <id> 理由`); a card
 * whose nomination was already decided is redrawn as it stands instead.
 */
export const rejectNominationAction: ActionCommand = {
  action: 'nomination.reject',
  permission: 'nominations.approve',
  async handle(ctx, value) {
    const id = Number(value.id);
    const locale = localeOf(value, ctx.locale);
    if (!Number.isInteger(id) || id <= 0) throw new BotInputError('invalid', 'id', 'the button carries no nomination id');
    if (typeof value.reason === 'string' && value.reason.trim()) {
      const { nomination, changed } = await ctx.ports.nominations.decide(ctx.staff.code, id, { approved: false, reason: value.reason });
      return { replaceCard: buildNominationReviewCard(nomination, { locale, timeZone: ctx.ports.bank.timeZone, stale: !changed }) };
    }
    const current = await ctx.ports.nominations.find(id);
    if (current && current.status !== 'pending') return { replaceCard: buildNominationReviewCard(current, { locale, timeZone: ctx.ports.bank.timeZone, stale: true }) };
    return { messages: [{ kind: 'text', text: REJECT_PROMPT[locale](id) }] };
  },
};
