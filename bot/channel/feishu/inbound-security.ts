/**
 * The checks Feishu's SDK leaves to the app, on a webhook request: the signature over the raw
 * body (the SDK signs a re-serialized body and only when an encrypt key is set), decryption, the
 * verification token (the SDK never compares it without an encrypt key) and a replay window on the
 * request timestamp. Pure functions of the request and `nowSeconds`.
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export interface InboundSecrets {
  encryptKey: string | undefined;
  verificationToken: string;
  /** Requests whose timestamp is further than this from now are refused (seconds). */
  replayWindowSeconds: number;
}

export type Verdict =
  | { ok: true; envelope: Record<string, unknown> }
  | { ok: false; reason: 'bad_signature' | 'stale_timestamp' | 'undecryptable' | 'bad_token' | 'malformed' | 'unsigned' };

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export function verifyWebhookRequest(rawBody: string, headers: Headers, secrets: InboundSecrets, nowSeconds: number): Verdict {
  let outer: Record<string, unknown>;
  try {
    outer = JSON.parse(rawBody) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!outer || typeof outer !== 'object') return { ok: false, reason: 'malformed' };

  let envelope = outer;
  if (secrets.encryptKey) {
    if (typeof outer.encrypt !== 'string') return { ok: false, reason: 'undecryptable' };
    const decrypted = decrypt(outer.encrypt, secrets.encryptKey);
    if (decrypted === undefined) return { ok: false, reason: 'undecryptable' };
    envelope = decrypted;
    // Feishu sends url_verification unsigned; it proves itself by the token inside the ciphertext.
    if (envelope.type !== 'url_verification') {
      const timestamp = header(headers, 'x-lark-request-timestamp');
      const nonce = header(headers, 'x-lark-request-nonce');
      const signature = header(headers, 'x-lark-signature');
      if (!timestamp || !nonce || !signature) return { ok: false, reason: 'unsigned' };
      const expected = createHash('sha256').update(timestamp + nonce + secrets.encryptKey + rawBody).digest('hex');
      if (!equalText(expected, signature)) return { ok: false, reason: 'bad_signature' };
      if (!Number.isFinite(Number(timestamp)) || Math.abs(nowSeconds - Number(timestamp)) > secrets.replayWindowSeconds) {
        return { ok: false, reason: 'stale_timestamp' };
      }
    }
  } else if (typeof outer.encrypt === 'string') {
    return { ok: false, reason: 'undecryptable' };
  }

  if (!equalText(tokenOf(envelope) ?? '', secrets.verificationToken)) return { ok: false, reason: 'bad_token' };
  return { ok: true, envelope };
}

/** The verification token of any envelope shape: schema 2.0 header, v1 event, url_verification. */
export function tokenOf(envelope: Record<string, unknown>): string | undefined {
  const header2 = envelope.header as { token?: unknown } | undefined;
  const token = header2?.token ?? envelope.token;
  return typeof token === 'string' ? token : undefined;
}

/** AES-256-CBC, key = sha256(encryptKey), the first 16 bytes of the ciphertext are the IV. */
export function decrypt(encrypted: string, encryptKey: string): Record<string, unknown> | undefined {
  try {
    const buffer = Buffer.from(encrypted, 'base64');
    if (buffer.length < 32) return undefined;
    const key = createHash('sha256').update(encryptKey).digest();
    const decipher = createDecipheriv('aes-256-cbc', key, buffer.subarray(0, 16));
    const text = Buffer.concat([decipher.update(buffer.subarray(16)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function equalText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
