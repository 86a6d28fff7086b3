import type { Db } from '../../db/client.ts';
import type { FeedItem } from '../contract/payloads/wall.ts';
import { authorize, findBranchTarget, findRegionTarget, parseScopeText, type OrgTarget } from '../domains/access/index.ts';
import { listRecentFeed, onKpiChanged, type FeedRow } from '../domains/ingest/index.ts';
import { applyKpiDelta, liveScopeFigures, onKpiTargetsChanged, readLiveScope, type KpiDelta } from '../domains/kpi/index.ts';
import { bankDay, startOfBankDay } from '../platform/bank-time.ts';
import { findBranchUnitByCode, findRegionUnitByCode, listBranchAncestry } from '../domains/org/index.ts';
import { COMPLAINTS_CHANGED_CHANNEL, wallComplaints } from '../domains/complaints/index.ts';
import { INSPECTIONS_CHANGED_CHANNEL, wallInspections } from '../domains/inspections/index.ts';
import { AWARDS_CHANGED_CHANNEL, wallStars } from '../domains/awards/index.ts';
import { CARE_CHANGED_CHANNEL, wallCare } from '../domains/care/index.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { ScopedFeedItem, WallChange, WallPort } from '../realtime/ports.ts';

const FEED_SIZE = 30;
const ANCESTRY_TTL_MS = 60_000;
type Ancestry = Awaited<ReturnType<typeof listBranchAncestry>>[number];

