import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createUser } from '../../integration/helpers/access.ts';
import type { TestDb } from '../../integration/helpers/test-db.ts';
import { startTestServer, type TestServer } from '../../integration/helpers/test-server.ts';
import { logInThroughApi } from './auth.ts';
import { launchBrowser, openPage } from './browser.ts';

/** A user the spec seeds, with the password it logs in with. */
export type SeededUser = Parameters<typeof createUser>[1] & { password: string };
export type Viewport = Parameters<typeof openPage>[1];
export interface OpenedPage {
  page: Page;
  /** Uncaught errors of the page, for `expect(pageErrors).toEqual([])`. */
  pageErrors: string[];
}

export interface E2eApp {
  readonly server: TestServer;
  readonly browser: Browser;
  readonly url: string;
  /** A fresh browser context with no session. */
  open(viewport?: Viewport): Promise<OpenedPage>;
  /** A fresh browser context already logged in as `user` (through the API, not the form). */
  openAs(user: { username: string; password: string }, viewport?: Viewport): Promise<OpenedPage>;
}

/**
 * withApp(options) → E2eApp. Call it in a `describe` body: it registers the beforeAll that starts
 * the test server (fresh database: `seed`, then `users`) and launches Chromium in parallel, and
 * the afterAll that closes both. Read `server`/`browser` only inside hooks and tests.
 *
 *   const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoBranchOffices(db.sql), users: [ADMIN] });
 *   it('…', async () => { const { page } = await app.openAs(ADMIN); … });
 */
export function withApp(options: { env?: Record<string, string>; seed?: (db: TestDb) => Promise<unknown>; users?: readonly SeededUser[] } = {}): E2eApp {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({
        ...(options.env ? { env: options.env } : {}),
        seed: async (db) => {
          await options.seed?.(db);
          for (const user of options.users ?? []) await createUser(db, user);
        },
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('withApp: the app is not started (use it inside a test or a hook)');
    return value;
  };
  const app: E2eApp = {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    get url() {
      return started(server).url;
    },
    open: (viewport) => openPage(app.browser, viewport),
    async openAs(user, viewport) {
      const opened = await openPage(app.browser, viewport);
      await logInThroughApi(opened.page, app.url, user.username, user.password);
      return opened;
    },
  };
  return app;
}
