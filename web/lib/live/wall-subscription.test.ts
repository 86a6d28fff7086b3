import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, FeedAppended, KpiUpdated, WallSnapshot, WireError } from '$contract';
import { judgeSeq } from './wall-merge.ts';
import { followWall, type WallSink, type WallSocket } from './wall-subscription.ts';

type Listener = (payload: never) => void;

/** A socket that the test connects and pushes events through. */
class FakeSocket implements WallSocket {
  connected = false;
  readonly listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }
  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  push(event: string, payload?: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: unknown) => void)(payload);
  }
  connect(): void {
    this.connected = true;
    this.push('connect');
  }
  get listenerCount(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }
}

/** Records what it is fed and keeps the sequence as the real state does. */
class RecordingSink implements WallSink {
  readonly scope = 'bank';
  seq: number | undefined;
  readonly applied: string[] = [];
  error: WireError | undefined;
  applySnapshot(snapshot: WallSnapshot): void {
    this.seq = snapshot.seq;
    this.applied.push(`snapshot ${snapshot.seq}`);
  }
  applyKpiUpdated(update: KpiUpdated): boolean {
    return this.#apply('kpi', update.seq);
  }
  applyFeedAppended(feed: FeedAppended): boolean {
    return this.#apply('feed', feed.seq);
  }
  fail(error: WireError): void {
    this.error = error;
  }
  #apply(kind: string, seq: number): boolean {
    if (this.seq === undefined) return false;
    const verdict = judgeSeq(this.seq, seq);
    if (verdict === 'apply') {
      this.seq = seq;
      this.applied.push(`${kind} ${seq}`);
    }
    return verdict === 'gap';
  }
}

const snapshotAt = (seq: number): Ack<WallSnapshot> => ({ ok: true, data: { scope: 'bank', seq } as WallSnapshot });
const kpi = (seq: number, scope = 'bank'): KpiUpdated => ({ scope, seq, at: '2026-11-28T02:30:00.000Z', changes: {} });
const feed = (seq: number): FeedAppended => ({ scope: 'bank', seq, at: '2026-11-28T02:30:00.000Z', items: [] });

/** A `wall:subscribe` whose answers the test releases one by one. */
function controlledSubscribe() {
  const pending: ((ack: Ack<WallSnapshot> | undefined) => void)[] = [];
  const subscribe = vi.fn((_scope: string) => new Promise<Ack<WallSnapshot> | undefined>((resolve) => pending.push(resolve)));
  const answer = async (ack: Ack<WallSnapshot> | undefined) => {
    pending.shift()!(ack);
    await new Promise((resolve) => setImmediate(resolve)); // after the subscription has handled it
  };
  return { subscribe, answer, get waiting() { return pending.length; } };
}

describe('followWall', () => {
  let socket: FakeSocket;
  let sink: RecordingSink;
  let server: ReturnType<typeof controlledSubscribe>;
  let unsubscribe: ReturnType<typeof vi.fn<(scope: string) => void>>;
  let stop: () => void;

  beforeEach(() => {
    socket = new FakeSocket();
    sink = new RecordingSink();
    server = controlledSubscribe();
    unsubscribe = vi.fn<(scope: string) => void>();
    stop = followWall(sink, { socket, subscribe: server.subscribe, unsubscribe, retryMs: 10 });
  });
  afterEach(() => stop());

  it('subscribes once connected, not before', async () => {
    expect(server.subscribe).not.toHaveBeenCalled();
    socket.connect();
    expect(server.subscribe).toHaveBeenCalledWith('bank');
    await server.answer(snapshotAt(3));
    expect(sink.applied).toEqual(['snapshot 3']);
  });

  it('applies deltas of both kinds in one sequence', async () => {
    socket.connect();
    await server.answer(snapshotAt(3));
    socket.push('kpi:updated', kpi(4));
    socket.push('feed:appended', feed(5));
    socket.push('kpi:updated', kpi(5)); // already applied: ignored
    expect(sink.applied).toEqual(['snapshot 3', 'kpi 4', 'feed 5']);
    expect(server.subscribe).toHaveBeenCalledTimes(1);
  });

  it('resubscribes once on a gap, and applies what follows the fresh snapshot', async () => {
    socket.connect();
    await server.answer(snapshotAt(3));
    socket.push('kpi:updated', kpi(5)); // 4 was lost
    socket.push('kpi:updated', kpi(6)); // held while the resubscription is in flight
    expect(server.subscribe).toHaveBeenCalledTimes(2);
    await server.answer(snapshotAt(5));
    expect(sink.applied).toEqual(['snapshot 3', 'snapshot 5', 'kpi 6']);
  });

  it('holds deltas that arrive before the snapshot and drops those it already includes', async () => {
    socket.connect();
    socket.push('kpi:updated', kpi(3));
    socket.push('feed:appended', feed(4));
    await server.answer(snapshotAt(3));
    expect(sink.applied).toEqual(['snapshot 3', 'feed 4']);
  });

  it('resubscribes on every reconnect, ignoring an answer the reconnect superseded', async () => {
    socket.connect();
    await server.answer(snapshotAt(3));
    socket.connected = false;
    socket.connect();
    socket.connected = false;
    socket.connect();
    expect(server.subscribe).toHaveBeenCalledTimes(3);
    await server.answer(snapshotAt(8)); // the answer to the first reconnect: superseded
    await server.answer(snapshotAt(9));
    expect(sink.applied).toEqual(['snapshot 3', 'snapshot 9']);
  });

  it('ignores deltas of another scope on the same socket', async () => {
    socket.connect();
    await server.answer(snapshotAt(3));
    socket.push('kpi:updated', kpi(9, 'region:BJ'));
    expect(sink.applied).toEqual(['snapshot 3']);
    expect(server.subscribe).toHaveBeenCalledTimes(1);
  });

  describe('when refused', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
    afterEach(() => vi.useRealTimers());

    it('reports a final refusal and does not ask again', async () => {
      socket.connect();
      await server.answer({ ok: false, error: { code: 'NOT_FOUND', message: 'no such scope' } });
      expect(sink.error).toEqual({ code: 'NOT_FOUND', message: 'no such scope' });
      vi.advanceTimersByTime(60_000);
      expect(server.subscribe).toHaveBeenCalledTimes(1);
    });

    it('asks again after the pause when the server did not answer', async () => {
      socket.connect();
      await server.answer(undefined);
      expect(sink.error?.code).toBe('UNAVAILABLE');
      vi.advanceTimersByTime(9);
      expect(server.subscribe).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1);
      expect(server.subscribe).toHaveBeenCalledTimes(2);
      await server.answer(snapshotAt(1));
      expect(sink.applied).toEqual(['snapshot 1']);
    });

    it('does not ask again while disconnected (the reconnect will)', async () => {
      socket.connect();
      await server.answer({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      socket.connected = false;
      vi.advanceTimersByTime(10);
      expect(server.subscribe).toHaveBeenCalledTimes(1);
      socket.connect();
      expect(server.subscribe).toHaveBeenCalledTimes(2);
    });
  });

  it('removes its listeners and leaves the scope when stopped', async () => {
    socket.connect();
    await server.answer(snapshotAt(3));
    stop();
    expect(socket.listenerCount).toBe(0);
    expect(unsubscribe).toHaveBeenCalledWith('bank');
    socket.push('kpi:updated', kpi(4));
    expect(sink.applied).toEqual(['snapshot 3']);
  });
});
