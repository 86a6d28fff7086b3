import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`, docs/reliability.md): kills servers with SIGKILL and
 * stops and restarts private PostgreSQL servers under load. Apart from `npm test` because it
 * takes minutes and needs the PostgreSQL binaries; `.ci/run` runs it on both databases (the
 * server-kill tests follow DATABASE_URL; the outage tests always use their own private server).
 */
export default defineConfig({
  resolve: { alias: { $contract: new URL('./server/contract', import.meta.url).pathname } },
  test: {
    name: 'faults',
    include: ['tests/faults/**/*.test.ts'],
    globalSetup: ['tests/integration/helpers/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