/** Part of the composition root: the wall rooms' port, implemented with the access, KPI, ingest and org domains. */
export function createWallPort(deps: { db: Db; clock: Clock; timeZone: string; longWaitSeconds: number; complaintDueSoonHours: number }): WallPort {
  const { db, clock, timeZone } = deps;
  // Asked for every room a change reaches; a bank day always begins on a whole minute, so the
  // answer is remembered per minute.
  let todayAt = { minute: NaN, day: '' };
  const today = () => {
    const minute = Math.floor(clock.now().getTime() / 60_000);
    if (minute !== todayAt.minute) todayAt = { minute, day: bankDay(clock.now(), timeZone) };
    return todayAt.day;
  };
  // Where each branch sits (code, region path), remembered for a minute: every batch needs it,
  // and on PGlite each query waits for the one connection.
  // An outlet known but older than the TTL is used as it is while it is read again in the
  // background, so a change never waits for a database read once its outlets are known (the
  // placement is at most one change staler than the TTL); only an unknown outlet is waited for.
  const placements = new Map<string, { at: number; value: Ancestry }>();
  let refreshing: Promise<void> | undefined;
  const read = async (ids: readonly string[]): Promise<void> => {
    const now = Date.now();
    const found = await listBranchAncestry(db.sql, ids);
    for (const a of found) placements.set(a.branchId, { at: now, value: a });
    const gone = new Set(ids);
    for (const a of found) gone.delete(a.branchId);
    for (const id of gone) placements.delete(id); // deleted meanwhile: placed by the next read, or not at all
  };
  const ancestryOf = async (ids: readonly string[]): Promise<Map<string, Ancestry>> => {
    const now = Date.now();
    const missing = ids.filter((id) => !placements.has(id));
    const expired = ids.filter((id) => placements.has(id) && placements.get(id)!.at <= now - ANCESTRY_TTL_MS);
    if (expired.length && !refreshing) refreshing = read(expired).catch(() => {}).finally(() => (refreshing = undefined));
    if (missing.length) await read(missing);
    return new Map(ids.flatMap((id) => (placements.has(id) ? [[id, placements.get(id)!.value] as const] : [])));
  };
  return {
    async authorizeScope(principal, scope) {
      const parsed = parseScopeText(scope);
      const target: OrgTarget | undefined = parsed.kind === 'bank' ? { kind: 'bank' }
        : parsed.kind === 'region' ? await findRegionTarget(db.sql, parsed.code) : await findBranchTarget(db.sql, parsed.code);
      if (!target) throw new AppError('NOT_FOUND', `no such scope: ${scope}`);
      authorize(principal, 'wall.view', target, { hideOutsideScope: true });
      return scope;
    },
    async load(scope) {
      const live = await readLiveScope(db.sql, { scope, day: today(), timeZone });
      // Complaints change at human pace: their section is read with the scope and again whenever
      // one of the scope's complaints changes (a complaint change reloads the room).
      const complaints = await wallComplaints({ sql: db.sql, timeZone, dueSoonHours: deps.complaintDueSoonHours }, scope, clock.now());
      // Inspections too: read with the scope and again when one of its inspections or fixes changes.
      const inspections = await wallInspections(db.sql, scope, clock.now());
      // The star board, like complaints, is read with the scope and again on every awards change.
      const stars = await wallStars(db.sql, scope, clock.now(), timeZone);
      // Care tasks, like complaints, change at human pace: read with the scope, again on `care_changed`.
      const care = await wallCare(db.sql, timeZone, scope, clock.now());
      return {
        figures: () => {
          const { kpis, ranking, grid } = liveScopeFigures(live);
          return { kpis, ranking, grid, complaints, inspections, stars, care };
        },
        // An outlet's wall looks only at its own outlet's part of the change.
        apply: (change: WallChange) => (change.kpis ? applyKpiDelta(live, live.kind === 'branch' ? ownBranch(change.kpis, live.code!) : change.kpis, today()) : 'reload'),
      };
    },
    async recentFeed(scope) {
      const parsed = parseScopeText(scope);
      const unit = parsed.kind === 'region' ? await findRegionUnitByCode(db.sql, parsed.code) : parsed.kind === 'branch' ? await findBranchUnitByCode(db.sql, parsed.code) : undefined;
      const rows = await listRecentFeed(db, {
        regionId: parsed.kind === 'region' ? unit?.id ?? '0' : null,
        branchId: parsed.kind === 'branch' ? unit?.id ?? '0' : null,
        since: startOfBankDay(today(), timeZone),
        longWaitSeconds: deps.longWaitSeconds,
        limit: FEED_SIZE,
      });
      return rows.map(toFeedItem);
    },
    async onChange(listener, onGap) {
      // Targets change without a kpi_changed: every model reads its scope again.
      const stopTargets = await onKpiTargetsChanged(db, onGap);
      const stopKpis = await onKpiChanged(db, (change) => {
        void (async () => {
          const ancestry = await ancestryOf(change.branchIds);
          const scopesOf = (branchId: string) => {
            const a = ancestry.get(branchId);
            return a ? ['bank', ...a.regionCodes.map((code) => `region:${code}`), `branch:${a.code}`] : [];
          };
          const feed: ScopedFeedItem[] = change.feed.flatMap((f) => {
            const a = ancestry.get(f.branchId);
            return a ? [{ ...toFeedItem({ kind: f.kind, at: new Date(f.at), branchCode: a.code, branchName: a.name, ticket: f.ticket, value: f.value }), scopes: scopesOf(f.branchId) }] : [];
          });
          // Every branch is placed in its scopes by code and region path; one that is not found
          // (deleted meanwhile) leaves the deltas unplaceable, and every model reads again.
          const placed = change.branchIds.every((id) => ancestry.has(id));
          // Rows grouped by branch in one pass (a group commit can touch hundreds of outlets).
          const hoursOf = groupBy(change.hours, (h) => h.branchId);
          const businessOf = groupBy(change.business, (b) => b.branchId);
          const kpis: KpiDelta | undefined = placed ? {
            xid: change.xid,
            branches: change.branchIds.map((id) => ({
              code: ancestry.get(id)!.code,
              regionCodes: ancestry.get(id)!.regionCodes,
              hours: hoursOf.get(id) ?? [],
              business: businessOf.get(id) ?? [],
            })),
          } : undefined;
          listener({ scopes: placed ? [...new Set(change.branchIds.flatMap(scopesOf))] : 'all', feed, kpis });
        })().catch(() => listener({ scopes: 'all', feed: [] }));
      }, onGap);
      const stopComplaints = await db.changes.listen(COMPLAINTS_CHANGED_CHANNEL, (payload) => {
        void (async () => {
          const change = payload as { branchId?: string; event?: string; reference?: string; at?: string };
          if (!change.branchId) return listener({ scopes: 'all', feed: [] });
          const a = (await ancestryOf([String(change.branchId)])).get(String(change.branchId));
          if (!a) return listener({ scopes: 'all', feed: [] });
          const scopes = ['bank', ...a.regionCodes.map((code) => `region:${code}`), `branch:${a.code}`];
          const kind = change.event === 'received' ? 'complaint_received' : change.event === 'overdue' ? 'complaint_overdue' : undefined;
          const at = change.at ?? clock.now().toISOString();
          const feed: ScopedFeedItem[] = kind && change.reference
            ? [{ id: `${kind}:${change.reference}`, at, kind, branchCode: a.code, branchName: a.name, ticket: null, value: null, reference: change.reference, scopes }]
            : [];
          listener({ scopes, feed }); // no deltas: the rooms of these scopes read again
        })().catch(() => listener({ scopes: 'all', feed: [] }));
      });
      const stopInspections = await db.changes.listen(INSPECTIONS_CHANGED_CHANNEL, (payload) => {
        void (async () => {
          const change = payload as { branchId?: string; event?: string; inspection?: string; item?: string; at?: string };
          if (!change.branchId) return listener({ scopes: 'all', feed: [] });
          const a = (await ancestryOf([String(change.branchId)])).get(String(change.branchId));
          if (!a) return listener({ scopes: 'all', feed: [] });
          const scopes = ['bank', ...a.regionCodes.map((code) => `region:${code}`), `branch:${a.code}`];
          const kind = change.event === 'failed' ? 'inspection_failed' : change.event === 'verified' ? 'rectification_verified' : undefined;
          const reference = kind === 'inspection_failed' ? change.inspection : change.item;
          const at = change.at ?? clock.now().toISOString();
          const feed: ScopedFeedItem[] = kind && reference
            ? [{ id: `${kind}:${a.code}:${reference}:${at}`, at, kind, branchCode: a.code, branchName: a.name, ticket: null, value: null, reference, scopes }]
            : [];
          listener({ scopes, feed }); // the rooms of these scopes read their panel again
        })().catch(() => listener({ scopes: 'all', feed: [] }));
      });
      const stopAwards = await db.changes.listen(AWARDS_CHANGED_CHANNEL, (payload) => {
        void (async () => {
          const change = payload as { kind?: string; branchId?: string | null; at?: string; person?: string; id?: number; month?: string };
          if (!change.branchId) return listener({ scopes: 'all', feed: [] });
          const a = (await ancestryOf([String(change.branchId)])).get(String(change.branchId));
          if (!a) return listener({ scopes: 'all', feed: [] });
          const scopes = ['bank', ...a.regionCodes.map((code) => `region:${code}`), `branch:${a.code}`];
          const kind = change.kind === 'decided' ? 'nomination_approved' : change.kind === 'awarded' ? 'star_awarded' : undefined;
          const at = change.at ?? clock.now().toISOString();
          const feed: ScopedFeedItem[] = kind && change.person
            ? [{ id: `${kind}:${change.id ?? change.month}:${change.person}`, at, kind, branchCode: a.code, branchName: a.name, ticket: null, value: null, person: change.person, scopes }]
            : [];
          listener({ scopes, feed }); // no deltas: the rooms of these scopes read again
        })().catch(() => listener({ scopes: 'all', feed: [] }));
      });
      const stopCare = await db.changes.listen(CARE_CHANGED_CHANNEL, (payload) => {
        void (async () => {
          const change = payload as { event?: string; branch?: string; tier?: string; kind?: string; manager?: string | null; occasion?: string; at?: string };
          const unit = change.branch ? await findBranchUnitByCode(db.sql, change.branch) : undefined;
          const a = unit ? (await ancestryOf([unit.id])).get(unit.id) : undefined;
          if (!a) return listener({ scopes: 'all', feed: [] }); // a morning's tasks created: every wall reads again
          const scopes = ['bank', ...a.regionCodes.map((code) => `region:${code}`), `branch:${a.code}`];
          // A VIP (diamond, private) birthday greeted is worth a line on the wall; names stay off it.
          const vip = change.event === 'done' && change.kind === 'birthday' && (change.tier === 'diamond' || change.tier === 'private');
          const at = change.at ?? clock.now().toISOString();
          const feed: ScopedFeedItem[] = vip
            ? [{ id: `care_greeted:${a.code}:${at}`, at, kind: 'care_greeted', branchCode: a.code, branchName: a.name, ticket: null, value: null, staffName: change.manager ?? '', occasion: change.occasion ?? '', scopes }]
            : [];
          listener({ scopes, feed });
        })().catch(() => listener({ scopes: 'all', feed: [] }));
      });
      return async () => {
        await stopKpis();
        await stopTargets();
        await stopComplaints();
        await stopInspections();
        await stopAwards();
        await stopCare();
      };
    },
  };
}

function toFeedItem(row: FeedRow): FeedItem {
  const at = row.at.toISOString();
  return { id: `${row.kind}:${row.branchCode}:${row.ticket ?? ''}:${at}`, at, kind: row.kind, branchCode: row.branchCode, branchName: row.branchName, ticket: row.ticket, value: row.value };
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}

// Each change reaches every open outlet wall: its branches are indexed by code once per change
// (remembered with the change), so each wall finds its own in one lookup.
const byCode = new WeakMap<KpiDelta, Map<string, KpiDelta['branches'][number]>>();
function ownBranch(delta: KpiDelta, code: string): KpiDelta {
  let index = byCode.get(delta);
  if (!index) byCode.set(delta, (index = new Map(delta.branches.map((b) => [b.code, b]))));
  const own = index.get(code);
  return { xid: delta.xid, branches: own ? [own] : [] };
}
