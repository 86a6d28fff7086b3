import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import postgres from 'postgres';
import type { Db } from '../../../db/client.ts';
import type { Queryable } from '../../../db/types.ts';
import { loadConfig } from '../../../server/config.ts';
import { DEFAULT_WEB_DIR, startServer, type RunningServer } from '../../../server/main.ts';
import { SERVICE_EVENT_TYPES } from '../../../server/contract/payloads/ingest.ts';
import { createUser, login, type Client } from '../../integration/helpers/access.ts';
import { withDatabase } from '../../integration/helpers/test-db.ts';
import { testDatabaseUrl } from '../../integration/helpers/test-env.ts';

/**
 * The real server as a wall screen meets it: started the way `npm start` does (its own database
 * on a data folder — embedded PGlite in a temporary folder, or a scratch PostgreSQL database when
 * DATABASE_URL / TEST_DATABASE_URL is set) on a fixed port, so it can be stopped and started again
 * on the same port and data while a browser keeps the page open. Unlike startTestServer, nothing
 * is shared with the test process but the URL.
 */
export interface WallApp {
  /** `http://127.0.0.1:<port>`, the same across restarts. */
  url: string;
  /** The running server; throws while stopped. */
  readonly server: RunningServer;
  readonly sql: Queryable;
  /** An administrator's HTTP client (logged in again after a restart). */
  admin(): Promise<Client>;
  /** Creates a display token for `scope` and returns its wall URL's path and query (`/wall?token=…`). */
  displayTokenQuery(scope: string): Promise<string>;
  /** An API key for POST /api/v1/events (every service event type, the whole bank). */
  apiKey(): Promise<string>;
  /** POST /api/v1/events; throws unless every event was accepted. */
  ingest(events: readonly Record<string, unknown>[]): Promise<void>;
  stop(): Promise<void>;
  /** Starts again on the same port and data, optionally serving another web build (a deployment). */
  restart(options?: { webDir?: string }): Promise<void>;
  /** Stops and removes the data (temporary folder or scratch database). */
  close(): Promise<void>;
}

const ADMIN = 'wall-admin';

