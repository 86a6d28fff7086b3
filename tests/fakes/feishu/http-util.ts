import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A Feishu business error: HTTP status + `{code, msg}` body. Feishu's IM APIs answer errors with
 * HTTP 400 and a JSON body carrying `error.log_id` (see the "how to resolve error 230001" page),
 * which the SDK surfaces as an AxiosError with the body at `e.response.data`.
 */
export class FeishuError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(msg);
  }
}

/** Feishu's generic parameter error; `ext` names the offending field as the real API does. */
export const invalidParam = (ext: string): FeishuError =>
  new FeishuError(400, 230001, `Your request contains an invalid request parameter, ext=${ext}.`);

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Like Feishu's: yyyyMMddHHmmss + random hex, only used so error bodies have the same shape. */
export const logId = (): string => new Date().toISOString().replace(/\D/g, '').slice(0, 14) + hex(11).toUpperCase();

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON object body; anything else is Feishu's generic 400 field-validation error. */
export function parseJsonObject(raw: string): Record<string, unknown> {
  if (raw === '') return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the validation error
  }
  throw new FeishuError(400, 99992402, 'field validation failed');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, err: FeishuError): void {
  sendJson(res, err.status, { code: err.code, msg: err.message, error: { log_id: logId() } }, err.headers);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
