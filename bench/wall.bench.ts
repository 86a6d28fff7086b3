/**
 * The wall in a browser: what one live update costs the page, and whether its memory stays flat.
 *
 * A real server (in this process, on a scratch database: embedded PGlite, or the database given)
 * serves the built web app over a demo bank (14 分行, ~290 outlets) with a day of rollups; headless
 * Chromium (/usr/bin/chromium, vsync and the frame-rate cap off) opens the bank wall with a display
 * token. Updates are `kpi:updated`-shaped deltas — day figures, the hour under way, the whole
 * ranking, a handful of heat-grid cells, every fifth one a feed item — fed into the page's own
 * socket by an init script of this bench (it wraps `WebSocket` and dispatches socket.io frames), so
 * the production build carries no test hook and the page runs its real decode → merge → render path.
 *
 *   update:  per delta, dispatch → the page re-renders (tiles, charts, grid, ranking) → two frames
 *            later (the frame with the change has been produced). Baseline: a plain chart.js page
 *            in the same browser drawing the same three hourly charts, same sizes and options, from
 *            the same JSON. Target: ours ≤ 1.2× the baseline (median).
 *   memory:  JS heap after a forced GC, before and after BENCH_WALL_MINUTES (default 1) of deltas
 *            at 10× the server's push rate (KPI_PUSH_PER_SECOND 2 → 20 deltas/s); also DOM nodes
 *            and event listeners. The issue's 10-minute run: BENCH_WALL_MINUTES=10.
 *
 *   BENCH_WALL_UPDATES=300   measured updates per page (after 30 to warm up)
 *   BENCH_WALL_MINUTES=1     memory run length
 *
 * Run alone: `node --import tsx bench/wall.bench.ts` (prints the table and the JSON rows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createDb, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import type { GridCell, KpiUpdated, Ranking, ScopeKpis } from '../server/contract/index.ts';
import { buildWeb, isWebBuildStale } from '../server/cli/web-build.ts';
import { loadConfig } from '../server/config.ts';
import { seedDemoBank } from '../server/demo/seed-demo-bank.ts';
import { DEFAULT_WEB_DIR, startServer } from '../server/main.ts';
import { systemClock } from '../server/platform/clock.ts';
import { createUser, login } from '../tests/integration/helpers/access.ts';
import { afternoonZone, seedWallDay } from '../tests/e2e/helpers/wall-app.ts';
import { envNumber, fmt, median, percentile, type Check, type SuiteResult } from './bench-kit.ts';

/** One measured figure of the wall bench, with its baseline and gate where it has them. */
export interface BenchRow {
  name: string;
  /** What this run measured on the wall page. */
  value: number;
  unit: string;
  /** The same measure on the plain chart.js page, when there is one. */
  baseline?: number;
  /** value ÷ baseline. */
  ratio?: number;
  /** The gate, in words, and whether this run met it (null: reported, not judged). */
  target?: string;
  pass?: boolean | null;
}

const CHROMIUM = '/usr/bin/chromium';
const SERVER_PUSH_PER_SECOND = 2;
const SPEED_UP = 10;
const WARM_UP = 30;
const CHART_JS = fileURLToPath(new URL('../node_modules/chart.js/dist/chart.umd.js', import.meta.url));

