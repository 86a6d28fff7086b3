import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { checkIntake, type IntakeInput } from './complaint-intake.rules.ts';

const NOW = new Date('2026-11-05T02:00:00Z'); // 10:00 in Shanghai
const DAY = 86_400_000;

const valid = (over: Partial<IntakeInput> = {}): IntakeInput => ({
  id: 'CRM-1',
  branch: 'B001',
  receivedAt: '2026-11-01T10:00:00+08:00',
  channel: 'regulator',
  category: 'fees',
  complainant: { name: '张三明', phone: '13812341234' },
  summary: '多收了年费',
  ...over,
});

/** The field an invalid intake names. */
function fieldOf(input: IntakeInput): string | undefined {
  try {
    checkIntake(input, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    return (error as AppError).issues[0]?.field;
  }
  throw new Error('expected the intake to be refused');
}

describe('checkIntake: a complete complaint', () => {
  it('is accepted, trimmed, with defaults for what is optional', () => {
    const checked = checkIntake(valid({ branch: ' B001 ', summary: '  多收了年费 ', request: '', facts: null, staff: undefined }), NOW);
    expect(checked).toMatchObject({
      externalId: 'CRM-1', branch: 'B001', branchCode: 'B001', channel: 'regulator', category: 'fees', severity: 'normal',
      complainantName: '张三明', complainantPhone: '13812341234', agentName: null, agentAuthorization: null,
      staffCode: null, summary: '多收了年费', request: null, facts: null,
    });
    expect(checked.receivedAt).toEqual(new Date('2026-11-01T02:00:00Z'));
  });
  it('takes the receipt time as now when absent, and an empty external id when none is given', () => {
    const checked = checkIntake(valid({ receivedAt: undefined, id: undefined }), NOW);
    expect(checked.receivedAt).toEqual(NOW);
    expect(checked.externalId).toBe('');
  });
  it('accepts phone numbers written with a country code, spaces or dashes, and no phone at all', () => {
    for (const phone of ['+86 138 1234 1234', '010-12345678', '0755 8888 6666', null, undefined, '']) {
      expect(() => checkIntake(valid({ complainant: { name: '张三明', phone } }), NOW)).not.toThrow();
    }
  });
  it('records an agent with their authorization', () => {
    expect(checkIntake(valid({ agent: { name: '李四', authorization: '授权委托书 2026-001' } }), NOW)).toMatchObject({ agentName: '李四', agentAuthorization: '授权委托书 2026-001' });
  });
});

describe('checkIntake: each mistake names its field', () => {
  it('branch', () => {
    expect(fieldOf(valid({ branch: '  ' }))).toBe('branch');
    expect(fieldOf(valid({ branch: 'B'.repeat(33) }))).toBe('branch');
  });
  it('channel', () => {
    expect(fieldOf(valid({ channel: '' }))).toBe('channel');
    expect(fieldOf(valid({ channel: 'fax' }))).toBe('channel');
  });
  it('category', () => {
    expect(fieldOf(valid({ category: '' }))).toBe('category');
    expect(fieldOf(valid({ category: 'rudeness' }))).toBe('category');
  });
  it('severity', () => {
    expect(fieldOf(valid({ severity: 'urgent' }))).toBe('severity');
  });
  it('receivedAt: not a time', () => {
    expect(fieldOf(valid({ receivedAt: 'yesterday' }))).toBe('receivedAt');
    expect(fieldOf(valid({ receivedAt: new Date('nope') }))).toBe('receivedAt');
  });
  it('receivedAt: in the future beyond five minutes of clock skew', () => {
    expect(() => checkIntake(valid({ receivedAt: new Date(NOW.getTime() + 5 * 60_000) }), NOW)).not.toThrow();
    expect(fieldOf(valid({ receivedAt: new Date(NOW.getTime() + 5 * 60_000 + 1000) }))).toBe('receivedAt');
  });
  it('receivedAt: more than 365 days ago', () => {
    expect(() => checkIntake(valid({ receivedAt: new Date(NOW.getTime() - 365 * DAY) }), NOW)).not.toThrow();
    expect(fieldOf(valid({ receivedAt: new Date(NOW.getTime() - 365 * DAY - 1000) }))).toBe('receivedAt');
  });
  it('complainant', () => {
    expect(fieldOf(valid({ complainant: undefined as unknown as IntakeInput['complainant'] }))).toBe('complainant');
  });
  it('complainant.name', () => {
    expect(fieldOf(valid({ complainant: { name: ' ', phone: '13812341234' } }))).toBe('complainant.name');
    expect(fieldOf(valid({ complainant: { name: '张'.repeat(51) } }))).toBe('complainant.name');
  });
  it('complainant.phone: not a phone number', () => {
    for (const phone of ['call me', '138-abc-1234', '12345', '1'.repeat(21)]) {
      expect(fieldOf(valid({ complainant: { name: '张三明', phone } }))).toBe('complainant.phone');
    }
  });
  it('agent: needs a name and an authorization', () => {
    expect(fieldOf(valid({ agent: { name: '李四', authorization: ' ' } }))).toBe('agent.authorization');
    expect(fieldOf(valid({ agent: { name: '李四' } as unknown as IntakeInput['agent'] }))).toBe('agent.authorization');
    expect(fieldOf(valid({ agent: { name: '', authorization: '授权委托书' } }))).toBe('agent.name');
  });
  it('summary', () => {
    expect(fieldOf(valid({ summary: '   ' }))).toBe('summary');
    expect(fieldOf(valid({ summary: 'x'.repeat(2001) }))).toBe('summary');
  });
  it('request, facts, staff and id when too long', () => {
    expect(fieldOf(valid({ request: 'x'.repeat(2001) }))).toBe('request');
    expect(fieldOf(valid({ facts: 'x'.repeat(4001) }))).toBe('facts');
    expect(fieldOf(valid({ staff: 'x'.repeat(65) }))).toBe('staff');
    expect(fieldOf(valid({ id: ' ' }))).toBe('id');
  });
});
