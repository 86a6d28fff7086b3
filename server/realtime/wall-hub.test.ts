import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../platform/clock.ts';
import type { Io } from './io.ts';
import type { WallChange, WallFigures, WallModel, WallPort } from './ports.ts';
import { WallHub } from './wall-hub.ts';

/** A model whose figures are one number: the sum of the changes added to what the read saw. */
function countingModel(base: number, seen: Set<string>): WallModel & { total: number } {
  const model = {
    total: base,
    figures: (): WallFigures => ({ kpis: { kpis: { issued: model.total }, targets: {}, comparison: {}, byBusiness: [], hourly: [] } as never, ranking: { items: [] } as never, grid: [], complaints: { open: { total: 0, onTrack: 0, dueSoon: 0, overdue: 0, paused: 0 }, onTimeRate: null, receivedToday: 0, per1000Branches: null, per10MCustomers: null, strip: [] } }),
    apply: (change: WallChange) => {
      if (!change.kpis) return 'reload' as const;
      if (seen.has(change.kpis.xid)) return 'unchanged' as const;
      model.total += change.kpis.branches.length;
      return 'applied' as const;
    },
  };
  return model;
}

const changeOf = (xid: string): WallChange => ({ scopes: ['bank'], feed: [], kpis: { xid, branches: [{ code: 'B1', regionCodes: [], hours: [], business: [] }] } });

function setup(perSecond = 1000) {
  const emitted: { event: string; payload: { seq: number; changes?: { kpis?: { issued: number } } } }[] = [];
  const io = { of: () => ({ adapter: { on: () => {} } }), to: () => ({ emit: (event: string, payload: never) => void emitted.push({ event, payload }) }) } as unknown as Io;
  let committed: string[] = [];
  let release: () => void = () => {};
  const port: WallPort = {
    authorizeScope: async (_p, scope) => scope,
    // The read sees the transactions committed when it starts, and answers when released.
    load: async () => {
      const seen = new Set(committed);
      await new Promise<void>((resolve) => (release = resolve));
      return countingModel(seen.size, seen);
    },
    recentFeed: async () => [],
    onChange: async () => async () => {},
  };
  const hub = new WallHub({ io, port, clock: systemClock, logger: { error: () => {} } as never, perSecond });
  const commit = (xid: string): WallChange => {
    committed = [...committed, xid];
    return changeOf(xid);
  };
  return { hub, emitted, commit, release: () => release() };
}

describe('WallHub', () => {
  it('counts a change heard during the first read once, whether or not the read saw it', async () => {
    const { hub, emitted, commit, release } = setup();
    commit('1');
    const snapshot = hub.snapshot('bank');
    await Promise.resolve();
    hub.changed(commit('1b')); // committed after the read began: the read did not see it, so it is added
    hub.changed(changeOf('1')); // heard late, but the read saw it: skipped
    release();
    const first = await snapshot;
    expect(first.kpis.kpis).toEqual({ issued: 2 });
    hub.changed(commit('2'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emitted.map((e) => [e.payload.seq, e.payload.changes?.kpis?.issued])).toEqual([[1, 3]]);
    hub.close();
  });

  it('sends a feed item heard during the first read that the read did not see, and only that one', async () => {
    const { hub, emitted, commit, release } = setup();
    const item = (id: string) => ({ id, at: '2026-12-07T06:00:00.000Z', kind: 'inspection_failed', branchCode: 'B1', branchName: '一', ticket: id, value: null }) as never;
    const snapshot = hub.snapshot('bank');
    await Promise.resolve();
    // A wall connects just as an inspection fails: the read's feed (empty here) was taken before it.
    hub.changed({ ...commit('f1'), feed: [{ ...(item('late') as object), scopes: ['bank'] }] as never });
    release();
    const first = await snapshot;
    expect(first.feed).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const feeds = emitted.filter((e) => e.event === 'feed:appended').map((e) => (e.payload as unknown as { items: { id: string }[] }).items.map((i) => i.id));
    expect(feeds).toEqual([['late']]);
    hub.close();
  });

  it('reads the scope again when a change cannot be added', async () => {
    const { hub, emitted, commit, release } = setup();
    const snapshot = hub.snapshot('bank');
    await Promise.resolve();
    release();
    await snapshot;
    commit('5');
    commit('6');
    hub.changed({ scopes: 'all', feed: [] }); // no deltas: the room must read again
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emitted.map((e) => [e.payload.seq, e.payload.changes?.kpis?.issued])).toEqual([[1, 2]]);
    hub.close();
  });

  it('sends a quiet scope’s first change at once, then at most once per window while it stays busy', async () => {
    vi.useFakeTimers();
    try {
      const { hub, emitted, commit, release } = setup(2); // a 500 ms window
      const snapshot = hub.snapshot('bank');
      await vi.advanceTimersByTimeAsync(0);
      release();
      await snapshot;
      const seqs = () => emitted.map((e) => e.payload.changes?.kpis?.issued);
      hub.changed(commit('1')); // quiet until now: goes out without waiting for a window
      await vi.advanceTimersByTimeAsync(0);
      expect(seqs()).toEqual([1]);
      hub.changed(commit('2'));
      await vi.advanceTimersByTimeAsync(100);
      hub.changed(commit('3'));
      await vi.advanceTimersByTimeAsync(300);
      expect(seqs()).toEqual([1]); // busy: both wait for the window to close
      await vi.advanceTimersByTimeAsync(100);
      expect(seqs()).toEqual([1, 3]); // one push with the latest figures, 500 ms after the first
      await vi.advanceTimersByTimeAsync(2000); // quiet again
      hub.changed(commit('4'));
      await vi.advanceTimersByTimeAsync(0);
      expect(seqs()).toEqual([1, 3, 4]);
      hub.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives each room its own feed items and figures from one change that touches several scopes', async () => {
    const { hub, emitted, release } = setup();
    for (const scope of ['bank', 'branch:B1', 'branch:B2']) {
      const snapshot = hub.snapshot(scope);
      await Promise.resolve();
      release();
      await snapshot;
    }
    const item = (id: string, scopes: string[]) => ({ id, at: '2026-12-07T02:00:00.000Z', kind: 'long_wait', branchCode: 'B1', branchName: '网点', ticket: 'A0001', value: 900, scopes }) as never;
    hub.changed({ scopes: ['bank', 'branch:B1'], feed: [item('f1', ['bank', 'branch:B1']), item('f2', ['branch:B1'])], kpis: { xid: '9', branches: [{ code: 'B1', regionCodes: [], hours: [], business: [] }] } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const feeds = emitted.filter((e) => e.event === 'feed:appended').map((e) => (e.payload as unknown as { scope: string; items: { id: string }[] }));
    expect(feeds.map((f) => [f.scope, f.items.map((i) => i.id)]).sort()).toEqual([['bank', ['f1']], ['branch:B1', ['f1', 'f2']]]);
    expect(emitted.filter((e) => e.event === 'kpi:updated').map((e) => (e.payload as unknown as { scope: string }).scope).sort()).toEqual(['bank', 'branch:B1']);
    hub.close();
  });
});
