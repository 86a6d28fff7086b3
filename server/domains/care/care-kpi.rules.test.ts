import { describe, expect, it } from 'vitest';
import { careKpisOf, sumRates, type CareCountRow } from './care-kpi.rules.ts';
import { digestData, suggestedGreeting } from './care-view.rules.ts';
import type { CareTaskRecord } from './care.repo.ts';

const row = (branch: string, manager: string | null, counts: Partial<CareCountRow>): CareCountRow => ({
  branch, branchName: `${branch}网点`, managerCode: manager, managerName: manager ? `经理${manager}` : null,
  due: 0, done: 0, doneOnTime: 0, skipped: 0, overdue: 0, dueToday: 0, doneToday: 0, ...counts,
});

describe('care KPI arithmetic', () => {
  it('rates done and done-on-time over tasks due, skipped counting as not done', () => {
    expect(sumRates([row('A', 'm1', { due: 8, done: 6, doneOnTime: 5, skipped: 1, overdue: 1, dueToday: 3, doneToday: 2 })])).toEqual({
      due: 8, done: 6, doneOnTime: 5, skipped: 1, overdue: 1, dueToday: 3, doneToday: 2, completionRate: 0.75, onTimeRate: 0.625,
    });
  });
  it('has no rate when nothing was due (not 0 %, not 100 %)', () => {
    expect(sumRates([])).toMatchObject({ due: 0, completionRate: null, onTimeRate: null });
  });
  it('sums managers into branches and the scope', () => {
    const kpis = careKpisOf('region:BJ', '2027-09-01', '2027-09-30', [
      row('A', 'm1', { due: 3, done: 3, doneOnTime: 2 }), row('A', 'm2', { due: 1, done: 0 }), row('B', null, { due: 2, done: 1, doneOnTime: 1 }),
    ]);
    expect(kpis).toMatchObject({ scope: 'region:BJ', due: 6, done: 4, doneOnTime: 3, completionRate: 0.667, onTimeRate: 0.5 });
    expect(kpis.byBranch.map((b) => [b.branch, b.due, b.done, b.completionRate])).toEqual([['A', 4, 3, 0.75], ['B', 2, 1, 0.5]]);
    expect(kpis.byAccountManager.map((m) => [m.code, m.completionRate])).toEqual([['m1', 1], ['m2', 0], [null, 0.5]]);
  });
});

describe('digest card data', () => {
  const task = (id: string, assignee: string, status: CareTaskRecord['status']): CareTaskRecord => ({
    id, kind: 'birthday', occasion: '生日', occasionDate: '2027-09-15', dueDate: '2027-09-15', appearsOn: '2027-09-14', tier: 'diamond', status,
    doneVia: status === 'done' ? 'phone' : null, skipReason: null, closedAt: null, customerCode: `C${id}`, customerName: '欧阳娜娜', customerBirthYear: null,
    branchId: '1', branchCode: 'BJ0101', branchName: '建国路', assigneeCode: assignee, assigneeName: `经理${assignee}`,
  });
  it('groups by account manager, masks names and changes version when a task changes', () => {
    const before = digestData('2027-09-14', { code: 'BJ0101', name: '建国路' }, [task('1', 'a', 'open'), task('2', 'b', 'open'), task('3', 'a', 'open')], null);
    expect(before.groups.map((g) => [g.managerCode, g.tasks.map((t) => t.id)])).toEqual([['a', [1, 3]], ['b', [2]]]);
    expect(before.groups[0]!.tasks[0]!.customer).toBe('欧阳**');
    const after = digestData('2027-09-14', { code: 'BJ0101', name: '建国路' }, [task('1', 'a', 'done'), task('2', 'b', 'open'), task('3', 'a', 'open')], null);
    expect(after.version).not.toBe(before.version);
  });
  it('suggests a greeting for the occasion', () => {
    expect(suggestedGreeting('holiday', '中秋', 'diamond')).toContain('中秋');
    expect(suggestedGreeting('birthday', '生日', 'mass')).toContain('生日快乐');
  });
});
