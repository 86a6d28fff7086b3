import { BotInputError } from '../errors.ts';
import { buildCareDigestCard, buildCareListCard, buildCareSkipCard, buildCareSkippedCard } from '../replies/care.cards.ts';
import { keywordMatcher, type ActionCommand, type CommandContext, type TextCommand } from './registry.ts';
import { localeOf } from './values.ts';

const VIAS = ['phone', 'sms', 'visit'] as const;
const STALE = { 'zh-CN': '此任务已被处理，以下为当前状态', en: 'This task was already closed; this is where it stands' } as const;

function carePort(ctx: CommandContext) {
  if (!ctx.ports.care) throw new BotInputError('not_found', 'care', 'customer care is not available here');
  return ctx.ports.care;
}

const idOf = (value: Record<string, string | number | boolean>) => {
  const id = Number(value.id);
  if (!Number.isInteger(id) || id <= 0) throw new BotInputError('invalid', 'id', 'the button carries no care task id');
  return id;
};

/** `关怀` / `care`: my open customer-care tasks, each with 电话 / 短信 / 上门 / 跳过. */
export const careCommand: TextCommand = {
  name: 'care',
  permission: 'care.act',
  match: keywordMatcher({ 'zh-CN': ['关怀', '客户关怀', '我的关怀'], en: ['care', 'my care'] }),
  async handle(ctx) {
    const tasks = await carePort(ctx).openFor(ctx.staff.code);
    return [buildCareListCard(tasks, { locale: ctx.locale, staffCode: ctx.staff.code })];
  },
};

/** 电话 / 短信 / 上门: done, and how; the clicked card is redrawn (the outbox redraws its copies elsewhere). */
export const careDoneAction: ActionCommand = {
  action: 'care.done',
  permission: 'care.act',
  async handle(ctx, value) {
    const locale = localeOf(value, ctx.locale);
    const via = VIAS.find((v) => v === value.via);
    if (!via) throw new BotInputError('invalid', 'via', 'the button carries no way of greeting');
    const care = carePort(ctx);
    const { changed } = await care.act(ctx.staff.code, idOf(value), { kind: 'done', via });
    const note = changed ? undefined : STALE[locale];
    if (value.card === 'list') return { replaceCard: buildCareListCard(await care.openFor(ctx.staff.code), { locale, staffCode: ctx.staff.code, ...(note ? { note } : {}) }) };
    const digest = await care.digest(ctx.staff.code, String(value.branch), String(value.day), value.staff ? String(value.staff) : null);
    return { replaceCard: buildCareDigestCard(digest, { locale, ...(note ? { note } : {}) }) };
  },
};

/** 跳过: asks for the reason in a new card (the list stays as it is until a reason is picked). */
export const careSkipAskAction: ActionCommand = {
  action: 'care.skip_ask',
  permission: 'care.act',
  async handle(ctx, value) {
    idOf(value);
    return { messages: [buildCareSkipCard(value, localeOf(value, ctx.locale))] };
  },
};

export const careSkipAction: ActionCommand = {
  action: 'care.skip',
  permission: 'care.act',
  async handle(ctx, value) {
    const locale = localeOf(value, ctx.locale);
    const reason = String(value.reason ?? '');
    const { task, changed } = await carePort(ctx).act(ctx.staff.code, idOf(value), { kind: 'skip', reason });
    return { replaceCard: buildCareSkippedCard(task, reason, locale, changed) };
  },
};
