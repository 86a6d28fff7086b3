import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/client.ts';
import { KEEP_ALIVE_MS } from '../server/main.ts';
import type { WireEvent } from './fixture.ts';

/**
 * B2's raw baseline, measured in the same run as ours: the least any ingest over HTTP can do per
 * single-event request on this machine. A bare `node:http` server (no framework, no validation, no
 * rules) that checks the bearer key by string comparison, parses the body, inserts the event's row
 * into `service_events` with one postgres.js statement (its own commit, references resolved before
 * the clock starts, as B1's events-only path) and answers `{"accepted":1}`. Same posters, same
 * database client and pool, same process (so its CPU is counted as ours is). What ours costs above
 * it is the product; what it cannot do itself is the machine.
 */
export async function startRawIngestServer(db: Db, apiKey: string, toRow: (event: WireEvent) => object): Promise<{ url: string; close(): Promise<void> }> {
  const authorization = `Bearer ${apiKey}`;
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/api/v1/events') return void response.writeHead(404).end();
    if (request.headers.authorization !== authorization) return void response.writeHead(401).end();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      };
      let rows: object[];
      try {
        rows = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: WireEvent[] }).events.map(toRow);
      } catch (error) {
        return answer(400, { error: String(error) });
      }
      db.sql`insert into service_events ${db.sql(rows as never)}`.then(
        () => answer(200, { accepted: rows.length }),
        (error: unknown) => answer(500, { error: String(error) }),
      );
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS; // as the product's server: the posters keep their socket
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
