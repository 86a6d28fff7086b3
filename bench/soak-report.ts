import type { SimulatorStats } from '../server/simulator/simulator.ts';
import type { Check, SuiteResult } from './bench-kit.ts';
import { median, MiB, totalHandles, type SoakSample, type SoakSummary } from './soak-stats.ts';
import type { SoakSettings } from './soak.bench.ts';

/** The soak's table and checks, as printed by `npm run bench -- soak` and saved with the run. */
export function soakTable(input: {
  mode: string;
  settings: SoakSettings;
  zone: string;
  samples: readonly SoakSample[];
  summary: SoakSummary;
  jobs: SoakSample['jobs'];
  simulated: SimulatorStats;
  logged: { warnings: number; errors: number; first: (string | undefined)[] };
  seriesFile: string;
}): SuiteResult {
  const { samples, summary: s, settings, jobs, simulated } = input;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const judged = samples[s.fromIndex]!;
  const mib = (n: number) => `${n.toFixed(1)} MiB`;
  const perHour = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)} MiB/h`;
  const trend = (t: SoakSummary['serverHeap']) => `${perHour(t.slopePerHour)} (second half ${perHour(t.secondHalfPerHour)}${Number.isNaN(t.dayOverDayPerHour) ? '' : `; day over day ${perHour(t.dayOverDayPerHour)}, judged`})`;
  const hours = last.t / 3600;
  const runs = Object.values(jobs).flatMap((counts) => Object.entries(counts));
  const runsOf = (outcome: string) => runs.filter(([o]) => o === outcome).reduce((a, [, n]) => a + (n ?? 0), 0);
  const handleTypes = [...new Set([...Object.keys(s.handles.startByType), ...Object.keys(s.handles.endByType)])].sort()
    .map((type) => `${type} ${s.handles.startByType[type] ?? 0}→${s.handles.endByType[type] ?? 0}`).join(', ');
  const check = (c: { name: string; value: string; target: string; pass: boolean }): Check => ({ ...c });
  const checks: Check[] = [
    ...s.checks.map(check),
    { name: 'screens connected at the end', value: `${last.screens.connected} of ${settings.clients} (${last.screens.disconnects} drops)`, target: 'all', pass: last.screens.connected === settings.clients },
    { name: 'job runs failed', value: String(runsOf('failed') + runsOf('unclaimed')), target: '0', pass: runsOf('failed') + runsOf('unclaimed') === 0 },
    { name: 'events rejected', value: String(simulated.rejected), target: '0', pass: simulated.rejected === 0 },
  ];
  const verdict = checks.every((c) => c.pass) ? 'PASS: nothing grows, the loop stays responsive' : `MISS: ${checks.filter((c) => !c.pass).map((c) => c.name).join('; ')}`;
  return {
    suite: 'soak', title: `Soak: ${settings.minutes} min at ${settings.speed}× (${first.bankTime.slice(0, 16)} → ${last.bankTime.slice(0, 16)} bank time, ${input.zone}), ${settings.clients} screens + 1 Chromium wall`,
    mode: input.mode,
    columns: ['measure', 'start', 'end', 'slope / summary', 'target'],
    rows: [
      ['server heap used, after forced GC', mib(judged.server.heapUsed / MiB), mib(last.server.heapUsed / MiB), trend(s.serverHeap), s.checks[0]!.target],
      ['server RSS', mib(judged.server.rss / MiB), mib(last.server.rss / MiB), perHour(s.serverRss.slopePerHour), null],
      ['browser (wall page) JS heap, after GC', mib(judged.browser.heapUsed / MiB), mib(last.browser.heapUsed / MiB), trend(s.browserHeap), s.checks[1]!.target],
      ['wall page DOM nodes / listeners', `${judged.browser.nodes} / ${judged.browser.listeners}`, `${last.browser.nodes} / ${last.browser.listeners}`, null, null],
      ['event-loop delay p99 per sample', null, null, `median ${s.loopDelayP99.median.toFixed(1)} ms, max ${s.loopDelayP99.max.toFixed(1)} ms`, `${s.checks[3]!.target}; max ${s.checks[5]!.target}`],
      ['open handles (server)', String(s.handles.start), String(s.handles.end), `${totalHandles(first.server.handles)} before warm-up`, s.checks[2]!.target],
      ['sockets open (server)', String(judged.server.sockets), String(last.server.sockets), `${last.screens.disconnects} screen drops`, null],
      ['events accepted', String(judged.events.accepted), String(simulated.accepted), `${(simulated.accepted / Math.max(1, last.t)).toFixed(0)} /s; ${simulated.duplicates} duplicates, ${simulated.rejected} rejected`, null],
      ['kpi pushes received by the screens', String(judged.screens.messages), String(last.screens.messages), `${((last.screens.messages - first.screens.messages) / Math.max(1, last.t)).toFixed(0)} /s`, null],
      ['job runs on the bank clock', null, String(runs.reduce((a, [, n]) => a + (n ?? 0), 0)), `${runsOf('succeeded')} succeeded, ${runsOf('failed')} failed, ${runsOf('skipped_overlap')} overlapping skipped`, null],
      ['server CPU (median of samples)', null, null, `${median(samples.slice(1).map((x) => x.server.cpuPercent)).toFixed(0)} %`, null],
      ['load average (1 min)', first.loadAverage.toFixed(2), last.loadAverage.toFixed(2), `max ${Math.max(...samples.map((x) => x.loadAverage)).toFixed(2)}`, null],
      ['server log', null, null, `${input.logged.warnings} warnings, ${input.logged.errors} errors`, null],
    ],
    notes: [
      `${samples.length} samples every ${settings.sampleSeconds} s; slopes are least squares over the ${samples.length - s.fromIndex} samples after a ${(settings.warmupSeconds / 60).toFixed(1)}-minute warm-up, per real hour (= ${settings.speed} bank hours); a run covering a bank day after warm-up is judged day over day (each sample against the first one a bank day later: what outlives the day's change)`,
      `"start" and "end" are the medians of the first three samples after warm-up and of the last three; heaps after a forced GC (the server's own GC pause is excluded from the loop delay)`,
      `jobs: ${Object.entries(jobs).map(([name, counts]) => `${name} ${Object.entries(counts).map(([o, n]) => `${n} ${o}`).join('/')}`).join('; ') || 'none'}`,
      `handles by type (after warm-up → end): ${handleTypes}`,
      ...(input.logged.errors ? [`first errors logged: ${input.logged.first.join(' | ')}`] : []),
      `run length ${(hours * 60).toFixed(1)} min; series in ${input.seriesFile}`,
      verdict,
    ],
    checks,
  };
}
