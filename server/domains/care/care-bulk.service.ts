import { startOfBankDay } from '../../platform/bank-time.ts';
import { actorLabel, recordAudit, type Actor } from '../access/index.ts';
import { CARE_CHANGED_CHANNEL, type CareDeps } from './care-deps.ts';
import type { CareAction } from './care-tasks.service.ts';
import { closeTask, insertEvent, selectOpenIdsListedOn } from './care.repo.ts';

/**
 * Closes many tasks of a past morning in one transaction, each at the hour given (the demo's
 * history: greetings made days ago). Audited and recorded like a click; no card is redrawn (the
 * cards of past mornings are not on anyone's screen any more).
 */
export async function settleCareMorning(deps: CareDeps, actor: Actor, day: string, decide: (id: string) => { action: CareAction; hour: number } | null): Promise<number> {
  const label = actorLabel(actor.principal);
  const staffCode = actor.principal.kind === 'staff' ? actor.principal.staffCode : null;
  return deps.db.changes.transaction(async (tx, changes) => {
    let closed = 0;
    for (const id of await selectOpenIdsListedOn(tx, day)) {
      const choice = decide(id);
      if (!choice) continue;
      const at = new Date(startOfBankDay(day, deps.timeZone).getTime() + choice.hour * 3_600_000);
      const { action } = choice;
      const status = action.kind === 'done' ? 'done' : 'skipped';
      if (!(await closeTask(tx, id, { status, via: action.kind === 'done' ? action.via : null, reason: action.kind === 'skip' ? action.reason : null, staffCode, now: at }))) continue;
      const data = action.kind === 'done' ? { via: action.via } : { reason: action.reason };
      await insertEvent(tx, id, status, label, data, at);
      await recordAudit(tx, actor, { action: action.kind === 'done' ? 'care.done' : 'care.skip', targetType: 'care_task', targetId: id, summary: data }, at);
      closed++;
    }
    if (closed > 0) changes.notify(CARE_CHANGED_CHANNEL, { event: 'settled', day, count: closed });
    return closed;
  });
}
