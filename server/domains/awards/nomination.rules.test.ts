import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { checkDecider, checkDecisionReason, checkMonthLimits, checkNominee, checkReason, chooseApprover } from './nomination.rules.ts';
import type { StaffFacts } from './nomination.types.ts';

const person = (code: string, over: Partial<StaffFacts> = {}): StaffFacts => ({
  code, name: `员工${code}`, role: 'teller', active: true, branchCode: 'BJ0101', regionPath: ['HO', 'BJ', 'BJ01'], ...over,
});
const head = person('H1', { name: '王建国', role: 'branch_head' });
const deputy = person('D1', { name: '副主任', role: 'deputy_head' });
const teller = person('T1', { name: '李晓梅' });
const colleague = person('T2', { name: '张伟' });
const manager = person('R1', { name: '刘分行', role: 'region_manager', branchCode: null, regionPath: ['HO', 'BJ'] });
const leader = person('L1', { name: '总行领导', role: 'leader', branchCode: null, regionPath: ['HO'] });

/** The refusal's message, to assert the exact zh-CN sentence. */
function refusal(work: () => unknown): { code: string; message: string; field: string | undefined } {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message, field: error.issues[0]?.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('nomination rules', () => {
  it('refuses a self-nomination, naming the rule', () => {
    expect(refusal(() => checkNominee(teller, teller, 'T1'))).toEqual({ code: 'INVALID_INPUT', field: 'nominee', message: '不能提名自己（规则：不得自我提名）。' });
  });

  it('refuses an inactive colleague and an unknown code', () => {
    expect(refusal(() => checkNominee(teller, person('T9', { name: '赵离职', active: false }), 'T9')).message).toBe('赵离职 已不是在职员工，不能被提名（规则：被提名人须为在职员工）。');
    expect(refusal(() => checkNominee(teller, undefined, 'X404')).message).toBe('找不到工号为 X404 的员工（规则：只能提名本行在职员工）。');
  });

  it('keeps branch staff to their own branch and region staff to their region', () => {
    const other = person('S9', { name: '陈上海', branchCode: 'SH0101', regionPath: ['HO', 'SH', 'SH01'] });
    expect(refusal(() => checkNominee(teller, other, 'S9')).message).toBe('陈上海 不在您的网点，只能提名本网点的同事（规则：提名范围为本网点）。');
    expect(checkNominee(teller, colleague, 'T2')).toBe(colleague);
    expect(checkNominee(manager, teller, 'T1')).toBe(teller);
    expect(refusal(() => checkNominee(manager, other, 'S9')).message).toBe('陈上海 不在您的辖区，只能提名本辖区的同事（规则：提名范围为本辖区）。');
  });

  it('wants a reason of at least 10 characters (counted as characters, not bytes)', () => {
    expect(refusal(() => checkReason('服务好')).message).toBe('提名理由至少 10 个字（规则：理由须写明具体事迹），当前只有 3 个字。');
    expect(checkReason('  耐心为老年客户   办理业务一小时 ')).toBe('耐心为老年客户 办理业务一小时');
  });

  it('allows one nomination of the same colleague a month and a monthly quota', () => {
    expect(refusal(() => checkMonthLimits({ nomineeName: '张伟', alreadyNominatedThisMonth: true, usedThisMonth: 1, quota: 3 })).message).toBe('本月您已提名过 张伟（规则：每月对同一同事只能提名一次）。');
    expect(refusal(() => checkMonthLimits({ nomineeName: '张伟', alreadyNominatedThisMonth: false, usedThisMonth: 3, quota: 3 })).message).toBe('本月提名名额已用完（规则：每人每月最多提名 3 人）。');
    expect(() => checkMonthLimits({ nomineeName: '张伟', alreadyNominatedThisMonth: false, usedThisMonth: 2, quota: 3 })).not.toThrow();
  });

  it("routes a teller's nomination to the branch head, and the head's own nomination to the region manager", () => {
    const candidates = { branchHeads: [deputy, head], regionManagers: [manager], leaders: [leader] };
    expect(chooseApprover({ nominator: teller, nominee: colleague, ...candidates })).toEqual({ approver: head, level: 'branch' });
    expect(chooseApprover({ nominator: head, nominee: teller, ...candidates })).toEqual({ approver: manager, level: 'region' });
    expect(chooseApprover({ nominator: deputy, nominee: teller, ...candidates })).toEqual({ approver: manager, level: 'region' });
    // A nomination of the head goes above the branch too (a deputy does not judge their head).
    expect(chooseApprover({ nominator: teller, nominee: head, ...candidates })).toEqual({ approver: manager, level: 'region' });
    // The region manager's own nomination never comes back to them.
    expect(chooseApprover({ nominator: manager, nominee: head, ...candidates })).toEqual({ approver: leader, level: 'bank' });
    expect(refusal(() => chooseApprover({ nominator: head, nominee: teller, branchHeads: [head], regionManagers: [], leaders: [] })).message).toContain('规则：审批人不能是提名人本人');
  });

  it('lets the approver or an overseer decide, never the nominator or the nominee, and a decided one only reports', () => {
    const n = { status: 'pending' as const, nominatorCode: 'T1', nomineeCode: 'T2', approverCode: 'H1', approverName: '王建国' };
    expect(checkDecider(n, { code: 'H1', role: 'branch_head' })).toBe('decide');
    expect(checkDecider(n, { code: 'R1', role: 'region_manager' })).toBe('decide');
    expect(refusal(() => checkDecider(n, { code: 'T1', role: 'staff' })).message).toBe('不能审批自己提交的提名（规则：审批人不能是提名人）。');
    expect(refusal(() => checkDecider(n, { code: 'T2', role: 'staff' })).message).toBe('不能审批对自己的提名（规则：被提名人不能审批）。');
    expect(refusal(() => checkDecider(n, { code: 'D1', role: 'branch_head' })).message).toBe('这条提名由 王建国 审批（规则：审批人在提名时确定）。');
    expect(checkDecider({ ...n, status: 'approved' }, { code: 'T1', role: 'staff' })).toBe('already_decided');
  });

  it('wants a reason to 驳回', () => {
    expect(refusal(() => checkDecisionReason(false, ' ')).message).toBe('驳回须写明理由（至少 2 个字），提名人会看到。');
    expect(checkDecisionReason(true, undefined)).toBeNull();
    expect(checkDecisionReason(false, '事迹不具体')).toBe('事迹不具体');
  });
});
