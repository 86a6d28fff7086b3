/**
 * Ingest of service events (queue tickets, evaluations, service errors) into raw events and the
 * hour/day/business rollups, in one transaction per batch.
 *
 * `registerIngestRoutes(api, deps)`: `POST /events` for API keys.
 * `ingestEvents(deps, principal, events, rejected)`: the use case (the simulator and tests may call it directly).
 * `KPI_CHANGED_CHANNEL`: change-feed channel carrying each committed batch's rollup deltas (`onKpiChanged` joins its parts).
 */
export { ingestEvents, KPI_CHANGED_CHANNEL, listRecentFeed, onKpiChanged, type IngestDeps, type KpiChange, type ValidEvent } from './ingest.service.ts';
export type { FeedRow } from './ingest.repo.ts';
export { acceptBatch, INGEST_ROUTE, registerIngestRoutes } from './ingest.routes.ts';
export { bankBuckets } from './ingest.rules.ts';
