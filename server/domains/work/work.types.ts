import type { Principal } from '../access/index.ts';

/** One thing a person owes: a complaint to claim, a nomination to approve, a fix to verify… */
export interface WorkItem {
  /** Unique within the section (`complaint:12`). */
  id: string;
  /** What is to be done, a key the web and bot translate (`claim`, `contact`, `decide`, `approve`…). */
  action: string;
  title: string;
  /** A second line: branch, who, what (masked where it names a customer). */
  detail: string;
  /** The deadline that matters for this step, if any (ISO). */
  dueAt: string | null;
  /** `on_track` | `due_soon` | `overdue` | `paused`, when the item runs on a clock. */
  clockState: string | null;
  /** The page that handles it, if the web has one. */
  href: string | null;
}

export interface WorkSection {
  /** The domain's key (`complaints`, `nominations`, `rectifications`, `care`…), also its i18n key. */
  key: string;
  items: WorkItem[];
}

/**
 * A domain's part of "我的工作": one query for the principal's items, and the change-feed channels
 * after which the list may differ (clients then read it again). Registered in the wiring; a new
 * domain plugs in by adding its provider there.
 */
export interface WorkProvider {
  key: string;
  channels: readonly string[];
  load(principal: Principal, now: Date): Promise<WorkItem[]>;
}
