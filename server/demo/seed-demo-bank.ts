import type { Db } from '../../db/client.ts';
import { importRecords } from '../domains/imports/index.ts';
import type { Clock } from '../platform/clock.ts';
import { generateDemoBank, type DemoBankCounts } from './demo-bank.ts';

/**
 * Loads the demo bank (demo-bank.ts) on a bank's first `npm run demo`. It goes through the import
 * service, entity by entity in dependency order, so the demo data passes exactly the validation a
 * real bank's CSV files do and lands with the same side effects (region ancestry, branch heads,
 * import_runs). A database that already has regions is left alone: the second run reuses it.
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
}

export interface SeedDemoBankResult {
  /** false when the database already had an organisation; counts then describe what is there. */
  created: boolean;
  counts: DemoBankCounts;
}

const ENTITY_ORDER: readonly DemoEntity[] = ['regions', 'branches', 'staff', 'customers'];
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
  if (await hasRegions(deps.db)) return { created: false, counts: await countOrganisation(deps.db) };

  const bank = generateDemoBank({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
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
      actor: 'demo',
      onProgress: (p) => {
        if (p.phase === 'writing') report(p.done);
      },
    });
    if (result.status !== 'succeeded') {
      const shown = result.errors
        .slice(0, SHOWN_ERRORS)
        .map((e) => `row ${e.row} ${e.field}: ${e.reason}`)
        .join('; ');
      // Every earlier entity is already committed; a fresh data folder (or database) starts over.
      throw new Error(
        `the import service rejected the demo bank's ${entity} (${result.errorCount} bad rows of ${result.rowCount}), ` +
          `a bug in server/demo: ${shown}`,
      );
    }
    report(total);
  }
  return { created: true, counts: bank.counts };
}

async function hasRegions(db: Db): Promise<boolean> {
  const [row] = await db.sql<{ exists: boolean }[]>`select exists (select 1 from regions) as exists`;
  return row?.exists === true;
}

async function countOrganisation(db: Db): Promise<DemoBankCounts> {
  const [row] = await db.sql<DemoBankCounts[]>`
    select
      (select count(*) from regions)::int as regions,
      (select count(*) from branches)::int as branches,
      (select count(*) from staff)::int as staff,
      (select count(*) from customers)::int as customers`;
  return row ?? { regions: 0, branches: 0, staff: 0, customers: 0 };
}
