import fs from 'node:fs';
import http from 'node:http';
import type { Express } from 'express';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBot, type Bot } from '../bot/index.ts';
import type { Db } from '../db/client.ts';
import { getMigrationStatus, migrate } from '../db/migrate.ts';
import type { Config } from './config.ts';
import { ensureCalendarSeeded } from './domains/calendar/index.ts';
import { createSecuredRouter, orgScopeOf, principalOf, registerAccessRoutes, scopeOf, type AccessDeps, type RouteDeclaration } from './domains/access/index.ts';
import { registerCustomerRoutes } from './domains/customers/index.ts';
import { registerAwardsRoutes } from './domains/awards/index.ts';
import { registerIngestRoutes } from './domains/ingest/index.ts';
import { registerIndexWeightRoutes, registerKpiHistoryRoutes, registerKpiRoutes, registerKpiTargetRoutes } from './domains/kpi/index.ts';
import { registerJobsRoutes } from './domains/jobs/index.ts';
import { registerOrgRoutes } from './domains/org/index.ts';
import { DEFAULT_CLOCK_SETTINGS, parseLadder, registerComplaintRoutes, type ComplaintDeps } from './domains/complaints/index.ts';
import { DEFAULT_INSPECTION_SETTINGS, ensureDefaultChecklist, registerInspectionRoutes, type InspectionDeps } from './domains/inspections/index.ts';
import { createOutboxDispatcher, OUTBOX_QUEUED_CHANNEL, registerOutboxRoutes, type OutboxDispatcher, type OutboxDispatcherOptions } from './domains/outbox/index.ts';
import { createHttpApp } from './http/app.ts';
import { createIngestLane } from './http/ingest-lane.ts';
import { registerConfigRoutes } from './http/config.routes.ts';
import { registerOpenApiRoutes } from './http/openapi.routes.ts';
import { createControlRouter } from './http/control.routes.ts';
import { createJobs } from './jobs/schedule.ts';
import { registerCareRoutes, type CareDeps } from './domains/care/index.ts';
import { registerReportRoutes } from './domains/reports/index.ts';
import { createScheduler, type JobDefinition, type Scheduler } from './jobs/scheduler.ts';
import type { JobDeps } from './jobs/schedule.ts';
import { operations } from './operations/index.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { newId, newSecret } from './platform/ids.ts';
import { createLogger, moduleLogger, type Logger } from './platform/logger.ts';
import { createMetrics } from './platform/metrics.ts';
import { createRealtime, type Io } from './realtime/io.ts';
import { createAccessDeps } from './wiring/access-wiring.ts';
import { openDatabase } from './wiring/database-start.ts';
import { adaptConsole, adaptDeliver, createBotOptions, createBotPorts } from './wiring/bot-wiring.ts';
import { createWallPort } from './wiring/wall-wiring.ts';
import { createFeishuSignInRouter, openApiBaseOf } from './domains/access/index.ts';
import { createFeishuOAuth } from './platform/feishu-oauth.ts';
import { registerWorkRoutes } from './domains/work/index.ts';
import { registerCalendarRoutes } from './domains/calendar/index.ts';
import { createWorkDeps, createWorkPort, createWorkProviders } from './wiring/work-wiring.ts';
import { createFeishuStaffLinker } from './wiring/feishu-link-wiring.ts';

/**
 * The composition root: the only module that knows every part. `startServer` opens the database
 * (embedded or PostgreSQL), migrates, and serves the API, Socket.IO, the bot and the web app on
 * one HTTP server; `close()` shuts it all down in order within the configured timeout.
 */
