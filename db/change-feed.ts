import { EventEmitter } from 'node:events';
import type { Sql, TransactionSql } from './types.ts';

/**
 * Change notifications that reach listeners only after the transaction that caused them commits.
 *   - PostgreSQL: pg_notify inside the transaction; PostgreSQL delivers on commit to every
 *     instance listening (this one included), and drops it on rollback.
 *   - Embedded PGlite: NOTIFY does not cross pglite-socket (stack.md §3.2) and there is only one
 *     process, so notifications are queued and emitted in-process once `begin` resolves.
 * Payloads stay small (ids and counts): PostgreSQL caps a notification at 8000 bytes.
 */
export interface ChangeQueue {
  notify(channel: string, payload: Record<string, unknown>): void;
  /**
   * Hands the notifications queued so far to the database now rather than at the end of the
   * transaction (PostgreSQL; in-process they wait for the commit either way). Delivery is still
   * on commit only, so this just moves the round trip before the transaction's last statements.
   */
  send(): Promise<void>;
}

export type ChangeHandler = (payload: Record<string, unknown>) => void;

export interface ChangeFeed {
  transaction<T>(fn: (tx: TransactionSql, changes: ChangeQueue) => Promise<T>): Promise<T>;
  /** `onGap` runs when notifications may have been lost (PostgreSQL: the listening connection was re-established). */
  listen(channel: string, handler: ChangeHandler, onGap?: () => void): Promise<() => Promise<void>>;
}

const CHANNEL_PREFIX = 'touchstone_';
const MAX_PAYLOAD_BYTES = 7900;
const CHANNEL_PATTERN = /^[a-z][a-z0-9_]{0,40}$/;

function encode(channel: string, payload: Record<string, unknown>): string {
  if (!CHANNEL_PATTERN.test(channel)) throw new Error(`change channel "${channel}" must be lower_snake_case`);
  const text = JSON.stringify(payload);
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw new Error(`change on "${channel}" is ${Buffer.byteLength(text)} bytes; send ids, not rows (max ${MAX_PAYLOAD_BYTES})`);
  }
  return text;
}

export function createInProcessChangeFeed(sql: Sql): ChangeFeed {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    async transaction<T>(fn: (tx: TransactionSql, changes: ChangeQueue) => Promise<T>): Promise<T> {
      const queued: [string, string][] = [];
      const result = await sql.begin((tx) =>
        fn(tx, { notify: (channel, payload) => void queued.push([channel, encode(channel, payload)]), send: async () => {} }),
      );
      // Parse a fresh copy per listener so nobody can mutate another's payload, as with NOTIFY.
      for (const [channel, text] of queued) {
        for (const handler of emitter.listeners(channel) as ChangeHandler[]) handler(JSON.parse(text) as Record<string, unknown>);
      }
      return result as T;
    },
    async listen(channel, handler) {
      emitter.on(channel, handler);
      return async () => void emitter.off(channel, handler);
    },
  };
}

export function createPostgresChangeFeed(sql: Sql): ChangeFeed {
  return {
    async transaction<T>(fn: (tx: TransactionSql, changes: ChangeQueue) => Promise<T>): Promise<T> {
      return (await sql.begin(async (tx) => {
        const queued: [string, string][] = [];
        // One round trip for all queued so far; NOTIFY keeps their order and delivers them together on commit.
        const send = async () => {
          const batch = queued.splice(0);
          if (batch.length) await tx`select pg_notify(c, p) from unnest(${batch.map(([c]) => CHANNEL_PREFIX + c)}::text[], ${batch.map(([, p]) => p)}::text[]) as v (c, p)`;
        };
        const result = await fn(tx, { notify: (channel, payload) => void queued.push([channel, encode(channel, payload)]), send });
        await send();
        return result;
      })) as T;
    },
    async listen(channel, handler, onGap) {
      let listening = false;
      const { unlisten } = await sql.listen(CHANNEL_PREFIX + channel, (text) => handler(JSON.parse(text) as Record<string, unknown>), () => {
        // Called on every (re)connection of the listening connection: after the first, some may have been missed.
        if (listening) onGap?.();
        listening = true;
      });
      return unlisten;
    },
  };
}
