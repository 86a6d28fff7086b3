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
    // Content-Security-Policy with hashes of SvelteKit's inline boot script, written into the
    // built index.html; the server sends the same policy as a header (server/http/web-app.ts).
    // Scripts only from our origin or with a listed hash; styles may be inline (Svelte's style
    // attributes and transitions; a style cannot run code); sockets and fetches to our origin.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
      },
    },
    // A release may pin the build id (served as `buildId` by /api/v1/config); otherwise SvelteKit's
    // own default. Never compute it here: the config is read twice per build, and two different
    // names in one build break the app's start-up.
    ...(process.env.TOUCHSTONE_BUILD_ID ? { version: { name: process.env.TOUCHSTONE_BUILD_ID } } : {}),
  },
};

export default config;
