import { z } from 'zod';
import type { Sql } from '../../../db/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, type SecuredRouter } from '../access/index.ts';
import { addChatBinding, listChatBindings, removeChatBinding } from './chat-binding.service.ts';
import { listOutbox, outboxCounts, retryParked } from './outbox.service.ts';

const OutboxQuerySchema = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'parked', 'digested', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const IdSchema = z.object({ id: z.coerce.number().int().positive() });

const BindingSchema = z.object({
  scope: z.string().min(1).max(80),
  purpose: z.enum(['alerts', 'leadership', 'ops']),
  channel: z.enum(['feishu', 'console', 'wecom', 'dingtalk']),
  chatId: z.string().min(1).max(500),
  secret: z.string().min(1).max(200).nullish(),
  quietHours: z.string().max(11).nullish(),
});

/**
 * The bot's settings for administrators: `GET /outbox` (counts and recent rows, data omitted: it
 * may name staff), `POST /outbox/:id/retry` (a parked message back in the queue),
 * `GET|POST /chat-bindings`, `DELETE /chat-bindings/:id`.
 */
export function registerOutboxRoutes(api: SecuredRouter, deps: { sql: Sql; clock: Clock; wake(): void }): void {
  api.get('/outbox', 'bot.manage', async (req, res) => {
    const query = parseInput(OutboxQuerySchema, req.query);
    const rows = await listOutbox(deps.sql, { status: query.status, limit: query.limit ?? 100 });
    res.json({
      counts: await outboxCounts(deps.sql),
      items: rows.map(({ data: _data, ...row }) => row),
    });
  });
  api.post('/outbox/:id/retry', 'bot.manage', 'outbox.retry', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    await retryParked(deps, actorOf(req), id);
    deps.wake();
    res.status(202).json({ id, status: 'pending' });
  });
  api.get('/chat-bindings', 'bot.manage', async (_req, res) => {
    res.json({ items: await listChatBindings(deps.sql) });
  });
  api.post('/chat-bindings', 'bot.manage', 'chat_bindings.create', async (req, res) => {
    const body = parseInput(BindingSchema, req.body);
    res.status(201).json(await addChatBinding(deps, actorOf(req), body));
  });
  api.delete('/chat-bindings/:id', 'bot.manage', 'chat_bindings.delete', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    await removeChatBinding(deps, actorOf(req), id);
    res.status(204).end();
  });
}
