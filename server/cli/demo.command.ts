import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createDb } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import type { Config } from '../config.ts';
import { ensureDemoCredentials, type DemoCredentials } from '../demo/demo-credentials.ts';
import { ensureDemoBranchHead } from '../demo/demo-branch-head.ts';
import { seedDemoBank } from '../demo/seed-demo-bank.ts';
import { DEFAULT_HISTORY_MONTHS, seedDemoHistory } from '../demo/seed-demo-history.ts';
import { startDemoTicker } from '../demo/demo-ticker.ts';
import { startDemoSimulation } from '../demo/demo-simulation.ts';
import { startDemoComplaints } from '../demo/demo-complaints.ts';
import { seedDemoCare } from '../demo/demo-care.ts';
import { seedDemoInspections } from '../demo/demo-inspections.ts';
import { seedDemoStars } from '../demo/demo-stars.ts';
import { listBranchCodes } from '../domains/kpi/index.ts';
import type { RunningSimulator } from '../simulator/simulator.ts';
import { wallUrl } from '../domains/access/index.ts';
import { createAccessDeps } from '../wiring/access-wiring.ts';
import { DEFAULT_WEB_DIR } from '../main.ts';
import { systemClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { createProgressPrinter } from './progress.ts';
import { serveUntilSignalled } from './serve.command.ts';
import { buildWeb, isWebBuildStale } from './web-build.ts';

const ENTITY_LABELS: Record<string, string> = {
  regions: '机构 regions', branches: '网点 branches', staff: '员工 staff', customers: '客户 customers',
};

/**
 * `touchstone demo` (npm run demo): build the web app if needed, create the demo bank on first run
 * (a second run reuses it), serve, and print the URLs — also as KEY=value lines for scripts.
 */
export async function runDemo(config: Readonly<Config>, out: (line: string) => void, options: { historyMonths?: number } = {}): Promise<number> {
  out(`Touchstone 规范化服务监督 — demo of ${config.bank.name}`);
  if (isWebBuildStale(DEFAULT_WEB_DIR)) await buildWeb(out);
  // The terminal stays readable: logs go to a file in the data folder (one human line a minute is
  // printed instead); LOG_LEVEL=debug sends them to stderr as `npm start` does. stdout carries only
  // the human text and the KEY=value lines scripts read.
  const logFile = path.join(config.db.dataDir, 'demo.log');
  if (config.log.level !== 'debug') fs.mkdirSync(config.db.dataDir, { recursive: true });
  const logger = createLogger({ level: config.log.level, destination: config.log.level === 'debug' ? pino.destination(2) : pino.destination({ dest: logFile, append: true, sync: false }) });
  const db = await createDb({ databaseUrl: config.db.databaseUrl, dataDir: config.db.dataDir, poolMax: config.db.poolMax });
  let credentials: DemoCredentials;
  try {
    await migrate(db.sql);
    const progress = createProgressPrinter();
    const seeded = await seedDemoBank({ db, clock: systemClock }, {
      onProgress: (p) => progress.update(ENTITY_LABELS[p.entity] ?? p.entity, p.done, p.total),
    });
    progress.end();
    credentials = await ensureDemoCredentials(createAccessDeps(db, systemClock, config), config.db.dataDir);
    await seedDemoStars({ db, clock: systemClock, timeZone: config.bank.timeZone, outbox: { staffChannel: config.feishu.enabled ? 'feishu' : 'console' } });
    out(seeded.created ? '演示银行已生成 demo bank created' : `演示银行已存在，沿用 reusing the demo bank in ${db.mode === 'embedded' ? config.db.dataDir : 'the database'}`);
    const history = await seedDemoHistory({ db, clock: systemClock, timeZone: config.bank.timeZone }, { months: options.historyMonths ?? DEFAULT_HISTORY_MONTHS });
    if (history.dayRows > 0) {
      out(`历史数据 history: ${history.days} 天 days, ${history.dayRows.toLocaleString('en')} 网点日 outlet-days, ${history.complaints} 投诉 complaints (${(history.ms / 1000).toFixed(1)} s)`);
    } else if (options.historyMonths !== 0) {
      out('历史数据已存在，沿用 reusing the history');
    }
    // After the history: the busiest outlet is the one with the most complaints.
    credentials = await ensureDemoBranchHead(createAccessDeps(db, systemClock, config), config.db.dataDir, credentials);
  } catch (error) {
    await db.close();
    throw error;
  }
  let simulator: RunningSimulator | undefined;
  let complaints: { stop(): void } | undefined;
  let ticker: { stop(): void } | undefined;
  const code = await serveUntilSignalled(config, { db, logger }, (server) => {
    // The season of inspections (created once; a restart finds them), whatever SIMULATE says: the
    // wall's inspection panel and the branch heads' chats show the loop at first start.
    void demoInspectors(db).then(({ branches, inspectors }) =>
      seedDemoInspections(server.inspections, { branches, inspectors, now: new Date(), log: (line) => logger.info({ module: 'demo' }, line) }))
      .catch((error: unknown) => logger.error({ err: error }, 'the demo inspections were not created'));
    if (config.simulate) {
      const baseUrl = `http://127.0.0.1:${server.port}`;
      const log = (line: string) => logger.info({ module: 'demo' }, line);
      void startDemoSimulation({ db, baseUrl, apiKey: credentials.ingestApiKey, now: new Date(), log })
        .then((running) => (simulator = running), (error: unknown) => logger.error({ err: error }, 'the demo simulator did not start'));
      void listBranchCodes(db.sql, { limit: 50_000 }).then((branches) => {
        complaints = startDemoComplaints({ baseUrl, apiKey: credentials.ingestApiKey, branches: branches.map((b) => b.code), now: () => new Date(), log });
      });
    }
    // Customer care in every state (past mornings settled, today's lists posted), at every start.
    void seedDemoCare(server.care, (line) => logger.info({ module: 'demo' }, line)).catch((error: unknown) => logger.error({ err: error }, 'demo customer care failed'));
    const wall = wallUrl(server.url, { kind: 'bank' }, credentials.wallToken);
    out('');
    out(`大屏 wall:            ${wall}`);
    out(`机器人控制台 bot chat: ${server.url}/chat`);
    out(`总览 overview:        ${server.url}/   (登录 log in: ${credentials.adminUser} / ${credentials.adminPassword})`);
    if (config.simulate) out('实时模拟器 live simulator: on (SIMULATE=0 to leave it off)');
    out('Ctrl+C 停止 to stop');
    out('');
    out(`WALL_URL=${wall}`);
    out(`CHAT_URL=${server.url}/chat`);
    out(`ADMIN_USER=${credentials.adminUser}`);
    out(`ADMIN_PASSWORD=${credentials.adminPassword}`);
    out(`INGEST_API_KEY=${credentials.ingestApiKey}`);
    if (credentials.inspectorUser) {
      out(`INSPECTOR_USER=${credentials.inspectorUser}`);
      out(`INSPECTOR_PASSWORD=${credentials.inspectorPassword}`);
    }
    if (credentials.branchHeadUser) {
      out(`BRANCH_HEAD_USER=${credentials.branchHeadUser}`);
      out(`BRANCH_HEAD_PASSWORD=${credentials.branchHeadPassword}`);
    }
    if (config.log.level !== 'debug') {
      out(`日志 logs: ${logFile}`);
      ticker = startDemoTicker({ db, timeZone: config.bank.timeZone, screens: () => server.io.engine.clientsCount, out });
    }
  }, async () => {
    ticker?.stop();
    complaints?.stop();
    await simulator?.stop();
  });
  return code;
}

/** The outlets visited (the first dozen with a head, in code order) and the inspectors who visit them. */
async function demoInspectors(db: Awaited<ReturnType<typeof createDb>>): Promise<{ branches: string[]; inspectors: string[] }> {
  const branches = await db.sql<Array<{ code: string }>>`
    select b.code from branches b where exists (select 1 from staff s where s.branch_id = b.id and s.role = 'branch_head' and s.active) order by b.code limit 12`;
  const inspectors = await db.sql<Array<{ code: string }>>`
    select s.code from staff s join regions r on r.id = s.region_id where s.role = 'inspector' and s.active and r.parent_id is null order by s.code limit 2`;
  return { branches: branches.map((b) => b.code), inspectors: inspectors.map((s) => s.code) };
}
