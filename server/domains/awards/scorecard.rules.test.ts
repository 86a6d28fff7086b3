import { describe, expect, it } from 'vitest';
import { checkWeights, DEFAULT_WEIGHTS, scorecardCsv, scoreOf, type ScorecardSums } from './scorecard.rules.ts';

const sums = (over: Partial<ScorecardSums> = {}): ScorecardSums => ({
  staffCode: 'S1', staffName: '李晓梅', role: 'teller', branchCode: 'B1', branchName: '建国路网点',
  ticketsHandled: 200, handlingCount: 180, handlingSeconds: 54_000, evaluations: 150, satisfied: 141,
  errors: 2, complaints: 1, stars: 1, nominationsReceived: 3, nominationsApproved: 2, ...over,
});

describe('scorecard arithmetic', () => {
  it('computes each figure and the weighted score by hand', () => {
    const row = scoreOf(sums(), DEFAULT_WEIGHTS);
    // satisfaction 141/150 = 0.94 → 94; participation 150/200 = 75; errors 2/200×10⁴ = 100 per 10k → 0;
    // complaints 100 − 20 = 80; stars 50 + 2×10 = 70.
    // (40×94 + 15×75 + 20×0 + 15×80 + 10×70) / 100 = (3760 + 1125 + 0 + 1200 + 700) / 100 = 67.85 → 67.9
    expect(row).toMatchObject({ avgHandlingSeconds: 300, satisfaction: 0.94, participation: 0.75, errorsPer10k: 100, score: 67.9 });
  });

  it('leaves out what a person has no figures for instead of counting it as zero', () => {
    const row = scoreOf(sums({ ticketsHandled: 0, handlingCount: 0, handlingSeconds: 0, evaluations: 0, satisfied: 0, errors: 0, complaints: 0, stars: 0, nominationsApproved: 1 }), DEFAULT_WEIGHTS);
    // Only complaints (100, weight 15) and stars (10, weight 10): (1500 + 100) / 25 = 64.
    expect(row).toMatchObject({ satisfaction: null, participation: null, errorsPer10k: null, avgHandlingSeconds: null, score: 64 });
  });

  it('validates weights, naming the field', () => {
    expect(() => checkWeights({ ...DEFAULT_WEIGHTS, errors: -1 })).toThrow(expect.objectContaining({ issues: [{ field: 'errors', reason: 'must be a whole number from 0 to 100' }] }));
    expect(() => checkWeights({ satisfaction: 0, participation: 0, errors: 0, complaints: 0, stars: 0 })).toThrow(/at least one/);
    expect(checkWeights({ ...DEFAULT_WEIGHTS, stars: 0 })).toEqual({ ...DEFAULT_WEIGHTS, stars: 0 });
  });

  it('writes CSV with a BOM, Chinese headers and quoted cells', () => {
    const csv = scorecardCsv([scoreOf(sums({ branchName: '建国路, 一号' }), DEFAULT_WEIGHTS)]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, line] = csv.slice(1).split('\r\n');
    expect(header).toBe('工号,姓名,网点,办理笔数,平均办理时长(秒),满意率,参评率,差错率(每万笔),投诉数,服务明星,获通过提名,综合得分');
    expect(line).toBe('S1,李晓梅,"建国路, 一号",200,300,0.94,0.75,100,1,1,2,67.9');
  });
});
