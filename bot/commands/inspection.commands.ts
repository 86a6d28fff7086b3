import { BotInputError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';
import type { RectificationStep } from '../ports.ts';
import { buildRectificationCard, type RectificationForm } from '../replies/inspection.cards.ts';
import type { ActionCommand, CommandContext } from './registry.ts';
import { localeOf } from './values.ts';

const STALE: Record<Locale, string> = { 'zh-CN': '此整改状态已变化，以下为当前状态', en: 'This fix has changed; this is where it stands' };
const DONE: Record<string, Record<Locale, string>> = {
  fix: { 'zh-CN': '已提交整改，等待检查人验收。', en: 'Recorded as fixed; the inspector will verify.' },
  request_extension: { 'zh-CN': '延期申请已提交检查人。', en: 'Extension requested from the inspector.' },
  grant_extension: { 'zh-CN': '已同意延期，整改期限已更新。', en: 'Extension granted; the due date moved.' },
  accepted: { 'zh-CN': '已验收通过。', en: 'Verified.' },
  rejected: { 'zh-CN': '已退回，网点需重新整改。', en: 'Sent back to the branch with a new due date.' },
};

function idOf(value: Record<string, string | number | boolean>): number {
  const id = Number(value.id);
  if (!Number.isInteger(id) || id <= 0) throw new BotInputError('invalid', 'id', 'the button carries no rectification id');
  return id;
}

function portOf(ctx: CommandContext) {
  if (!ctx.ports.rectifications) throw new BotInputError('invalid', 'action', 'rectifications are not available here');
  return ctx.ports.rectifications;
}

/** 已整改 / 申请延期 / 退回: redraws the card with its form (a note or a reason, then 提交). */
function formAction(action: string, form: RectificationForm, permission: string): ActionCommand {
  return {
    action,
    permission,
    async handle(ctx, value) {
      const locale = localeOf(value, ctx.locale);
      const card = await portOf(ctx).card(idOf(value));
      if (!card) throw new BotInputError('not_found', 'id', 'no such rectification');
      const stale = Number(value.version) !== card.version;
      return { replaceCard: buildRectificationCard(card, { locale, timeZone: ctx.ports.bank.timeZone, now: ctx.ports.clock.now(), ...(stale ? { note: STALE[locale] } : { form }) }) };
    },
  };
}

/** A step that changes the rectification; the form's input (note or reason) comes with the click. */
function stepAction(action: string, permission: string, step: (form: Record<string, string>) => RectificationStep, done: string): ActionCommand {
  return {
    action,
    permission,
    async handle(ctx, value, form) {
      const locale = localeOf(value, ctx.locale);
      const id = idOf(value);
      let command: RectificationStep;
      try {
        command = step(form);
      } catch (error) {
        // An empty note or reason: the form is shown again with what is missing.
        const card = await portOf(ctx).card(id);
        if (!card || !(error instanceof BotInputError)) throw error;
        const reopen: RectificationForm = action === 'rectification.fix' ? 'fix' : action === 'rectification.extend' ? 'extend' : 'reject';
        return { replaceCard: buildRectificationCard(card, { locale, timeZone: ctx.ports.bank.timeZone, now: ctx.ports.clock.now(), form: reopen, note: error.message }) };
      }
      const { card, changed, reason } = await portOf(ctx).act(ctx.staff.code, id, command);
      const note = changed ? DONE[done]![locale] : `${STALE[locale]}${reason ? `：${reason}` : ''}`;
      return { replaceCard: buildRectificationCard(card, { locale, timeZone: ctx.ports.bank.timeZone, now: ctx.ports.clock.now(), note }) };
    },
  };
}

const required = (form: Record<string, string>, name: string, message: string): string => {
  const text = (form[name] ?? '').trim();
  if (!text) throw new BotInputError('invalid', name, message);
  return text;
};

export const fixFormAction = formAction('rectification.fix_form', 'fix', 'rectifications.fix');
export const extendFormAction = formAction('rectification.extend_form', 'extend', 'rectifications.fix');
export const rejectFormAction = formAction('rectification.reject_form', 'reject', 'inspections.verify');
export const fixAction = stepAction('rectification.fix', 'rectifications.fix', (f) => ({ kind: 'fix', note: required(f, 'note', '请填写整改说明') }), 'fix');
export const extendAction = stepAction('rectification.extend', 'rectifications.fix', (f) => ({ kind: 'request_extension', reason: required(f, 'reason', '请填写延期理由') }), 'request_extension');
export const grantAction = stepAction('rectification.grant', 'inspections.verify', () => ({ kind: 'grant_extension' }), 'grant_extension');
export const verifyAction = stepAction('rectification.verify', 'inspections.verify', () => ({ kind: 'verify', accepted: true, note: '' }), 'accepted');
export const rejectAction = stepAction('rectification.reject', 'inspections.verify', (f) => ({ kind: 'verify', accepted: false, note: required(f, 'reason', '请填写退回理由') }), 'rejected');

export const RECTIFICATION_ACTIONS: ActionCommand[] = [fixFormAction, extendFormAction, rejectFormAction, fixAction, extendAction, grantAction, verifyAction, rejectAction];
