import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchBuild, type BuildWatchDeps } from './build-watch.ts';

/** A server whose answers the test sets: a build id, or undefined for "down". */
function fakeDeps(initial: string | undefined) {
  let answer = initial;
  const reconnects = new Set<() => void>();
  const deps = {
    fetchBuildId: vi.fn(async () => answer),
    onReconnect: (listener: () => void) => {
      reconnects.add(listener);
      return () => void reconnects.delete(listener);
    },
    reload: vi.fn(),
    intervalMs: 60_000,
  } satisfies BuildWatchDeps;
  return {
    deps,
    serve: (buildId: string | undefined) => (answer = buildId),
    reconnect: async () => {
      for (const listener of reconnects) listener();
      await vi.advanceTimersByTimeAsync(0);
    },
    get listeners() {
      return reconnects.size;
    },
  };
}

describe('watchBuild', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reloads once a reconnect finds another build', async () => {
    const server = fakeDeps('build-1');
    watchBuild(server.deps);
    await vi.advanceTimersByTimeAsync(0);
    await server.reconnect();
    expect(server.deps.reload).not.toHaveBeenCalled();
    server.serve('build-2');
    await server.reconnect();
    expect(server.deps.reload).toHaveBeenCalledTimes(1);
  });

  it('asks again every interval', async () => {
    const server = fakeDeps('build-1');
    watchBuild(server.deps);
    await vi.advanceTimersByTimeAsync(0);
    server.serve('build-2');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(server.deps.reload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.deps.reload).toHaveBeenCalledTimes(1);
  });

  it('never reloads while the server does not answer', async () => {
    const server = fakeDeps('build-1');
    watchBuild(server.deps);
    await vi.advanceTimersByTimeAsync(0);
    server.serve(undefined);
    await server.reconnect();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(server.deps.reload).not.toHaveBeenCalled();
    server.serve('build-1'); // back, same build
    await server.reconnect();
    expect(server.deps.reload).not.toHaveBeenCalled();
  });

  it('takes the first answer as its own build when the server was down at start', async () => {
    const server = fakeDeps(undefined);
    watchBuild(server.deps);
    await vi.advanceTimersByTimeAsync(0);
    server.serve('build-1');
    await server.reconnect();
    expect(server.deps.reload).not.toHaveBeenCalled();
    server.serve('build-2');
    await server.reconnect();
    expect(server.deps.reload).toHaveBeenCalledTimes(1);
  });

  it('ignores a server that serves no build', async () => {
    const server = fakeDeps('unbuilt');
    watchBuild(server.deps);
    await vi.advanceTimersByTimeAsync(0);
    server.serve('build-1');
    await server.reconnect();
    server.serve('unbuilt');
    await server.reconnect();
    expect(server.deps.reload).not.toHaveBeenCalled();
  });

  it('stops asking and forgets its listener when stopped', async () => {
    const server = fakeDeps('build-1');
    const stop = watchBuild(server.deps);
    await vi.advanceTimersByTimeAsync(0);
    stop();
    expect(server.listeners).toBe(0);
    server.serve('build-2');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(server.deps.reload).not.toHaveBeenCalled();
    expect(server.deps.fetchBuildId).toHaveBeenCalledTimes(1);
  });
});
