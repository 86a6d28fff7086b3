/**
 * Report arithmetic (issue #16), pure: rankings with movement, complaint counts grouped for the
 * regulator, rates per 1,000 branches and per 10 million customers, and CSV text. Labels are
 * Chinese: these files go to the leadership and the regulator as they are.
 */
import { rankByServiceIndex } from '../kpi/index.ts';
import type { CountRow, RankedUnit, StatsRow } from './reports.types.ts';

/** How many units the best, worst and most-improved lists hold. */
export const RANKING_LIST_SIZE = 10;

export const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  service_attitude: '服务态度', wait_time: '等候时间', fees: '收费', product: '产品', operation_error: '业务差错',
  privacy: '个人信息', system: '系统故障', marketing: '营销行为', other: '其他',
};

export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  counter: '柜面', hotline: '客服热线', online: '网上银行', app: '手机银行', letter: '信函', email: '电子邮件',
  regulator: '监管转办', crm: '客户关系系统', bot: '飞书机器人', other: '其他',
};

/**
 * The regulator's complaint causes (投诉原因, as in the 银行业保险业消费投诉 statistics) for the
 * categories recorded at intake. A category maps to exactly one cause, so the cause table adds up
 * to the same total as the category table.
 */
export const CAUSE_OF_CATEGORY: Readonly<Record<string, string>> = {
  service_attitude: '服务态度及服务质量', wait_time: '服务态度及服务质量', fees: '定价收费', product: '合同条款',
  operation_error: '制度保障', privacy: '消费者资料与隐私', system: '服务设施设备', marketing: '营销方式和手段', other: '其他',
};

export const labelOf = (labels: Readonly<Record<string, string>>, key: string): string => labels[key] ?? key;

export interface RankInput {
  code: string;
  name: string;
  regionCode: string;
  serviceIndex: number | null;
  finished: number;
}

/**
 * Ranks this month's units by service index and attaches last month's rank and the movement
 * (places gained). Best: the top ten; worst: the bottom ten with an index, worst first; most
 * improved: the ten largest index gains among units with both months.
 */
export function rankWithMovement(current: readonly RankInput[], previous: readonly RankInput[]): { ranked: RankedUnit[]; best: RankedUnit[]; worst: RankedUnit[]; mostImproved: RankedUnit[] } {
  const rank = (units: readonly RankInput[]) => rankByServiceIndex(units.map((u) => ({ ...u, kpis: { serviceIndex: u.serviceIndex } })));
  const before = new Map(rank(previous).map((u) => [u.code, u]));
  const ranked = rank(current).map((u): RankedUnit => {
    const prior = before.get(u.code);
    const previousRank = prior?.rank ?? null;
    return {
      code: u.code, name: u.name, regionCode: u.regionCode, serviceIndex: u.serviceIndex, rank: u.rank,
      previousServiceIndex: prior?.serviceIndex ?? null, previousRank,
      movement: u.rank !== null && previousRank !== null ? previousRank - u.rank : null,
      finished: u.finished,
    };
  });
  const withIndex = ranked.filter((u) => u.rank !== null);
  const gain = (u: RankedUnit) => (u.serviceIndex !== null && u.previousServiceIndex !== null ? u.serviceIndex - u.previousServiceIndex : null);
  const mostImproved = withIndex
    .filter((u) => (gain(u) ?? 0) > 0)
    .sort((a, b) => gain(b)! - gain(a)! || (a.code < b.code ? -1 : 1))
    .slice(0, RANKING_LIST_SIZE);
  return {
    ranked,
    best: withIndex.slice(0, RANKING_LIST_SIZE),
    worst: withIndex.slice(-RANKING_LIST_SIZE).reverse(),
    mostImproved,
  };
}

/** Count rows from raw (key, count) pairs: every known key listed (zero included), largest first. */
export function countRows(pairs: readonly { key: string; count: number }[], labels: Readonly<Record<string, string>>): CountRow[] {
  const counts = new Map<string, number>(Object.keys(labels).map((key) => [key, 0]));
  for (const pair of pairs) counts.set(pair.key, (counts.get(pair.key) ?? 0) + pair.count);
  return [...counts].map(([key, count]) => ({ key, label: labelOf(labels, key), count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

export interface ComplaintFact {
  category: string;
  channel: string;
  branchCode: string;
  received: boolean;
  decided: boolean;
  decidedOnTime: boolean;
  overdue: boolean;
}

const emptyRow = (key: string, label: string): StatsRow => ({ key, label, received: 0, decided: 0, decidedOnTime: 0, overdue: 0 });

function add(row: StatsRow, fact: ComplaintFact): void {
  if (fact.received) row.received++;
  if (fact.decided) row.decided++;
  if (fact.decidedOnTime) row.decidedOnTime++;
  if (fact.overdue) row.overdue++;
}

/** Complaint facts grouped by `keyOf`; every key of `labels` listed, then others, by received then key. */
export function groupFacts(facts: readonly ComplaintFact[], keyOf: (f: ComplaintFact) => string, labels: Readonly<Record<string, string>> = {}): StatsRow[] {
  const rows = new Map<string, StatsRow>(Object.keys(labels).map((key) => [key, emptyRow(key, labels[key]!)]));
  for (const fact of facts) {
    const key = keyOf(fact);
    if (!rows.has(key)) rows.set(key, emptyRow(key, labelOf(labels, key)));
    add(rows.get(key)!, fact);
  }
  return [...rows.values()].sort((a, b) => b.received - a.received || (a.key < b.key ? -1 : 1));
}

export function totalOf(facts: readonly ComplaintFact[]): StatsRow {
  const row = emptyRow('total', '合计');
  for (const fact of facts) add(row, fact);
  return row;
}

/** Complaints received per 1,000 branches and per 10 million customers; null without a base. */
export function complaintRates(received: number, branches: number, customers: number): { per1000Branches: number | null; per10MillionCustomers: number | null } {
  return {
    per1000Branches: branches > 0 ? (received * 1000) / branches : null,
    per10MillionCustomers: customers > 0 ? (received * 10_000_000) / customers : null,
  };
}

/** On-time share of the decided; null when nothing was decided. */
export const onTimeRate = (decided: number, onTime: number): number | null => (decided > 0 ? onTime / decided : null);

/**
 * CSV text (RFC 4180: CRLF, fields with a comma, quote or line break quoted) with a UTF-8 byte
 * order mark, so Excel on a Chinese Windows opens 中文 intact instead of guessing GBK.
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  const field = (value: string | number | null): string => {
    // A text starting with = + - @ would run as a formula in Excel (CSV injection): it is quoted as text.
    const text = value === null ? '' : typeof value === 'string' && /^[=+\-@]/.test(value) ? `'${value}` : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
