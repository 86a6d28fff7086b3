import type { MessageKey } from '$lib/i18n/index.ts';
import type { Permission } from './session.svelte.ts';

export interface NavLink {
  href: string;
  label: MessageKey;
  /** Shown only to users holding this permission. */
  permission: Permission;
}

/** The main navigation. */
export const MAIN_LINKS: readonly NavLink[] = [
  { href: '/', label: 'nav.myWork', permission: 'org.read' },
  { href: '/overview', label: 'nav.overview', permission: 'users.manage' },
  { href: '/wall', label: 'nav.wall', permission: 'wall.view' },
  { href: '/complaints', label: 'nav.complaints', permission: 'complaints.read' },
  { href: '/chat', label: 'nav.chat', permission: 'chat.console' },
  { href: '/customers', label: 'nav.customers', permission: 'customers.read' },
  { href: '/care', label: 'care.title', permission: 'care.read' },
  { href: '/reports/monthly', label: 'nav.reports', permission: 'org.read' },
  { href: '/kpis', label: 'nav.kpiHistory', permission: 'org.read' },
  { href: '/inspections', label: 'nav.inspections', permission: 'inspections.read' },
  { href: '/stars', label: 'nav.stars', permission: 'org.read' },
  { href: '/scorecards', label: 'nav.scorecards', permission: 'scorecards.read' },
];

/** The administration pages, in the user menu and in the admin section's tabs. */
export const ADMIN_LINKS: readonly NavLink[] = [
  { href: '/admin/users', label: 'admin.users.title', permission: 'users.manage' },
  { href: '/admin/display-tokens', label: 'admin.tokens.title', permission: 'display_tokens.manage' },
  { href: '/admin/api-keys', label: 'admin.keys.title', permission: 'api_keys.manage' },
  { href: '/admin/audit', label: 'admin.audit.title', permission: 'audit.read' },
  { href: '/admin/jobs', label: 'admin.jobs.title', permission: 'jobs.read' },
  { href: '/admin/outbox', label: 'admin.outbox.title', permission: 'bot.manage' },
  { href: '/admin/chat-bindings', label: 'admin.bindings.title', permission: 'bot.manage' },
  { href: '/admin/holidays', label: 'holidays.title', permission: 'calendar.manage' },
  { href: '/admin/care-settings', label: 'careSettings.title', permission: 'care.manage' },
];

/** The links a user with these permissions may see. */
export function visibleLinks(links: readonly NavLink[], permissions: readonly string[] | undefined): NavLink[] {
  return links.filter((link) => permissions?.includes(link.permission));
}
