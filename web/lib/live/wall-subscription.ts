import type { Ack, FeedAppended, KpiUpdated, WallSnapshot, WireError, WireErrorCode } from '$contract';
import { sendCommand, socket as appSocket } from './socket.ts';

/** What a subscription feeds: the wall state (wall-state.svelte.ts), or a plain fake in tests. */
export interface WallSink {
  readonly scope: string;
  applySnapshot(snapshot: WallSnapshot): void;
  /** Returns true when the delta shows a gap (a fresh snapshot is needed). */
  applyKpiUpdated(update: KpiUpdated): boolean;
  applyFeedAppended(feed: FeedAppended): boolean;
  fail(error: WireError): void;
}

/** The part of the app socket a subscription listens to. */
export interface WallSocket {
  readonly connected: boolean;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'kpi:updated', listener: (update: KpiUpdated) => void): unknown;
  on(event: 'feed:appended', listener: (feed: FeedAppended) => void): unknown;
  off(event: 'connect', listener: () => void): unknown;
  off(event: 'kpi:updated', listener: (update: KpiUpdated) => void): unknown;
  off(event: 'feed:appended', listener: (feed: FeedAppended) => void): unknown;
}

export interface WallSubscriptionDeps {
  socket: WallSocket;
  /** Sends `wall:subscribe`; resolves to undefined when no answer came in time. */
  subscribe(scope: string): Promise<Ack<WallSnapshot> | undefined>;
  unsubscribe(scope: string): void;
  /** Pause before asking again after a refusal that may pass (server busy, no answer). */
  retryMs?: number;
}

export const RETRY_SUBSCRIBE_MS = 5_000;

/** Refusals worth asking again for; NOT_FOUND (outside the caller's scope) and the like are final. */
const RETRYABLE: ReadonlySet<WireErrorCode> = new Set<WireErrorCode>(['UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED']);
const NO_ANSWER: WireError = { code: 'UNAVAILABLE', message: 'no answer from the server' };

const appDeps: WallSubscriptionDeps = {
  socket: appSocket,
  subscribe: (scope) => sendCommand('wall:subscribe', { scope }),
  unsubscribe: (scope) => void appSocket.emit('wall:unsubscribe', { scope }, () => {}),
};

type Delta = { kind: 'kpi'; update: KpiUpdated } | { kind: 'feed'; feed: FeedAppended };

/**
 * Follows one wall scope on the socket: the single place that registers the wall's listeners.
 * Subscribes when connected and again on every (re)connect, since a new connection has lost its
 * rooms and any delta in between; resubscribes when a delta reveals a gap. Deltas arriving while a
 * subscription is in flight are held and applied after its snapshot (those it already includes
 * are stale and dropped), so one gap causes one resubscription. Returns the function that stops
 * following: listeners removed, the server told.
 */
export function followWall(wall: WallSink, deps: WallSubscriptionDeps = appDeps): () => void {
  const { socket } = deps;
  let attempt = 0;
  let held: Delta[] | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;

  const apply = (delta: Delta): boolean => (delta.kind === 'kpi' ? wall.applyKpiUpdated(delta.update) : wall.applyFeedAppended(delta.feed));

  const receive = (delta: Delta): void => {
    if (held) held.push(delta);
    else if (apply(delta)) void subscribe();
  };

  async function subscribe(): Promise<void> {
    clearTimeout(retryTimer);
    const current = ++attempt;
    held = [];
    const ack = await deps.subscribe(wall.scope);
    // Stopped meanwhile, or a newer subscription (a reconnect) superseded this one.
    if (isStopped || current !== attempt) return;
    const arrived = held;
    held = undefined;
    if (!ack?.ok) {
      const error = ack ? ack.error : NO_ANSWER;
      wall.fail(error);
      if (RETRYABLE.has(error.code)) retryTimer = setTimeout(() => socket.connected && void subscribe(), deps.retryMs ?? RETRY_SUBSCRIBE_MS);
      return;
    }
    wall.applySnapshot(ack.data);
    for (const delta of arrived) if (apply(delta)) return subscribe();
  }

  const onConnect = () => void subscribe();
  const onKpiUpdated = (update: KpiUpdated) => update.scope === wall.scope && receive({ kind: 'kpi', update });
  const onFeedAppended = (feed: FeedAppended) => feed.scope === wall.scope && receive({ kind: 'feed', feed });

  socket.on('connect', onConnect);
  socket.on('kpi:updated', onKpiUpdated);
  socket.on('feed:appended', onFeedAppended);
  // Not connected yet: the connect listener subscribes (a command sent now would be buffered and
  // sent on connect as well, subscribing twice).
  if (socket.connected) void subscribe();

  return () => {
    isStopped = true;
    clearTimeout(retryTimer);
    socket.off('connect', onConnect);
    socket.off('kpi:updated', onKpiUpdated);
    socket.off('feed:appended', onFeedAppended);
    if (socket.connected) deps.unsubscribe(wall.scope);
  };
}
