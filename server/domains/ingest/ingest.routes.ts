import { IngestBatchSchema, MAX_EVENTS_PER_BATCH, ServiceEventSchema, type IngestResult } from '../../contract/payloads/ingest.ts';
import { AppError } from '../../platform/errors.ts';
import { findTextProblem } from '../../platform/text-input.ts';
import { parseInput } from '../../platform/validate.ts';
import { principalOf, type Principal, type SecuredRouter } from '../access/index.ts';
import { ingestEvents, type IngestDeps, type ValidEvent } from './ingest.service.ts';

/**
 * `POST /events` (API key): `{ events: [...] }`, at most 5,000 events or 5 MB. The ingest lane
 * (http/ingest-lane.ts, ADR 0030) serves this route's usual requests — an API key, a plain JSON
 * body of known length — straight from node:http with the same functions; Express the rest.
 */
export const INGEST_ROUTE = { method: 'POST', path: '/events', access: 'events.ingest', audit: 'table:service_events', bodyLimit: 5 * 1024 * 1024, itemsCheckedByHandler: 'events' } as const;

export function registerIngestRoutes(api: SecuredRouter, deps: IngestDeps): void {
  const { path, access, audit, bodyLimit, itemsCheckedByHandler } = INGEST_ROUTE;
  api.post(path, access, audit, async (req, res) => {
    res.json(await acceptBatch(deps, principalOf(req), req.body));
  }, { bodyLimit, itemsCheckedByHandler });
}

/**
 * One batch from an authorized caller whose body passed the text check outside `events`. Each
 * event is validated against the contract on its own; the answer counts accepted and duplicate
 * events and lists each rejected one with its index, field and reason.
 */
export async function acceptBatch(deps: IngestDeps, principal: Principal, body: unknown): Promise<IngestResult> {
  const events = (body as { events?: unknown } | undefined)?.events;
  if (Array.isArray(events) && events.length > MAX_EVENTS_PER_BATCH) {
    throw new AppError('TOO_LARGE', `a batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${events.length}`);
  }
  const batch = parseInput(IngestBatchSchema, body, '', { textCheckedByCaller: true });
  const valid: ValidEvent[] = [];
  const rejected: IngestResult['rejected'] = [];
  batch.events.forEach((raw, index) => {
    // The text check per event (the router leaves `events` to us): one bad event, not the batch.
    const problem = findTextProblem(raw);
    if (problem) return void rejected.push({ index, field: problem.field === 'body' ? 'event' : problem.field, reason: problem.reason });
    const parsed = ServiceEventSchema.safeParse(raw);
    if (parsed.success) valid.push({ index, ...parsed.data });
    else {
      const issue = parsed.error.issues[0]!;
      rejected.push({ index, field: issue.path.map(String).join('.') || 'event', reason: issue.message });
    }
  });
  const outcome = await ingestEvents(deps, principal, valid, rejected);
  return { accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected };
}
