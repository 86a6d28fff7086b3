/**
 * The escalation ladder (configurable): 72 h before the deadline the handler, 24 h before the
 * branch head, at the deadline the region manager, once overdue the leadership group's chat. One
 * alert per complaint, clock stage and step: an extension to 30 days starts the ladder again.
 */
import type { ComplaintClock } from './complaint.types.ts';

export type LadderRole = 'handler' | 'branch_head' | 'region_manager' | 'leadership';
export interface LadderStep {
  /** `72h`, `24h`, `0h`, or `overdue`. */
  key: string;
  /** Hours before the deadline the step is reached; null: once the deadline has passed. */
  hoursBefore: number | null;
  role: LadderRole;
  severity: 'warning' | 'critical';
}

export const DEFAULT_LADDER_TEXT = '72h=handler,24h=branch_head,0h=region_manager,overdue=leadership';
const ROLES: readonly LadderRole[] = ['handler', 'branch_head', 'region_manager', 'leadership'];

/** `72h=handler,24h=branch_head,0h=region_manager,overdue=leadership` → steps; undefined when malformed. */
export function parseLadder(text: string): LadderStep[] | undefined {
  const steps: LadderStep[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(?:(\d{1,4})h|(overdue))=([a-z_]+)$/.exec(part);
    if (!match || !ROLES.includes(match[3] as LadderRole)) return undefined;
    const hoursBefore = match[2] ? null : Number(match[1]);
    steps.push({ key: match[2] ?? `${hoursBefore}h`, hoursBefore, role: match[3] as LadderRole, severity: hoursBefore !== null && hoursBefore > 0 ? 'warning' : 'critical' });
  }
  if (steps.length === 0 || new Set(steps.map((s) => s.key)).size !== steps.length) return undefined;
  return steps;
}

/**
 * The steps reached at `now`: none while the clock is paused or once decided. A complaint taken
 * in already close to its deadline (a backdated regulator transfer) reaches several at once.
 */
export function reachedSteps(clock: Pick<ComplaintClock, 'decisionDueAt' | 'paused' | 'decided'>, now: Date, ladder: readonly LadderStep[]): LadderStep[] {
  if (clock.decided || clock.paused) return [];
  const due = clock.decisionDueAt.getTime();
  // Overdue once the due day is over: decisionDueAt is its last second (23:59:59), so one second on.
  return ladder.filter((step) => (step.hoursBefore === null ? now.getTime() >= due + 1000 : now.getTime() >= due - step.hoursBefore * 3_600_000));
}

/** The alert's key: the period's start day, its stage and the step, so an extension or a restart on new facts starts a fresh ladder. */
export const stageKeyOf = (clock: Pick<ComplaintClock, 'stage' | 'startDay'>, step: LadderStep): string => `${clock.startDay}/${clock.stage}:${step.key}`;
