import { describe, expect, it } from 'vitest';
import { complaintRates, countRows, groupFacts, onTimeRate, rankWithMovement, toCsv, totalOf, CATEGORY_LABELS, CAUSE_OF_CATEGORY, type ComplaintFact } from './reports.rules.ts';

const unit = (code: string, serviceIndex: number | null) => ({ code, name: `网点${code}`, regionCode: 'R', serviceIndex, finished: 100 });

describe('rankings with movement', () => {
  it('ranks this month, attaches last month’s rank and the places gained, and lists the most improved', () => {
    const current = [unit('A', 90), unit('B', 85), unit('C', 88), unit('D', null), unit('E', 70)];
    const previous = [unit('A', 80), unit('B', 91), unit('C', 88), unit('E', 60)];
    const { ranked, best, worst, mostImproved } = rankWithMovement(current, previous);
    expect(ranked.map((u) => [u.code, u.rank, u.previousRank, u.movement])).toEqual([
      ['A', 1, 3, 2], ['C', 2, 2, 0], ['B', 3, 1, -2], ['E', 4, 4, 0], ['D', null, null, null],
    ]);
    expect(best.map((u) => u.code)).toEqual(['A', 'C', 'B', 'E']);
    expect(worst.map((u) => u.code)).toEqual(['E', 'B', 'C', 'A']);
    // Gains: A +10, E +10 (code order breaks the tie), C 0 and B −6 are not improvements.
    expect(mostImproved.map((u) => u.code)).toEqual(['A', 'E']);
  });

  it('keeps ten in each list', () => {
    const many = Array.from({ length: 25 }, (_, i) => unit(String(i).padStart(2, '0'), 50 + i));
    const { best, worst } = rankWithMovement(many, []);
    expect(best).toHaveLength(10);
    expect(best[0]!.serviceIndex).toBe(74);
    expect(worst[0]!.serviceIndex).toBe(50);
  });
});

describe('complaint statistics', () => {
  const fact = (category: string, f: Partial<ComplaintFact>): ComplaintFact => ({ category, channel: 'counter', branchCode: 'B1', received: true, decided: false, decidedOnTime: false, overdue: false, ...f });

  it('groups by category and by cause with every known key listed, adding up to the totals', () => {
    const facts = [fact('wait_time', { decided: true, decidedOnTime: true }), fact('service_attitude', { overdue: true }), fact('fees', {}), fact('wait_time', { received: false, decided: true })];
    const total = totalOf(facts);
    expect(total).toMatchObject({ received: 3, decided: 2, decidedOnTime: 1, overdue: 1 });
    const byCategory = groupFacts(facts, (f) => f.category, CATEGORY_LABELS);
    expect(byCategory).toHaveLength(Object.keys(CATEGORY_LABELS).length);
    expect(byCategory.map((r) => r.key).slice(0, 3)).toEqual(['fees', 'service_attitude', 'wait_time']); // 1 received each: by key
    expect(byCategory.find((r) => r.key === 'wait_time')).toEqual({ key: 'wait_time', label: '等候时间', received: 1, decided: 2, decidedOnTime: 1, overdue: 0 });
    const byCause = groupFacts(facts, (f) => CAUSE_OF_CATEGORY[f.category]!);
    expect(byCause[0]).toMatchObject({ key: '服务态度及服务质量', received: 2, decided: 2, overdue: 1 });
    expect(byCause.reduce((s, r) => s + r.received, 0)).toBe(total.received);
  });

  it('computes rates per 1,000 branches and per 10 million customers, null without a base', () => {
    expect(complaintRates(29, 290, 50_000)).toEqual({ per1000Branches: 100, per10MillionCustomers: 5800 });
    expect(complaintRates(3, 0, 0)).toEqual({ per1000Branches: null, per10MillionCustomers: null });
    expect(onTimeRate(0, 0)).toBeNull();
    expect(onTimeRate(4, 3)).toBe(0.75);
  });

  it('counts rows largest first with labels', () => {
    expect(countRows([{ key: 'app', count: 2 }, { key: 'counter', count: 5 }], { counter: '柜面', app: '手机银行', letter: '信函' }))
      .toEqual([{ key: 'counter', label: '柜面', count: 5 }, { key: 'app', label: '手机银行', count: 2 }, { key: 'letter', label: '信函', count: 0 }]);
  });
});

describe('CSV', () => {
  it('starts with a UTF-8 BOM, ends lines with CRLF, quotes what needs it and keeps Chinese', () => {
    const csv = toCsv([['网点', '受理'], ['北京朝阳, 建国路', 3], ['说"好"', null], ['=cmd()', -1]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('网点,受理\r\n"北京朝阳, 建国路",3\r\n"说""好""",\r\n\'=cmd(),-1\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
