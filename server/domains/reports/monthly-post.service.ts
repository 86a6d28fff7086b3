/**
 * The first-working-day job's posts (issue #16): last month's headline card for the bank to the
 * leadership chat, and for each 分行 to the chats bound to it, each with a link to the report.
 * Once per month and scope across instances and re-runs: the (month, scope) row is claimed in the
 * same transaction that queues the outbox messages.
 */
import type { Db } from '../../../db/client.ts';
import { bankDay } from '../../platform/bank-time.ts';
import type { Clock } from '../../platform/clock.ts';
import { loadWorkingCalendar } from '../calendar/index.ts';
import { addMonths, lastDayOfMonth, monthOf } from '../kpi/index.ts';
import { enqueueMessage, type OutboxSettings } from '../outbox/index.ts';
import { getMonthlyReport } from './monthly-report.service.ts';
import { claimMonthlyPost, selectPostTargets, setMonthlyPostOutbox } from './reports.repo.ts';
import type { MonthlyReport } from './reports.types.ts';

export interface MonthlyPostDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  outbox: OutboxSettings;
  publicUrl: () => string;
}

/** The first working day of `month` by the bank's calendar (法定节假日 and 调休 included). */
export async function firstWorkingDayOf(deps: Pick<MonthlyPostDeps, 'db'>, month: string): Promise<string> {
  const year = Number(month.slice(0, 4));
  const calendar = await loadWorkingCalendar(deps.db.sql, year - 1, year);
  return calendar.nextWorkingDay(lastDayOfMonth(addMonths(month, -1)));
}

/** The card's data: headline figures, the three best and worst outlets, and the link. */
export function monthlyCardData(report: MonthlyReport, url: string): Record<string, unknown> {
  const item = (kpi: string) => report.headline.items.find((i) => i.kpi === kpi);
  return {
    name: report.name, month: report.month,
    serviceIndex: item('serviceIndex')?.value ?? null, serviceIndexLastYear: item('serviceIndex')?.lastYear.previous ?? null,
    satisfactionRate: item('satisfactionRate')?.value ?? null, satisfactionTarget: item('satisfactionRate')?.target ?? null,
    errorRate: item('errorRate')?.value ?? null, errorTarget: item('errorRate')?.target ?? null,
    finished: report.headline.volume.finished, complaints: report.complaints.received, onTimeRate: report.complaints.onTimeRate, overdue: report.complaints.overdue,
    best: report.ranking.best.slice(0, 3).map((u) => u.name), worst: report.ranking.worst.slice(0, 3).map((u) => u.name), url,
  };
}

/**
 * Posts last month's report cards when today is the first working day of this month (otherwise
 * does nothing). Returns what was queued; `force` posts whatever the day (the CLI, tests).
 */
export async function postMonthlyReports(deps: MonthlyPostDeps, options: { force?: boolean } = {}): Promise<{ month: string; posted: string[]; skipped: string }> {
  const now = deps.clock.now();
  const today = bankDay(now, deps.timeZone);
  const month = addMonths(monthOf(today), -1);
  if (!options.force && (await firstWorkingDayOf(deps, monthOf(today))) !== today) return { month, posted: [], skipped: 'not the first working day' };
  const targets = await selectPostTargets(deps.db.sql);
  const posted: string[] = [];
  for (const target of targets) {
    if (target.chats.length === 0) continue;
    const report = await getMonthlyReport(deps.db.sql, { scope: target.scope, month, timeZone: deps.timeZone, now });
    const url = `${deps.publicUrl()}/reports/monthly?scope=${encodeURIComponent(target.scope)}&month=${month}`;
    const sent = await deps.db.sql.begin(async (tx) => {
      if (!(await claimMonthlyPost(tx, month, target.scope, now))) return false;
      for (const chat of target.chats) {
        const { id } = await enqueueMessage(tx, deps.outbox, {
          recipient: { kind: 'chat', channel: chat.channel as never, chatId: chat.chatId },
          template: 'report.monthly', data: monthlyCardData(report, url),
          key: `report:monthly:${month}:${target.scope}:${chat.chatId}`, subject: `report:${target.scope}:${month}`,
        }, now);
        await setMonthlyPostOutbox(tx, month, target.scope, String(id));
      }
      return true;
    });
    if (sent) posted.push(target.scope);
  }
  return { month, posted, skipped: '' };
}

