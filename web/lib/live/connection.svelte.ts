import { socket, type AppSocket } from './socket.ts';

const RECONNECT_AFTER_CLOSING_MS = 3_000;

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * The socket's state for a banner: an unattended screen must say when it is not live, and since
 * when. `connecting` is the first attempt only; afterwards it is connected or disconnected.
 * Listeners are registered once, here; components only read `status` and `since`.
 */
class ConnectionState {
  #status = $state<ConnectionStatus>('disconnected');
  #since = $state(new Date());
  #socket: AppSocket;
  #isServerClosing = false;

  constructor(appSocket: AppSocket) {
    this.#socket = appSocket;
    appSocket.on('connect', () => {
      this.#isServerClosing = false;
      this.#set('connected');
    });
    // Once lost, the state stays "disconnected" (with the moment it was lost) while socket.io
    // retries in the background: a screen must not look live before it is.
    appSocket.on('disconnect', (reason) => {
      this.#set('disconnected');
      // A server that announced its shutdown may close our socket itself ("io server disconnect"),
      // which socket.io does not retry; the contract says clients come back after a pause.
      if (reason === 'io server disconnect' && this.#isServerClosing) {
        setTimeout(() => this.connect(), RECONNECT_AFTER_CLOSING_MS + Math.random() * 2_000);
      }
    });
    appSocket.on('connect_error', () => this.#set('disconnected'));
    appSocket.on('server:closing', () => {
      this.#isServerClosing = true;
    });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** When the current status began. */
  get since(): Date {
    return this.#since;
  }

  /** Connects if not already connected or trying; safe to call from every page that needs the socket. */
  connect(): void {
    if (this.#socket.connected || this.#socket.active) return;
    this.#set('connecting');
    this.#socket.connect();
  }

  #set(status: ConnectionStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#since = new Date();
  }
}

export const connection = new ConnectionState(socket);
