import type { Queryable, TransactionSql } from '../../../db/types.ts';
import { bankDay } from '../../platform/bank-time.ts';
import type { Logger } from '../../platform/logger.ts';
import { enqueueMessage, OUTBOX_QUEUED_CHANNEL, updateSubjectCards, type OutboxChannel } from '../outbox/index.ts';
import { CARE_CHANGED_CHANNEL, type CareDeps } from './care-deps.ts';
import { tasksAppearingOn } from './care-occasion.rules.ts';
import { loadCareSettings } from './care-settings.service.ts';
import { digestData, digestSubject } from './care-view.rules.ts';
import { insertCreatedEvents, insertTaskBatch, selectCareCustomers, selectOpenByAssignee, selectTasks, type CareTaskRecord } from './care.repo.ts';

export const CARE_DIGEST_TEMPLATE = 'care.digest';
export const CARE_REMINDER_TEMPLATE = 'care.reminder';

/**
 * The morning run for `day` (the job, its catch-up, or `touchstone care generate --day`): every
 * task that appears that day, written in one transaction in multi-row batches. Unique keys make a
 * re-run, a second instance or a catch-up add nothing. With `post`, each branch's chat (or each
 * account manager, where the branch has none) gets that morning's digest card once.
 */
export async function generateCareTasks(deps: CareDeps, day: string, options: { actor: string; post: boolean; logger?: Logger }): Promise<{ created: number; digests: number }> {
  const now = deps.clock.now();
  const settings = await loadCareSettings(deps.db.sql);
  const customers = await selectCareCustomers(deps.db.sql);
  const drafts = tasksAppearingOn(day, customers, settings);
  return deps.db.changes.transaction(async (tx, changes) => {
    const ids = await insertTaskBatch(tx, drafts, now);
    await insertCreatedEvents(tx, ids, options.actor, now);
    const digests = options.post ? await postDigests(tx, deps, day, now) : 0;
    if (digests > 0) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    if (ids.length > 0) changes.notify(CARE_CHANGED_CHANNEL, { event: 'created', day, count: ids.length });
    options.logger?.info({ day, candidates: drafts.length, created: ids.length, digests }, 'care tasks generated');
    return { created: ids.length, digests };
  });
}

/** Direct chat bindings of a branch (not its region's): the branch's own group gets its list. */
async function branchChats(sql: Queryable, branchId: string): Promise<Array<{ channel: OutboxChannel; chatId: string }>> {
  return sql`select channel, chat_id from chat_bindings where branch_id = ${branchId} and purpose = 'alerts' and channel in ('feishu', 'console') order by id`;
}

function byBranch(tasks: readonly CareTaskRecord[]): Map<string, CareTaskRecord[]> {
  const map = new Map<string, CareTaskRecord[]>();
  for (const t of tasks) {
    const list = map.get(t.branchId) ?? [];
    list.push(t);
    map.set(t.branchId, list);
  }
  return map;
}

/** Queues the digest cards of `day`; the idempotency key makes each card go out once. */
async function postDigests(tx: TransactionSql, deps: CareDeps, day: string, now: Date): Promise<number> {
  const tasks = await selectTasks(tx, { appearsOn: day, limit: 200_000 });
  let queued = 0;
  for (const [branchId, list] of byBranch(tasks)) {
    const branch = { code: list[0]!.branchCode, name: list[0]!.branchName };
    const chats = await branchChats(tx, branchId);
    const cards = chats.length > 0
      ? chats.map((chat) => ({ recipient: { kind: 'chat' as const, channel: chat.channel, chatId: chat.chatId }, staffCode: null, tasks: list, key: `${chat.channel}:${chat.chatId}` }))
      : [...new Set(list.map((t) => t.assigneeCode).filter((c): c is string => c !== null))].map((code) => ({
          recipient: { kind: 'staff' as const, staffCode: code }, staffCode: code, tasks: list.filter((t) => t.assigneeCode === code), key: `staff:${code}`,
        }));
    for (const card of cards) {
      const data = digestData(day, branch, card.tasks, card.staffCode);
      const { created } = await enqueueMessage(tx, deps.outbox, {
        recipient: card.recipient, template: CARE_DIGEST_TEMPLATE, data: data as unknown as Record<string, unknown>,
        key: `care-digest:${branch.code}:${day}:${card.key}`, subject: digestSubject(branch.code, day, card.staffCode),
      }, now);
      if (created) queued++;
    }
  }
  return queued;
}

/**
 * Redraws the digest cards a task appears on (the branch chat's and its manager's), wherever they
 * were posted, after the task was done or skipped. Runs in the caller's transaction.
 */
export async function redrawDigests(tx: TransactionSql, task: CareTaskRecord, now: Date): Promise<number> {
  const day = task.appearsOn;
  const all = await selectTasks(tx, { appearsOn: day, branchIds: [task.branchId], limit: 200_000 });
  const branch = { code: task.branchCode, name: task.branchName };
  const whole = digestData(day, branch, all, null);
  let queued = await updateSubjectCards(tx, digestSubject(branch.code, day, null), { template: CARE_DIGEST_TEMPLATE, data: whole as unknown as Record<string, unknown>, version: whole.version }, now);
  if (task.assigneeCode) {
    const mine = digestData(day, branch, all.filter((t) => t.assigneeCode === task.assigneeCode), task.assigneeCode);
    queued += await updateSubjectCards(tx, digestSubject(branch.code, day, task.assigneeCode), { template: CARE_DIGEST_TEMPLATE, data: mine as unknown as Record<string, unknown>, version: mine.version }, now);
  }
  return queued;
}

/** The afternoon reminder: one message to each person who still has open tasks today, once a day. */
export async function remindOpenCareTasks(deps: CareDeps, day: string = bankDay(deps.clock.now(), deps.timeZone)): Promise<number> {
  const now = deps.clock.now();
  return deps.db.changes.transaction(async (tx, changes) => {
    let queued = 0;
    for (const { staffCode, open } of await selectOpenByAssignee(tx, day)) {
      const { created } = await enqueueMessage(tx, deps.outbox, {
        recipient: { kind: 'staff', staffCode }, template: CARE_REMINDER_TEMPLATE, data: { day, open }, key: `care-reminder:${day}:${staffCode}`,
      }, now);
      if (created) queued++;
    }
    if (queued > 0) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    return queued;
  });
}

/** The `care.daily` job body: the bank day of the slot, posted. */
export async function runCareDaily(deps: CareDeps, slot: Date, logger?: Logger): Promise<string> {
  const day = bankDay(slot, deps.timeZone);
  const { created, digests } = await generateCareTasks(deps, day, { actor: 'job:care.daily', post: true, ...(logger ? { logger } : {}) });
  return `${day}: ${created} care tasks created, ${digests} lists posted`;
}

/** The `care.remind` job body: nothing before the reminder time; once a day per person after it. */
export async function runCareReminder(deps: CareDeps, now: Date): Promise<string> {
  const settings = await loadCareSettings(deps.db.sql);
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: deps.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  if (local < settings.reminderAt) return `before the reminder time ${settings.reminderAt}`;
  const sent = await remindOpenCareTasks(deps, bankDay(now, deps.timeZone));
  return `${sent} care reminders queued`;
}
