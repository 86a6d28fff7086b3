import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The web app is a client-only SvelteKit app (ADR 0002): adapter-static with an SPA fallback,
 * served by Express from the same origin as the API and Socket.IO. Sources live in web/.
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build/web', assets: 'build/web', fallback: 'index.html', strict: true }),
    files: {
      routes: 'web/routes',
      lib: 'web/lib',
      appTemplate: 'web/app.html',
      assets: 'web/static',
      hooks: { client: 'web/hooks.client', server: 'web/hooks.server', universal: 'web/hooks' },
      params: 'web/params',
    },
    alias: { $contract: 'server/contract' },
    // A release may pin the build id (served as `buildId` by /api/v1/config); otherwise SvelteKit's
    // own default. Never compute it here: the config is read twice per build, and two different
    // names in one build break the app's start-up.
    ...(process.env.TOUCHSTONE_BUILD_ID ? { version: { name: process.env.TOUCHSTONE_BUILD_ID } } : {}),
  },
};

export default config;
