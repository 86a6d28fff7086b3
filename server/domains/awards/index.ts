/**
 * Awards: service stars (服务明星) and staff scorecards (员工服务考核).
 *
 * Pure rules: `nomination.rules.ts` (who may nominate whom, reason, once a month, quota, the
 * approver — never the nominator —, who may decide; each refusal a zh-CN sentence naming the rule),
 * `award.rules.ts` (stars per branch and region, tie-breakers, the first working day),
 * `scorecard.rules.ts` (figures, weighted score, CSV).
 *
 * Use cases: `createNomination`, `decideNomination` (通过 / 驳回 with a reason; every card redrawn),
 * `pendingNominationsFor`, `runMonthlyAward` (job `awards.monthly`, CLI `touchstone awards run`),
 * `scorecards`, `wallStars` (the wall's star board). Changes are published on `awards_changed`.
 */
export type { AwardSettings, Nomination, NominationFigures, NominationStatus } from './nomination.types.ts';
export type { StarRow } from './award.repo.ts';
export {
  AWARDS_CHANGED_CHANNEL, createNomination, decideNomination, getNomination, linkedActor, pendingNominationsFor, reviewCardData, staffActor,
  type AwardsDeps, type NominationActor,
} from './nomination.service.ts';
export { nominationCardData } from './nomination.rules.ts';
/** "我的工作": `nominationWorkProvider(db)` lists the nominations a branch head decides. */
export { nominationWorkProvider } from './nomination-work.service.ts';
export { firstWorkingDay, monthToAward, parseMonth, previousMonth } from './award.rules.ts';
export { runMonthlyAward, type AwardRunResult } from './award.service.ts';
export { getAwardSettings, scorecards, scorecardXlsx } from './scorecard.service.ts';
export { scorecardCsv, SCORECARD_COLUMNS, type ScorecardRow } from './scorecard.rules.ts';
export { nominationView, registerAwardsRoutes, starView } from './awards.routes.ts';
export { wallStars, type WallStarsView } from './award-wall.service.ts';
