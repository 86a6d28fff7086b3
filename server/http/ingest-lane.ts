import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertCleanBody, authenticateBearer, authorize, type AccessDeps } from '../domains/access/index.ts';
import { acceptBatch, INGEST_ROUTE, type IngestDeps } from '../domains/ingest/index.ts';
import { AppError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { Metrics } from '../platform/metrics.ts';
import { errorAnswer } from './error-handler.ts';
import { bearerOf, unknownBearer } from './middleware/authenticate.ts';
import { recordRequest, requestIdOf } from './middleware/request-context.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

export interface IngestLaneDeps {
  access: AccessDeps;
  ingest: IngestDeps;
  logger: Logger;
  metrics: Metrics;
}

const PATH = `/api/v1${INGEST_ROUTE.path}`;
const JSON_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;
const ABORTED = Symbol('aborted');

/**
 * The ingest lane (ADR 0030): `POST /api/v1/events` with an API key and a plain JSON body of known
 * length, served straight from node:http. Most queue machines post each event as it happens, one
 * per request, thousands a second; through Express, routing and its request and response helpers
 * cost the server more than the ingest itself (B2 in docs/performance.md). The lane runs the very
 * checks the Express route runs, with the same functions: authentication, the permission, the text
 * check, the batch's validation, the error mapping, the security headers, the request log and
 * metric. Anything else — another method or path, a query string, a cookie session, a chunked or
 * compressed body, another content type or charset, a body over the route's limit — is left to
 * Express (the answer is then `false`), whose route stays the reference and serves those.
 */
export function createIngestLane(deps: IngestLaneDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const fixedHeaders = [...SECURITY_HEADERS.flat(), 'cache-control', 'no-store'];
  return (req, res) => {
    const taken = laneTakes(req);
    if (taken) void serve(deps, fixedHeaders, req, res, taken.secret, taken.length);
    return taken !== undefined;
  };
}

/** Whether the lane serves a request, from its request line and headers alone: its bearer secret and body length if so. */
export function laneTakes(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): { secret: string; length: number } | undefined {
  if (req.method !== INGEST_ROUTE.method || req.url !== PATH) return undefined;
  const { headers } = req;
  const secret = bearerOf(headers.authorization);
  if (!secret || !JSON_TYPE.test(headers['content-type'] ?? '') || headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined) return undefined;
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length) || length <= 0 || length > INGEST_ROUTE.bodyLimit) return undefined;
  return { secret, length };
}

async function serve(deps: IngestLaneDeps, fixedHeaders: string[], req: IncomingMessage, res: ServerResponse, secret: string, length: number): Promise<void> {
  const started = process.hrtime.bigint();
  const incomingId = req.headers['x-request-id'];
  const id = requestIdOf(typeof incomingId === 'string' ? incomingId : undefined);
  res.once('finish', () => recordRequest(deps.logger, deps.metrics, { id, method: INGEST_ROUTE.method, route: PATH, status: res.statusCode, started }));
  const answer = (status: number, body: unknown, extra: string[] = []) => {
    const text = JSON.stringify(body);
    const headers = [...fixedHeaders, 'x-request-id', id, ...extra, 'content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(text))];
    res.writeHead(status, headers).end(text);
  };
  try {
    // As the Express route: who is calling and may they, before a byte of the body is read.
    const principal = await authenticateBearer(deps.access, secret);
    if (!principal) throw unknownBearer();
    authorize(principal, INGEST_ROUTE.access);
    const body = await readJson(req, length);
    assertCleanBody(body, INGEST_ROUTE.itemsCheckedByHandler);
    answer(200, await acceptBatch(deps.ingest, principal, body));
  } catch (error) {
    if (error === ABORTED) return; // the client went away mid-body: nobody to answer, nothing stored
    const failure = errorAnswer(error, 'body');
    if (failure.internal) deps.logger.error({ err: error, route: PATH, method: INGEST_ROUTE.method }, 'unhandled error');
    if (res.headersSent) return void res.end();
    answer(failure.status, failure.body, failure.retryAfter ? ['retry-after', failure.retryAfter] : []);
  }
}

/** The body as JSON, an object or array (as express.json's strict mode); Node's parser holds it to its content-length. */
function readJson(req: IncomingMessage, length: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('error', () => reject(ABORTED));
    req.once('close', () => req.complete || reject(ABORTED));
    req.once('end', () => {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)).toString('utf8');
      try {
        const body: unknown = JSON.parse(text);
        if (body !== null && typeof body === 'object') return resolve(body);
      } catch {
        // answered below, as body-parser's parse failure is
      }
      reject(AppError.invalid('body', 'is not valid JSON'));
    });
  });
}
