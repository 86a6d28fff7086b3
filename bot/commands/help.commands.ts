import { buildHelpCard } from '../replies/help.cards.ts';
import { keywordMatcher, type ActionCommand, type TextCommand } from './registry.ts';
import { localeOf } from './values.ts';

export const helpCommand: TextCommand = {
  name: 'help',
  match: keywordMatcher({ 'zh-CN': ['帮助', '菜单', '?', '？'], en: ['help', 'menu'] }),
  handle: async (ctx) => [buildHelpCard({ bankName: ctx.ports.bank.name, locale: ctx.locale })],
};

export const helpAction: ActionCommand = {
  action: 'help.show',
  handle: async (ctx, value) => ({ messages: [buildHelpCard({ bankName: ctx.ports.bank.name, locale: localeOf(value, ctx.locale) })] }),
};