export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** An already open database (tests, and the demo which seeds before serving). */
  db?: Db;
  webDir?: string;
  jobs?: (deps: JobDeps) => JobDefinition[];
  /** Outbox timings (tests shorten the lease and claim). */
  outbox?: Pick<OutboxDispatcherOptions, 'pollMs' | 'leaseMs' | 'claimMs'>;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  io: Io;
  bot: Bot;
  outbox: OutboxDispatcher;
  /** The complaint domain's dependencies (tests run the sweeper with them). */
  complaints: ComplaintDeps;
  /** Customer care's dependencies (tests generate a morning with them). */
  care: CareDeps;
  /** The inspection domain's dependencies (tests run the rectification sweep with them). */
  inspections: InspectionDeps;
  scheduler: Scheduler;
  logger: Logger;
  access: AccessDeps;
  /** The Express app (tests walk its routes). */
  app: Express;
  /** Every API route with who may call it (the access-matrix test walks it). */
  routes: readonly RouteDeclaration[];
  close(): Promise<void>;
}

export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'web');

export async function startServer(config: Readonly<Config>, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const clock = options.clock ?? systemClock;
  let db: Db;
  if (options.db) {
    db = options.db;
    await migrate(db.sql, { log: (line) => logger.info({ module: 'db' }, line) });
    await ensureCalendarSeeded(db.sql, clock);
    await ensureDefaultChecklist(db.sql, clock.now());
  } else {
    // Waits for an unreachable PostgreSQL with backoff rather than exiting (issue #14).
    db = await openDatabase(config, logger, async (opened) => {
      await ensureCalendarSeeded(opened.sql, clock);
      await ensureDefaultChecklist(opened.sql, clock.now());
    });
  }
  const instanceId = `${os.hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  const metrics = createMetrics();
  const botLogger = moduleLogger(logger, 'bot');
  const outboxSettings = { staffChannel: config.feishu.enabled ? ('feishu' as const) : ('console' as const) };
  const awards = { db, clock, outbox: outboxSettings, timeZone: config.bank.timeZone };
  // Display-token URLs and card links are built on the served address, known once listening.
  let servedUrl = config.http.publicUrl ?? '';
  const ladder = parseLadder(config.complaints.ladder)!;
  const complaints: ComplaintDeps = {
    db, clock, outbox: outboxSettings, ladder, publicUrl: () => servedUrl,
    settings: {
      ...DEFAULT_CLOCK_SETTINGS, timeZone: config.bank.timeZone, rollOverHolidays: config.complaints.rollOverHolidays,
      firstContactWorkingDays: config.complaints.firstContactWorkingDays, dueSoonHours: ladder.find((s) => s.hoursBefore !== null)?.hoursBefore ?? 72,
    },
  };
  const inspections: InspectionDeps = {
    db, clock, outbox: outboxSettings, publicUrl: () => servedUrl,
    settings: { ...DEFAULT_INSPECTION_SETTINGS, ...config.inspections, timeZone: config.bank.timeZone },
    photos: { dir: path.join(config.db.dataDir, 'photos'), maxBytes: config.inspections.photoMaxBytes },
  };
  const care: CareDeps = { db, clock, timeZone: config.bank.timeZone, outbox: outboxSettings };
  const bot = await startBot(createBotPorts(db, config, clock, awards, complaints, inspections, care), createBotOptions(db, config, clock, botLogger));
  const outbox = createOutboxDispatcher({
    db, clock, deliver: adaptDeliver(bot), logger: botLogger, instanceId, timeZone: config.bank.timeZone, quietHours: config.bot.quietHours, ...options.outbox,
  });
  const stopOutboxWake = await db.changes.listen(OUTBOX_QUEUED_CHANNEL, () => outbox.wake());
  const linkFeishuStaff = createFeishuStaffLinker(db, bot, clock);
  // A staff import may bring people the contact API can link now (their alerts would park otherwise).
  const stopStaffLinking = linkFeishuStaff
    ? await db.changes.listen('org_changed', (payload) => {
      if ((payload as { entity?: string }).entity !== 'staff') return;
      void linkFeishuStaff().then((summary) => logger.info({ summary }, 'feishu staff linked after import'), (error: unknown) => logger.warn({ err: error }, 'feishu staff linking failed'));
    })
    : undefined;
  const scheduler = createScheduler((options.jobs ?? createJobs)({ db, clock, timeZone: config.bank.timeZone, complaints, inspections, awards, linkFeishuStaff, care: { ...care, dailyAt: config.care.dailyAt }, cardRefresh: config.feishu.enabled ? { refreshAfterDays: config.feishu.cardRefreshDays } : undefined }), {
    sql: db.sql, clock, logger: moduleLogger(logger, 'jobs'), instanceId,
    timezone: config.bank.timeZone, catchUpHours: config.jobs.catchUpHours, singleInstance: db.mode === 'embedded',
  });

  let closing = false;
  const readiness = {
    async check(): Promise<string[]> {
      if (closing) return ['shutting down'];
      // Answer within a second even while the database is away (a probe has its own timeout).
      const away = new Promise<string[]>((resolve) => setTimeout(resolve, 1000, ['database unreachable']).unref());
      const checked = getMigrationStatus(db.sql).then(
        (status) => [...status.problems, ...(status.pending.length ? [`${status.pending.length} migrations pending`] : [])],
        () => ['database unreachable'],
      );
      return Promise.race([checked, away]);
    },
  };
  const access = createAccessDeps(db, clock, config);
  const routes: RouteDeclaration[] = [];
  const api = createSecuredRouter(routes);
  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  registerConfigRoutes(api, {
    bankName: config.bank.name, timeZone: config.bank.timeZone, defaultLocale: config.bank.defaultLocale,
    buildId: readBuildId(webDir), consoleChat: Boolean(bot.console), feishuSignIn: config.feishu.enabled,
  });
  registerAccessRoutes(api, { access, secureCookies: servedUrl.startsWith('https://'), publicUrl: () => servedUrl });
  registerOrgRoutes(api, { sql: db.sql, bank: { name: config.bank.name, timeZone: config.bank.timeZone }, readerScope: (req) => orgScopeOf(scopeOf(principalOf(req))) });
  registerCustomerRoutes(api, { sql: db.sql });
  registerJobsRoutes(api, { sql: db.sql, describeJobs: () => scheduler.describe() });
  const ingest = { db, clock, timeZone: config.bank.timeZone, longWaitSeconds: config.kpi.longWaitMinutes * 60 };
  registerIngestRoutes(api, ingest);
  registerKpiRoutes(api, { sql: db.sql, timeZone: config.bank.timeZone, clock });
  registerKpiTargetRoutes(api, { db, clock });
  registerComplaintRoutes(api, complaints);
  registerInspectionRoutes(api, inspections);
  registerOutboxRoutes(api, { sql: db.sql, clock, wake: () => outbox.wake() });
  registerKpiHistoryRoutes(api, { sql: db.sql, timeZone: config.bank.timeZone, clock });
  registerReportRoutes(api, { sql: db.sql, clock, timeZone: config.bank.timeZone });
  registerAwardsRoutes(api, awards);
  registerCalendarRoutes(api, { sql: db.sql, clock, timeZone: config.bank.timeZone });
  registerIndexWeightRoutes(api, { db, clock });
  registerOpenApiRoutes(api, { version: readBuildId(webDir) });
  const workProviders = createWorkProviders(db, complaints, inspections, care);
  registerWorkRoutes(api, createWorkDeps(workProviders, clock, moduleLogger(logger, 'http')));
  registerCareRoutes(api, care, { dailyAt: config.care.dailyAt });

  const control = db.lock ? writeControlSecret(config.db.dataDir) : undefined;
  const app = createHttpApp({
    logger: moduleLogger(logger, 'http'),
    metrics,
    readiness,
    trustProxy: config.http.trustProxy,
    webDir,
    access,
    apiRouter: api.router,
    feishuWebhook: config.feishu.enabled && config.feishu.transport === 'webhook' ? bot.feishu?.webhook : undefined,
    feishuSignIn: config.feishu.enabled ? createFeishuSignInRouter({
      access, appId: config.feishu.appId, domain: config.feishu.domain, secureCookies: (config.http.publicUrl ?? '').startsWith('https://'), publicUrl: config.http.publicUrl,
      oauth: createFeishuOAuth({ apiBase: openApiBaseOf(config.feishu.domain), appId: config.feishu.appId, appSecret: config.feishu.appSecret, proxyUrl: config.feishu.proxyUrl }),
    }).router : undefined,
    controlRouter: control
      ? createControlRouter({ secret: control, operations, context: (actor) => ({ db, clock, config, logger: moduleLogger(logger, 'cli'), actor, access, publicUrl: servedUrl }) })
      : undefined,
  });
  // Single-event ingest straight from node:http (ADR 0030); everything else through Express.
  const lane = createIngestLane({ access, ingest, logger: moduleLogger(logger, 'http'), metrics });
  const httpServer = http.createServer((req, res) => lane(req, res) || app(req, res));
  // Keep an idle connection longer than the proxies and load balancers in front of it do (60 s is
  // the common default) and than a queue machine's client expects: with Node's 5 s, a client that
  // reuses a socket just as the server closes it gets ECONNRESET (the soak's simulator did), and a
  // proxy answers 502. Headers must be allowed a little longer than the idle time (Node's rule).
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1000;
  const realtime = await createRealtime(httpServer, {
    logger: moduleLogger(logger, 'realtime'), access, clock, kpiPushPerSecond: config.kpi.pushPerSecond,
    publicUrl: config.http.publicUrl, recheckEveryMs: config.realtime.recheckSeconds * 1000,
    chat: bot.console && adaptConsole(bot.console),
    wall: createWallPort({ db, clock, timeZone: config.bank.timeZone, longWaitSeconds: config.kpi.longWaitMinutes * 60, complaintDueSoonHours: complaints.settings.dueSoonHours }),
    work: createWorkPort(db, workProviders),
  });
  const port = await listen(httpServer, config.http.port, config.http.host);
  db.lock?.update({ port, controlUrl: `http://127.0.0.1:${port}/internal/control` });
  if (config.jobs.enabled) {
    // Catch-up may take a while; probes and screens are served meanwhile.
    void scheduler.start().catch((error: unknown) => logger.error({ err: error }, 'scheduler failed to start'));
  }
  outbox.start();
  servedUrl = config.http.publicUrl ?? `http://localhost:${port}`;
  logger.info({ url: servedUrl, database: db.mode, instanceId }, 'touchstone is serving');

  async function shutdown(): Promise<void> {
    closing = true;
    const deadline = new Promise<'timeout'>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs, 'timeout').unref());
    const stopped = (async () => {
      const ioClosed = realtime.close(); // disconnects sockets and stops accepting connections
      httpServer.closeIdleConnections();
      await ioClosed;
      await scheduler.stop();
      await stopOutboxWake();
      await stopStaffLinking?.();
      await outbox.stop();
      await bot.stop();
    })();
    if ((await Promise.race([stopped, deadline])) === 'timeout') {
      logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; closing remaining connections');
      httpServer.closeAllConnections();
    }
    await db.close();
    logger.info('touchstone stopped');
  }
  let closed: Promise<void> | undefined;
  return { url: servedUrl, port, db, io: realtime.io, bot, outbox, complaints, inspections, care, scheduler, logger, access, routes, app, close: () => (closed ??= shutdown()) };
}

/** How long an idle keep-alive connection stays open (docs/reliability.md, "Running it in production"). */
export const KEEP_ALIVE_MS = 65_000;

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** A fresh secret per start, readable only by the data folder's owner (see control.routes.ts). */
function writeControlSecret(dataDir: string): string {
  const secret = newSecret();
  fs.writeFileSync(path.join(dataDir, 'control.secret'), secret, { mode: 0o600 });
  return secret;
}

function readBuildId(webDir: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(webDir, '_app', 'version.json'), 'utf8')).version as string;
  } catch {
    return 'unbuilt';
  }
}
