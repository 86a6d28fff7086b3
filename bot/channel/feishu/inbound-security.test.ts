import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptBody, sign } from '../../../tests/fakes/feishu/feishu-events.ts';
import { verifyWebhookRequest, type InboundSecrets } from './inbound-security.ts';

const NOW = 1_780_000_000; // seconds; every request below is judged at this instant
const ENCRYPT_KEY = 'ek_9f2c4a7d1e';
const TOKEN = 'vt_4b1d8e3a';
const withKey: InboundSecrets = { encryptKey: ENCRYPT_KEY, verificationToken: TOKEN, replayWindowSeconds: 300 };
const withoutKey: InboundSecrets = { encryptKey: undefined, verificationToken: TOKEN, replayWindowSeconds: 300 };

const event = (token = TOKEN) => ({
  schema: '2.0',
  header: { event_id: 'ev_1', event_type: 'im.message.receive_v1', create_time: String(NOW * 1000), token, app_id: 'cli_x', tenant_key: 't' },
  event: { message: { message_id: 'om_1', chat_id: 'oc_1', message_type: 'text', content: '{"text":"指标"}' } },
});

/** A request as Feishu sends it with an encrypt key: encrypted body, signed over the raw body. */
function feishuRequest(envelope: object, opts: { timestamp?: number; nonce?: string; key?: string } = {}) {
  const rawBody = JSON.stringify(encryptBody(JSON.stringify(envelope), opts.key ?? ENCRYPT_KEY));
  const timestamp = String(opts.timestamp ?? NOW);
  const nonce = opts.nonce ?? 'n0nce123';
  const headers: Record<string, string> = {
    'x-lark-request-timestamp': timestamp,
    'x-lark-request-nonce': nonce,
    'x-lark-signature': sign(timestamp, nonce, opts.key ?? ENCRYPT_KEY, rawBody),
  };
  return { rawBody, headers };
}

