/**
 * Our channel-neutral messages as Feishu message content: text as `text`, everything else as a
 * Card JSON 2.0 `interactive` message (`schema: "2.0"`, `body.elements`, buttons with callback
 * behaviours inside column sets — 2.0 has no `action` module). Pure: unit-tested, no SDK import.
 */
import type { Card, CardElement, OutboundMessage } from '$contract/payloads/chat.ts';

export interface FeishuContent {
  msgType: 'text' | 'interactive';
  /** The `content` field: a JSON string, as the Open API wants it. */
  content: string;
}

/** Feishu's header templates; our six colours map onto them one to one. */
const HEADER_TEMPLATE: Record<Card['color'], string> = { blue: 'blue', green: 'green', orange: 'orange', red: 'red', grey: 'grey', purple: 'purple' };
const BUTTON_TYPE = { primary: 'primary_filled', default: 'default', danger: 'danger' } as const;

export function toFeishuContent(message: OutboundMessage): FeishuContent {
  if (message.kind === 'text') return { msgType: 'text', content: JSON.stringify({ text: message.text }) };
  return { msgType: 'interactive', content: JSON.stringify(toCardJson(message)) };
}

/** The card JSON itself (also the `card.data` of a callback answer). */
export function toCardJson(message: Exclude<OutboundMessage, { kind: 'text' }>): Record<string, unknown> {
  if (message.kind === 'markdown') {
    return { schema: '2.0', config: { update_multi: true }, body: { elements: [{ tag: 'markdown', content: message.text }] } };
  }
  const card = message.card;
  return {
    schema: '2.0',
    // 2.0 cards are shared: an update is seen by everyone in the chat, which is what "已认领" needs.
    config: { update_multi: true, summary: { content: card.title } },
    header: { title: { tag: 'plain_text', content: card.title }, template: HEADER_TEMPLATE[card.color] },
    body: { elements: card.elements.map((element, index) => toElement(element, index)) },
  };
}

function toElement(element: CardElement, index: number): Record<string, unknown> {
  switch (element.kind) {
    case 'markdown':
      return { tag: 'markdown', content: element.text };
    case 'note':
      return { tag: 'markdown', content: element.text, text_size: 'notation' };
    case 'divider':
      return { tag: 'hr' };
    case 'fields':
      return { tag: 'markdown', content: element.fields.map((f) => `**${escapeMarkdown(f.label)}**：${escapeMarkdown(f.value)}`).join('\n') };
    case 'actions':
      return {
        tag: 'column_set',
        flex_mode: 'flow',
        horizontal_spacing: 'small',
        columns: element.buttons.map((button, b) => ({
          tag: 'column',
          width: 'auto',
          elements: [
            {
              tag: 'button',
              element_id: `btn_${index}_${b}`,
              type: BUTTON_TYPE[button.style],
              text: { tag: 'plain_text', content: button.label },
              behaviors: [button.url ? { type: 'open_url', default_url: throughSignIn(button.url) } : { type: 'callback', value: button.value }],
            },
          ],
        })),
      };
    case 'form':
      // The form container (root level only): inputs named for `form_value`, one submit button
      // whose callback value names the action (Card JSON 2.0 form container and input docs).
      return {
        tag: 'form',
        name: element.name,
        elements: [
          ...element.inputs.map((input) => ({
            tag: 'input',
            name: input.name,
            required: input.required,
            label: { tag: 'plain_text', content: input.label },
            label_position: 'top',
            ...(input.placeholder ? { placeholder: { tag: 'plain_text', content: input.placeholder } } : {}),
          })),
          {
            tag: 'button',
            name: `${element.name}_submit`,
            element_id: `btn_${index}_submit`,
            type: BUTTON_TYPE[element.submit.style],
            text: { tag: 'plain_text', content: element.submit.label },
            form_action_type: 'submit',
            behaviors: [{ type: 'callback', value: element.submit.value }],
          },
        ],
      };
  }
}

/**
 * Field values are data (names, codes), never markup: a `*` or `<` in them stays literal. Feishu's
 * card markdown documents HTML entities for special characters (`&#42;` for `*`, `&#60;` for `<`;
 * 卡片 markdown 组件 "特殊字符转义"); a backslash would show up as a stray `\` next to a masked name.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[&*_~`<>[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A link from a Feishu card to one of our pages goes through 飞书登录 (`/auth/feishu/login?next=`):
 * a person without a session is signed in as themselves (inside the Feishu client without a click)
 * and lands on the page; with a session the route sends them straight on. The console (/chat)
 * renders the plain URL and opens it with the console's session.
 */
export function throughSignIn(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.pathname.startsWith('/auth/feishu/')) return url;
  return `${parsed.origin}/auth/feishu/login?next=${encodeURIComponent(`${parsed.pathname}${parsed.search}${parsed.hash}`)}`;
}
