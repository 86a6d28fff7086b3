/**
 * WeCom (企业微信) and DingTalk (钉钉) group robots: a secondary, outbound-only channel for alerts.
 * The chat id is the robot's webhook URL (its key or access token is the secret: never logged).
 * DingTalk robots with 加签 get `timestamp` and `sign` = base64(HMAC-SHA256(secret, ts + "\n" + secret)).
 */
import { createHmac } from 'node:crypto';
import { ChannelError } from '../../errors.ts';
import type { Channel, InboundHandler, OutboundMessage } from '../channel.ts';
import { toRobotMarkdown } from './robot-markdown.ts';

export interface RobotChannelOptions {
  kind: 'wecom' | 'dingtalk';
  /** The signing secret of a robot URL (DingTalk 加签), from the chat bindings. */
  secretFor(url: string): Promise<string | undefined>;
  now: () => Date;
  timeoutMs?: number;
}

/** errcodes that mean "too fast": WeCom 45009; DingTalk 130101 (blocked for 10 minutes) and 660026. */
const THROTTLED: Record<number, number> = { 45009: 60_000, 130101: 600_000, 660026: 60_000 };

export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestampMs));
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

export class RobotChannel implements Channel {
  readonly name: string;

  constructor(private readonly options: RobotChannelOptions) {
    this.name = options.kind;
  }

  async start(_handler: InboundHandler): Promise<void> {}
  async stop(): Promise<void> {}

  async send(url: string, message: OutboundMessage): Promise<{ messageId: string }> {
    const { kind } = this.options;
    const { title, text } = toRobotMarkdown(message, kind);
    const body = kind === 'wecom' ? { msgtype: 'markdown', markdown: { content: text } } : { msgtype: 'markdown', markdown: { title, text } };
    const secret = kind === 'dingtalk' ? await this.options.secretFor(url) : undefined;
    const target = secret ? dingtalkSignedUrl(url, secret, this.options.now().getTime()) : url;
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json;charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new ChannelError('unavailable', `${kind} robot unreachable: ${(error as Error).name}`);
    }
    if (response.status >= 500) throw new ChannelError('unavailable', `${kind} robot answered HTTP ${response.status}`);
    const result = (await response.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (result.errcode === 0) return { messageId: `${kind}:${this.options.now().getTime()}` };
    const wait = result.errcode === undefined ? undefined : THROTTLED[result.errcode];
    if (wait) throw new ChannelError('rate_limited', `${kind} robot throttled (errcode ${result.errcode})`, wait);
    throw new ChannelError('rejected', `${kind} robot refused the message (errcode ${result.errcode ?? '?'}: ${result.errmsg ?? ''})`);
  }

  async reply(): Promise<{ messageId: string }> {
    throw new ChannelError('rejected', `${this.name} robots cannot reply to messages`);
  }

  async update(): Promise<void> {
    throw new ChannelError('rejected', `${this.name} robots cannot update a message once sent`);
  }
}
