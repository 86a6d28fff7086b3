import { describe, expect, it } from 'vitest';
import { emptyIntake, intakeBody, missingIntakeFields } from './intake.ts';

const filled = { ...emptyIntake('2026-11-05T09:30', 'branch:BJ0101'), name: '张三明', summary: '排队一个多小时' };

describe('emptyIntake', () => {
  it('fills the branch for a user scoped to one branch, and not otherwise', () => {
    expect(emptyIntake('2026-11-05T09:30', 'branch:BJ0101').branch).toBe('BJ0101');
    expect(emptyIntake('2026-11-05T09:30', 'region:BJ').branch).toBe('');
  });
});

describe('missingIntakeFields', () => {
  it('names the required fields by their wire names', () => {
    expect(missingIntakeFields({ ...filled, branch: ' ', name: '', summary: '' })).toEqual(['branch', 'complainant.name', 'summary']);
  });

  it('asks for both agent fields when one is given', () => {
    expect(missingIntakeFields({ ...filled, agentName: '张小明' })).toEqual(['agent.authorization']);
    expect(missingIntakeFields({ ...filled, agentAuthorization: '授权委托书' })).toEqual(['agent.name']);
    expect(missingIntakeFields(filled)).toEqual([]);
  });
});

describe('intakeBody', () => {
  it('sends the receipt time in the bank zone and leaves empty optional fields out', () => {
    expect(intakeBody(filled, 'Asia/Shanghai')).toEqual({
      branch: 'BJ0101', receivedAt: '2026-11-05T09:30:00+08:00', channel: 'counter', category: 'service_attitude', severity: 'normal',
      complainant: { name: '张三明' }, summary: '排队一个多小时',
    });
  });

  it('sends the phone, the agent, the staff code and the texts when given', () => {
    const body = intakeBody({ ...filled, phone: '13812345678', agentName: '张小明', agentAuthorization: '授权委托书', staff: 'S000002', request: '道歉', facts: '周六上午' }, 'Asia/Shanghai');
    expect(body).toMatchObject({ complainant: { name: '张三明', phone: '13812345678' }, agent: { name: '张小明', authorization: '授权委托书' }, staff: 'S000002', request: '道歉', facts: '周六上午' });
  });

  it('leaves the receipt time to the server when blank (now)', () => {
    expect(intakeBody({ ...filled, receivedAt: '' }, 'Asia/Shanghai')).not.toHaveProperty('receivedAt');
  });
});
