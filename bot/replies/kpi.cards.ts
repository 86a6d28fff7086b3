import type { ScopeKpis } from '$contract/payloads/kpi.ts';
import type { OutboundMessage } from '../channel/channel.ts';
import { formatPercent, formatSeconds } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';

const TEXT = {
  'zh-CN': {
    title: (name: string) => `${name} · 今日指标`, day: '营业日', satisfaction: '满意率', participation: '参评率', wait: '平均等候', longWait: '超时等候占比',
    handling: '平均办理', errors: '差错率（每万笔）', finished: '办结笔数', index: '服务指数', target: '目标', vsYesterday: '较昨日',
    ok: '达标', miss: '未达标', none: '暂无数据', unknown: '找不到该网点，请发送「指标 网点号」，例如：指标 BJ0101。', notAllowed: '该网点不在您的权限范围内。',
  },
  en: {
    title: (name: string) => `${name} · today`, day: 'Service day', satisfaction: 'Satisfaction', participation: 'Participation', wait: 'Average wait', longWait: 'Long waits',
    handling: 'Average handling', errors: 'Errors per 10,000', finished: 'Finished tickets', index: 'Service index', target: 'target', vsYesterday: 'vs yesterday',
    ok: 'on target', miss: 'below target', none: 'no data yet', unknown: 'No such branch. Send "kpi <branch code>", e.g. kpi BJ0101.', notAllowed: 'That branch is outside your scope.',
  },
} as const;

type Better = 'higher' | 'lower';

function line(label: string, value: string, target: number | undefined, actual: number | null, better: Better, format: (v: number) => string, locale: Locale): string {
  const t = TEXT[locale];
  if (actual === null || target === undefined) return `**${label}**：${value}`;
  const met = better === 'higher' ? actual >= target : actual <= target;
  const verdict = met ? `<font color='green'>${t.ok}</font>` : `<font color='red'>${t.miss}</font>`;
  return `**${label}**：${value}（${t.target} ${format(target)}，${verdict}）`;
}

/** Today's figures of a unit against its targets, with the change since yesterday for the index. */
export function buildKpiCard(kpis: ScopeKpis, locale: Locale): OutboundMessage {
  const t = TEXT[locale];
  const k = kpis.kpis;
  const g = kpis.targets;
  const seconds = (v: number) => formatSeconds(v, locale);
  const rate = (v: number) => v.toFixed(1);
  const index = k.serviceIndex === null ? '—' : k.serviceIndex.toFixed(1);
  const before = kpis.comparison.yesterday.serviceIndex;
  const delta = k.serviceIndex !== null && before !== null ? `（${t.vsYesterday} ${k.serviceIndex - before >= 0 ? '+' : ''}${(k.serviceIndex - before).toFixed(1)}）` : '';
  const lines = [
    `**${t.index}**：${index}${delta}`,
    line(t.satisfaction, formatPercent(k.satisfactionRate), g.satisfactionRate, k.satisfactionRate, 'higher', (v) => formatPercent(v), locale),
    line(t.participation, formatPercent(k.participationRate), g.participationRate, k.participationRate, 'higher', (v) => formatPercent(v), locale),
    line(t.wait, formatSeconds(k.averageWaitSeconds, locale), g.averageWaitSeconds, k.averageWaitSeconds, 'lower', seconds, locale),
    line(t.longWait, formatPercent(k.longWaitShare), g.longWaitShare, k.longWaitShare, 'lower', (v) => formatPercent(v), locale),
    line(t.handling, formatSeconds(k.averageHandlingSeconds, locale), g.averageHandlingSeconds, k.averageHandlingSeconds, 'lower', seconds, locale),
    line(t.errors, k.errorRate === null ? '—' : k.errorRate.toFixed(1), g.errorRate, k.errorRate, 'lower', rate, locale),
    `**${t.finished}**：${k.finished}`,
  ];
  const checks: Array<[number | null, number | undefined, Better]> = [
    [k.satisfactionRate, g.satisfactionRate, 'higher'], [k.participationRate, g.participationRate, 'higher'], [k.averageWaitSeconds, g.averageWaitSeconds, 'lower'],
    [k.longWaitShare, g.longWaitShare, 'lower'], [k.averageHandlingSeconds, g.averageHandlingSeconds, 'lower'], [k.errorRate, g.errorRate, 'lower'],
  ];
  const missed = checks.map(([actual, target, better]) => actual !== null && target !== undefined && (better === 'higher' ? actual < target : actual > target));
  return {
    kind: 'card',
    card: {
      title: t.title(kpis.name),
      color: k.finished === 0 ? 'grey' : missed.some(Boolean) ? 'orange' : 'green',
      elements: [{ kind: 'markdown', text: k.finished === 0 && k.issued === 0 ? t.none : lines.join('\n') }, { kind: 'note', text: `${t.day} ${kpis.day}` }],
    },
  };
}

export const kpiNotFoundMessage = (locale: Locale): OutboundMessage => ({ kind: 'text', text: TEXT[locale].unknown });
export const kpiNotAllowedMessage = (locale: Locale): OutboundMessage => ({ kind: 'text', text: TEXT[locale].notAllowed });
