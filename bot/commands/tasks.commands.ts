import { buildTasksCard } from '../replies/tasks.cards.ts';
import { keywordMatcher, type TextCommand } from './registry.ts';

/** `我的任务` / `tasks`: what waits for this person — today, nominations to review. */
export const tasksCommand: TextCommand = {
  name: 'tasks',
  match: keywordMatcher({ 'zh-CN': ['我的任务', '任务', '待办'], en: ['tasks', 'todo', 'my tasks'] }),
  async handle(ctx) {
    const nominations = await ctx.ports.nominations.pendingFor(ctx.staff.code);
    return [buildTasksCard({ nominations }, { locale: ctx.locale, timeZone: ctx.ports.bank.timeZone })];
  },
};
