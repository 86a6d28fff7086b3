import { buildMeCard } from '../replies/me.cards.ts';
import { keywordMatcher, type ActionCommand, type TextCommand } from './registry.ts';
import { localeOf } from './values.ts';

export const meCommand: TextCommand = {
  name: 'me',
  match: keywordMatcher({ 'zh-CN': ['我是谁', '我的信息'], en: ['whoami', 'me'] }),
  handle: async (ctx) => [buildMeCard({ staff: ctx.staff, locale: ctx.locale })],
};

export const meAction: ActionCommand = {
  action: 'me.show',
  handle: async (ctx, value) => ({ messages: [buildMeCard({ staff: ctx.staff, locale: localeOf(value, ctx.locale) })] }),
};