describe('verifyWebhookRequest with an encrypt key', () => {
  it('accepts an encrypted, signed, fresh event and returns the decrypted envelope', () => {
    const { rawBody, headers } = feishuRequest(event());
    expect(verifyWebhookRequest(rawBody, headers, withKey, NOW)).toEqual({ ok: true, envelope: event() });
  });

  it('accepts a body encrypted independently of the test helper (AES-256-CBC, key sha256, IV first)', () => {
    const key = createHash('sha256').update(ENCRYPT_KEY).digest();
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const encrypt = Buffer.concat([iv, cipher.update(JSON.stringify(event()), 'utf8'), cipher.final()]).toString('base64');
    const rawBody = JSON.stringify({ encrypt });
    const signature = createHash('sha256').update(`${NOW}abc${ENCRYPT_KEY}${rawBody}`).digest('hex');
    const headers = { 'x-lark-request-timestamp': String(NOW), 'x-lark-request-nonce': 'abc', 'x-lark-signature': signature };
    expect(verifyWebhookRequest(rawBody, headers, withKey, NOW)).toMatchObject({ ok: true, envelope: { header: { event_id: 'ev_1' } } });
  });

  it('takes the first value of a repeated header', () => {
    const { rawBody, headers } = feishuRequest(event());
    const repeated = { ...headers, 'x-lark-signature': [headers['x-lark-signature']!, 'ffff'] };
    expect(verifyWebhookRequest(rawBody, repeated, withKey, NOW)).toMatchObject({ ok: true });
  });

  it('refuses a signature that does not match', () => {
    const { rawBody, headers } = feishuRequest(event());
    const flipped = headers['x-lark-signature']!.startsWith('0') ? `1${headers['x-lark-signature']!.slice(1)}` : `0${headers['x-lark-signature']!.slice(1)}`;
    expect(verifyWebhookRequest(rawBody, { ...headers, 'x-lark-signature': flipped }, withKey, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a signature made with another key, or over a changed body or nonce', () => {
    const { rawBody, headers } = feishuRequest(event());
    const otherKey = sign(String(NOW), 'n0nce123', 'another-key', rawBody);
    expect(verifyWebhookRequest(rawBody, { ...headers, 'x-lark-signature': otherKey }, withKey, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhookRequest(rawBody, { ...headers, 'x-lark-request-nonce': 'other' }, withKey, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    const reserialized = JSON.stringify(JSON.parse(rawBody), null, 1);
    expect(verifyWebhookRequest(reserialized, headers, withKey, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a replayed timestamp beyond the window either way, and accepts one at its edge', () => {
    for (const timestamp of [NOW - 301, NOW + 301, NOW - 86_400]) {
      const { rawBody, headers } = feishuRequest(event(), { timestamp });
      expect(verifyWebhookRequest(rawBody, headers, withKey, NOW)).toEqual({ ok: false, reason: 'stale_timestamp' });
    }
    for (const timestamp of [NOW - 300, NOW + 300]) {
      const { rawBody, headers } = feishuRequest(event(), { timestamp });
      expect(verifyWebhookRequest(rawBody, headers, withKey, NOW)).toMatchObject({ ok: true });
    }
  });

  it('refuses a timestamp that is not a number even when signed', () => {
    const rawBody = JSON.stringify(encryptBody(JSON.stringify(event()), ENCRYPT_KEY));
    const headers = { 'x-lark-request-timestamp': 'yesterday', 'x-lark-request-nonce': 'n', 'x-lark-signature': sign('yesterday', 'n', ENCRYPT_KEY, rawBody) };
    expect(verifyWebhookRequest(rawBody, headers, withKey, NOW)).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it.each(['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'])('refuses an event without %s as unsigned', (name) => {
    const { rawBody, headers } = feishuRequest(event());
    const rest = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
    expect(verifyWebhookRequest(rawBody, rest, withKey, NOW)).toEqual({ ok: false, reason: 'unsigned' });
  });

  it('refuses ciphertext it cannot decrypt', () => {
    const garbage = JSON.stringify({ encrypt: randomBytes(48).toString('base64') });
    expect(verifyWebhookRequest(garbage, {}, withKey, NOW)).toEqual({ ok: false, reason: 'undecryptable' });
    expect(verifyWebhookRequest(JSON.stringify({ encrypt: 'c2hvcnQ=' }), {}, withKey, NOW)).toEqual({ ok: false, reason: 'undecryptable' });
    const { rawBody, headers } = feishuRequest(event(), { key: 'wrong-key' });
    expect(verifyWebhookRequest(rawBody, headers, withKey, NOW)).toEqual({ ok: false, reason: 'undecryptable' });
  });

  it('refuses a plain body when a key is configured, even with the right token', () => {
    const rawBody = JSON.stringify(event());
    expect(verifyWebhookRequest(rawBody, {}, withKey, NOW)).toEqual({ ok: false, reason: 'undecryptable' });
  });

  it('refuses a correctly encrypted and signed event carrying the wrong token', () => {
    const { rawBody, headers } = feishuRequest(event('vt_someone_else'));
    expect(verifyWebhookRequest(rawBody, headers, withKey, NOW)).toEqual({ ok: false, reason: 'bad_token' });
    const { rawBody: noToken, headers: h2 } = feishuRequest({ schema: '2.0', header: { event_id: 'e' }, event: {} });
    expect(verifyWebhookRequest(noToken, h2, withKey, NOW)).toEqual({ ok: false, reason: 'bad_token' });
  });

  it('accepts an encrypted url_verification without signature headers, and checks its token', () => {
    const challenge = { challenge: 'ch-123', token: TOKEN, type: 'url_verification' };
    const rawBody = JSON.stringify(encryptBody(JSON.stringify(challenge), ENCRYPT_KEY));
    expect(verifyWebhookRequest(rawBody, {}, withKey, NOW)).toEqual({ ok: true, envelope: challenge });
    const forged = JSON.stringify(encryptBody(JSON.stringify({ ...challenge, token: 'guess' }), ENCRYPT_KEY));
    expect(verifyWebhookRequest(forged, {}, withKey, NOW)).toEqual({ ok: false, reason: 'bad_token' });
  });
});

describe('verifyWebhookRequest without an encrypt key', () => {
  it('accepts a plain event with the right token, unsigned and at any timestamp', () => {
    expect(verifyWebhookRequest(JSON.stringify(event()), {}, withoutKey, NOW)).toEqual({ ok: true, envelope: event() });
  });

  it('accepts a v1 / url_verification body whose token sits at the top level', () => {
    const challenge = { challenge: 'c', token: TOKEN, type: 'url_verification' };
    expect(verifyWebhookRequest(JSON.stringify(challenge), {}, withoutKey, NOW)).toEqual({ ok: true, envelope: challenge });
  });

  it('refuses the wrong token or none', () => {
    expect(verifyWebhookRequest(JSON.stringify(event('vt_wrong')), {}, withoutKey, NOW)).toEqual({ ok: false, reason: 'bad_token' });
    expect(verifyWebhookRequest(JSON.stringify({ schema: '2.0', header: {}, event: {} }), {}, withoutKey, NOW)).toEqual({ ok: false, reason: 'bad_token' });
    expect(verifyWebhookRequest(JSON.stringify({ token: 42 }), {}, withoutKey, NOW)).toEqual({ ok: false, reason: 'bad_token' });
  });

  it('refuses an encrypted body it has no key for', () => {
    const { rawBody, headers } = feishuRequest(event());
    expect(verifyWebhookRequest(rawBody, headers, withoutKey, NOW)).toEqual({ ok: false, reason: 'undecryptable' });
  });
});

describe('verifyWebhookRequest on malformed bodies', () => {
  it.each(['', 'not json', '{"encrypt":', 'null'])('refuses %j as malformed', (rawBody) => {
    expect(verifyWebhookRequest(rawBody, {}, withKey, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookRequest(rawBody, {}, withoutKey, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses JSON that is not an object', () => {
    for (const rawBody of ['42', '"text"', 'true']) expect(verifyWebhookRequest(rawBody, {}, withoutKey, NOW)).toMatchObject({ ok: false });
  });
});
