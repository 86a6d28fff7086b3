import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';

const TEXT = {
  'zh-CN': {
    title: 'Touchstone 助手',
    intro: '我是 **{bank}** 的规范化服务助手。可以在这里直接发指令：',
    commands: ['**帮助** — 显示本卡片', '**我是谁** — 查看我的身份与所属网点'],
    later: '指标查询、投诉提醒、整改确认、客户关怀与服务明星提名将陆续开放。',
    me: '我是谁',
    help: '帮助',
  },
  en: {
    title: 'Touchstone assistant',
    intro: 'I am the service-standards assistant of **{bank}**. Send me a command:',
    commands: ['**help** — show this card', '**whoami** — who I am and my branch'],
    later: 'KPI look-ups, complaint alerts, fix confirmations, customer care and service-star nominations are on their way.',
    me: 'Who am I',
    help: 'Help',
  },
} as const;

/** The help card: what the bot understands, with buttons for the commonest commands. */
export function buildHelpCard(input: { bankName: string; locale: Locale }): OutboundMessage {
  const t = TEXT[input.locale];
  return {
    kind: 'card',
    card: {
      title: t.title,
      color: 'blue',
      elements: [
        { kind: 'markdown', text: `${t.intro.replace('{bank}', input.bankName)}\n${t.commands.map((c) => `- ${c}`).join('\n')}` },
        { kind: 'note', text: t.later },
        {
          kind: 'actions',
          buttons: [
            { label: t.me, style: 'primary', value: { action: 'me.show', locale: input.locale } },
            { label: t.help, style: 'default', value: { action: 'help.show', locale: input.locale } },
          ],
        },
      ],
    },
  };
}
