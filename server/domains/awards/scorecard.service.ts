/**
 * Staff scorecards (员工服务考核) per person and month, and their exports. Who sees what: a branch
 * head their branch's staff, a region manager their region, leadership and administrators the
 * bank, anyone else only their own card.
 */
import ExcelJS from 'exceljs';
import type { Db } from '../../../db/client.ts';
import type { Queryable } from '../../../db/types.ts';
import { bankDay, startOfBankDay } from '../../platform/bank-time.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize, findBranchTarget, findRegionTarget, parseScopeText, recordAudit, type Actor, type Principal } from '../access/index.ts';
import { monthDays, nextMonth } from './award.rules.ts';
import { selectAwardSettings, updateAwardSettings } from './nomination.repo.ts';
import { monthOfDay } from './nomination.rules.ts';
import type { AwardSettings } from './nomination.types.ts';
import { selectBranchIdsIn, selectScorecardSums } from './scorecard.repo.ts';
import { SCORECARD_COLUMNS, scoreOf, type ScorecardRow } from './scorecard.rules.ts';

export interface ScorecardDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
}

/** Roles that see other people's scorecards within their scope; everyone else sees their own. */
const SEES_SCOPE = new Set(['admin', 'leader', 'region_manager', 'branch_head']);

export async function scorecards(deps: ScorecardDeps, principal: Principal, query: { month?: string | undefined; scope?: string | undefined }): Promise<{ month: string; scope: string; rows: ScorecardRow[] }> {
  authorize(principal, 'scorecards.read');
  const month = query.month ?? monthOfDay(bankDay(deps.clock.now(), deps.timeZone));
  const from = startOfBankDay(monthDays(month).first, deps.timeZone);
  const to = startOfBankDay(monthDays(nextMonth(month)).first, deps.timeZone);
  const role = principal.kind === 'user' || principal.kind === 'staff' ? principal.role : principal.kind === 'system' ? 'admin' : '';
  const sql = deps.db.sql;
  const own = principal.kind === 'user' ? principal.staffCode : principal.kind === 'staff' ? principal.staffCode : null;
  const settings = await selectAwardSettings(sql);
  if (!SEES_SCOPE.has(role)) {
    // A person's own card: their branch's events, filtered to them.
    if (!own) return { month, scope: 'self', rows: [] };
    const [branch] = await sql<{ id: string }[]>`select branch_id as id from staff where code = ${own} and branch_id is not null`;
    if (!branch) return { month, scope: 'self', rows: [] };
    const sums = await selectScorecardSums(sql, { branchIds: [String(branch.id)], staffCode: own, month, from, to });
    return { month, scope: 'self', rows: sums.map((s) => scoreOf(s, settings.scorecardWeights)) };
  }
  const scopeText = query.scope ?? (principal.kind === 'system' ? 'bank' : principal.scope.kind === 'bank' ? 'bank' : `${principal.scope.kind}:${principal.scope.code}`);
  const parsed = parseScopeText(scopeText);
  const unit = await unitOf(sql, parsed);
  authorize(principal, 'scorecards.read', unit.target, { hideOutsideScope: true });
  const branchIds = await selectBranchIdsIn(sql, unit.scope);
  const sums = branchIds.length ? await selectScorecardSums(sql, { branchIds, month, from, to }) : [];
  return { month, scope: scopeText, rows: sums.map((s) => scoreOf(s, settings.scorecardWeights)) };
}

async function unitOf(sql: Queryable, parsed: ReturnType<typeof parseScopeText>) {
  if (parsed.kind === 'bank') return { target: { kind: 'bank' as const }, scope: { kind: 'bank' as const } };
  const target = parsed.kind === 'branch' ? await findBranchTarget(sql, parsed.code) : await findRegionTarget(sql, parsed.code);
  if (!target || target.kind === 'bank') throw new AppError('NOT_FOUND', `no ${parsed.kind} ${parsed.code}`);
  return { target, scope: target.kind === 'branch' ? { kind: 'branch' as const, branchId: target.branchId } : { kind: 'region' as const, regionId: target.regionId } };
}

/** The rows as an XLSX workbook (exceljs): one sheet, Chinese headers, figures as numbers. */
export async function scorecardXlsx(month: string, rows: readonly ScorecardRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Touchstone';
  const sheet = workbook.addWorksheet(`员工服务考核 ${month}`);
  sheet.columns = SCORECARD_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(10, c.header.length * 2 + 2) }));
  for (const row of rows) sheet.addRow(Object.fromEntries(SCORECARD_COLUMNS.map((c) => [c.key, row[c.key] ?? null])));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const getAwardSettings = (db: Db): Promise<AwardSettings> => selectAwardSettings(db.sql);

export async function setAwardSettings(deps: ScorecardDeps, actor: Actor, settings: AwardSettings): Promise<AwardSettings> {
  authorize(actor.principal, 'awards.manage');
  const now = deps.clock.now();
  return deps.db.sql.begin(async (tx) => {
    const before = await selectAwardSettings(tx);
    await updateAwardSettings(tx, settings, actor.principal.kind === 'user' ? actor.principal.username : 'system', now);
    await recordAudit(tx, actor, { action: 'awards.settings', targetType: 'award_settings', targetId: '1', summary: { before, after: settings } }, now);
    return selectAwardSettings(tx);
  });
}
