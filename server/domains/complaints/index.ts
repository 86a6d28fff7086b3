/**
 * Complaints (投诉) under the statutory clock (DESIGN §5, 《银行业保险业消费投诉处理管理办法》).
 *
 * Pure rules, every one a function of the history and an injected instant:
 * - `computeClock(history, now, settings, calendar)`: stage (15/30/60), decisionDueAt (end of the
 *   bank day), clockState (on_track, due_soon, overdue, paused), paused days, the first-contact
 *   target in working days; `reviewAllowed(decidedAt, requestedAt, tz)` (within 30 days).
 * - `transition(snapshot, command, actorStaffCode, now)`: the workflow (claim, contact, extend to
 *   30 with a reason / to 60 with the customer told, pause, resume, decide, close, restart, note).
 * - `parseLadder(text)`, `reachedSteps(clock, now, ladder)`: the escalation ladder.
 *
 * Use cases: `intakeComplaint` (API, web, bot; a retry returns the same complaint), `getComplaint`,
 * `listComplaints`, `actOnComplaint`, `mergeComplaint`, `requestReview`, `sweepComplaints` (the
 * minute job: alerts each reached step once), `complaintKpis`. Changes are published on the change
 * feed's `complaints_changed` channel after commit.
 */
export type { ClockSettings, ClockState, Complaint, ComplaintClock, ComplaintEvent } from './complaint.types.ts';
export type { ComplaintView } from './complaint-view.rules.ts';
export type { ComplaintCommand } from './complaint-workflow.rules.ts';
export type { ComplaintDeps } from './complaint-deps.ts';
export { computeClock, DEFAULT_CLOCK_SETTINGS, reviewAllowed } from './complaint-clock.rules.ts';
export { transition } from './complaint-workflow.rules.ts';
export { DEFAULT_LADDER_TEXT, parseLadder, reachedSteps, type LadderStep } from './ladder.rules.ts';
export { actOnComplaint, complaintCard, COMPLAINTS_CHANGED_CHANNEL, getComplaint, intakeComplaint, listComplaints, openComplaintCards } from './complaint.service.ts';
export { mergeComplaint, requestReview } from './complaint-cases.service.ts';
export { sweepComplaints } from './complaint-alerts.service.ts';
export { registerComplaintRoutes } from './complaint.routes.ts';
export { complaintKpis, COMPLAINT_KPI_DAYS, type ComplaintKpis } from './complaint-kpi.service.ts';
export { wallComplaints, STRIP_SIZE, type WallComplaintsView } from './complaint-wall.service.ts';
/** "我的工作": `complaintWorkProvider(deps)` lists what a handler owes (claim, contact, decide). */
export { complaintWorkProvider } from './complaint-work.service.ts';
