import { maskName } from '../../platform/pii.ts';
import type { CareTaskRecord } from './care.repo.ts';
import { BIRTHDAY_OCCASION, type CareDoneVia, type CareKind, type CareStatus } from './care.types.ts';

/** A task as the API returns it (`GET /care-tasks`); names masked unless the caller may read PII. */
export interface CareTaskView {
  id: number;
  kind: CareKind;
  occasion: string;
  occasionDate: string;
  dueDate: string;
  customer: { code: string; name: string };
  accountManager: { code: string; name: string } | null;
  status: CareStatus;
  doneVia: CareDoneVia | null;
  tier: string;
  branch: string;
  skipReason: string | null;
  /** Open past its due day. */
  overdue: boolean;
}

export function toCareTaskView(t: CareTaskRecord, options: { reveal: boolean; today: string }): CareTaskView {
  return {
    id: Number(t.id), kind: t.kind, occasion: t.occasion, occasionDate: t.occasionDate, dueDate: t.dueDate,
    customer: { code: t.customerCode, name: options.reveal ? t.customerName : (maskName(t.customerName) ?? '') },
    accountManager: t.assigneeCode ? { code: t.assigneeCode, name: t.assigneeName ?? '' } : null,
    status: t.status, doneVia: t.doneVia, tier: t.tier, branch: t.branchCode, skipReason: t.skipReason,
    overdue: t.status === 'open' && t.dueDate < options.today,
  };
}

/** A suggested greeting for the card (the account manager adapts it); never names the customer in full. */
export function suggestedGreeting(kind: CareKind, occasion: string, tier: string): string {
  const vip = tier === 'private' || tier === 'diamond';
  if (kind === 'birthday' || occasion === BIRTHDAY_OCCASION) {
    return vip ? '祝您生日快乐、福寿安康！感谢您一直以来的信任，我们为您准备了一份生日心意，方便时到网点领取。' : '祝您生日快乐，身体健康、万事顺意！';
  }
  const wishes: Record<string, string> = {
    春节: '新春快乐，阖家幸福、万事如意！', 元宵: '元宵节快乐，团团圆圆、幸福美满！', 端午: '端午安康，顺遂无忧！',
    中秋: '中秋快乐，月圆人团圆！', 重阳: '重阳节快乐，福寿安康、身体健朗！', 元旦: '元旦快乐，新年新气象！', 国庆: '国庆快乐，假期愉快！',
  };
  return wishes[occasion] ?? `${occasion}快乐，祝您顺心如意！`;
}

/** One task as a card line carries it: masked name only (chat messages leave the bank). */
export interface CareCardTask {
  id: number;
  kind: CareKind;
  occasion: string;
  occasionDate: string;
  customer: string;
  tier: string;
  greeting: string;
  status: CareStatus;
  doneVia: CareDoneVia | null;
}

/** The data of a digest card: one branch (or one account manager) and one morning's tasks, by manager. */
export interface CareDigestData {
  day: string;
  branch: string;
  branchName: string;
  /** Only this account manager's tasks (the card sent to a manager when the branch has no chat). */
  staffCode: string | null;
  groups: Array<{ manager: string; managerCode: string | null; tasks: CareCardTask[] }>;
  version: string;
}

export function toCardTask(t: CareTaskRecord): CareCardTask {
  return {
    id: Number(t.id), kind: t.kind, occasion: t.occasion, occasionDate: t.occasionDate, customer: maskName(t.customerName) ?? '',
    tier: t.tier, greeting: suggestedGreeting(t.kind, t.occasion, t.tier), status: t.status, doneVia: t.doneVia,
  };
}

/** Groups a branch's tasks of one morning by account manager (in the order they come). */
export function digestData(day: string, branch: { code: string; name: string }, tasks: readonly CareTaskRecord[], staffCode: string | null): CareDigestData {
  const groups = new Map<string, CareDigestData['groups'][number]>();
  for (const t of tasks) {
    const key = t.assigneeCode ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { manager: t.assigneeName ?? '—', managerCode: t.assigneeCode, tasks: [] }));
    group.tasks.push(toCardTask(t));
  }
  // The version changes whenever any task's state does: each redraw is a new outbox update.
  const version = tasks.map((t) => `${t.id}:${t.status[0]}`).join(',');
  return { day, branch: branch.code, branchName: branch.name, staffCode, groups: [...groups.values()], version: hashText(version) };
}

function hashText(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

export const digestSubject = (branch: string, day: string, staffCode: string | null) => `care:${branch}:${day}${staffCode ? `:${staffCode}` : ''}`;
