import { describe, expect, it } from 'vitest';
import { formatAuditSummary, formatValue } from './audit.ts';

describe('formatAuditSummary', () => {
  it('reads a changed field as before → after', () => {
    expect(formatAuditSummary({ role: { before: 'staff', after: 'leader' }, staffCode: { before: null, after: 'S000001' } })).toEqual([
      { key: 'role', text: 'staff → leader' },
      { key: 'staffCode', text: '— → S000001' },
    ]);
  });

  it('reads any other value as it is', () => {
    expect(formatAuditSummary({ name: '一楼大屏', sessionsEnded: 2, passwordGenerated: true, eventTypes: ['ticket.issued', 'evaluation.submitted'] })).toEqual([
      { key: 'name', text: '一楼大屏' },
      { key: 'sessionsEnded', text: '2' },
      { key: 'passwordGenerated', text: 'true' },
      { key: 'eventTypes', text: 'ticket.issued, evaluation.submitted' },
    ]);
  });

  it('does not mistake an object with more fields for a change', () => {
    expect(formatAuditSummary({ scope: { before: 'bank', after: 'region:EAST', note: 'x' } })[0]!.text).toBe('{"before":"bank","after":"region:EAST","note":"x"}');
  });

  it('is empty for an empty summary', () => {
    expect(formatAuditSummary({})).toEqual([]);
  });
});

describe('formatValue', () => {
  it('shortens a long value with an ellipsis at 80 characters', () => {
    const text = formatValue('x'.repeat(200));
    expect(text).toHaveLength(80);
    expect(text.endsWith('…')).toBe(true);
  });

  it('shows nothing as a dash', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue('')).toBe('—');
    expect(formatValue([])).toBe('—');
  });
});
