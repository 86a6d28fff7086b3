import type { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../contract/events.ts';
import { WORK_ROOM } from '../handlers/work.handlers.ts';
import type { WorkPort } from '../ports.ts';

type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * A committed change in a domain with a "我的工作" section → `work:changed` to followers, at most
 * once per section per 300 ms (a burst of claims is one re-read). Every instance hears the change
 * feed, so each tells its own sockets.
 */
export async function projectWork(io: Io, work: WorkPort, now: () => Date): Promise<() => Promise<void>> {
  const pending = new Map<string, NodeJS.Timeout>();
  const stop = await work.onChange((section) => {
    if (pending.has(section)) return;
    pending.set(section, setTimeout(() => {
      pending.delete(section);
      io.to(WORK_ROOM).emit('work:changed', { at: now().toISOString(), section });
    }, 300));
  });
  return async () => {
    for (const timer of pending.values()) clearTimeout(timer);
    await stop();
  };
}
