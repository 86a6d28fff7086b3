import postgres from 'postgres';

/**
 * A child process that keeps a postgres.js pool busy with concurrent small queries (the shape of
 * ingest: short statements and transactions in flight on every connection) and prints one JSON line per second
 * with how many succeeded and failed. A driver crash ends the process, which the test sees.
 */
const sql = postgres(process.env.DATABASE_URL!, { max: 10, connect_timeout: 2, onnotice: () => {} });
let ok = 0;
let failed = 0;
const codes = new Map<string, number>();
let running = true;

async function lane(n: number): Promise<void> {
  while (running) {
    try {
      if (n % 2 === 0) {
        await sql`select pg_sleep(0.002), ${Math.random()}::float8 as x`;
      } else {
        // A transaction: when its connection dies, postgres.js sends ROLLBACK on it (the crash).
        await sql.begin(async (tx) => {
          await tx`select pg_sleep(0.003)`;
          await tx`select ${n}::int as lane`;
        });
      }
      ok++;
    } catch (error) {
      failed++;
      const code = String((error as { code?: string }).code ?? 'unknown');
      codes.set(code, (codes.get(code) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const timer = setInterval(() => process.stdout.write(`${JSON.stringify({ ok, failed, codes: Object.fromEntries(codes) })}\n`), 250);
const lanes = Array.from({ length: 40 }, (_, n) => lane(n));
process.on('SIGTERM', () => {
  running = false;
  clearInterval(timer);
  void Promise.allSettled(lanes).then(() => sql.end({ timeout: 1 })).then(() => process.exit(0));
});
