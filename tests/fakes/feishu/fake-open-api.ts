import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { botInfo, Directory, type FakeUser } from './directory.ts';
import { FeishuError, hex, isRecord, parseJsonObject, readBody, sendError, sendJson, sleep } from './http-util.ts';
import { messageData, MessageStore, type FakeMessage } from './messages.ts';
import { FakeOAuth, isOAuthPath } from './oauth.ts';
import { RateLimiter, type RateStats, type RateTarget } from './rate-window.ts';
import { UserResources, type UserImageInput } from './resources.ts';
import { FakeWsGateway, type EventAck, type WsGatewayOptions } from './ws-server.ts';

/**
 * A local stand-in for the Feishu Open API (open.feishu.cn) that the real
 * `@larksuiteoapi/node-sdk` can be pointed at with `domain: fake.url`. It models what our bot
 * relies on and what can go wrong: token auth, message send/reply/patch with Feishu's validation,
 * uuid idempotency, the documented rate limits, outages, and the long-connection gateway.
 * See README.md in this folder for the list of codes.
 */

export type { FakeMessage, FakeUser, EventAck };

export interface FakeFeishuOptions {
  appId?: string;
  appSecret?: string;
  tokenExpireSeconds?: number;
  /** Clock (ms) for token expiry, uuid windows, card-token TTL and rate windows. */
  now?: () => number;
  ws?: Omit<WsGatewayOptions, 'appId' | 'appSecret'>;
}

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  chatId?: string;
  status: number;
  code: number;
}

export interface FakeFeishuStats extends RateStats {
  /** Message calls that passed the rate gate. */
  accepted: number;
  rateLimited: number;
  /** Every request, in arrival order (status 0 = connection reset by `setDown`). */
  requests: RecordedRequest[];
}

export interface FakeFeishu {
  url: string;
  appId: string;
  appSecret: string;
  botOpenId: string;
  close(): Promise<void>;
  messages(): FakeMessage[];
  stats(): FakeFeishuStats;
  expireAllTokens(): void;
  addUser(user: FakeUser): void;
  /** Makes a `c-…` token usable with `/interactive/v1/card/update` for `messageId` (30 min, 2 uses). */
  registerCardToken(token: string, messageId: string): void;
  /** A user's message in a chat, delivered to the app by the test: the app may reply to it. */
  recordUserMessage(messageId: string, chatId: string, senderOpenId: string): void;
  recallMessage(messageId: string): void;
  /**
   * A picture a user sent (in reply to `parentId` when given): kept so the app can download it with
   * 获取消息中的资源文件; deliver the matching event with `imageMessageEnvelope`.
   */
  recordUserImage(input: UserImageInput): { messageId: string; imageKey: string; rootId?: string };
  failNext(n: number, fault: { status: 500 | 502 | 503; code?: number }): void;
  rateLimitNext(n: number, resetSeconds: number): void;
  setDown(down: boolean, options?: { mode: 'http503' | 'reset' }): void;
  setLatency(ms: number): void;
  wsConnections(): number;
  wsPings(): number;
  pushEvent(envelope: object, options?: { timeoutMs?: number; frameType?: 'event' | 'card' }): Promise<EventAck>;
  /** Stops answering pings without closing sockets (half-open); `false` answers again. */
  setWsSilent(silent: boolean): void;
  dropConnections(): void;
  /** The bot leaves (or was never in) a group: sends there answer 230002. */
  removeBotFromChat(chatId: string): void;
  /** A person outside the app's availability (可用范围): p2p sends answer 230013. */
  setOutsideAvailability(openId: string): void;
  /** Web sign-in: who is signed in to Feishu in "the browser" (the authorization page passes for them). */
  oauth: FakeOAuth;
}

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
const CARD_TOKEN_TTL_MS = 30 * 60 * 1000;
const CARD_TOKEN_MAX_USES = 2;
/** Feishu hands back the same token until it has < 30 min left, then a fresh one. */
const TOKEN_REUSE_MIN_MS = 30 * 60 * 1000;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A file download: these bytes instead of a JSON body. */
  binary?: Buffer;
}

