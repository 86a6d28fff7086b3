import { buildTasksCard } from '../replies/tasks.cards.ts';
import { keywordMatcher, type TextCommand } from './registry.ts';

/**
 * `我的任务` / `tasks`: what waits for this person — open complaints they handle or may claim
 * (for those who handle complaints), and nominations to review.
 */
export const tasksCommand: TextCommand = {
  name: 'tasks',
  match: keywordMatcher({ 'zh-CN': ['我的任务', '任务', '待办'], en: ['tasks', 'todo', 'my tasks'] }),
  async handle(ctx) {
    const nominations = await ctx.ports.nominations.pendingFor(ctx.staff.code);
    const handles = await ctx.ports.access.can(ctx.staff.code, 'complaints.handle');
    const complaints = handles
      ? (await ctx.ports.complaints.openFor(ctx.staff.code, 20)).filter((c) => c.status === 'received' || c.handler === ctx.staff.name).slice(0, 5)
      : [];
    // Customer care (客户关怀): this person's open greetings, with the same buttons as the morning list.
    const care = ctx.ports.care && (await ctx.ports.access.can(ctx.staff.code, 'care.act')) ? await ctx.ports.care.openFor(ctx.staff.code) : [];
    return [buildTasksCard({ nominations, complaints, care, staffCode: ctx.staff.code }, { locale: ctx.locale, timeZone: ctx.ports.bank.timeZone, now: ctx.ports.clock.now() })];
  },
};