export async function startWallApp(options: { env?: Record<string, string>; seed?: (db: Db) => Promise<unknown> } = {}): Promise<WallApp> {
  const port = await findFreePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-wall-'));
  const database = await createScratchDatabase();
  const config = loadConfig({
    PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, JOBS_ENABLED: 'false', SHUTDOWN_TIMEOUT_MS: '3000', BOT_QUIET_HOURS: 'off',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const url = `http://127.0.0.1:${port}`;
  let running: RunningServer | undefined;
  let adminClient: Promise<Client> | undefined;
  let apiKey: Promise<string> | undefined;

  const start = async (webDir = DEFAULT_WEB_DIR) => {
    running = await startServer(config, { logger, webDir });
    adminClient = undefined;
  };
  await start();
  await options.seed?.(running!.db);
  await createUser(running!.db, { username: ADMIN, role: 'admin' });

  const admin = () => (adminClient ??= login(url, ADMIN));
  const app: WallApp = {
    url,
    get server() {
      if (!running) throw new Error('the wall app is stopped');
      return running;
    },
    get sql() {
      return app.server.db.sql;
    },
    admin,
    async displayTokenQuery(scope) {
      const created = await (await admin()).post('/display-tokens', { name: `大屏 ${scope}`, scope });
      if (created.status !== 201) throw new Error(`creating a display token failed: ${created.status} ${await created.text()}`);
      const { secret } = (await created.json()) as { secret: string };
      return `token=${encodeURIComponent(secret)}`;
    },
    apiKey() {
      return (apiKey ??= (async () => {
        const created = await (await admin()).post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: [...SERVICE_EVENT_TYPES] });
        if (created.status !== 201) throw new Error(`creating an API key failed: ${created.status} ${await created.text()}`);
        return ((await created.json()) as { secret: string }).secret;
      })());
    },
    async ingest(events) {
      const response = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await app.apiKey()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      const body = (await response.json()) as { accepted?: number };
      if (response.status !== 200 || body.accepted !== events.length) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(body)}`);
    },
    async stop() {
      const stopping = running;
      running = undefined;
      await stopping?.close();
    },
    async restart(restartOptions = {}) {
      await app.stop();
      // The port was just released; a socket in TIME_WAIT does not block a listener, but retry briefly anyway.
      for (let attempt = 0; ; attempt++) {
        try {
          return await start(restartOptions.webDir);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
    async close() {
      await app.stop();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return app;
}

/** A port free now (the OS picks it), for a server that must come back on the same one. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) return undefined;
  const name = `touchstone_wall_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * A copy of the web build that reports another build id: what a deployment looks like to an open
 * screen (the assets are the same; only `_app/version.json`, which the server's buildId reads, differs).
 */
export function copyWebBuildAs(buildId: string): { webDir: string; remove(): void } {
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-web-'));
  fs.cpSync(DEFAULT_WEB_DIR, webDir, { recursive: true });
  fs.writeFileSync(path.join(webDir, '_app', 'version.json'), JSON.stringify({ version: buildId }));
  return { webDir, remove: () => fs.rmSync(webDir, { recursive: true, force: true }) };
}

/**
 * An `Etc/GMT±N` zone in which `now` falls in the afternoon (about 15:00): a bank day well under
 * way, whatever hour the suite runs at, so a wall shows a day's curve next to yesterday's.
 * (Etc zones carry the opposite sign: Etc/GMT-8 is UTC+08:00.)
 */
export function afternoonZone(now: Date = new Date()): string {
  let offset = 15 - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Tickets per hour of a bank day, relative: doors open at 9, peaks late morning and mid-afternoon, close at 17. */
const DAY_CURVE = [0, 0, 0, 0, 0, 0, 0, 0, 0.15, 0.8, 1, 0.95, 0.6, 0.65, 0.9, 1, 0.85, 0.35, 0.05, 0, 0, 0, 0, 0];

/** 0–1, fixed per code and salt: a branch's level of service, or the dice of one of its hours. */
function hashUnit(code: string, salt = 0): number {
  let hash = 2166136261 ^ salt;
  for (const ch of code) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619);
  return ((hash >>> 0) % 10_000) / 10_000;
}

/** Rounds up with the probability of the fraction (so small counts still average right), decided by `dice`. */
const roundBy = (value: number, dice: number): number => Math.floor(value) + (dice < value - Math.floor(value) ? 1 : 0);

/**
 * Yesterday and today so far (up to `now` in `timeZone`, a whole-hour-offset zone) as the ingest
 * would have rolled them up, for every active branch: hourly and daily sums with a day's rhythm,
 * each branch at its own level of service (most near target, some well above, a few far below).
 * About one branch in forty has no figures today (grey on the heat grid).
 */
export async function seedWallDay(sql: Queryable, options: { timeZone: string; now?: Date }): Promise<void> {
  const now = options.now ?? new Date();
  const local = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: options.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(now).map((p) => [p.type, p.value]));
  const hourNow = Number(local.hour);
  const midnight = now.getTime() - ((hourNow * 60 + Number(local.minute)) * 60 + Number(local.second)) * 1000 - now.getMilliseconds();
  const dayOf = (instant: number) => new Date(instant + (Date.UTC(Number(local.year), Number(local.month) - 1, Number(local.day)) - midnight)).toISOString().slice(0, 10);
  const branches = await sql<{ id: string; code: string }[]>`select id, code from branches where active order by code`;
  const rows: Record<string, unknown>[] = [];
  for (const branch of branches) {
    const size = 14 + 26 * hashUnit(branch.code, 7);
    const level = hashUnit(branch.code);
    // Most branches serve near target; a tail serves well below it.
    const quality = level < 0.12 ? 0.1 + 2 * level : 0.45 + 0.55 * Math.pow((level - 0.12) / 0.88, 0.8);
    for (const [dayStart, isToday] of [[midnight - 86_400_000, false], [midnight, true]] as const) {
      if (isToday && hashUnit(branch.code, 3) > 0.975) continue; // closed today
      const q = Math.min(1, Math.max(0, quality + (isToday ? 0 : 0.1 * (hashUnit(branch.code, 11) - 0.5))));
      for (let hour = 0; hour < 24; hour++) {
        if (isToday && hour > hourNow) break;
        const dice = (salt: number) => hashUnit(`${branch.code}:${isToday}:${hour}`, salt);
        const share = isToday && hour === hourNow ? Number(local.minute) / 60 : 1;
        const issued = roundBy(DAY_CURVE[hour]! * size * share * (0.8 + 0.4 * dice(1)), dice(2));
        if (issued === 0) continue;
        const isUnderWay = isToday && hour === hourNow;
        const called = issued - (isUnderWay ? Math.ceil(issued * 0.15) : 0);
        const finished = called - (isUnderWay ? Math.ceil(called * 0.1) : 0);
        const evaluations = roundBy(finished * (0.62 + 0.33 * q), dice(3));
        const busy = 0.75 + 0.5 * DAY_CURVE[hour]!;
        rows.push({
          branch_id: branch.id,
          hour: new Date(dayStart + hour * 3_600_000),
          service_day: dayOf(dayStart),
          issued, called, finished,
          wait_count: called,
          wait_seconds: Math.round(called * (1080 - 780 * q) * busy * (0.85 + 0.3 * dice(4))),
          long_waits: roundBy(called * Math.max(0, 0.34 - 0.32 * q) * busy, dice(5)),
          handling_count: finished,
          handling_seconds: Math.round(finished * (640 - 280 * q) * (0.85 + 0.3 * dice(6))),
          evaluations,
          satisfied: roundBy(evaluations * (0.9 + 0.097 * q), dice(7)),
          rating_sum: Math.round(evaluations * (4 + 0.95 * q)),
          service_errors: roundBy(finished * 0.0018 * (1.1 - q), dice(8)),
          updated_at: now,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 2_000) await sql`insert into branch_hour_kpis ${sql(rows.slice(i, i + 2_000))}`;
  await sql`
    insert into branch_day_kpis (branch_id, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
      handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
    select branch_id, service_day, sum(issued), sum(called), sum(finished), sum(wait_count), sum(wait_seconds), sum(long_waits),
      sum(handling_count), sum(handling_seconds), sum(evaluations), sum(satisfied), sum(rating_sum), sum(service_errors), max(updated_at)
    from branch_hour_kpis
    group by branch_id, service_day`;
}
