import { AppError } from '../../platform/errors.ts';
import type { Nomination, NominationFigures, StaffFacts } from './nomination.types.ts';

/**
 * The nomination rules (服务明星提名规则), one place for the bot, the console and the web. Each
 * refusal is a zh-CN sentence that names the rule broken, so a teller in Feishu and an HR officer
 * on the web read the same reason.
 */
export const REASON_MIN = 10;
export const REASON_MAX = 500;
export const DECISION_REASON_MIN = 2;
export const PRAISE_MAX = 300;
export const DEFAULT_QUOTA = 3;

const refuse = (field: string, message: string): AppError => new AppError('INVALID_INPUT', message, [{ field, reason: message }]);

const HEAD_ROLES = new Set(['branch_head', 'deputy_head']);
/** Who may decide a nomination that is not theirs to approve: the levels above a branch. */
const OVERSEER_ROLES = new Set(['region_manager', 'leader']);

/** The reason as written, whitespace collapsed; at least 10 characters so it says something concrete. */
export function checkReason(text: string): string {
  const reason = text.replace(/\s+/g, ' ').trim();
  const length = [...reason].length;
  if (length < REASON_MIN) throw refuse('reason', `提名理由至少 ${REASON_MIN} 个字（规则：理由须写明具体事迹），当前只有 ${length} 个字。`);
  if (length > REASON_MAX) throw refuse('reason', `提名理由最多 ${REASON_MAX} 个字（规则：理由长度上限），当前 ${length} 个字。`);
  return reason;
}

export function checkPraise(text: string | undefined): string | null {
  const praise = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!praise) return null;
  if ([...praise].length > PRAISE_MAX) throw refuse('praise', `客户表扬摘录最多 ${PRAISE_MAX} 个字。`);
  return praise;
}

/**
 * Whether `nominator` may nominate `nominee` at all: an active colleague, not themselves, inside
 * their own scope (their branch; for region-office staff, their region's subtree).
 */
export function checkNominee(nominator: StaffFacts, nominee: StaffFacts | undefined, typedCode: string): StaffFacts {
  if (!nominee) throw refuse('nominee', `找不到工号为 ${typedCode} 的员工（规则：只能提名本行在职员工）。`);
  if (nominee.code === nominator.code) throw refuse('nominee', '不能提名自己（规则：不得自我提名）。');
  if (!nominee.active) throw refuse('nominee', `${nominee.name} 已不是在职员工，不能被提名（规则：被提名人须为在职员工）。`);
  if (nominator.branchCode) {
    if (nominee.branchCode !== nominator.branchCode) {
      throw refuse('nominee', `${nominee.name} 不在您的网点，只能提名本网点的同事（规则：提名范围为本网点）。`);
    }
    return nominee;
  }
  const ownRegion = nominator.regionPath.at(-1);
  if (!ownRegion || !nominee.regionPath.includes(ownRegion)) {
    throw refuse('nominee', `${nominee.name} 不在您的辖区，只能提名本辖区的同事（规则：提名范围为本辖区）。`);
  }
  return nominee;
}

/** One nomination per nominator and nominee per month, and at most `quota` a month per nominator. */
export function checkMonthLimits(input: { nomineeName: string; alreadyNominatedThisMonth: boolean; usedThisMonth: number; quota: number }): void {
  if (input.alreadyNominatedThisMonth) {
    throw refuse('nominee', `本月您已提名过 ${input.nomineeName}（规则：每月对同一同事只能提名一次）。`);
  }
  if (input.usedThisMonth >= input.quota) {
    throw refuse('nominee', `本月提名名额已用完（规则：每人每月最多提名 ${input.quota} 人）。`);
  }
}

/**
 * The approver, chosen when the nomination is made, never the nominator nor the nominee: the
 * nominee's branch head (or deputy); but when the nominator is that branch's head or deputy, or
 * the nominee is, the nearest region manager above the branch; a leader when no one else is left.
 * Candidates are given nearest first.
 */
