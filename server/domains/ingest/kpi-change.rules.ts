/**
 * The `kpi_changed` notification (ADR 0012): what one committed ingest transaction added to the
 * rollups, so every instance's live walls add it in memory instead of re-reading. PostgreSQL caps
 * a notification at 8,000 bytes, so a big batch is split into numbered parts of one transaction
 * (NOTIFY delivers them together, on commit); listeners join them before use. Pure.
 */
import { SUM_FIELDS, type KpiSums } from '../kpi/index.ts';
import type { NotableEvent, RollupDeltas } from './ingest.types.ts';

/** One notification: rows as arrays, sums in SUM_FIELDS order, to stay small. */
export interface KpiChangePart {
  xid: string;
  part: number;
  parts: number;
  /** In part 0 only. */
  feed: WireNotable[];
  /** [branchId, hour ISO, service day, ...sums] */
  hours: (string | number)[][];
  /** [branchId, service day, business, finished, handlingCount, handlingSeconds] */
  business: (string | number)[][];
}

type WireNotable = Omit<NotableEvent, 'at'> & { at: string };

/** A whole committed transaction's change, parts joined. */
export interface KpiChange {
  /** pg_current_xact_id() of the ingest transaction: a wall read whose snapshot saw it skips it. */
  xid: string;
  /** Branches whose rollups changed or that have feed items. */
  branchIds: string[];
  hours: { branchId: string; hour: string; day: string; sums: KpiSums }[];
  business: { branchId: string; day: string; business: string; finished: number; handlingCount: number; handlingSeconds: number }[];
  feed: WireNotable[];
}

/** Splits a batch's deltas into notifications of at most `maxBytes` of JSON each. */
export function kpiChangeParts(xid: string, deltas: RollupDeltas, notable: readonly NotableEvent[], maxBytes: number): KpiChangePart[] {
  const feed = notable.map((n) => ({ ...n, at: n.at.toISOString() }));
  const hours = [...deltas.hours.values()].map((h) => [h.branchId, h.hour.toISOString(), h.serviceDay, ...SUM_FIELDS.map((f) => h.sums[f])]);
  const business = [...deltas.business.values()].map((b) => [b.branchId, b.serviceDay, b.business, b.finished, b.handlingCount, b.handlingSeconds]);
  const overhead = 120; // the envelope's keys and numbers
  const parts: KpiChangePart[] = [];
  let current: KpiChangePart = { xid, part: 0, parts: 0, feed, hours: [], business: [] };
  let size = overhead + Buffer.byteLength(JSON.stringify(feed));
  const push = (key: 'hours' | 'business', row: (string | number)[]) => {
    const bytes = Buffer.byteLength(JSON.stringify(row)) + 1;
    if (size + bytes > maxBytes && (current.hours.length || current.business.length)) {
      parts.push(current);
      current = { xid, part: parts.length, parts: 0, feed: [], hours: [], business: [] };
      size = overhead;
    }
    current[key].push(row);
    size += bytes;
  };
  for (const row of hours) push('hours', row);
  for (const row of business) push('business', row);
  parts.push(current);
  return parts.map((p) => ({ ...p, parts: parts.length }));
}

/** Joins the parts of each transaction; hands over a change once all its parts have arrived. */
export class KpiChangeAssembler {
  readonly #pending = new Map<string, KpiChangePart[]>();

  add(part: KpiChangePart): KpiChange | undefined {
    const parts = [...(this.#pending.get(part.xid) ?? []), part];
    if (parts.length < part.parts) {
      this.#pending.set(part.xid, parts);
      return undefined;
    }
    this.#pending.delete(part.xid);
    return decode(part.xid, parts);
  }

  /** After a lost connection: parts still waiting will never be completed. */
  clear(): void {
    this.#pending.clear();
  }
}

function decode(xid: string, parts: readonly KpiChangePart[]): KpiChange {
  const hours = parts.flatMap((p) => p.hours).map(([branchId, hour, day, ...sums]) => ({
    branchId: String(branchId), hour: String(hour), day: String(day),
    sums: Object.fromEntries(SUM_FIELDS.map((f, i) => [f, Number(sums[i])])) as unknown as KpiSums,
  }));
  const business = parts.flatMap((p) => p.business).map(([branchId, day, name, finished, handlingCount, handlingSeconds]) => ({
    branchId: String(branchId), day: String(day), business: String(name), finished: Number(finished), handlingCount: Number(handlingCount), handlingSeconds: Number(handlingSeconds),
  }));
  const feed = parts.flatMap((p) => p.feed);
  const branchIds = [...new Set([...hours.map((h) => h.branchId), ...business.map((b) => b.branchId), ...feed.map((f) => f.branchId)])];
  return { xid, branchIds, hours, business, feed };
}
