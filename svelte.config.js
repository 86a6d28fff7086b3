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
    // The server exposes this name at /api/v1/version; an open wall reloads itself when it changes.
    version: { name: process.env.TOUCHSTONE_BUILD_ID ?? String(Date.now()) },
  },
};

export default config;
