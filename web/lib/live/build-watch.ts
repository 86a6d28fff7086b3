import type { PublicConfig } from '$contract';
import { socket } from './socket.ts';

/** How often an open screen asks which web build the server serves (besides every reconnect). */
export const BUILD_CHECK_INTERVAL_MS = 60_000;

/** What the server reports when it serves no build (development): never a reason to reload. */
const UNBUILT = 'unbuilt';

export interface BuildWatchDeps {
  /** The server's current `buildId`, or undefined when it did not answer properly (down, restarting). */
  fetchBuildId(): Promise<string | undefined>;
  /** Registers a listener for every (re)connect of the socket; returns the unregister function. */
  onReconnect(listener: () => void): () => void;
  reload(): void;
  intervalMs?: number;
}

const appDeps: BuildWatchDeps = {
  async fetchBuildId() {
    try {
      const response = await fetch('/api/v1/config', { cache: 'no-store', headers: { accept: 'application/json' } });
      if (!response.ok) return undefined;
      const config = (await response.json()) as Partial<PublicConfig>;
      return typeof config.buildId === 'string' ? config.buildId : undefined;
    } catch {
      return undefined;
    }
  },
  onReconnect(listener) {
    socket.on('connect', listener);
    return () => void socket.off('connect', listener);
  },
  reload: () => location.reload(),
};

/**
 * Reloads an unattended screen after a deployment: the first build id the server reports is the
 * page's own; on every reconnect and every interval it asks again, and reloads when the answer
 * differs. Only an answer reloads: while the server is down (no answer, or an error) the page
 * stays as it is — a reload then would leave a blank screen. Returns the function that stops.
 */
export function watchBuild(deps: BuildWatchDeps = appDeps): () => void {
  let baseline: string | undefined;
  let isChecking = false;
  let isAskedAgain = false;
  let isStopped = false;

  async function check(): Promise<void> {
    if (isStopped) return;
    // A reconnect while a check (perhaps begun while the server was down) is in flight asks again after it.
    if (isChecking) return void (isAskedAgain = true);
    isChecking = true;
    try {
      const buildId = await deps.fetchBuildId();
      if (isStopped || buildId === undefined || buildId === UNBUILT) return;
      if (baseline === undefined) baseline = buildId;
      else if (buildId !== baseline) {
        isStopped = true;
        deps.reload();
      }
    } finally {
      isChecking = false;
      if (isAskedAgain && !isStopped) {
        isAskedAgain = false;
        void check();
      }
    }
  }

  void check();
  const timer = setInterval(() => void check(), deps.intervalMs ?? BUILD_CHECK_INTERVAL_MS);
  const offReconnect = deps.onReconnect(() => void check());
  return () => {
    isStopped = true;
    clearInterval(timer);
    offReconnect();
  };
}
