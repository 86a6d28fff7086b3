import type { Db } from '../db/client.ts';
import { generateDemoBank } from '../server/demo/demo-bank.ts';
import { importRecords } from '../server/domains/imports/index.ts';
import { fixedClock } from '../server/platform/clock.ts';
import { median, type BenchResult } from './bench-kit.ts';

/**
 * Master-data import of the demo bank's 50,000 customers — CSV-shaped records through the whole
 * import pipeline (validation, reference checks, upsert by code, the import_runs record) — against
 * the raw baseline: postgres.js multi-row inserts of the same rows, references already resolved,
 * in one transaction. Both on the same database in the same run.
 */
export async function benchImport(db: Db, rounds: number): Promise<BenchResult> {
  const deps = { db, clock: fixedClock('2026-11-28T02:00:00Z') };
  const bank = generateDemoBank({ today: '2026-11-28' });
  for (const entity of ['regions', 'branches', 'staff'] as const) {
    const result = await importRecords(deps, { entity, fileName: 'bench', records: bank[entity], actor: 'bench' });
    if (result.status !== 'succeeded') throw new Error(`bench setup: ${entity} rejected`);
  }
  const raw = await resolveRawRows(db, bank.customers);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await db.sql`delete from customers`;
    baseline.push(await timed(() => insertRaw(db, raw)));
    await db.sql`delete from customers`;
    ours.push(await timed(async () => {
      const result = await importRecords(deps, { entity: 'customers', fileName: 'bench', records: bank.customers, actor: 'bench' });
      if (result.status !== 'succeeded') throw new Error('bench: customers rejected');
    }));
  }
  const rows = bank.customers.length;
  return {
    name: `import ${rows.toLocaleString('en')} customers (CSV records → validated upsert)`,
    baselineName: 'raw postgres.js batched insert, same rows',
    oursMs: median(ours),
    baselineMs: median(baseline),
    unit: `${Math.round(rows / (median(ours) / 1000)).toLocaleString('en')} rows/s vs ${Math.round(rows / (median(baseline) / 1000)).toLocaleString('en')} rows/s`,
  };
}

interface RawCustomer {
  code: string; name: string; branchId: string; accountManagerId: string | null; tier: string;
  birthdayCalendar: string; birthYear: number; birthMonth: number; birthDay: number; birthLeapMonth: boolean;
  phone: string; idNumber: string; careOptOut: boolean;
}

async function resolveRawRows(db: Db, records: Record<string, string>[]): Promise<RawCustomer[]> {
  const branches = new Map((await db.sql<{ code: string; id: string }[]>`select code, id from branches`).map((r) => [r.code, r.id]));
  const staff = new Map((await db.sql<{ code: string; id: string }[]>`select code, id from staff`).map((r) => [r.code, r.id]));
  return records.map((r) => {
    const [year, month, day] = r.birthday!.split('-').map(Number);
    return {
      code: r.code!, name: r.name!, branchId: branches.get(r.branch_code!)!, accountManagerId: staff.get(r.account_manager_code!) ?? null,
      tier: r.tier!, birthdayCalendar: r.birthday_calendar!, birthYear: year!, birthMonth: month!, birthDay: day!,
      birthLeapMonth: r.birthday_leap_month === 'true', phone: r.phone!, idNumber: r.id_number!, careOptOut: r.care_opt_out === 'true',
    };
  });
}

async function insertRaw(db: Db, rows: RawCustomer[]): Promise<void> {
  await db.sql.begin(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      await tx`insert into customers ${tx(batch as never, 'code', 'name', 'branchId', 'accountManagerId', 'tier', 'birthdayCalendar', 'birthYear', 'birthMonth', 'birthDay', 'birthLeapMonth', 'phone', 'idNumber', 'careOptOut')}`;
    }
  });
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
