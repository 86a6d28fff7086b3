/**
 * Customer care (客户关怀): birthday and festival greetings as tasks for account managers.
 *
 * Pure rules: `tasksAppearingOn(day, customers, settings)` (occasions on day + each tier's lead
 * time: solar and lunar birthdays, 春节/元宵/端午/中秋/重阳 from chinese-days, configured solar
 * dates), `festivalsInYear`, `lunarToSolar`; `careKpisOf` (KPI arithmetic); card data and the
 * suggested greeting (`digestData`, `suggestedGreeting`).
 *
 * Use cases: `generateCareTasks(deps, day, { post })` (job `care.daily` and `touchstone care
 * generate --day`: idempotent, one transaction, digest cards through the outbox),
 * `remindOpenCareTasks` (job `care.remind`), `listCareTasks`, `getCareTask`, `actOnCareTask`
 * (done via phone/sms/visit or skipped with a reason; redraws the digest cards), `careKpis`,
 * `loadCareSettings`/`saveCareSettings`. Changes are published on `care_changed` after commit.
 */
export type { CareDeps } from './care-deps.ts';
export { CARE_CHANGED_CHANNEL } from './care-deps.ts';
export type { CareKind, CareSettings, CareStatus, CareDoneVia, CareSkipReason } from './care.types.ts';
export { CARE_DONE_VIA, CARE_SKIP_REASONS, DEFAULT_CARE_SETTINGS } from './care.types.ts';
export { festivalsInYear, lunarToSolar, tasksAppearingOn } from './care-occasion.rules.ts';
export { careKpisOf, type CareKpis } from './care-kpi.rules.ts';
export { suggestedGreeting, type CareDigestData, type CareCardTask, type CareTaskView } from './care-view.rules.ts';
export { CARE_DIGEST_TEMPLATE, CARE_REMINDER_TEMPLATE, generateCareTasks, remindOpenCareTasks, runCareDaily, runCareReminder } from './care-generate.service.ts';
export { actOnCareTask, careKpis, getCareTask, listCareTasks } from './care-tasks.service.ts';
export { loadCareSettings, saveCareSettings } from './care-settings.service.ts';
export { registerCareRoutes } from './care.routes.ts';
export { careCardTask, careDigestFor, openCareTasksOf } from './care-bot.service.ts';
export { settleCareMorning } from './care-bulk.service.ts';
export { wallCare } from './care-wall.service.ts';
export { careWorkProvider } from './care-work.service.ts';
