import { IngestBatchSchema, MAX_EVENTS_PER_BATCH, ServiceEventSchema, type IngestResult } from '../../contract/payloads/ingest.ts';
import { AppError } from '../../platform/errors.ts';
import { findTextProblem } from '../../platform/text-input.ts';
import { parseInput } from '../../platform/validate.ts';
import { principalOf, type SecuredRouter } from '../access/index.ts';
import { ingestEvents, type IngestDeps, type ValidEvent } from './ingest.service.ts';

/**
 * `POST /events` (API key): `{ events: [...] }`, at most 5,000 events or 5 MB. Each event is
 * validated against the contract on its own; the reply counts accepted and duplicate events and
 * lists each rejected one with its index, field and reason.
 */
export function registerIngestRoutes(api: SecuredRouter, deps: IngestDeps): void {
  api.post('/events', 'events.ingest', 'table:service_events', async (req, res) => {
    const events = (req.body as { events?: unknown } | undefined)?.events;
    if (Array.isArray(events) && events.length > MAX_EVENTS_PER_BATCH) {
      throw new AppError('TOO_LARGE', `a batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${events.length}`);
    }
    const batch = parseInput(IngestBatchSchema, req.body, '', { textCheckedByCaller: true });
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
    const outcome = await ingestEvents(deps, principalOf(req), valid, rejected);
    const body: IngestResult = { accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected };
    res.json(body);
  }, { bodyLimit: '5mb', itemsCheckedByHandler: 'events' });
}
