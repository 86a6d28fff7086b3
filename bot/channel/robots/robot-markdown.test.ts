import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../channel.ts';
import { dingtalkSignedUrl } from './robot-channel.ts';
import { toRobotMarkdown } from './robot-markdown.ts';

const card: OutboundMessage = {
  kind: 'card',
  card: {
    title: '服务明星提名待审批',
    color: 'orange',
    elements: [
      { kind: 'fields', fields: [{ label: '被提名人', value: '李娜（S2）' }, { label: '网点', value: '建国路网点' }] },
      { kind: 'markdown', text: '**提名理由**\n服务热情' },
      { kind: 'divider' },
      { kind: 'note', text: '第一行\n第二行' },
      { kind: 'actions', buttons: [{ label: '同意', style: 'primary', value: { action: 'nomination.approve', id: 1 } }] },
    ],
  },
};
const ACT_ELSEWHERE = '> 请在飞书机器人或 Touchstone 后台处理此事项。';
const bytes = (text: string) => Buffer.byteLength(text);

describe('toRobotMarkdown', () => {
  it('writes a WeCom card as markdown: bold title, fields, text, rule, quoted note, and where to act instead of buttons', () => {
    expect(toRobotMarkdown(card, 'wecom')).toEqual({
      title: '服务明星提名待审批',
      text: ['**服务明星提名待审批**', '**被提名人**：李娜（S2）', '**网点**：建国路网点', '**提名理由**\n服务热情', '---', '> 第一行\n> 第二行', ACT_ELSEWHERE].join('\n\n'),
    });
  });

  it('heads a DingTalk card with a ### title', () => {
    const { title, text } = toRobotMarkdown(card, 'dingtalk');
    expect(title).toBe('服务明星提名待审批');
    expect(text.startsWith('### 服务明星提名待审批\n\n')).toBe(true);
  });

  it('adds no "act elsewhere" line to a card without buttons', () => {
    const plain: OutboundMessage = { kind: 'card', card: { title: 'T', color: 'blue', elements: [{ kind: 'markdown', text: 'x' }] } };
    expect(toRobotMarkdown(plain, 'wecom').text).toBe('**T**\n\nx');
  });

  it('keeps a text message as it is and titles it with its first line, without markdown marks', () => {
    expect(toRobotMarkdown({ kind: 'markdown', text: '## **网点告警** >\n详情' }, 'dingtalk')).toEqual({ title: '网点告警', text: '## **网点告警** >\n详情' });
    expect(toRobotMarkdown({ kind: 'text', text: '一'.repeat(40) }, 'wecom').title).toBe('一'.repeat(30));
    expect(toRobotMarkdown({ kind: 'text', text: '***\nbody' }, 'wecom').title).toBe('Touchstone');
  });

  it('leaves a body at the limit untouched', () => {
    const text = 'a'.repeat(4_000);
    expect(toRobotMarkdown({ kind: 'text', text }, 'wecom').text).toBe(text);
  });

  it('cuts a body over the limit and says so', () => {
    const text = toRobotMarkdown({ kind: 'text', text: '告'.repeat(10_000) }, 'dingtalk').text;
    expect(text.endsWith('…（内容过长已截断）')).toBe(true);
    expect(text.startsWith('告告告')).toBe(true);
    expect(bytes(text)).toBeLessThanOrEqual(18_000);
  });

  it.each([4_001, 4_420, 4_500, 5_000, 9_999])('never sends WeCom more than 4,000 bytes (%i-byte body)', (size) => {
    expect(bytes(toRobotMarkdown({ kind: 'text', text: 'a'.repeat(size) }, 'wecom').text)).toBeLessThanOrEqual(4_000);
  });

  it('never cuts an emoji in half', () => {
    const text = toRobotMarkdown({ kind: 'text', text: '🔴'.repeat(1_101) }, 'wecom').text;
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('dingtalkSignedUrl', () => {
  const BASE = 'https://oapi.dingtalk.com/robot/send?access_token=abc123def';
  const SECRET = 'SEC0123456789abcdef';
  const TS = Date.parse('2026-11-28T02:05:00.123Z');
  const expectedSign = (ts: number, secret: string) => createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');

  it('appends timestamp and the HMAC-SHA256 sign and keeps the access token', () => {
    const url = new URL(dingtalkSignedUrl(BASE, SECRET, TS));
    expect(url.origin + url.pathname).toBe('https://oapi.dingtalk.com/robot/send');
    expect(url.searchParams.get('access_token')).toBe('abc123def');
    expect(url.searchParams.get('timestamp')).toBe(String(TS));
    expect(url.searchParams.get('sign')).toBe(expectedSign(TS, SECRET));
  });

  it('URL-encodes the base64 sign so + / = survive the query string', () => {
    // Find a timestamp whose signature holds characters that need encoding.
    const ts = Array.from({ length: 200 }, (_, i) => TS + i).find((t) => /[+/]/.test(expectedSign(t, SECRET)))!;
    const signed = dingtalkSignedUrl(BASE, SECRET, ts);
    const raw = /[?&]sign=([^&]*)/.exec(signed)![1]!;
    expect(raw).not.toMatch(/[+/=]/);
    expect(decodeURIComponent(raw)).toBe(expectedSign(ts, SECRET));
    expect(signed).toContain(`timestamp=${ts}`);
  });

  it('signs differently for another secret or another moment', () => {
    const sign = (secret: string, ts: number) => new URL(dingtalkSignedUrl(BASE, secret, ts)).searchParams.get('sign');
    expect(sign(SECRET, TS)).not.toBe(sign('SECother', TS));
    expect(sign(SECRET, TS)).not.toBe(sign(SECRET, TS + 1));
  });
});
