import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves the built SvelteKit client (adapter-static) from the same origin as the API and
 * Socket.IO: hashed assets are cached for a year, and every other GET that is not an API path
 * gets index.html so client-side routes (/wall, /chat) work on reload.
 */
export function createWebAppRouter(webDir: string): Router {
  const router = express.Router();
  const indexFile = path.join(webDir, 'index.html');
  router.use('/_app/immutable', express.static(path.join(webDir, '_app', 'immutable'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(webDir, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/|internal\/|socket\.io\/).*/, (_req, res) => {
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('text/plain; charset=utf-8').send('The web app is not built yet: run `npm run build` (npm run demo does it for you).\n');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}