interface Ctx {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  record: RecordedRequest;
}

export async function startFakeFeishu(options: FakeFeishuOptions = {}): Promise<FakeFeishu> {
  const appId = options.appId ?? 'cli_a1b2c3d4e5f60718';
  const appSecret = options.appSecret ?? 'fake-app-secret';
  const expireSeconds = options.tokenExpireSeconds ?? 7200;
  const now = options.now ?? Date.now;
  const botOpenId = `ou_bot${hex(14)}`;

  const tokens = new Map<string, number>(); // token -> expires at (ms)
  const cardTokens = new Map<string, { messageId: string; issuedAt: number; uses: number }>();
  const store = new MessageStore(now);
  const directory = new Directory();
  const limiter = new RateLimiter();
  const ws = new FakeWsGateway({ appId, appSecret, ...options.ws });
  const requests: RecordedRequest[] = [];
  const counters = { accepted: 0, rateLimited: 0 };
  const faults = { fail: 0, failStatus: 500, failCode: undefined as number | undefined, limit: 0, limitReset: 1 };
  const state = { down: false, downMode: 'http503' as 'http503' | 'reset', latency: 0 };
  const chatsWithoutBot = new Set<string>();
  const oauth = new FakeOAuth(appId, appSecret, (openId) => directory.find(openId), now);
  const outsideAvailability = new Set<string>();
  const resources = new UserResources(store);

  function issueToken(body: Record<string, unknown>): Reply {
    // HTTP 200 with a non-zero code, like Feishu: the SDK then throws "failed to get tenant_access_token, code: 10014".
    if (body.app_id !== appId || body.app_secret !== appSecret) return { status: 200, body: { code: 10014, msg: 'app secret invalid' } };
    const t = now();
    const reusable = [...tokens].find(([, exp]) => exp - t > TOKEN_REUSE_MIN_MS);
    if (reusable) return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: reusable[0], expire: Math.floor((reusable[1] - t) / 1000) } };
    const token = `t-${hex(20)}`;
    tokens.set(token, t + expireSeconds * 1000);
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: expireSeconds } };
  }

  function authorise(req: IncomingMessage): void {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const exp = token ? tokens.get(token) : undefined;
    if (exp === undefined || exp <= now()) {
      throw new FeishuError(400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    }
  }

  /** The chat (or p2p user) a message call lands in, for the per-chat / per-user limits. */
  function targetOf(ctx: Ctx, messageId: string | undefined): RateTarget {
    if (messageId === undefined) return MessageStore.targetOf(ctx.query.get('receive_id_type') ?? '', String(ctx.body.receive_id ?? ''));
    const chatId = store.get(messageId)?.chatId;
    if (!chatId) return {};
    const user = store.p2pUser(chatId);
    return user ? { userOpenId: user } : { chatId };
  }

  /** Injected faults first, then the real sliding-window limits, as Feishu's gateway would. */
  function gate(ctx: Ctx, target: RateTarget): void {
    ctx.record.chatId = target.chatId ?? (target.userOpenId ? `p2p:${target.userOpenId}` : undefined);
    if (ctx.record.chatId === undefined) delete ctx.record.chatId;
    if (faults.fail > 0) {
      faults.fail--;
      throw new FeishuError(faults.failStatus, faults.failCode ?? 1, 'internal error (injected by fake)');
    }
    if (faults.limit > 0) {
      faults.limit--;
      counters.rateLimited++;
      throw rateLimited(50, faults.limitReset);
    }
    const decision = limiter.tryAcquire(now(), target);
    if (!decision.ok) {
      counters.rateLimited++;
      throw rateLimited(decision.limit ?? 0, decision.resetSeconds ?? 1);
    }
    counters.accepted++;
  }

  function messageCall(ctx: Ctx): Reply {
    const ok = (data: unknown): Reply => ({ status: 200, body: { code: 0, msg: 'success', data } });
    if (ctx.method === 'POST' && ctx.path === '/open-apis/im/v1/messages') {
      const receiveIdType = ctx.query.get('receive_id_type') ?? '';
      gate(ctx, targetOf(ctx, undefined));
      const b = ctx.body;
      // Codes from the send-message doc's error table: 230002 "Bot/User can NOT be out of the chat",
      // 230013 "Bot has NO availability to this user" (outside the app's 可用范围).
      if (receiveIdType === 'chat_id' && chatsWithoutBot.has(String(b.receive_id))) throw new FeishuError(400, 230002, 'Bot/User can NOT be out of the chat.');
      if (receiveIdType !== 'chat_id' && outsideAvailability.has(String(b.receive_id))) throw new FeishuError(400, 230013, 'Bot has NO availability to this user.');
      const msg = store.send({ receiveIdType, receiveId: String(b.receive_id ?? ''), msgType: b.msg_type, content: b.content, uuid: b.uuid });
      return ok(messageData(msg, appId));
    }
    const m = /^\/open-apis\/im\/v1\/messages\/([^/]+)(\/reply)?$/.exec(ctx.path);
    const kind = !m ? undefined : m[2] ? (ctx.method === 'POST' ? 'reply' : undefined)
      : ctx.method === 'PATCH' ? 'patch' : ctx.method === 'PUT' ? 'edit' : undefined;
    if (m && kind) {
      const messageId = decodeURIComponent(m[1]!);
      gate(ctx, targetOf(ctx, messageId));
      const b = ctx.body;
      if (kind === 'reply') {
        const parent = store.require(messageId);
        return ok(messageData(store.send({ receiveIdType: 'chat_id', receiveId: parent.chatId, msgType: b.msg_type, content: b.content, uuid: b.uuid }, parent), appId));
      }
      if (kind === 'patch') {
        store.patchCard(messageId, b.content);
        return ok({});
      }
      return ok(messageData(store.editText(messageId, b.msg_type, b.content), appId));
    }
    if (ctx.method === 'POST' && ctx.path === '/open-apis/interactive/v1/card/update') {
      const token = String(ctx.body.token ?? '');
      const entry = cardTokens.get(token);
      gate(ctx, targetOf(ctx, entry?.messageId ?? ''));
      if (!entry || now() - entry.issuedAt > CARD_TOKEN_TTL_MS || entry.uses >= CARD_TOKEN_MAX_USES) {
        throw new FeishuError(400, 10002, 'card token is invalid, expired or used up');
      }
      if (!isRecord(ctx.body.card)) throw new FeishuError(400, 10002, 'card is required');
      store.updateByToken(entry.messageId, ctx.body.card);
      entry.uses++;
      return { status: 200, body: { code: 0, msg: 'success', data: {} } };
    }
    throw new FeishuError(404, 404, '404 page not found');
  }

  function route(req: IncomingMessage, ctx: Ctx): Reply {
    if (ctx.method === 'POST' && ctx.path === TOKEN_PATH) return issueToken(ctx.body);
    if (ctx.method === 'POST' && ctx.path === '/callback/ws/endpoint') return { status: 200, body: ws.endpoint(ctx.body, base.replace(/^http/, 'ws')) };
    if (!ctx.path.startsWith('/open-apis/')) throw new FeishuError(404, 404, '404 page not found');
    // The sign-in endpoints authenticate with the app's credentials or the user's token, not a tenant token.
    if (ctx.method === 'GET' && ctx.path === '/open-apis/authen/v1/authorize') return oauth.authorize(ctx.query);
    if (ctx.method === 'POST' && ctx.path === '/open-apis/authen/v2/oauth/token') return oauth.token(ctx.body);
    if (ctx.method === 'GET' && ctx.path === '/open-apis/authen/v1/user_info') return oauth.userInfo(req.headers.authorization);
    if (isOAuthPath(ctx.path)) throw new FeishuError(404, 404, '404 page not found');
    authorise(req);
    const resource = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(ctx.path);
    if (ctx.method === 'GET' && resource) {
      const file = resources.get(decodeURIComponent(resource[1]!), decodeURIComponent(resource[2]!), ctx.query.get('type'), (chatId) => !chatsWithoutBot.has(chatId));
      return { status: 200, body: null, binary: file.bytes, headers: { 'content-type': file.contentType, 'content-length': String(file.bytes.length) } };
    }
    if (ctx.path.startsWith('/open-apis/im/v1/messages') || ctx.path === '/open-apis/interactive/v1/card/update') return messageCall(ctx);
    if (ctx.method === 'GET' && ctx.path === '/open-apis/bot/v3/info') return { status: 200, body: { code: 0, msg: 'ok', bot: botInfo(botOpenId) } };
    const idType = ctx.query.get('user_id_type') ?? 'open_id';
    if (ctx.method === 'POST' && ctx.path === '/open-apis/contact/v3/users/batch_get_id') {
      return { status: 200, body: { code: 0, msg: 'success', data: directory.batchGetId(ctx.body, idType) } };
    }
    const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(ctx.path);
    if (ctx.method === 'GET' && user) return { status: 200, body: { code: 0, msg: 'success', data: directory.get(decodeURIComponent(user[1]!), idType) } };
    throw new FeishuError(404, 404, '404 page not found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const record: RecordedRequest = { at: now(), method: req.method ?? 'GET', path: url.pathname, status: 0, code: -1 };
    requests.push(record);
    if (state.latency > 0) await sleep(state.latency);
    if (state.down) {
      if (state.downMode === 'reset') {
        req.socket.destroy();
        return;
      }
      record.status = 503;
      // A load balancer in front of Feishu answers, not Feishu: plain text, no JSON code.
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    let reply: Reply;
    try {
      const ctx: Ctx = { method: record.method, path: url.pathname, query: url.searchParams, body: parseJsonObject(await readBody(req)), record };
      reply = route(req, ctx);
    } catch (err) {
      const e = err instanceof FeishuError ? err : new FeishuError(500, 1, 'internal error');
      record.status = e.status;
      record.code = e.code;
      sendError(res, e);
      return;
    }
    record.status = reply.status;
    record.code = isRecord(reply.body) && typeof reply.body.code === 'number' ? reply.body.code : 0;
    if (reply.binary) {
      res.writeHead(reply.status, reply.headers).end(reply.binary);
      return;
    }
    sendJson(res, reply.status, reply.body, reply.headers);
  }

  const server = http.createServer((req, res) => void handle(req, res));
  server.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    appId,
    appSecret,
    botOpenId,
    async close() {
      ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    messages: () => store.all(),
    stats: () => ({ ...counters, ...limiter.stats(), requests: [...requests] }),
    expireAllTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    addUser: (user) => directory.add(user),
    registerCardToken(token, messageId) {
      cardTokens.set(token, { messageId, issuedAt: now(), uses: 0 });
    },
    recallMessage: (messageId) => store.recall(messageId),
    recordUserMessage: (messageId, chatId, senderOpenId) => store.recordUserMessage(messageId, chatId, senderOpenId),
    recordUserImage: (input) => resources.addImage(input),
    failNext(n, fault) {
      Object.assign(faults, { fail: n, failStatus: fault.status, failCode: fault.code });
    },
    rateLimitNext(n, resetSeconds) {
      Object.assign(faults, { limit: n, limitReset: Math.max(1, Math.ceil(resetSeconds)) });
    },
    setDown(down, opts) {
      state.down = down;
      state.downMode = opts?.mode ?? 'http503';
    },
    setLatency(ms) {
      state.latency = ms;
    },
    wsConnections: () => ws.connections(),
    wsPings: () => ws.pings,
    pushEvent: (envelope, opts) => ws.pushEvent(envelope, opts),
    dropConnections: () => ws.dropConnections(),
    oauth,
    removeBotFromChat: (chatId) => void chatsWithoutBot.add(chatId),
    setOutsideAvailability: (openId) => void outsideAvailability.add(openId),
    setWsSilent(silent) {
      ws.silent = silent;
    },
  };
}

/** Feishu's gateway answer when a frequency limit trips (frequency-control doc). */
function rateLimited(limit: number, resetSeconds: number): FeishuError {
  return new FeishuError(429, 99991400, 'request trigger frequency limit', {
    'x-ogw-ratelimit-limit': String(limit),
    'x-ogw-ratelimit-reset': String(resetSeconds),
  });
}
