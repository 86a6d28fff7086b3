import { describe, expect, it } from 'vitest';
import { newDraft, parseDraft, resultsOf } from './draft.ts';

describe('inspection drafts', () => {
  it('round-trips through storage and turns into API results (blank = full marks)', () => {
    const draft = newDraft(new Date('2026-11-05T02:00:00Z'), () => 'abc');
    draft.results.A1 = { points: '3', reason: ' 未起身 ', notApplicable: false };
    draft.results.A3 = { points: '', reason: '', notApplicable: true };
    const back = parseDraft(JSON.stringify(draft))!;
    expect(back.id).toBe(draft.id);
    expect(resultsOf(back, [{ code: 'A1', maxPoints: 5 }, { code: 'A2', maxPoints: 4 }, { code: 'A3', maxPoints: 6 }])).toEqual([
      { item: 'A1', points: 3, reason: '未起身' }, { item: 'A2', points: 4 }, { item: 'A3', points: 0, notApplicable: true },
    ]);
  });

  it('ignores what is not a draft', () => {
    expect(parseDraft('not json')).toBeUndefined();
    expect(parseDraft('{"x":1}')).toBeUndefined();
    expect(parseDraft(null)).toBeUndefined();
  });
});
