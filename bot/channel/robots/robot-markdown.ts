/**
 * Our messages as group-robot markdown (WeCom, DingTalk). Robots cannot call us back, so buttons
 * become a line saying where to act; the card's title leads in bold. Pure.
 */
import type { OutboundMessage } from '../channel.ts';

const LIMIT_BYTES = { wecom: 4_000, dingtalk: 18_000 } as const;

export function toRobotMarkdown(message: OutboundMessage, robot: keyof typeof LIMIT_BYTES): { title: string; text: string } {
  if (message.kind !== 'card') return { title: firstLine(message.text), text: clip(message.text, LIMIT_BYTES[robot]) };
  const { card } = message;
  const lines = [robot === 'dingtalk' ? `### ${card.title}` : `**${card.title}**`];
  let hadButtons = false;
  for (const element of card.elements) {
    if (element.kind === 'markdown') lines.push(element.text);
    else if (element.kind === 'note') lines.push(`> ${element.text.replace(/\n/g, '\n> ')}`);
    else if (element.kind === 'fields') lines.push(...element.fields.map((f) => `**${f.label}**：${f.value}`));
    else if (element.kind === 'divider') lines.push('---');
    else hadButtons = true;
  }
  if (hadButtons) lines.push('> 请在飞书机器人或 Touchstone 后台处理此事项。');
  return { title: card.title, text: clip(lines.join('\n\n'), LIMIT_BYTES[robot]) };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/[*#>]/g, '').trim().slice(0, 30) || 'Touchstone';
}

const CLIPPED = '\n\n…（内容过长已截断）';

/** Robots refuse bodies over their limit; cut whole characters (never half an emoji) and say so. */
function clip(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(CLIPPED);
  const kept: string[] = [];
  let bytes = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > budget) break;
    kept.push(char);
  }
  return `${kept.join('')}${CLIPPED}`;
}
