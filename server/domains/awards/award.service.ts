/**
 * The monthly award (服务明星评选): the month's pending nominations settled (handed to the region
 * manager, or lapsed — a setting), the stars per branch and per region picked from approved
 * nominations (ties: satisfaction, error-free tickets, earliest nomination; configurable), stored,
 * and announced once to each bound branch and region chat, the leadership chat and the stars.
 * Rerunning a month changes nothing unless approvals changed, and never announces twice.
 */
import type { Queryable } from '../../../db/types.ts';
import { bankDay } from '../../platform/bank-time.ts';
import { enqueueMessage, OUTBOX_QUEUED_CHANNEL } from '../outbox/index.ts';
import { fingerprintOf, monthDays, pickStars, type StarPick } from './award.rules.ts';
import { lockAwardMonth, markAnnounced, selectBranchIdOfStaff, replaceStars, selectBoundChats, selectStarCandidates, selectStars, type StarRow } from './award.repo.ts';
import { announceDecision, AWARDS_CHANGED_CHANNEL, reviewCardData, subjectOf, type AwardsDeps } from './nomination.service.ts';
import { selectApproverCandidates, selectAwardSettings, selectNomination, selectPendingOfMonth, selectStaffFacts, updateApprover, updateDecision } from './nomination.repo.ts';
import { monthOfDay } from './nomination.rules.ts';

export interface AwardRunResult {
  month: string;
  /** The current month: computed and shown, nothing stored or sent. */
  preview: boolean;
  stars: StarPick[];
  /** Stored stars changed (first run, or approvals changed since). */
  changed: boolean;
  announced: boolean;
  escalated: number;
  lapsed: number;
}

/** Outlet stars announced on walls one by one; more than this and the walls simply read again. */
const WALL_NOTICES_MAX = 200;
const LAPSE_REASON = '月末仍未审批，按设置自动失效';

/**
 * Pending nominations of a finished month: with `region_manager`, each whose approver is not a
 * region manager or leader goes to the nearest region manager (a review card is sent); with
 * `lapse`, each is closed as lapsed and the nominator told.
 */
async function settlePending(tx: Queryable, deps: AwardsDeps, month: string, mode: 'region_manager' | 'lapse', now: Date): Promise<{ escalated: number; lapsed: number }> {
  let escalated = 0;
  let lapsed = 0;
  for (const n of await selectPendingOfMonth(tx, month)) {
    if (mode === 'lapse') {
      await updateDecision(tx, n.id, { status: 'lapsed', deciderCode: null, reason: LAPSE_REASON, at: now });
      await announceDecision(tx, deps, (await selectNomination(tx, n.id))!, now);
      lapsed++;
      continue;
    }
    const approver = n.approverCode ? await selectStaffFacts(tx, n.approverCode) : undefined;
    if (approver && ['region_manager', 'leader'].includes(approver.role)) continue;
    const nominee = await selectStaffFacts(tx, n.nomineeCode);
    if (!nominee) continue;
    const { regionManagers, leaders } = await selectApproverCandidates(tx, nominee);
    const next = [...regionManagers, ...leaders].find((s) => s.code !== n.nominatorCode && s.code !== n.nomineeCode);
    if (!next) continue;
    await updateApprover(tx, n.id, next.code);
    const moved = (await selectNomination(tx, n.id))!;
    await enqueueMessage(tx, deps.outbox, {
      recipient: { kind: 'staff', staffCode: next.code }, template: 'nomination.review', data: await reviewCardData(tx, moved),
      key: `nomination:${n.id}:review:${next.code}`, subject: subjectOf(n.id),
    }, now);
    escalated++;
  }
  return { escalated, lapsed };
}