export function chooseApprover(input: {
  nominator: StaffFacts;
  nominee: StaffFacts;
  branchHeads: readonly StaffFacts[];
  regionManagers: readonly StaffFacts[];
  leaders: readonly StaffFacts[];
}): { approver: StaffFacts; level: 'branch' | 'region' | 'bank' } {
  const { nominator, nominee } = input;
  const eligible = (s: StaffFacts) => s.active && s.code !== nominator.code && s.code !== nominee.code;
  const headsOwnBranch = (s: StaffFacts) => HEAD_ROLES.has(s.role) && s.branchCode !== null && s.branchCode === nominee.branchCode;
  const skipBranch = nominee.branchCode === null || headsOwnBranch(nominator) || headsOwnBranch(nominee);
  if (!skipBranch) {
    const head = [...input.branchHeads].filter(eligible).sort((a, b) => Number(b.role === 'branch_head') - Number(a.role === 'branch_head'))[0];
    if (head) return { approver: head, level: 'branch' };
  }
  const manager = input.regionManagers.find(eligible);
  if (manager) return { approver: manager, level: 'region' };
  const leader = input.leaders.find(eligible);
  if (leader) return { approver: leader, level: 'bank' };
  throw refuse('nominee', '找不到可以审批这条提名的负责人（规则：审批人不能是提名人本人），请联系管理员设置网点负责人或分行管理员。');
}

/**
 * Whether `decider` may decide `nomination` now. A decided nomination is not an error: the caller
 * answers with where it stands. The approver decides; a region manager or leader whose scope
 * covers the nominee may decide in their place (a pending one at month end); never the nominator
 * or the nominee.
 */
export function checkDecider(nomination: Pick<Nomination, 'status' | 'nominatorCode' | 'nomineeCode' | 'approverCode' | 'approverName'>, decider: { code: string; role: string }): 'decide' | 'already_decided' {
  if (nomination.status !== 'pending') return 'already_decided';
  if (decider.code === nomination.nominatorCode) throw new AppError('FORBIDDEN', '不能审批自己提交的提名（规则：审批人不能是提名人）。');
  if (decider.code === nomination.nomineeCode) throw new AppError('FORBIDDEN', '不能审批对自己的提名（规则：被提名人不能审批）。');
  if (decider.code !== nomination.approverCode && !OVERSEER_ROLES.has(decider.role)) {
    throw new AppError('FORBIDDEN', `这条提名由 ${nomination.approverName ?? '指定审批人'} 审批（规则：审批人在提名时确定）。`);
  }
  return 'decide';
}

/** 驳回 needs a reason the nominator will read; 通过 may carry one. */
export function checkDecisionReason(approved: boolean, text: string | undefined): string | null {
  const reason = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!approved && [...reason].length < DECISION_REASON_MIN) throw refuse('reason', `驳回须写明理由（至少 ${DECISION_REASON_MIN} 个字），提名人会看到。`);
  if ([...reason].length > REASON_MAX) throw refuse('reason', `理由最多 ${REASON_MAX} 个字。`);
  return reason || null;
}

/** The bank month (YYYY-MM) of a bank day (YYYY-MM-DD). */
export const monthOfDay = (day: string): string => day.slice(0, 7);

/** The card data of a nomination (the `nomination.review` template), in every state, with the nominee's month figures. */
export function nominationCardData(n: Nomination, figures?: NominationFigures): Record<string, unknown> {
  return {
    id: n.id,
    nominee: n.nomineeName,
    nomineeCode: n.nomineeCode,
    nominator: n.nominatorName,
    branch: n.branchCode,
    branchName: n.branchName,
    reason: n.reason,
    praise: n.praise,
    month: n.month,
    status: n.status,
    approver: n.approverName,
    decidedBy: n.decidedByName,
    decidedAt: n.decidedAt?.toISOString() ?? null,
    decisionReason: n.decisionReason,
    createdAt: n.createdAt.toISOString(),
    ...(figures ? { figures } : {}),
  };
}
