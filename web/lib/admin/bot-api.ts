import type { ChatBinding, ChatBindingCreate, OutboxList, OutboxRetried, OutboxStatus } from '$contract';
import { deleteJson, getJson, postJson, withQuery } from '$lib/api.ts';

/**
 * The bot's administration endpoints, typed: the outbox and the chat bindings. Every call needs
 * `bot.manage` (administrators; the server checks); writes carry the CSRF token through api.ts.
 */

const BASE = '/api/v1';

export const OUTBOX_LIMIT = 200;

export const listOutbox = (filter: { status?: OutboxStatus | undefined }, signal?: AbortSignal) =>
  getJson<OutboxList>(withQuery(`${BASE}/outbox`, { status: filter.status, limit: OUTBOX_LIMIT }), { signal });
/** A parked message back in the queue with fresh attempts (answered 202; 404 when it is no longer parked). */
export const retryOutboxMessage = (id: number) => postJson<OutboxRetried>(`${BASE}/outbox/${id}/retry`);

export const listChatBindings = (signal?: AbortSignal) =>
  getJson<{ items: ChatBinding[] }>(`${BASE}/chat-bindings`, { signal }).then((b) => b.items);
export const createChatBinding = (input: ChatBindingCreate) => postJson<ChatBinding>(`${BASE}/chat-bindings`, input);
export const deleteChatBinding = (id: number) => deleteJson(`${BASE}/chat-bindings/${id}`);
