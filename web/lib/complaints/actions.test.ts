import { describe, expect, it } from 'vitest';
import { ACTION_FIELDS, ACTION_KINDS, availableActions, initialValues, missingFields, stepBody } from './actions.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import { labelKey } from './labels.ts';

const HANDLER = ['complaints.read', 'complaints.create', 'complaints.handle'];
const LEADER = ['complaints.read', 'complaints.approve_extension'];
const READER = ['complaints.read'];
const received = { status: 'received', clockState: 'on_track', stage: 15, handler: null, mergedIntoId: null } as const;
const claimed = { ...received, status: 'claimed', handler: { code: 'S000001', name: '王建国' } } as const;

describe('availableActions', () => {
  it('offers a received complaint to be claimed, not decided', () => {
    const actions = availableActions(received, HANDLER);
    expect(actions[0]).toBe('claim');
    expect(actions).toContain('contact');
    expect(actions).not.toContain('decide');
  });

  it('offers deciding once claimed, and no second claim', () => {
    const actions = availableActions(claimed, HANDLER);
    expect(actions).toContain('decide');
    expect(actions).not.toContain('claim');
  });

  it('offers the 30-day extension only within 15 days, and the 60-day approval only at 30 to an approver', () => {
    expect(availableActions(claimed, HANDLER)).toContain('extend');
    expect(availableActions({ ...claimed, stage: 30 }, HANDLER)).not.toContain('extend');
    expect(availableActions({ ...claimed, stage: 30 }, HANDLER)).not.toContain('approveExtension');
    expect(availableActions({ ...claimed, stage: 30 }, LEADER)).toEqual(['approveExtension']);
    expect(availableActions({ ...claimed, stage: 60 }, LEADER)).toEqual([]);
  });

  it('offers resume instead of pause, and no decision, while the clock is paused', () => {
    const paused = availableActions({ ...claimed, clockState: 'paused' }, HANDLER);
    expect(paused).toContain('resume');
    expect(paused).not.toContain('pause');
    expect(paused).not.toContain('decide');
    expect(availableActions(claimed, HANDLER)).not.toContain('resume');
  });

  it('does not offer a pause once overdue', () => {
    expect(availableActions({ ...claimed, clockState: 'overdue' }, HANDLER)).not.toContain('pause');
  });

  it('offers close and review on a decided complaint, and no handling steps', () => {
    const decided = availableActions({ ...claimed, status: 'decided' }, HANDLER);
    expect(decided).toEqual(['close', 'review', 'restart', 'note']);
    expect(availableActions({ ...claimed, status: 'closed' }, HANDLER)).toEqual(['review', 'restart', 'note']);
  });

  it('offers nothing to a reader, nor on a merged complaint', () => {
    expect(availableActions(received, READER)).toEqual([]);
    expect(availableActions({ ...received, status: 'closed', mergedIntoId: 3 }, HANDLER)).toEqual([]);
  });
});

describe('stepBody', () => {
  const options = { version: 4, timeZone: 'Asia/Shanghai' };

  it('sends the loaded version, trimmed text and times in the bank zone', () => {
    const body = stepBody('decide', { decision: '  退还手续费 20 元 ', informedAt: '2026-11-05T10:30', informedVia: 'phone' }, options);
    expect(body).toEqual({ version: 4, decision: '退还手续费 20 元', informedAt: '2026-11-05T10:30:00+08:00', informedVia: 'phone' });
  });

  it('leaves an empty optional note out', () => {
    expect(stepBody('contact', { note: '   ' }, options)).toEqual({ version: 4 });
  });

  it('sends the merge target as a number and no version (merge and review take none)', () => {
    expect(stepBody('merge', { into: ' 12 ' }, options)).toEqual({ into: 12 });
    expect(stepBody('review', { summary: '对处理结果不满意' }, options)).toEqual({ summary: '对处理结果不满意' });
  });
});

describe('initialValues', () => {
  it('fills times with now and a choice with its first option', () => {
    expect(initialValues('pause', '2026-11-05T10:30')).toEqual({ reason: 'appraisal', customerNotifiedAt: '2026-11-05T10:30', note: '' });
  });
});

describe('missingFields', () => {
  it('names required fields left blank, and nothing for optional ones', () => {
    expect(missingFields('decide', { decision: ' ', informedAt: '2026-11-05T10:30', informedVia: 'sms' })).toEqual(['decision']);
    expect(missingFields('contact', { note: '' })).toEqual([]);
  });
});

describe('ACTION_FIELDS', () => {
  it('has words for every field and every option', () => {
    for (const kind of ACTION_KINDS) {
      expect(Object.hasOwn(zhCN, `complaints.action.${kind}`), kind).toBe(true);
      for (const field of ACTION_FIELDS[kind]) {
        expect(labelKey('input', field.name), `${kind}.${field.name}`).toBeDefined();
        for (const option of field.options ?? []) expect(labelKey(field.optionGroup!, option), option).toBeDefined();
      }
    }
  });
});
