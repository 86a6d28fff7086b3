// A client-only app (ADR 0002): Express serves build/web with an SPA fallback; nothing renders on a server.
export const ssr = false;
export const prerender = false;
