import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb, isWebBuildStale } from '../../../server/cli/web-build.ts';

// The folder the server serves (server/main.ts DEFAULT_WEB_DIR); not imported from there so this
// setup does not load the whole server.
const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'build', 'web');

/**
 * Vitest globalSetup for the e2e project: the test server serves build/web, so rebuild it
 * (`vite build` at the repo root) when it is missing or older than anything under web/,
 * server/contract/ or svelte.config.js. E2E therefore always drives the current web app.
 */
export default async function setup(): Promise<void> {
  if (!isWebBuildStale(WEB_DIR)) return;
  const startedAt = Date.now();
  await buildWeb((line) => console.info(`[e2e] ${line}`));
  console.info(`[e2e] web app built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}