/** Runs the award of `month` (any month; the current one is a preview). Idempotent. */
export async function runMonthlyAward(deps: AwardsDeps, input: { month: string; announce?: boolean }): Promise<AwardRunResult> {
  const now = deps.clock.now();
  const current = monthOfDay(bankDay(now, deps.timeZone));
  const { first, last } = monthDays(input.month);
  const settings = await selectAwardSettings(deps.db.sql);
  if (input.month >= current) {
    const stars = pickStars(await selectStarCandidates(deps.db.sql, input.month, first, last), settings.tieBreakers);
    return { month: input.month, preview: true, stars, changed: false, announced: false, escalated: 0, lapsed: 0 };
  }
  return deps.db.changes.transaction(async (tx, changes) => {
    const state = await lockAwardMonth(tx, input.month, now);
    const settled = await settlePending(tx, deps, input.month, settings.pendingAtMonthEnd, now);
    const stars = pickStars(await selectStarCandidates(tx, input.month, first, last), settings.tieBreakers);
    const fingerprint = fingerprintOf(stars);
    const changed = state.created || fingerprint !== state.fingerprint;
    if (changed) await replaceStars(tx, input.month, stars, fingerprint, now);
    let announced = false;
    if (input.announce !== false && state.announcedAt === null) {
      await announceStars(tx, deps, input.month, now);
      await markAnnounced(tx, input.month, now);
      announced = true;
    }
    if (changed || announced || settled.escalated || settled.lapsed) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    if (changed || announced) {
      // One change per outlet star (its walls get a feed line); a bank-wide award beyond that reloads every room once.
      const branchStars = stars.filter((s) => s.scope.startsWith('branch:'));
      if (branchStars.length > WALL_NOTICES_MAX) changes.notify(AWARDS_CHANGED_CHANNEL, { kind: 'awarded', month: input.month, branchId: null });
      for (const s of branchStars.slice(0, WALL_NOTICES_MAX)) {
        changes.notify(AWARDS_CHANGED_CHANNEL, { kind: 'awarded', month: input.month, branchId: await selectBranchIdOfStaff(tx, s.candidate.staffCode), person: s.candidate.staffName, at: now.toISOString() });
      }
    }
    return { month: input.month, preview: false, stars, changed, announced, ...settled };
  });
}

const cardStar = (s: StarRow) => ({ scope: s.scope, scopeName: s.scopeName, name: s.staffName, code: s.staffCode, branchName: s.branchName, nominations: s.nominations });

/** One card per bound chat of each starred unit, the whole list to the leadership chat, a note to each star. */
async function announceStars(tx: Queryable, deps: AwardsDeps, month: string, now: Date): Promise<void> {
  const stars = await selectStars(tx, { month, within: null, limit: 100_000 });
  const send = async (recipient: Parameters<typeof enqueueMessage>[2]['recipient'], key: string, items: StarRow[], scopeName: string) => {
    await enqueueMessage(tx, deps.outbox, { recipient, template: 'awards.announced', data: { month, scopeName, stars: items.map(cardStar) }, key }, now);
  };
  for (const star of stars) {
    const [kind, code] = star.scope.split(':') as ['branch' | 'region', string];
    for (const chat of await selectBoundChats(tx, 'alerts', { kind, code })) {
      await send({ kind: 'chat', channel: chat.channel as never, chatId: chat.chatId }, `award:${month}:${star.scope}:${chat.channel}:${chat.chatId}`, [star], star.scopeName);
    }
  }
  if (stars.length > 0) {
    for (const chat of await selectBoundChats(tx, 'leadership', { kind: 'bank' })) {
      await send({ kind: 'chat', channel: chat.channel as never, chatId: chat.chatId }, `award:${month}:leadership:${chat.channel}:${chat.chatId}`, stars.filter((s) => s.scope.startsWith('region:')).concat(stars.filter((s) => s.scope.startsWith('branch:'))).slice(0, 30), '全行');
    }
  }
  for (const code of new Set(stars.map((s) => s.staffCode))) {
    await send({ kind: 'staff', staffCode: code }, `award:${month}:star:${code}`, stars.filter((s) => s.staffCode === code), '');
  }
}

export { selectStars };
