import { describe, expect, it } from 'vitest';
import { actorName, labelKey } from './labels.ts';
import { eventDetails, type TimelineEvent } from './timeline.ts';

const event = (kind: string, data: Record<string, unknown>): TimelineEvent => ({ kind, at: '2026-11-05T02:00:00Z', recordedAt: '2026-11-05T02:00:00Z', actor: 'user:bj-head', channel: 'web', data });

describe('eventDetails', () => {
  it('shows a decision with its time and how the customer was told', () => {
    expect(eventDetails(event('decided', { decision: '退还手续费', informedAt: '2026-11-05T02:00:00Z', informedVia: 'phone' }))).toEqual([
      { label: 'complaints.field.decision', kind: 'text', value: '退还手续费' },
      { label: 'complaints.field.informedAt', kind: 'time', value: '2026-11-05T02:00:00Z' },
      { label: 'complaints.field.informedVia', kind: 'code', value: 'phone', group: 'inform' },
    ]);
  });

  it('reads a pause reason as a pause code, and an extension as stages', () => {
    expect(eventDetails(event('paused', { reason: 'appraisal' }))[0]).toMatchObject({ kind: 'code', group: 'pause', value: 'appraisal' });
    expect(eventDetails(event('extended', { from: 15, to: 30, reason: '案情复杂' })).map((d) => d.kind)).toEqual(['stage', 'stage', 'text']);
  });

  it('names the other case of a merge by its reference, not its id', () => {
    expect(eventDetails(event('merged', { from: 'TS-2026-000001', fromId: 1 }))).toEqual([{ label: 'complaints.field.mergedFrom', kind: 'text', value: 'TS-2026-000001' }]);
  });

  it('keeps a key it does not know, raw, and drops empty values', () => {
    expect(eventDetails(event('note', { note: '', shift: { a: 1 } }))).toEqual([{ label: 'shift', kind: 'text', value: '{"a":1}' }]);
  });

  it('marks a reopening only when it happened', () => {
    expect(eventDetails(event('restarted', { facts: '新证据', reopened: false })).map((d) => d.label)).toEqual(['complaints.field.facts']);
    expect(eventDetails(event('restarted', { facts: '新证据', reopened: true })).map((d) => d.label)).toEqual(['complaints.field.facts', 'complaints.field.reopened']);
  });
});

describe('labelKey', () => {
  it('finds the words for a known code and none for an unknown one', () => {
    expect(labelKey('category', 'wait_time')).toBe('complaints.category.wait_time');
    expect(labelKey('channel', 'fax')).toBeUndefined();
    expect(labelKey('event', 'toString')).toBeUndefined();
  });
});

describe('actorName', () => {
  it('drops the user prefix and keeps others', () => {
    expect(actorName('user:bj-head')).toBe('bj-head');
    expect(actorName('staff:S000001')).toBe('staff:S000001');
  });
});
