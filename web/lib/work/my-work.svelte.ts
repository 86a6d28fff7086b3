import type { MyWork, ScopeKpis } from '$contract';
import { getJson } from '$lib/api.ts';
import { connection } from '$lib/live/connection.svelte.ts';
import { sendCommand, socket } from '$lib/live/socket.ts';
import { Resource } from '$lib/resource.svelte.ts';

/**
 * "我的工作" on the home page: the list from `GET /api/v1/my-work`, read again whenever the server
 * says something on it may have changed (`work:changed`), so an item claimed elsewhere disappears.
 * The single owner of this page's socket listeners.
 */
export class MyWorkState {
  readonly work = new Resource((signal) => getJson<MyWork>('/api/v1/my-work', { signal }));
  /** The bank's headline figures, for leadership only. */
  readonly kpis = new Resource((signal) => getJson<ScopeKpis>('/api/v1/kpis?scope=bank', { signal }));

  /** Starts listening; returns the function that stops. */
  start(options: { withKpis: boolean }): () => void {
    void this.work.load();
    if (options.withKpis) void this.kpis.load();
    const onChanged = () => void this.work.load();
    // A new connection has lost its rooms: follow again, and read once (a change may have passed).
    const onConnect = () => {
      void sendCommand('work:subscribe', {});
      if (this.work.status === 'ready') void this.work.load();
    };
    socket.on('work:changed', onChanged);
    socket.on('connect', onConnect);
    if (socket.connected) void sendCommand('work:subscribe', {});
    connection.connect();
    return () => {
      socket.off('work:changed', onChanged);
      socket.off('connect', onConnect);
      this.work.abort();
      this.kpis.abort();
    };
  }
}
