import type { Db } from '../../db/client.ts';
import { importRecords, listImportedEntities } from '../domains/imports/index.ts';
import { getOrgOverview } from '../domains/org/index.ts';
import type { Clock } from '../platform/clock.ts';
import { generateDemoBank, type DemoBankCounts } from './demo-bank.ts';

/**
 * Loads the demo bank (demo-bank.ts) on a bank's first `npm run demo`. It goes through the import
 * service, entity by entity in dependency order, so the demo data passes exactly the validation a
 * real bank's CSV files do and lands with the same side effects (region ancestry, branch heads,
 * import_runs). A complete demo bank is reused by the second run; one interrupted half-way (Ctrl+C
 * during the first run) is completed, which is safe because imports update by code; a database
 * holding a real bank's own data is never mixed with demo rows.
 */
export type DemoEntity = 'regions' | 'branches' | 'staff' | 'customers';

export interface SeedDemoBankProgress {
  entity: DemoEntity;
  /** Rows written so far (validation of an entity reports 0). */
  done: number;
  total: number;
}

export interface SeedDemoBankOptions {
  onProgress?: (progress: SeedDemoBankProgress) => void;
  seed?: number;
  /** Smaller banks for tests; the demo uses the defaults. */
  branchOffices?: number;
  customersTotal?: number;
}

export interface SeedDemoBankResult {
  /** false when the database already had an organisation; counts then describe what is there. */
  created: boolean;
  counts: DemoBankCounts;
}

const ENTITY_ORDER: readonly DemoEntity[] = ['regions', 'branches', 'staff', 'customers'];
/** The import actor of demo rows; its successful import_runs tell how far seeding got. */
const DEMO_ACTOR = 'demo';
const SHOWN_ERRORS = 5;
/** The demo is a Chinese bank: its customers' ages are counted to today in Beijing time. */
const BANK_DAY = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

function bankToday(clock: Clock): string {
  const parts = Object.fromEntries(BANK_DAY.formatToParts(clock.now()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export async function seedDemoBank(
  deps: { db: Db; clock: Clock },
  options: SeedDemoBankOptions = {},
): Promise<SeedDemoBankResult> {
  const seeded = new Set(await listImportedEntities(deps.db.sql, DEMO_ACTOR));
  const existing = (await getOrgOverview(deps.db.sql, { name: '', timeZone: 'Asia/Shanghai' })).counts;
  const isComplete = ENTITY_ORDER.every((entity) => seeded.has(entity));
  const isSomeoneElsesBank = seeded.size === 0 && existing.regions > 0;
  if (isComplete || isSomeoneElsesBank) return { created: false, counts: existing };

  const bank = generateDemoBank({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.branchOffices === undefined ? {} : { branchOffices: options.branchOffices }),
    ...(options.customersTotal === undefined ? {} : { customersTotal: options.customersTotal }),
    today: bankToday(deps.clock),
  });
  for (const entity of ENTITY_ORDER) {
    const records = bank[entity];
    const total = records.length;
    let reported = -1;
    const report = (done: number): void => {
      if (done === reported) return;
      reported = done;
      options.onProgress?.({ entity, done, total });
    };
    report(0);
    const result = await importRecords(deps, {
      entity,
      fileName: 'demo-bank',
      records,
      actor: DEMO_ACTOR,
      onProgress: (p) => {
        if (p.phase === 'writing') report(p.done);
      },
    });
    if (result.status !== 'succeeded') {
      const shown = result.errors
        .slice(0, SHOWN_ERRORS)
        .map((e) => `row ${e.row} ${e.field}: ${e.reason}`)
        .join('; ');
      // Every earlier entity is already committed; the next run resumes after the fix.
      throw new Error(
        `the import service rejected the demo bank's ${entity} (${result.errorCount} bad rows of ${result.rowCount}), ` +
          `a bug in server/demo: ${shown}`,
      );
    }
    report(total);
  }
  return { created: true, counts: bank.counts };
}
