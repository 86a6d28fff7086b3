/**
 * "我的工作" (my work): what a person owes today, a section per domain. Domains contribute a
 * `WorkProvider` (one query, the change channels that may alter it); the wiring lists them.
 *   getMyWork(deps, principal) → { at, sections: [{ key, items }] }
 *   registerWorkRoutes(api, deps): GET /my-work
 */
export type { WorkItem, WorkProvider, WorkSection } from './work.types.ts';
export { getMyWork, workChannels, type WorkDeps } from './work.service.ts';
export { registerWorkRoutes } from './work.routes.ts';
