import { stableHash } from '../simulator/bank-time.ts';
import type { OutletQuality } from '../simulator/outlet-quality.ts';
import { pickChineseName } from './names.ts';
import { createRng } from './random.ts';

/**
 * The demo's past complaints (issue #16): per outlet and month a handful, more where the service is
 * worse, over the categories and channels a retail network sees; every one decided — most within
 * the 15-day limit, some extended, a few late (more at red outlets) — so the monthly report and the
 * regulator's statistics have a year to count. Pure and deterministic, like demo-history.ts.
 */
export interface HistoryComplaint {
  externalId: string;
  branchCode: string;
  category: string;
  channel: string;
  complainantName: string;
  summary: string;
  /** Epoch ms. */
  receivedAt: number;
  decisionDueAt: number;
  decidedAt: number;
  decidedOnTime: boolean;
}

const CATEGORIES: readonly [string, number, string][] = [
  ['wait_time', 26, '高峰时段排队等候时间过长'], ['service_attitude', 22, '柜员服务态度生硬'], ['fees', 12, '对账户管理费收取有异议'],
  ['operation_error', 10, '转账业务办理出现差错'], ['product', 10, '理财产品收益与介绍不符'], ['marketing', 7, '营销电话过于频繁'],
  ['system', 6, '自助设备吞卡'], ['privacy', 3, '担心个人信息被泄露'], ['other', 4, '网点环境卫生问题'],
];
const CHANNELS: readonly [string, number][] = [['counter', 38], ['hotline', 30], ['app', 12], ['online', 8], ['regulator', 7], ['letter', 5]];

const pick = <T>(u: number, table: readonly (readonly [T, number, ...unknown[]])[]): readonly [T, number, ...unknown[]] => {
  const total = table.reduce((s, e) => s + e[1], 0);
  let x = u * total;
  for (const entry of table) if ((x -= entry[1]) < 0) return entry;
  return table[table.length - 1]!;
};

const DAY_MS = 86_400_000;
const PER_MONTH: Record<OutletQuality['tier'], number> = { good: 0.5, amber: 1, red: 2.2 };
const LATE_SHARE: Record<OutletQuality['tier'], number> = { good: 0.02, amber: 0.05, red: 0.15 };

/**
 * Complaints received by the outlet in the month starting at `monthStartMs` (bank midnight of the
 * 1st), none received after `untilMs` (decisions included, so nothing is left open to alert on).
 */
export function historyComplaints(seed: number, branchCode: string, quality: OutletQuality, month: string, monthStartMs: number, untilMs: number): HistoryComplaint[] {
  const rng = createRng(stableHash(seed, 'complaints', branchCode, month));
  const mean = PER_MONTH[quality.tier];
  let count = 0;
  for (let p = rng.next(), limit = Math.exp(-mean); p > limit; p *= rng.next()) count++;
  const complaints: HistoryComplaint[] = [];
  for (let i = 0; i < count; i++) {
    const receivedAt = monthStartMs + Math.floor(rng.next() * 30 * DAY_MS * 0.97) + 9 * 3600_000;
    const [category, , summary] = pick(rng.next(), CATEGORIES) as readonly [string, number, string];
    const [channel] = pick(rng.next(), CHANNELS);
    const late = rng.chance(LATE_SHARE[quality.tier]);
    const extended = !late && rng.chance(0.06);
    const dueDays = extended ? 30 : 15;
    const decisionDueAt = receivedAt + dueDays * DAY_MS;
    const decidedAt = late ? decisionDueAt + (1 + Math.floor(rng.next() * 6)) * DAY_MS : receivedAt + (2 + Math.floor(rng.next() * (dueDays - 3))) * DAY_MS;
    const name = pickChineseName(rng, rng.chance(0.5) ? 'male' : 'female', 'mid');
    if (decidedAt > untilMs) continue;
    complaints.push({
      externalId: `history-${branchCode}-${month}-${i + 1}`, branchCode, category, channel: String(channel), complainantName: name, summary,
      receivedAt, decisionDueAt, decidedAt, decidedOnTime: !late,
    });
  }
  return complaints;
}
