/**
 * Awards: service-star nominations (服务明星 / 提名). Today: `createNomination` (from the bot or
 * the web; the review card goes to the nominee's branch head through the outbox),
 * `decideNomination` (approve/reject; a decided nomination answers with its current state),
 * `getNomination`, `pendingNominationsFor`. Monthly stars and the board come with the awards workflow.
 */
export type { Nomination, NominationStatus } from './nomination.types.ts';
export { createNomination, decideNomination, getNomination, pendingNominationsFor, type AwardsDeps } from './nomination.service.ts';
export { nominationCardData } from './nomination.rules.ts';
/** "我的工作": `nominationWorkProvider(db)` lists the nominations a branch head decides. */
export { nominationWorkProvider } from './nomination-work.service.ts';
