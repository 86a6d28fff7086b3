import { describe, expect, it } from 'vitest';
import { EMPTY_SUMS } from '../kpi/index.ts';
import type { RollupDeltas } from './ingest.types.ts';
import { KpiChangeAssembler, kpiChangeParts } from './kpi-change.rules.ts';

function deltasFor(rows: number): RollupDeltas {
  const deltas: RollupDeltas = { hours: new Map(), days: new Map(), business: new Map() };
  for (let i = 0; i < rows; i++) {
    const hour = new Date(Date.UTC(2026, 10, 28, 0) - i * 3_600_000);
    deltas.hours.set(`7|${hour.toISOString()}`, { branchId: '7', hour, serviceDay: '2026-11-28', sums: { ...EMPTY_SUMS, issued: i + 1, waitSeconds: 600 } });
  }
  deltas.business.set('7|2026-11-28|开户', { branchId: '7', serviceDay: '2026-11-28', business: '开户', finished: 2, handlingCount: 2, handlingSeconds: 900 });
  return deltas;
}
const notable = [{ kind: 'low_rating' as const, branchId: '8', at: new Date('2026-11-28T02:00:00Z'), ticket: 'A1', value: 1 }];

describe('kpiChangeParts()', () => {
  it('keeps a small batch in one notification', () => {
    const parts = kpiChangeParts('42', deltasFor(3), notable, 7500);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ xid: '42', part: 0, parts: 1, feed: [{ kind: 'low_rating', at: '2026-11-28T02:00:00.000Z' }] });
  });

  it('splits a big batch into numbered parts, each under the byte limit, the feed in the first', () => {
    const parts = kpiChangeParts('42', deltasFor(200), notable, 2000);
    expect(parts.length).toBeGreaterThan(5);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(2000);
      expect(part).toMatchObject({ xid: '42', part: i, parts: parts.length });
      expect(part.feed).toHaveLength(i === 0 ? 1 : 0);
    }
  });
});

describe('KpiChangeAssembler', () => {
  it('hands over a change once every part has arrived, in any order, with the sums decoded', () => {
    const parts = kpiChangeParts('42', deltasFor(200), notable, 2000);
    const assembler = new KpiChangeAssembler();
    const shuffled = [parts.at(-1)!, ...parts.slice(0, -1)];
    const results = shuffled.map((p) => assembler.add(JSON.parse(JSON.stringify(p))));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    const change = results.at(-1)!;
    expect(change.xid).toBe('42');
    expect(change.hours).toHaveLength(200);
    expect(change.hours.find((h) => h.hour === '2026-11-28T00:00:00.000Z')).toEqual({ branchId: '7', hour: '2026-11-28T00:00:00.000Z', day: '2026-11-28', sums: { ...EMPTY_SUMS, issued: 1, waitSeconds: 600 } });
    expect(change.business).toEqual([{ branchId: '7', day: '2026-11-28', business: '开户', finished: 2, handlingCount: 2, handlingSeconds: 900 }]);
    expect(change.branchIds.sort()).toEqual(['7', '8']);
  });

  it('forgets incomplete changes when cleared after a gap', () => {
    const parts = kpiChangeParts('42', deltasFor(200), [], 2000);
    const assembler = new KpiChangeAssembler();
    assembler.add(parts[0]!);
    assembler.clear();
    expect(parts.slice(1).map((p) => assembler.add(p)).every((r) => r === undefined)).toBe(true);
  });
});
