import type { ComplaintView } from '$contract';
import { describe, expect, it } from 'vitest';
import { combineLists, parseTab, tabQueries } from './list-tabs.ts';

const view = (id: number, decidedAt: string | null) => ({ id, decidedAt, receivedAt: '2026-11-01T01:00:00Z' }) as ComplaintView;

describe('parseTab', () => {
  it('reads a known tab and falls back to all open ones', () => {
    expect(parseTab('overdue')).toBe('overdue');
    expect(parseTab('bogus')).toBe('open');
    expect(parseTab(null)).toBe('open');
  });
});

describe('tabQueries', () => {
  it('asks by clock state, for my open ones, and for both finished statuses', () => {
    expect(tabQueries('due_soon')).toEqual([{ clockState: 'due_soon' }]);
    expect(tabQueries('mine')).toEqual([{ mine: 'true', open: 'true' }]);
    expect(tabQueries('done')).toEqual([{ status: 'decided' }, { status: 'closed' }]);
  });
});

describe('combineLists', () => {
  it('keeps the server order for one list', () => {
    expect(combineLists('open', [[view(2, null), view(1, null)]]).map((c) => c.id)).toEqual([2, 1]);
  });

  it('puts the latest decided first when joining the finished lists', () => {
    const decided = [view(1, '2026-11-03T00:00:00Z')];
    const closed = [view(2, '2026-11-04T00:00:00Z'), view(3, '2026-11-02T00:00:00Z')];
    expect(combineLists('done', [decided, closed]).map((c) => c.id)).toEqual([2, 1, 3]);
  });
});
