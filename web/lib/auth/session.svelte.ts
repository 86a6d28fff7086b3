import type { Session, SessionUser } from '$contract';
import { ApiError, getJson, postJson, setCsrfToken, toApiError } from '$lib/api.ts';
import { locale } from '$lib/i18n/index.ts';
import { connection } from '$lib/live/connection.svelte.ts';

/** The permission strings of `SessionUser.permissions` (the server checks regardless; the web only shows or hides). */
export type Permission =
  | 'org.read' | 'customers.read' | 'customers.read_pii' | 'wall.view' | 'jobs.read' | 'audit.read'
  | 'users.manage' | 'display_tokens.manage' | 'api_keys.manage' | 'chat.console' | 'chat.console_any' | 'bot.manage'
  | 'complaints.read' | 'complaints.create' | 'complaints.handle' | 'complaints.approve_extension'
  | 'inspections.read' | 'inspections.submit' | 'inspections.verify' | 'inspections.draft' | 'rectifications.fix' | 'checklists.manage'
  | 'nominations.create' | 'nominations.approve' | 'scorecards.read' | 'awards.manage'
  | 'care.read' | 'care.act' | 'care.manage'
  | 'calendar.manage'
  | 'targets.manage';

/**
 * `unknown` before the first probe; `failed` when the server could not be asked (network), so the
 * page offers a retry instead of pretending the user is logged out.
 */
export type SessionStatus = 'unknown' | 'loading' | 'signed-in' | 'signed-out' | 'failed';

/**
 * Who is logged in, from `GET /auth/me` or `POST /auth/login`. The one owner of the CSRF token the
 * API helpers send; the root layout loads it before any page that needs it renders.
 */
class SessionState {
  #user = $state<SessionUser | undefined>();
  #status = $state<SessionStatus>('unknown');
  #error = $state<ApiError | undefined>();
  #pending: Promise<void> | undefined;

  get user(): SessionUser | undefined {
    return this.#user;
  }
  get status(): SessionStatus {
    return this.#status;
  }
  /** Why the last probe failed (status `failed`). */
  get error(): ApiError | undefined {
    return this.#error;
  }

  hasPermission(permission: Permission): boolean {
    return this.#user?.permissions.includes(permission) ?? false;
  }

  /** Asks the server once (again after a failure); concurrent callers share the request. */
  ensureLoaded(): Promise<void> {
    if (this.#status === 'signed-in' || this.#status === 'signed-out') return Promise.resolve();
    return this.refresh();
  }

  /** Asks the server who is logged in (after a password change, on a retry). */
  refresh(): Promise<void> {
    this.#pending ??= this.#probe().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** Logs in; throws ApiError (401 wrong password or locked, 429 throttled, …) with the server's message. */
  async login(username: string, password: string): Promise<SessionUser> {
    const session = await postJson<Session>('/api/v1/auth/login', { username, password }, { isSessionRequired: false });
    // A socket opened before (as nobody, or as someone else) must reconnect with the new cookie.
    connection.reset();
    this.#apply(session);
    return session.user;
  }

  /** Ends the session on the server (best effort) and here. */
  async logout(): Promise<void> {
    try {
      await postJson('/api/v1/auth/logout', undefined, { isSessionRequired: false });
    } catch {
      // Already expired or unreachable: the local session ends regardless.
    }
    this.clear();
  }

  /** Forgets the session locally (the server answered 401: it has ended). */
  clear(): void {
    connection.reset();
    setCsrfToken(undefined);
    this.#user = undefined;
    this.#error = undefined;
    this.#status = 'signed-out';
  }

  async #probe(): Promise<void> {
    this.#status = 'loading';
    try {
      this.#apply(await getJson<Session>('/api/v1/auth/me', { isSessionRequired: false }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.clear();
      } else {
        this.#error = toApiError(error);
        this.#status = 'failed';
      }
    }
  }

  #apply(session: Session): void {
    setCsrfToken(session.csrfToken);
    locale.applyDefault(session.user.locale);
    this.#user = session.user;
    this.#error = undefined;
    this.#status = 'signed-in';
  }
}

export const session = new SessionState();
