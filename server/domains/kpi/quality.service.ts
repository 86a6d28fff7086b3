/**
 * readUnitQuality: a unit's inspection, rectification and care counts as of the end of a bank day
 * (or of a period, for last month's ranking and the monthly report), summed for the unit, per
 * ranked child and per branch. Every index read (kpis, ranking, grid, live walls, history) goes
 * through it, so they all apply one rule.
 */
import type { Queryable } from '../../../db/types.ts';
import { addDays, startOfBankDay } from '../../platform/bank-time.ts';
import type { KpiUnit } from './kpi.types.ts';
import { selectRegionCode } from './kpi.repo.ts';
import { selectBranchQuality } from './quality.repo.ts';
import { CARE_WINDOW_DAYS, unitQuality, type UnitQuality } from './quality.rules.ts';

/** The region whose children a unit's ranking lists: the region itself, or the bank's root region; null for a branch. */
export async function rankParentCodeOf(sql: Queryable, unit: KpiUnit): Promise<string | null> {
  if (unit.kind === 'region') return unit.code;
  if (unit.kind === 'bank' && unit.rootRegionId !== null) return (await selectRegionCode(sql, unit.rootRegionId)) ?? null;
  return null;
}

/**
 * As of the end of `day` (bank time). Care tasks count when due from `from` (a period's first day)
 * or, for a single day, within the CARE_WINDOW_DAYS ending on `day`.
 */
export async function readUnitQuality(sql: Queryable, unit: KpiUnit, input: { day: string; timeZone: string; from?: string | undefined }): Promise<UnitQuality> {
  const rows = await selectBranchQuality(sql, unit, {
    day: input.day,
    careFrom: input.from ?? addDays(input.day, 1 - CARE_WINDOW_DAYS),
    end: startOfBankDay(addDays(input.day, 1), input.timeZone),
    timeZone: input.timeZone,
  });
  return unitQuality(rows, await rankParentCodeOf(sql, unit), unit.kind === 'branch' ? unit.code : null);
}
