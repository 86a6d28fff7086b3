import type { KpiSums } from '../kpi/index.ts';

export type ServiceEventType = 'ticket.issued' | 'ticket.called' | 'ticket.finished' | 'evaluation.submitted' | 'service_error.recorded';

/** A validated event, with its branch resolved and its bank-time buckets computed. */
export interface AcceptedEvent {
  index: number;
  eventId: string;
  type: ServiceEventType;
  branchId: string;
  at: Date;
  /** 'YYYY-MM-DD' in the bank's time zone. */
  serviceDay: string;
  /** Start of the bank-local hour containing `at`. */
  hour: Date;
  ticket: string | null;
  business: string | null;
  counter: string | null;
  teller: string | null;
  rating: number | null;
}

/** An accepted event as stored: with the source that sent it and when it arrived. */
export type StoredEvent = AcceptedEvent & { source: string; receivedAt: Date };

export interface TicketState {
  branchId: string;
  serviceDay: string;
  ticket: string;
  business: string | null;
  issuedAt: Date | null;
  calledAt: Date | null;
  finishedAt: Date | null;
}

/** Additive sums: a rollup row is increased by these (the same sums the KPI read model adds up). */
export type RollupSums = KpiSums;

export interface RollupDeltas {
  /** Keyed by `${branchId}|${hour ISO}`. */
  hours: Map<string, { branchId: string; hour: Date; serviceDay: string; sums: RollupSums }>;
  /** Keyed by `${branchId}|${serviceDay}`. */
  days: Map<string, { branchId: string; serviceDay: string; sums: RollupSums }>;
  /** Keyed by `${branchId}|${serviceDay}|${business}`. */
  business: Map<string, { branchId: string; serviceDay: string; business: string; finished: number; handlingCount: number; handlingSeconds: number }>;
}

/** Something a wall's feed shows: a long wait, a low rating, a service error. */
export interface NotableEvent {
  kind: 'long_wait' | 'low_rating' | 'service_error';
  branchId: string;
  at: Date;
  ticket: string | null;
  value: number | null;
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; reason: string }[];
  /** Branches whose figures changed (for the realtime layer, after commit). */
  changedBranchIds: string[];
}
