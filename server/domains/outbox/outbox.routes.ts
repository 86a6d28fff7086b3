import { z } from 'zod';
import type { Sql } from '../../../db/types.ts';
import {
  ChatBindingCreateSchema, OutboxQuerySchema,
  type ChatBinding as WireChatBinding, type OutboxItem, type OutboxList, type OutboxRetried,
} from '../../contract/payloads/bot-admin.ts';
import type { Clock } from '../../platform/clock.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, type SecuredRouter } from '../access/index.ts';
import { addChatBinding, listChatBindings, maskRobotUrl, removeChatBinding, type maskBinding } from './chat-binding.service.ts';
import { listOutbox, outboxCounts, retryParked } from './outbox.service.ts';
import type { OutboxRow } from './outbox.types.ts';

const IdSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/**
 * The bot's settings for administrators: `GET /outbox` (counts and recent rows, data omitted: it
 * may name staff), `POST /outbox/:id/retry` (a parked message back in the queue),
 * `GET|POST /chat-bindings`, `DELETE /chat-bindings/:id`.
 */
export function registerOutboxRoutes(api: SecuredRouter, deps: { sql: Sql; clock: Clock; wake(): void }): void {
  api.get('/outbox', 'bot.manage', async (req, res) => {
    const query = parseInput(OutboxQuerySchema, req.query);
    const rows = await listOutbox(deps.sql, { status: query.status, limit: query.limit ?? 100 });
    const list: OutboxList = { counts: await outboxCounts(deps.sql), items: rows.map(toOutboxItem) };
    res.json(list);
  });
  api.post('/outbox/:id/retry', 'bot.manage', 'outbox.retry', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    await retryParked(deps, actorOf(req), id);
    deps.wake();
    res.status(202).json({ id, status: 'pending' } satisfies OutboxRetried);
  });
  api.get('/chat-bindings', 'bot.manage', async (_req, res) => {
    res.json({ items: (await listChatBindings(deps.sql)).map(toWireBinding) });
  });
  api.post('/chat-bindings', 'bot.manage', 'chat_bindings.create', async (req, res) => {
    const body = parseInput(ChatBindingCreateSchema, req.body);
    res.status(201).json(toWireBinding(await addChatBinding(deps, actorOf(req), body)));
  });
  api.delete('/chat-bindings/:id', 'bot.manage', 'chat_bindings.delete', async (req, res) => {
    const { id } = parseInput(IdSchema, req.params);
    await removeChatBinding(deps, actorOf(req), id);
    res.status(204).end();
  });
}

// Domain rows → wire shapes (contract/payloads/bot-admin.ts).
const toOutboxItem = ({ data: _data, refreshOf: _refreshOf, replacedBy: _replacedBy, ...row }: OutboxRow): OutboxItem => ({
  ...row,
  // A robot's recipient is its webhook URL, whose key is its secret: shown as the bindings show it.
  recipient: row.channel === 'wecom' || row.channel === 'dingtalk' ? maskRobotUrl(row.recipient) : row.recipient,
  notBefore: row.notBefore.toISOString(),
  createdAt: row.createdAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
});

const toWireBinding = (binding: ReturnType<typeof maskBinding>): WireChatBinding => ({ ...binding, createdAt: binding.createdAt.toISOString() });
