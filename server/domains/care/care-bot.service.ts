import { bankDay } from '../../platform/bank-time.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../access/index.ts';
import { authorize, findBranchTarget } from '../access/index.ts';
import type { CareDeps } from './care-deps.ts';
import { digestData, toCardTask, type CareCardTask, type CareDigestData } from './care-view.rules.ts';
import { selectTasks } from './care.repo.ts';

/** A digest card's data as it stands (the bot redraws the clicked card with it). */
export async function careDigestFor(deps: CareDeps, principal: Principal, branch: string, day: string, staffCode: string | null): Promise<CareDigestData> {
  const target = await findBranchTarget(deps.db.sql, branch);
  if (target?.kind !== 'branch') throw AppError.invalid('branch', `unknown branch "${branch}"`);
  authorize(principal, 'care.read', target, { hideOutsideScope: true });
  const tasks = await selectTasks(deps.db.sql, { branchIds: [target.branchId], appearsOn: day, limit: 200_000 });
  const [first] = tasks;
  const mine = staffCode ? tasks.filter((t) => t.assigneeCode === staffCode) : tasks;
  return digestData(day, { code: branch, name: first?.branchName ?? branch }, mine, staffCode);
}

/** A person's open tasks listed so far (appeared today or earlier), soonest due first. */
export async function openCareTasksOf(deps: CareDeps, staffCode: string): Promise<Array<CareCardTask & { branch: string; day: string }>> {
  const today = bankDay(deps.clock.now(), deps.timeZone);
  const tasks = await selectTasks(deps.db.sql, { assigneeCode: staffCode, status: 'open', limit: 200 });
  return tasks.filter((t) => t.appearsOn <= today).map((t) => ({ ...toCardTask(t), branch: t.branchCode, day: t.appearsOn }));
}

/** The card line of one task (after a click). */
export async function careCardTask(deps: CareDeps, id: number): Promise<CareCardTask> {
  const [task] = await selectTasks(deps.db.sql, { ids: [String(id)] });
  if (!task) throw new AppError('NOT_FOUND', `no care task ${id}`);
  return toCardTask(task);
}
