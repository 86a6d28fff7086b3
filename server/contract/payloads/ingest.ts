import { z } from 'zod';
import { TimeSchema } from '../dates.ts';

/**
 * `POST /api/v1/events` with `Authorization: Bearer <API key>` and `{ "events": [...] }`.
 * Each event is validated on its own: a bad one is rejected with its index, field and reason while
 * the rest of the batch is accepted. Event ids are unique per API key: a retried batch reports
 * duplicates and changes nothing.
 */
export const MAX_EVENTS_PER_BATCH = 5000;
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

export const SERVICE_EVENT_TYPES = ['ticket.issued', 'ticket.called', 'ticket.finished', 'evaluation.submitted', 'service_error.recorded'] as const;
export const ServiceEventTypeSchema = z.enum(SERVICE_EVENT_TYPES);
export type ServiceEventType = z.infer<typeof ServiceEventTypeSchema>;

const code = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const EventBase = {
  /** Unique per source (API key); a retry with the same id is a duplicate. */
  id: code(128),
  /** The branch (outlet) code, as imported. */
  branch: code(32),
  /** When it happened, ISO-8601 with an offset (`2026-11-28T09:15:02+08:00`). */
  at: TimeSchema,
};
const TicketFields = {
  /** The ticket's number within the branch and day (A023). */
  ticket: code(32),
  /** Business type (开户, 存取款, 理财 …). */
  business: code(32).optional(),
  counter: code(16).optional(),
  /** Staff code of the teller. */
  teller: code(32).optional(),
};

export const ServiceEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ticket.issued'), ...EventBase, ...TicketFields }),
  z.object({ type: z.literal('ticket.called'), ...EventBase, ...TicketFields }),
  z.object({ type: z.literal('ticket.finished'), ...EventBase, ...TicketFields }),
  z.object({
    type: z.literal('evaluation.submitted'), ...EventBase, ticket: code(32), teller: code(32).optional(),
    /** 1–5; 5 = very satisfied (非常满意), 4 = satisfied (满意). */
    rating: z.number({ message: 'must be a whole number from 1 to 5' }).int('must be a whole number from 1 to 5').min(1, 'must be a whole number from 1 to 5').max(5, 'must be a whole number from 1 to 5'),
  }),
  z.object({ type: z.literal('service_error.recorded'), ...EventBase, ticket: code(32).optional(), teller: code(32).optional(), business: code(32).optional() }),
], { message: `must be one of ${SERVICE_EVENT_TYPES.join(', ')}` });
export type ServiceEvent = z.infer<typeof ServiceEventSchema>;

export const IngestBatchSchema = z.object({
  events: z.array(z.unknown()).min(1, 'must hold at least one event').max(MAX_EVENTS_PER_BATCH, `must hold at most ${MAX_EVENTS_PER_BATCH} events`),
});

export const IngestRejectionSchema = z.object({ index: z.number(), field: z.string(), reason: z.string() });
export const IngestResultSchema = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(IngestRejectionSchema),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;
