import { AppError } from '../../platform/errors.ts';
import type { ScorecardWeights } from './nomination.types.ts';

/** What is counted for one person and month (sums from ingested events and the domains). */
export interface ScorecardSums {
  staffCode: string;
  staffName: string;
  role: string;
  branchCode: string | null;
  branchName: string | null;
  ticketsHandled: number;
  handlingCount: number;
  handlingSeconds: number;
  evaluations: number;
  satisfied: number;
  errors: number;
  complaints: number;
  stars: number;
  nominationsReceived: number;
  nominationsApproved: number;
}

/** A scorecard row (员工服务考核): the figures and the weighted score (0–100, one decimal). */
export interface ScorecardRow {
  staffCode: string;
  staffName: string;
  role: string;
  branchCode: string | null;
  branchName: string | null;
  ticketsHandled: number;
  /** Mean of finished − called, seconds; null when no ticket was timed. */
  avgHandlingSeconds: number | null;
  /** 0–1, null without evaluations. */
  satisfaction: number | null;
  /** Evaluations / tickets handled (0–1), null without tickets. */
  participation: number | null;
  errorsPer10k: number | null;
  complaints: number;
  stars: number;
  nominationsReceived: number;
  nominationsApproved: number;
  score: number;
}

export const DEFAULT_WEIGHTS: ScorecardWeights = { satisfaction: 40, participation: 15, errors: 20, complaints: 15, stars: 10 };
export const WEIGHT_KEYS = ['satisfaction', 'participation', 'errors', 'complaints', 'stars'] as const;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Component scores, each 0–100:
 * - satisfaction: satisfied / evaluations × 100 (left out without evaluations);
 * - participation: evaluations / tickets × 100, capped at 100 (left out without tickets);
 * - errors: 100 − errors per 10,000 tickets, floored at 0 (left out without tickets);
 * - complaints: 100 − 20 per attributed complaint, floored at 0;
 * - stars: 50 per star plus 10 per approved nomination, capped at 100.
 * The score is the weighted mean of the components present (weights of the absent ones are not
 * counted), so a back-office employee without tickets is not punished for having none.
 */
export function scoreOf(s: ScorecardSums, weights: ScorecardWeights): ScorecardRow {
  const satisfaction = s.evaluations > 0 ? s.satisfied / s.evaluations : null;
  const participation = s.ticketsHandled > 0 ? s.evaluations / s.ticketsHandled : null;
  const errorsPer10k = s.ticketsHandled > 0 ? (s.errors / s.ticketsHandled) * 10_000 : null;
  const parts: Array<[number, number | null]> = [
    [weights.satisfaction, satisfaction === null ? null : satisfaction * 100],
    [weights.participation, participation === null ? null : Math.min(100, participation * 100)],
    [weights.errors, errorsPer10k === null ? null : Math.max(0, 100 - errorsPer10k)],
    [weights.complaints, Math.max(0, 100 - 20 * s.complaints)],
    [weights.stars, Math.min(100, 50 * s.stars + 10 * s.nominationsApproved)],
  ];
  let weighted = 0;
  let total = 0;
  for (const [w, v] of parts) {
    if (v === null || w <= 0) continue;
    weighted += w * v;
    total += w;
  }
  return {
    staffCode: s.staffCode, staffName: s.staffName, role: s.role, branchCode: s.branchCode, branchName: s.branchName,
    ticketsHandled: s.ticketsHandled,
    avgHandlingSeconds: s.handlingCount > 0 ? Math.round(s.handlingSeconds / s.handlingCount) : null,
    satisfaction: satisfaction === null ? null : round(satisfaction, 4),
    participation: participation === null ? null : round(participation, 4),
    errorsPer10k: errorsPer10k === null ? null : round(errorsPer10k, 1),
    complaints: s.complaints, stars: s.stars, nominationsReceived: s.nominationsReceived, nominationsApproved: s.nominationsApproved,
    score: total > 0 ? round(weighted / total, 1) : 0,
  };
}

/** Weights as an administrator sets them: whole numbers 0–100, at least one above zero. */
export function checkWeights(input: Record<string, unknown>): ScorecardWeights {
  const weights = {} as ScorecardWeights;
  for (const key of WEIGHT_KEYS) {
    const value = input[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) throw AppError.invalid(key, 'must be a whole number from 0 to 100');
    weights[key] = value;
  }
  if (WEIGHT_KEYS.every((k) => weights[k] === 0)) throw AppError.invalid('satisfaction', 'at least one weight must be above 0');
  return weights;
}

/** Column headers of the exports, in order, in Chinese (the bank's HR opens them in Excel). */
export const SCORECARD_COLUMNS: ReadonlyArray<{ key: keyof ScorecardRow; header: string }> = [
  { key: 'staffCode', header: '工号' },
  { key: 'staffName', header: '姓名' },
  { key: 'branchName', header: '网点' },
  { key: 'ticketsHandled', header: '办理笔数' },
  { key: 'avgHandlingSeconds', header: '平均办理时长(秒)' },
  { key: 'satisfaction', header: '满意率' },
  { key: 'participation', header: '参评率' },
  { key: 'errorsPer10k', header: '差错率(每万笔)' },
  { key: 'complaints', header: '投诉数' },
  { key: 'stars', header: '服务明星' },
  { key: 'nominationsApproved', header: '获通过提名' },
  { key: 'score', header: '综合得分' },
];

/** The CSV text of rows (RFC 4180 quoting), UTF-8 BOM first so Excel reads Chinese correctly. */
export function scorecardCsv(rows: readonly ScorecardRow[]): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [SCORECARD_COLUMNS.map((c) => cell(c.header)).join(','), ...rows.map((r) => SCORECARD_COLUMNS.map((c) => cell(r[c.key])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
