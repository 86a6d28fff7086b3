import type { Db } from '../../db/client.ts';
import { listBranchCodes } from '../domains/kpi/index.ts';
import { outletQuality } from '../simulator/outlet-quality.ts';
import { startSimulator, type RunningSimulator } from '../simulator/simulator.ts';

/**
 * The demo's live simulator: every branch of the demo bank sends queue, evaluation and error
 * events through the public ingest API with the demo's API key, like real queue machines would.
 *
 * A demo is opened at any hour, and a bank at 07:00 or on a Sunday is quiet; so the simulator plays
 * a working day's rhythm in a zone where it is now late morning (the events' instants are real,
 * only the curve is shifted), starting two hours back so the wall has figures at once, then live.
 */
export async function startDemoSimulation(input: { db: Db; baseUrl: string; apiKey: string; now: Date; log: (line: string) => void }): Promise<RunningSimulator> {
  const branches = await listBranchCodes(input.db.sql, { limit: 50_000 });
  const zone = businessHoursZone(input.now);
  return startSimulator({
    baseUrl: input.baseUrl,
    apiKey: input.apiKey,
    branches: branches.map((b) => ({ code: b.code, regionCode: b.regionCode, quality: outletQuality(b.code) })),
    start: new Date(input.now.getTime() - 2 * 3600_000),
    speed: 600,
    seed: 1,
    runId: `demo-${zone.replace('Etc/GMT', 'utc').replace('+', 'm').replace('-', 'p')}`, // Etc/GMT-8 (UTC+8) → demo-utcp8
    timeZone: zone,
    dayKindOf: () => 'workday',
    log: input.log,
  });
}

/** An `Etc/GMT±N` zone in which `now` falls between 11:00 and 12:00. */
export function businessHoursZone(now: Date): string {
  let offset = 11 - now.getUTCHours();
  if (offset > 12) offset -= 24;
  if (offset < -12) offset += 24;
  // Etc zones are named with the opposite sign: Etc/GMT-8 is UTC+08:00.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
