import { socket, type AppSocket } from './socket.ts';

const RECONNECT_AFTER_CLOSING_MS = 3_000;

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * Why the server refused or dropped this client, after which it stops trying:
 * `unauthenticated` — the handshake was refused (no session, or a display token that is not valid);
 * `closed-by-server` — the server disconnected the socket without announcing a shutdown
 * (a display token revoked, a session ended).
 */
export type ConnectionRejection = 'unauthenticated' | 'closed-by-server';

/**
 * The socket's state for a banner: an unattended screen must say when it is not live, and since
 * when. `connecting` is the first attempt only; afterwards it is connected or disconnected.
 * Listeners are registered once, here; components only read `status`, `since` and `rejection`.
 */
class ConnectionState {
  #status = $state<ConnectionStatus>('disconnected');
  #since = $state(new Date());
  #rejection = $state<ConnectionRejection | undefined>();
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
      if (reason !== 'io server disconnect') return;
      // A server that announced its shutdown closes our socket itself, which socket.io does not
      // retry; the contract says clients come back after a pause. Any other server-side close is
      // deliberate (access revoked): stay disconnected.
      if (this.#isServerClosing) setTimeout(() => this.connect(), RECONNECT_AFTER_CLOSING_MS + Math.random() * 2_000);
      else this.#rejection = 'closed-by-server';
    });
    appSocket.on('connect_error', (error) => {
      this.#set('disconnected');
      // Refused by the auth middleware: socket.io does not retry these (socket.active is false).
      if (error.message === 'UNAUTHENTICATED') this.#rejection = 'unauthenticated';
    });
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

  /** Set when the server refused or dropped this client; `connect()` does nothing until `reset()`. */
  get rejection(): ConnectionRejection | undefined {
    return this.#rejection;
  }

  /**
   * Authenticates the handshake with a wall's display token instead of the session cookie
   * (undefined goes back to the cookie). Takes effect on the next connect.
   */
  useDisplayToken(secret: string | undefined): void {
    this.#socket.auth = secret ? { displayToken: secret } : {};
  }

  /** Connects if not already connected or trying; safe to call from every page that needs the socket. */
  connect(): void {
    if (this.#rejection || this.#socket.connected || this.#socket.active) return;
    this.#set('connecting');
    this.#socket.connect();
  }

  /** Closes the socket and forgets a rejection (logout, login as someone else). */
  reset(): void {
    this.#rejection = undefined;
    this.#isServerClosing = false;
    this.#socket.disconnect();
  }

  #set(status: ConnectionStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#since = new Date();
  }
}

export const connection = new ConnectionState(socket);
