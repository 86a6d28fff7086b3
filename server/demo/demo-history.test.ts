import { describe, expect, it } from 'vitest';
import { addSums, computeKpis, EMPTY_SUMS, type KpiSums } from '../domains/kpi/index.ts';
import { createScenario } from '../simulator/scenario.ts';
import { outletQuality } from '../simulator/outlet-quality.ts';
import { LONG_WAIT_MINUTES } from '../simulator/service-model.ts';
import { historyDays, historyDaySums, longWaitShare } from './demo-history.ts';

const branchOf = (code: string) => ({ code, regionCode: code.slice(0, 4) });
/** A plain Tuesday in March (no pay day, season factor 1). */
const DAY = { day: '2026-03-17', kind: 'workday' as const };

/** The live simulator's working week (16–20 March 2026) for one outlet, summed as the ingest would. */
function simulatedWeek(code: string): KpiSums {
  const scenario = createScenario({ branches: [{ ...branchOf(code), quality: outletQuality(code) }], seed: 7, runId: 't', timeZone: 'Asia/Shanghai', dayKindOf: () => 'workday' }, Date.parse('2026-03-16T00:00:00+08:00'));
  const sums = { ...EMPTY_SUMS };
  for (const t of scenario.ticketsUntil(Date.parse('2026-03-21T00:00:00+08:00'))) {
    sums.issued++;
    if (t.calledAt === undefined || t.finishedAt === undefined) continue;
    const wait = (t.calledAt - t.issuedAt) / 1000;
    Object.assign(sums, {
      called: sums.called + 1, finished: sums.finished + 1, waitCount: sums.waitCount + 1, waitSeconds: sums.waitSeconds + wait,
      longWaits: sums.longWaits + (wait >= LONG_WAIT_MINUTES * 60 ? 1 : 0), handlingCount: sums.handlingCount + 1,
      handlingSeconds: sums.handlingSeconds + (t.finishedAt - t.calledAt) / 1000, serviceErrors: sums.serviceErrors + (t.serviceErrorAt ? 1 : 0),
    });
    if (t.evaluation) Object.assign(sums, { evaluations: sums.evaluations + 1, satisfied: sums.satisfied + (t.evaluation.rating >= 4 ? 1 : 0) });
  }
  return sums;
}

/** Outlets of each quality tier among demo-like codes. */
const codes = Array.from({ length: 60 }, (_, i) => `BJ01${String(i + 1).padStart(2, '0')}`);
const byTier = (tier: string) => codes.filter((c) => outletQuality(c).tier === tier);

describe('demo history', () => {
  it('is deterministic: the same seed, outlet and day give the same sums; another day differs', () => {
    const a = historyDaySums(1, branchOf('BJ0101'), DAY, 3);
    expect(historyDaySums(1, branchOf('BJ0101'), DAY, 3)).toEqual(a);
    expect(historyDaySums(1, branchOf('BJ0101'), { ...DAY, day: '2026-03-18' }, 3)).not.toEqual(a);
    expect(historyDaySums(2, branchOf('BJ0101'), DAY, 3)).not.toEqual(a);
  });

  it('gives most outlets a good tier, some amber and a few red', () => {
    expect(byTier('good').length).toBeGreaterThan(30);
    expect(byTier('amber').length).toBeGreaterThan(5);
    expect(byTier('red').length).toBeGreaterThan(1);
  });

  it.each(['good', 'amber', 'red'])('continues into the live days: a %s outlet’s history week looks like the simulator’s week', (tier) => {
    for (const code of byTier(tier).slice(0, 3)) {
      // Errors are rare (a few per 10,000): one more or less in a day swings the index, so the
      // index is compared without them; their rate is the quality's in both by construction.
      const week = ['16', '17', '18', '19', '20'].map((d) => historyDaySums(1, branchOf(code), { ...DAY, day: `2026-03-${d}` }, 0)!).reduce(addSums);
      const history = computeKpis({ ...week, serviceErrors: 0 });
      const live = computeKpis({ ...simulatedWeek(code), serviceErrors: 0 });
      expect(Math.abs(history.finished - live.finished) / live.finished, `${code} volume`).toBeLessThan(0.25);
      expect(Math.abs(history.satisfactionRate! - live.satisfactionRate!), `${code} satisfaction`).toBeLessThan(0.02);
      expect(Math.abs(history.participationRate! - live.participationRate!), `${code} participation`).toBeLessThan(0.06);
      expect(Math.abs(history.averageWaitSeconds! - live.averageWaitSeconds!) / live.averageWaitSeconds!, `${code} wait`).toBeLessThan(0.25);
      expect(Math.abs(history.averageHandlingSeconds! - live.averageHandlingSeconds!) / live.averageHandlingSeconds!, `${code} handling`).toBeLessThan(0.2);
      expect(Math.abs(history.serviceIndex! - live.serviceIndex!), `${code} index`).toBeLessThan(5);
    }
  });

  it('matches the lognormal wait’s long-wait share', () => {
    // Mean 8 min, sigma 0.6: P(wait > 15 min) = 1 − Φ((ln 15 − ln 8 + 0.18) / 0.6) = 1 − Φ(1.3477) ≈ 0.0889.
    expect(longWaitShare(8)).toBeCloseTo(0.0889, 3);
  });

  it('marks the rush before 春节 and the first working days after the holiday', () => {
    const holiday = new Set(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    const days = ['2026-02-05', '2026-02-10', '2026-02-14', '2026-02-15', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27'];
    const result = historyDays(days, { kindOf: (d) => (holiday.has(d) ? 'holiday' : d === '2026-02-14' ? 'workday' : undefined), festivalOf: (d) => (holiday.has(d) ? '春节' : undefined) });
    expect(result.map((d) => [d.day, d.kind, d.daysToSpringFestival, d.daysAfterLongHoliday])).toEqual([
      ['2026-02-05', 'workday', 10, undefined],
      ['2026-02-10', 'workday', 5, undefined],
      ['2026-02-14', 'workday', 1, undefined], // a Saturday made a working day (调休)
      ['2026-02-15', 'holiday', undefined, undefined],
      ['2026-02-24', 'workday', undefined, 1],
      ['2026-02-25', 'workday', undefined, 2],
      ['2026-02-26', 'workday', undefined, 3],
      ['2026-02-27', 'workday', undefined, undefined],
    ]);
  });
});
