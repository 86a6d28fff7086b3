import { actOnCareTask, generateCareTasks, listCareTasks, settleCareMorning, type CareDeps } from '../domains/care/index.ts';
import type { Actor } from '../domains/access/index.ts';
import { addDays, bankDay, daysBetween } from '../platform/bank-time.ts';
import { createRng } from './random.ts';

const PAST_DAYS = 6;

/** Back to the first of last month (at least PAST_DAYS): the monthly report's care section has a whole month. */
function pastMornings(today: string): number {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const firstOfLastMonth = month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
  return Math.max(PAST_DAYS, daysBetween(firstOfLastMonth, today));
}
const VIAS = ['phone', 'phone', 'phone', 'sms', 'sms', 'visit'] as const;
const REASONS = ['unreachable', 'declined', 'greeted_elsewhere'] as const;

/**
 * Customer care in the demo, in every state at first start: the last mornings' tasks mostly
 * greeted (each way), some skipped, some left open and now overdue; today's list posted (to each
 * account manager's /chat, the demo having no Feishu) with a few already ticked off. Re-running
 * changes nothing (tasks are unique; past mornings are settled only while wholly open).
 */
export async function seedDemoCare(deps: CareDeps, log: (line: string) => void): Promise<void> {
  const actor: Actor = { principal: { kind: 'system', name: 'demo' }, channel: 'job', requestId: null };
  const today = bankDay(deps.clock.now(), deps.timeZone);
  const rng = createRng(20270915);
  let created = 0;
  const mornings = pastMornings(today);
  for (let back = mornings; back >= 1; back--) {
    const day = addDays(today, -back);
    const run = await generateCareTasks(deps, day, { actor: 'demo', post: false });
    created += run.created;
    if (run.created === 0) continue; // settled on an earlier start
    await settleCareMorning(deps, actor, day, () => {
      const roll = rng.next();
      if (roll < 0.72) return { action: { kind: 'done', via: rng.pick(VIAS) }, hour: rng.int(9, 17) };
      if (roll < 0.82) return { action: { kind: 'skip', reason: rng.pick(REASONS) }, hour: rng.int(9, 17) };
      return null; // left open: overdue on the wall and in the back office
    });
  }
  const morning = await generateCareTasks(deps, today, { actor: 'demo', post: true });
  created += morning.created;
  if (morning.created > 0) {
    // A few of today's greetings already made, through the same path as a click (cards redrawn).
    const open = (await listCareTasks(deps, actor.principal, { from: today, to: addDays(today, 3), status: 'open' })).slice(0, 400);
    for (const task of open.filter((_, i) => i % 4 === 0)) {
      await actOnCareTask(deps, actor, task.id, { kind: 'done', via: rng.pick(VIAS) });
    }
  }
  log(`customer care: ${created} tasks created for the last ${mornings} mornings and today`);
}
