import fs from 'node:fs';
import path from 'node:path';
import express, { type Response, type Router } from 'express';

/**
 * Serves the built SvelteKit client (adapter-static) from the same origin as the API and
 * Socket.IO: hashed assets are cached for a year, and every other GET that is not an API path
 * gets index.html so client-side routes (/wall, /chat) work on reload.
 *
 * HTML carries the Content-Security-Policy SvelteKit wrote into it (`kit.csp`, mode hash: the
 * boot script's hash) as a header as well, with `frame-ancestors 'none'` that a meta tag cannot
 * carry; every other response keeps helmet's strict policy (http/app.ts).
 */
export function createWebAppRouter(webDir: string): Router {
  const router = express.Router();
  const indexFile = path.join(webDir, 'index.html');
  const pagePolicy = policyOfBuiltPage();
  const sendIndex = (res: Response) => {
    res.setHeader('content-security-policy', pagePolicy(indexFile));
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexFile);
  };
  router.use('/_app/immutable', express.static(path.join(webDir, '_app', 'immutable'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(webDir, {
    index: false, maxAge: 0,
    setHeaders: (res, file) => {
      if (file.endsWith('.html')) res.setHeader('content-security-policy', pagePolicy(file));
    },
  }));
  router.get(/^\/(?!api\/|internal\/|socket\.io\/).*/, (_req, res) => {
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('text/plain; charset=utf-8').send('The web app is not built yet: run `npm run build` (npm run demo does it for you).\n');
      return;
    }
    sendIndex(res);
  });
  return router;
}

const META = /<meta http-equiv="content-security-policy" content="([^"]+)"/i;
/** Without a policy in the page (a build without kit.csp): scripts from our origin only. */
const FALLBACK = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'";

/** The policy of a built page, read once per build (the file's mtime), plus what only a header can say. */
function policyOfBuiltPage(): (file: string) => string {
  const cache = new Map<string, { mtimeMs: number; policy: string }>();
  return (file) => {
    const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const cached = cache.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.policy;
    const html = mtimeMs ? fs.readFileSync(file, 'utf8') : '';
    const policy = `${(META.exec(html)?.[1] ?? FALLBACK).replace(/&#39;/g, "'").replace(/&quot;/g, '"')}; frame-ancestors 'none'`;
    cache.set(file, { mtimeMs, policy });
    return policy;
  };
}