export async function benchWall(db?: Db): Promise<BenchRow[]> {
  const updates = envNumber('BENCH_WALL_UPDATES', 300);
  const minutes = envNumber('BENCH_WALL_MINUTES', 1);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`the wall bench needs Chromium at ${CHROMIUM}`);
  if (isWebBuildStale(DEFAULT_WEB_DIR)) await buildWeb((line) => console.error(`[wall bench] ${line}`));

  const ownDb = db ? undefined : await createDb({ dataDir: 'memory' });
  const database = db ?? ownDb!;
  const timeZone = afternoonZone();
  await migrate(database.sql);
  await seedDemoBank({ db: database, clock: systemClock }, { customersTotal: 100 });
  await seedWallDay(database.sql, { timeZone });
  const server = await startServer(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', SHUTDOWN_TIMEOUT_MS: '3000', BANK_TIMEZONE: timeZone }),
    { db: { ...database, close: async () => {} }, logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }) },
  );
  const url = `http://127.0.0.1:${server.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-gpu-vsync', '--disable-frame-rate-limit', '--js-flags=--expose-gc'],
  });
  try {
    await createUser(server.db, { username: 'wall-bench', role: 'admin' });
    const admin = await login(url, 'wall-bench');
    const token = ((await (await admin.post('/display-tokens', { name: 'bench', scope: 'bank' })).json()) as { secret: string }).secret;
    const [kpis, ranking, branches] = await Promise.all([
      admin.get('/kpis?scope=bank').then((r) => r.json() as Promise<ScopeKpis>),
      admin.get('/kpis/ranking?scope=bank').then((r) => r.json() as Promise<Ranking>),
      admin.get('/branches?limit=50000').then((r) => r.json() as Promise<{ items: Omit<GridCell, 'serviceIndex'>[] }>),
    ]);
    const chartDeltas = createDeltas('charts', kpis, ranking.items, branches.items);
    const fullDeltas = createDeltas('full', kpis, ranking.items, branches.items);

    const wall = await openWall(browser, `${url}/wall?token=${encodeURIComponent(token)}`);
    const sizes = await wall.evaluate(`[...document.querySelectorAll('figure[data-metric] canvas')].map((c) => [c.clientWidth, c.clientHeight])`) as [number, number][];
    const plain = await openBaseline(browser, sizes, kpis);

    const charts = await timeUpdates({ ours: wall, baseline: plain }, chartDeltas, updates);
    // What the wall drew is what was sent: the volume chart's hour under way, then the tickets tile.
    const points = JSON.parse((await wall.locator('figure[data-metric="issued"] canvas').getAttribute('data-points')) ?? '[[]]') as number[][];
    const hourShown = points[0]![currentHourOf(kpis)];
    if (hourShown !== kpis.hourly[currentHourOf(kpis)]!.kpis.issued + charts.sent - 1) throw new Error(`wall bench: the chart did not follow the deltas (hour shows ${hourShown})`);
    const full = await timeUpdates({ ours: wall, baseline: plain }, fullDeltas, updates);
    const shown = Number((await wall.getByRole('group', { name: '取号量', exact: true }).locator('.value').innerText()).replaceAll(',', ''));
    if (shown !== kpis.kpis.issued + full.sent - 1) throw new Error(`wall bench: the page did not apply the deltas (shows ${shown}, expected ${kpis.kpis.issued + full.sent - 1})`);
    const memory = await runForMemory(wall, fullDeltas, minutes);
    return rowsOf({ charts, full }, memory, minutes);
  } finally {
    await browser.close();
    await server.close();
    await ownDb?.close();
  }
}

/** The rows as a suite table for bench/run.ts (printed and saved like the other suites). */
export function wallSuite(rows: readonly BenchRow[], mode: string): SuiteResult {
  const checks: Check[] = rows.filter((row) => row.target).map((row) => ({
    name: row.name, value: row.ratio === undefined ? `${fmt.ms(row.value, 2)} ${row.unit}` : fmt.ratio(row.ratio), target: row.target!, pass: row.pass ?? null,
  }));
  return {
    suite: 'wall', title: 'Wall page in Chromium: time per live update and memory over a run', mode,
    columns: ['measure', 'wall page', 'plain chart.js', 'ratio', 'target'],
    rows: rows.map((row) => [row.name, `${fmt.ms(row.value, 2)} ${row.unit}`, row.baseline === undefined ? null : `${fmt.ms(row.baseline, 2)} ${row.unit}`,
      row.ratio === undefined ? null : fmt.ratio(row.ratio), row.target ?? null]),
    notes: [
      'update = dispatch a kpi:updated frame into the page socket → two animation frames (vsync off); ABBA rounds',
      'chart data: deltas change only the hour under way — the data the plain page draws too (the gate)',
      'full delta: also day figures, ranking, 6 heat cells, a feed item every 5th — the plain page still draws only the charts',
      'heap after forced GC; memory run uses full deltas at 10× the server push rate',
    ],
    checks,
  };
}

/** Wall-clock per update (median, p95) and the renderer process's CPU time per update, in ms. */
type Timing = { median: number; p95: number; cpu: number };
type Timings = { ours: Timing; baseline: Timing; sent: number };

function rowsOf(timing: { charts: Timings; full: Timings }, memory: MemoryRun, minutes: number): BenchRow[] {
  const ratio = timing.charts.ours.median / timing.charts.baseline.median;
  const mib = (bytes: number) => bytes / 2 ** 20;
  const growth = mib(memory.end.heap - memory.start.heap);
  const middle = memory.samples[Math.floor(memory.samples.length / 2)]!;
  const secondHalf = mib(memory.end.heap - middle.heap);
  return [
    { name: 'chart data update, median', value: timing.charts.ours.median, baseline: timing.charts.baseline.median, unit: 'ms', ratio, target: '≤ 1.2× plain chart.js', pass: ratio <= 1.2 },
    { name: 'chart data update, p95', value: timing.charts.ours.p95, baseline: timing.charts.baseline.p95, unit: 'ms', ratio: timing.charts.ours.p95 / timing.charts.baseline.p95 },
    { name: 'chart data update, renderer CPU', value: timing.charts.ours.cpu, baseline: timing.charts.baseline.cpu, unit: 'ms', ratio: timing.charts.ours.cpu / timing.charts.baseline.cpu },
    { name: 'full delta update, median', value: timing.full.ours.median, baseline: timing.full.baseline.median, unit: 'ms', ratio: timing.full.ours.median / timing.full.baseline.median },
    { name: 'full delta update, p95', value: timing.full.ours.p95, baseline: timing.full.baseline.p95, unit: 'ms', ratio: timing.full.ours.p95 / timing.full.baseline.p95 },
    { name: 'full delta update, renderer CPU', value: timing.full.ours.cpu, baseline: timing.full.baseline.cpu, unit: 'ms', ratio: timing.full.ours.cpu / timing.full.baseline.cpu },
    { name: `JS heap at start (after GC)`, value: memory.start.heap / 2 ** 20, unit: 'MiB' },
    { name: `JS heap after ${minutes} min, ${memory.deltas} deltas`, value: memory.end.heap / 2 ** 20, unit: 'MiB' },
    { name: 'JS heap growth over the run', value: growth, unit: `MiB (${memory.samples.map((m) => mib(m.heap).toFixed(2)).join(' → ')})` },
    { name: 'JS heap growth, second half', value: secondHalf, unit: 'MiB', target: 'flat: < 0.5 MiB', pass: secondHalf < 0.5 },
    { name: 'DOM nodes, start → end', value: memory.end.nodes - memory.start.nodes, unit: `nodes (${memory.start.nodes} → ${memory.end.nodes})` },
    { name: 'event listeners, start → end', value: memory.end.listeners - memory.start.listeners, unit: `(${memory.start.listeners} → ${memory.end.listeners})`, target: 'no growth', pass: memory.end.listeners <= memory.start.listeners },
  ];
}

/**
 * Deltas as the server sends them, made from the bank's real figures. `charts`: only the hour
 * under way changes (tickets and wait) — the data the baseline draws too. `full`: also the day's
 * figures, the whole ranking (its top two swapped) and six heat-grid cells, and every fifth delta
 * a feed item. `seq` is filled in by the page harness (the snapshot's + 1, + 2 …). Delta `i`
 * carries the hour's tickets + i (and, `full`, the day's), which the bench checks afterwards.
 */
function createDeltas(kind: 'charts' | 'full', kpis: ScopeKpis, ranking: Ranking['items'], branches: readonly Omit<GridCell, 'serviceIndex'>[]): ((i: number) => string) {
  return (i) => {
    const hour = kpis.hourly[currentHourOf(kpis)]!;
    const hourly = [{ ...hour, kpis: { ...hour.kpis, issued: hour.kpis.issued + i, averageWaitSeconds: 480 + (i % 120) } }];
    if (kind === 'charts') return JSON.stringify([`42${JSON.stringify(['kpi:updated', { scope: 'bank', seq: -1, at: new Date().toISOString(), changes: { hourly } }])}`]);
    const grid = Array.from({ length: 6 }, (_, k) => {
      const branch = branches[(i * 7 + k * 31) % branches.length]!;
      return { ...branch, serviceIndex: 40 + ((i * 13 + k * 17) % 55) };
    });
    const items = [...ranking];
    if (items.length > 1) [items[0], items[1]] = i % 2 ? [items[1]!, items[0]!] : [items[0]!, items[1]!];
    const changes: KpiUpdated['changes'] = {
      kpis: { ...kpis.kpis, issued: kpis.kpis.issued + i, called: kpis.kpis.called + i, satisfactionRate: 0.95 + (i % 40) / 1000 },
      hourly,
      ranking: items,
      grid,
    };
    const frames = [`42${JSON.stringify(['kpi:updated', { scope: 'bank', seq: -1, at: new Date().toISOString(), changes }])}`];
    if (i % 5 === 0) {
      const branch = branches[i % branches.length]!;
      frames.push(`42${JSON.stringify(['feed:appended', { scope: 'bank', seq: -1, at: new Date().toISOString(), items: [
        { id: `bench-${i}`, at: new Date().toISOString(), kind: 'low_rating', branchCode: branch.code, branchName: branch.name, ticket: `B${i}`, value: 1 },
      ] }])}`);
    }
    return JSON.stringify(frames);
  };
}

/** The hour under way: the last with tickets. */
const currentHourOf = (kpis: ScopeKpis): number => Math.max(0, kpis.hourly.findLastIndex((h) => h.kpis.issued > 0));

/**
 * In-page harness (plain JS: it runs in the page, added by this bench only). On the wall it wraps
 * WebSocket to reach the page's own socket; `__bench.step(frames)` delivers frames numbered after
 * `__bench.seq` as the server would, and resolves two frames later.
 */
interface Harnessed {
  __bench: { step(frames: string): Promise<number>; deliver(frames: string): void };
}

// The frames travel as an argument, never inside the evaluated source: every distinct source is a
// new script the page keeps, which would show as heap growth of the bench's own making.
const HARNESS = `
(() => {
  const sockets = [];
  const Native = window.WebSocket;
  if (Native) {
    window.WebSocket = class extends Native {
      constructor(...args) { super(...args); sockets.push(this); }
    };
  }
  let seq;
  const twoFrames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  window.__bench = {
    sockets,
    get seq() { return seq; },
    set seq(value) { seq = value; },
    deliver(framesJson) {
      const ws = sockets.find((s) => s.readyState === 1);
      for (const frame of JSON.parse(framesJson)) {
        seq += 1;
        ws.dispatchEvent(new MessageEvent('message', { data: frame.replace('"seq":-1', '"seq":' + seq) }));
      }
    },
    async step(framesJson) {
      const started = performance.now();
      window.__bench.apply ? window.__bench.apply(framesJson) : window.__bench.deliver(framesJson);
      await twoFrames();
      return performance.now() - started;
    },
  };
})();
`;

async function openWall(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.addInitScript({ content: HARNESS });
  await page.goto(url);
  await page.getByText('实时连接正常').waitFor();
  await page.getByText(/^数据截至 \d{2}:\d{2}:\d{2}$/).waitFor();
  await page.locator('.cells .cell').first().waitFor();
  await page.waitForFunction('window.__bench.sockets.some((s) => s.readyState === 1) && [...document.querySelectorAll(".figures")].every((el) => getComputedStyle(el).filter === "none")');
  // Nothing happens in the bench bank but what the bench sends: the room the page made on
  // subscribing is at seq 0 (checked after the run: the tile must show the last delta's count).
  await page.evaluate('window.__bench.seq = 0');
  return page;
}

/** The same three charts drawn with chart.js directly: same canvas sizes, options and points. */
async function openBaseline(browser: Browser, sizes: readonly [number, number][], kpis: ScopeKpis): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.setContent(`<body style="margin:0;background:#0b1220">${sizes.map(([w, h]) => `<div style="position:relative;width:${w}px;height:${h}px"><canvas></canvas></div>`).join('')}</body>`);
  await page.addScriptTag({ content: HARNESS });
  await page.addScriptTag({ path: CHART_JS });
  await page.addScriptTag({ content: `
    (() => {
      const hourly = ${JSON.stringify(kpis.hourly)};
      const metrics = [['satisfactionRate', (v) => v * 100], ['averageWaitSeconds', (v) => v / 60], ['issued', (v) => v]];
      const series = (metric, scale, key) => hourly.map((h, i) => ({ x: i, y: h[key][metric] === null ? null : scale(h[key][metric]) }));
      // The wall's options (web/lib/charts/hourly-chart-config.ts at unit 1), written out: fonts,
      // tick callbacks, dashes, fill, the dot on the hour under way, decimation.
      const font = { size: 15, family: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" };
      const ticks = [(v) => Math.round(v) + '%', (v) => String(Math.round(v)), (v) => new Intl.NumberFormat('zh-CN').format(v)];
      const charts = [...document.querySelectorAll('canvas')].map((canvas, c) => new Chart(canvas, {
        type: 'line',
        data: { datasets: [
          { data: series(metrics[c][0], metrics[c][1], 'kpis'), borderColor: '#5b9dff', backgroundColor: 'rgba(91, 157, 255, 0.16)', fill: 'start', borderWidth: 3.5,
            pointRadius: (ctx) => (ctx.dataIndex === ctx.dataset.data.length - 1 ? 4.5 : 0), pointBackgroundColor: '#5b9dff', pointBorderWidth: 0, cubicInterpolationMode: 'monotone', order: 0,
            segment: { borderColor: (ctx) => (ctx.p1DataIndex === ctx.chart.data.datasets[0].data.length - 1 ? 'rgba(91, 157, 255, 0.45)' : undefined) } },
          { data: series(metrics[c][0], metrics[c][1], 'yesterday'), borderColor: '#8d9bb5', borderDash: [7, 6], borderWidth: 2, pointRadius: 0, fill: false, cubicInterpolationMode: 'monotone', order: 1 },
        ] },
        options: { animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false, events: [], layout: { padding: { top: 6, right: 6 } },
          scales: {
            x: { type: 'linear', min: 0, max: 23, grid: { color: 'rgba(152, 168, 195, 0.14)', drawTicks: false }, border: { display: false },
              ticks: { stepSize: 3, includeBounds: false, color: '#98a8c3', font, padding: 6, callback: (v) => v + ':00' } },
            y: { type: 'linear', beginAtZero: c !== 0, ...(c === 0 ? { suggestedMax: 100 } : {}), grid: { color: 'rgba(152, 168, 195, 0.14)', drawTicks: false }, border: { display: false },
              ticks: { maxTicksLimit: 4, color: '#98a8c3', font, padding: 8, callback: (v) => ticks[c](Number(v)) } },
          },
          plugins: { legend: { display: false }, decimation: { enabled: true, algorithm: 'lttb', samples: 240, threshold: 480 } } },
      }));
      window.__bench.seq = 0;
      window.__bench.apply = (framesJson) => {
        for (const frame of JSON.parse(framesJson)) {
          const [event, payload] = JSON.parse(frame.slice(2));
          if (event !== 'kpi:updated' || !payload.changes.hourly) continue;
          for (const changed of payload.changes.hourly) {
            const index = hourly.findIndex((h) => h.hour === changed.hour);
            charts.forEach((chart, c) => {
              const [metric, scale] = metrics[c];
              const point = chart.data.datasets[0].data[index];
              if (point) point.y = changed.kpis[metric] === null ? null : scale(changed.kpis[metric]);
            });
          }
          charts.forEach((chart) => chart.update('none'));
        }
      };
    })();
  ` });
  return page;
}

/** Rounds over the two pages, alternating which goes first (ABBA), so a busy machine slows both alike. */
const ROUNDS = 6;

async function timeUpdates(pages: { ours: Page; baseline: Page }, deltas: (i: number) => string, updates: number): Promise<Timings> {
  const times = { ours: [] as number[], baseline: [] as number[] };
  const cpu = { ours: 0, baseline: 0 };
  const cdp = { ours: await pages.ours.context().newCDPSession(pages.ours), baseline: await pages.baseline.context().newCDPSession(pages.baseline) };
  const processTime = async (key: 'ours' | 'baseline') => (await cdp[key].send('Performance.getMetrics')).metrics.find((m) => m.name === 'ProcessTime')?.value ?? 0;
  for (const session of Object.values(cdp)) await session.send('Performance.enable');
  const perRound = Math.ceil(updates / ROUNDS);
  let sent = 0;
  const block = async (key: 'ours' | 'baseline', count: number, first: number, isMeasured: boolean) => {
    const cpuBefore = await processTime(key);
    for (let i = 0; i < count; i++) {
      const ms = await pages[key].evaluate((frames) => (window as unknown as Harnessed).__bench.step(frames), deltas(first + i));
      if (isMeasured) times[key].push(ms);
    }
    if (isMeasured) cpu[key] += (await processTime(key)) - cpuBefore;
  };
  await block('ours', WARM_UP, 0, false);
  await block('baseline', WARM_UP, 0, false);
  sent = WARM_UP;
  for (let round = 0; round < ROUNDS; round++) {
    const order: ('ours' | 'baseline')[] = round % 2 ? ['baseline', 'ours'] : ['ours', 'baseline'];
    for (const key of order) await block(key, perRound, sent, true);
    sent += perRound;
  }
  for (const session of Object.values(cdp)) await session.detach();
  const summary = (key: 'ours' | 'baseline'): Timing => {
    const sorted = [...times[key]].sort((a, b) => a - b);
    return { median: median(sorted), p95: percentile(sorted, 95), cpu: (cpu[key] * 1000) / sorted.length };
  };
  return { ours: summary('ours'), baseline: summary('baseline'), sent };
}

interface MemorySample {
  heap: number;
  nodes: number;
  listeners: number;
}
interface MemoryRun {
  start: MemorySample;
  end: MemorySample;
  samples: MemorySample[];
  deltas: number;
}
const MEMORY_SAMPLES = 5;

async function sampleMemory(page: Page): Promise<MemorySample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  await cdp.detach();
  return { heap: usedSize, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

/**
 * Deltas at 10× the server's push rate for `minutes`; memory sampled (after GC) at the start and
 * at each fifth of the run, so a leak shows as a slope and a one-off (caches warming) as a step.
 */
async function runForMemory(page: Page, deltas: (i: number) => string, minutes: number): Promise<MemoryRun> {
  const samples = [await sampleMemory(page)];
  const interval = 1000 / (SERVER_PUSH_PER_SECOND * SPEED_UP);
  const started = Date.now();
  const length = minutes * 60_000;
  let sent = 0;
  for (let next = started; Date.now() < started + length; next += interval) {
    await page.evaluate((frames) => (window as unknown as Harnessed).__bench.deliver(frames), deltas(10_000 + sent));
    sent += 1;
    if (Date.now() - started >= (samples.length * length) / MEMORY_SAMPLES) samples.push(await sampleMemory(page));
    const wait = next + interval - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  if (samples.length <= MEMORY_SAMPLES) samples.push(await sampleMemory(page));
  return { start: samples[0]!, end: samples.at(-1)!, samples, deltas: sent };
}

// `node --import tsx bench/wall.bench.ts`: run alone and print.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await benchWall();
  const { formatTable } = await import('./bench-kit.ts');
  console.log(formatTable(wallSuite(rows, process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite')));
  console.log(JSON.stringify(rows, null, 2));
}
