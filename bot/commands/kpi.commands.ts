import { buildKpiCard, kpiNotAllowedMessage, kpiNotFoundMessage } from '../replies/kpi.cards.ts';
import type { CommandContext, TextCommand } from './registry.ts';

const PATTERN = /^\/?(指标|kpi)(?:\s+([A-Za-z0-9_-]{1,32}))?$/i;

/** The unit a person means by "指标" alone: their branch, else their region office, else the bank. */
function ownScope(ctx: CommandContext): string {
  if (ctx.staff.branchCode) return `branch:${ctx.staff.branchCode}`;
  if (ctx.staff.regionCode) return `region:${ctx.staff.regionCode}`;
  return 'bank';
}

/** `指标` / `kpi [branch]`: today's KPIs against targets, within the asker's scope. */
export const kpiCommand: TextCommand = {
  name: 'kpi',
  permission: 'wall.view',
  match(text) {
    const m = PATTERN.exec(text.trim());
    if (!m) return undefined;
    const args: Record<string, string> = m[2] ? { branch: m[2].toUpperCase() } : {};
    return { args, locale: m[1] === '指标' ? 'zh-CN' : 'en' };
  },
  async handle(ctx, args) {
    let scope = ownScope(ctx);
    if (args.branch && args.branch !== ctx.staff.branchCode) {
      // Unknown and outside-scope branches answer differently only after the scope check passes.
      if (!(await ctx.ports.access.can(ctx.staff.code, 'wall.view', { branchCode: args.branch }))) {
        const exists = await ctx.ports.kpi.today(`branch:${args.branch}`).catch(() => undefined);
        return [exists ? kpiNotAllowedMessage(ctx.locale) : kpiNotFoundMessage(ctx.locale)];
      }
      scope = `branch:${args.branch}`;
    }
    const kpis = await ctx.ports.kpi.today(scope);
    return [kpis ? buildKpiCard(kpis, ctx.locale) : kpiNotFoundMessage(ctx.locale)];
  },
};
