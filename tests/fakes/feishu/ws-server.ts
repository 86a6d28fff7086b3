import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import protobuf from 'protobufjs';
import { WebSocket, WebSocketServer } from 'ws';
import { hex } from './http-util.ts';

/**
 * Feishu's long-connection ("长连接") gateway, as `lark.WSClient` 1.74.0 speaks it (lib/index.js
 * `WSClient`, `pbbp2.Frame`): binary protobuf frames; method 0 = control (ping/pong), 1 = data.
 * Events go out as data frames with headers type=event, message_id, sum, seq, trace_id and the
 * plain JSON envelope as payload; the client acks by echoing the frame with an extra `biz_rt`
 * header and payload `{"code":200|500,"data"?:base64(JSON(handler result))}`.
 */

// Field numbers and proto2 `required`ness copied from the SDK's generated pbbp2 code: its decoder
// throws when SeqID/LogID/service/method are missing, so the fake must always write them.
const PROTO = `
syntax = "proto2";
package pbbp2;
message Header { required string key = 1; required string value = 2; }
message Frame {
  required uint64 SeqID = 1;
  required uint64 LogID = 2;
  required int32 service = 3;
  required int32 method = 4;
  repeated Header headers = 5;
  optional string payloadEncoding = 6;
  optional string payloadType = 7;
  optional bytes payload = 8;
  optional string LogIDNew = 9;
}`;
// The SDK's generated code sets protobufjs's shared `util.Long` to undefined (uint64 as plain
// numbers) whenever it loads; do the same before parsing, so field types do not depend on load order.
protobuf.util.Long = undefined as never;
protobuf.configure();
const FrameType = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('pbbp2.Frame');

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: Array<{ key: string; value: string }>;
  payload?: Uint8Array;
}

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

export function decodeFrame(buf: Uint8Array): Frame {
  const obj = FrameType.toObject(FrameType.decode(buf), { longs: Number, defaults: true, arrays: true }) as Frame;
  return obj;
}

export const header = (frame: Frame, key: string): string | undefined => frame.headers.find((h) => h.key === key)?.value;

export interface WsGatewayOptions {
  appId: string;
  appSecret: string;
  /** Seconds. Real Feishu uses 120 / 120 / 30; tests want fast pings and reconnects. */
  pingIntervalSec?: number;
  reconnectIntervalSec?: number;
  reconnectNonceSec?: number;
}

export interface EventAck {
  code: number;
  data?: unknown;
}

interface Pending {
  resolve: (ack: EventAck) => void;
  timer: NodeJS.Timeout;
}

export class FakeWsGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly devices = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly serviceId = 33554678;
  private seq = 0;
  pings = 0;
  /** When set, pings go unanswered and the socket stays open: a bank firewall's half-open connection. */
  silent = false;

  constructor(private readonly opts: WsGatewayOptions) {}

  private clientConfig(): Record<string, number> {
    return {
      PingInterval: this.opts.pingIntervalSec ?? 120,
      ReconnectCount: -1,
      ReconnectInterval: this.opts.reconnectIntervalSec ?? 1,
      ReconnectNonce: this.opts.reconnectNonceSec ?? 0,
    };
  }

  /** `POST /callback/ws/endpoint`. Bad credentials: code 514 (the SDK's `auth_failed`), which the SDK treats as fatal. */
  endpoint(body: Record<string, unknown>, wsBase: string): Record<string, unknown> {
    if (body.AppID !== this.opts.appId || body.AppSecret !== this.opts.appSecret) {
      return { code: 514, msg: 'auth failed: invalid AppID or AppSecret' };
    }
    const deviceId = hex(8);
    this.devices.add(deviceId);
    return {
      code: 0,
      msg: 'ok',
      data: { URL: `${wsBase}/ws?device_id=${deviceId}&service_id=${this.serviceId}`, ClientConfig: this.clientConfig() },
    };
  }

  /** HTTP upgrade on /ws; only device ids handed out by `endpoint` may connect, like Feishu's tickets. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const deviceId = url.searchParams.get('device_id') ?? '';
    if (url.pathname !== '/ws' || !this.devices.has(deviceId)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nhandshake-status: 403\r\nhandshake-msg: invalid device\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws));
  }

  private attach(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => this.sockets.delete(ws));
    ws.on('message', (data: Buffer) => {
      let frame: Frame;
      try {
        frame = decodeFrame(data);
      } catch {
        return; // garbage from a client is its problem; Feishu drops it too
      }
      if (frame.method === 0 && header(frame, 'type') === 'ping') {
        this.pings++;
        if (this.silent) return; // a half-open socket: nothing comes back, nothing closes
        const pong: Frame = {
          SeqID: 0, LogID: 0, service: this.serviceId, method: 0, headers: [{ key: 'type', value: 'pong' }],
          payload: Buffer.from(JSON.stringify(this.clientConfig())),
        };
        ws.send(encodeFrame(pong));
      } else if (frame.method === 1) {
        this.settle(header(frame, 'message_id') ?? '', frame.payload);
      }
    });
  }

  private settle(messageId: string, payload: Uint8Array | undefined): void {
    const waiting = this.pending.get(messageId);
    if (!waiting) return;
    this.pending.delete(messageId);
    clearTimeout(waiting.timer);
    let ack: EventAck = { code: -1 };
    try {
      const parsed = JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as { code: number; data?: unknown };
      ack = { code: parsed.code };
      if (parsed.data !== undefined) ack.data = decodeAckData(parsed.data);
    } catch {
      // unparseable ack: code -1 tells the test something is off
    }
    waiting.resolve(ack);
  }

  connections(): number {
    return [...this.sockets].filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  /** Cluster mode: Feishu hands each event to one random connection of the app. */
  pushEvent(envelope: object, options: { timeoutMs?: number; frameType?: 'event' | 'card' } = {}): Promise<EventAck> {
    const open = [...this.sockets].filter((s) => s.readyState === WebSocket.OPEN);
    const target = open[Math.floor(Math.random() * open.length)];
    if (!target) return Promise.reject(new Error('fake feishu: no long connection is open'));
    const messageId = `msg_${hex(8)}`;
    const frame: Frame = {
      SeqID: ++this.seq, LogID: this.seq, service: this.serviceId, method: 1,
      headers: [
        // Card callbacks may come as `type: card` frames (the SDK's MessageType has both).
        { key: 'type', value: options.frameType ?? 'event' }, { key: 'message_id', value: messageId },
        { key: 'sum', value: '1' }, { key: 'seq', value: '0' }, { key: 'trace_id', value: hex(8) },
      ],
      payload: Buffer.from(JSON.stringify(envelope)),
    };
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise<EventAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        reject(new Error(`fake feishu: no ack for ${messageId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(messageId, { resolve, timer });
      target.send(encodeFrame(frame));
    });
  }

  /** Server-side drop (terminate, no close handshake) so the client's reconnect loop runs. */
  dropConnections(): void {
    for (const s of this.sockets) s.terminate();
    this.sockets.clear();
  }

  close(): void {
    this.dropConnections();
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.wss.close();
  }
}

/** The SDK base64-encodes `JSON.stringify(result)`; anything else is returned as sent. */
function decodeAckData(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    return data;
  }
}
