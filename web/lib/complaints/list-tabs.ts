import type { ComplaintView } from '$contract';
import type { QueryValue } from '../api.ts';

/**
 * The list's filters: open complaints by clock state, the ones I handle, and the finished ones.
 * The tab travels in the URL (`/complaints?tab=overdue`), so a link or the back button keeps it.
 */
export const LIST_TABS = ['open', 'due_soon', 'overdue', 'paused', 'on_track', 'mine', 'done'] as const;
export type ListTab = (typeof LIST_TABS)[number];

export function parseTab(value: string | null | undefined): ListTab {
  return LIST_TABS.find((tab) => tab === value) ?? 'open';
}

/** The `GET /api/v1/complaints` queries a tab needs (finished is two statuses: two queries). */
export function tabQueries(tab: ListTab): Array<Record<string, QueryValue>> {
  switch (tab) {
    case 'open':
      return [{ open: 'true' }];
    case 'mine':
      return [{ mine: 'true', open: 'true' }];
    case 'done':
      return [{ status: 'decided' }, { status: 'closed' }];
    default:
      return [{ clockState: tab }];
  }
}

/** One list from a tab's answers: open ones soonest due first (the server's order), finished ones latest decided first. */
export function combineLists(tab: ListTab, lists: readonly ComplaintView[][]): ComplaintView[] {
  if (lists.length === 1) return [...lists[0]!];
  const seen = new Map<number, ComplaintView>();
  for (const item of lists.flat()) seen.set(item.id, item);
  const time = (c: ComplaintView) => Date.parse(c.decidedAt ?? c.receivedAt);
  return tab === 'done' ? [...seen.values()].sort((a, b) => time(b) - time(a) || b.id - a.id) : [...seen.values()];
}
