import { defineConfig } from 'vitest/config';

/**
 * One runner, three projects (README "Tests"):
 *   unit         pure rules, formatters, card builders — colocated *.test.ts next to the code
 *   integration  real database (embedded PGlite, or PostgreSQL when DATABASE_URL is set),
 *                real HTTP and Socket.IO, architecture and contract checks — tests/
 *   e2e          headless Chromium through playwright-core against the built app — tests/e2e/*.spec.ts
 */
export default defineConfig({
  resolve: { alias: { $contract: new URL('./server/contract', import.meta.url).pathname } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'bot/**/*.test.ts', 'db/**/*.test.ts', 'web/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/architecture/**/*.test.ts'],
          globalSetup: ['tests/integration/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Type-level tests of the wire contract: run through the TypeScript compiler, so a wrong
        // shape fails the suite (expectTypeOf is a no-op at run time).
        extends: true,
        test: {
          name: 'contract',
          include: [],
          typecheck: { enabled: true, only: true, include: ['tests/contract/**/*.test.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.spec.ts'],
          globalSetup: ['tests/integration/helpers/global-setup.ts', 'tests/e2e/helpers/build-web.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
