/** What the signed-in user may see: permission checks and the role-based navigation. */
import type { Permission } from '../domain/permissions.ts';
import type { MessageKey } from './i18n/index.tsx';
import type { Me } from './types.ts';

export function can(me: Me | null, permission: Permission): boolean {
  return me !== null && me.permissions.includes(permission);
}

export function mfaPending(me: Me): boolean {
  return me.mfa.required && !me.mfa.verified;
}

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Shown only to holders of this permission; the route answers "not found" to anyone else. */
  permission: Permission | null;
  /** Shown to holders of any of these instead (when given). */
  anyOf?: readonly Permission[];
}

/** Who reads procedures and the SLA board: the managers and everyone who acts in procedures. */
export const procedureReaders: readonly Permission[] = ['procedures.manage', 'referrals.send', 'referrals.receive', 'cases.read', 'hotline.write'];

/** Who may read the network's availability board (the server's rule). */
export const availabilityReaders: readonly Permission[] = ['referrals.send', 'cases.read', 'accommodation.manage', 'accommodation.address'];

/** Who uses transfers coordinated by the hotline (the server's rule): the hotline proposes, the holder body confirms or refuses. */
export const transferCoordinationUsers: readonly Permission[] = ['hotline.write', 'cases.write', 'cases.approve'];

/** Who reads the consultation forum: staff who ask and experts who answer. */
export const forumReaders: readonly Permission[] = ['forum.post', 'forum.answer'];
/** Who may read the inclusion board (the server's rule: cases.read; the network with stats.aggregate as well). */
export const inclusionBoardReaders: readonly Permission[] = ['cases.read'];

export const navItems: readonly NavItem[] = [
  { to: '/', label: 'nav.home', permission: null },
  { to: '/persons', label: 'nav.persons', permission: 'persons.read' },
  { to: '/cases', label: 'nav.cases', permission: 'cases.read' },
  { to: '/referrals', label: 'nav.referrals', permission: null, anyOf: ['referrals.send', 'referrals.receive'] },
  { to: '/case-approvals', label: 'nav.approvals', permission: 'cases.approve' },
  { to: '/transfers', label: 'transfer.nav', permission: null, anyOf: ['cases.write', 'cases.approve'] },
  { to: '/transfer-coordinations', label: 'coord.link', permission: null, anyOf: transferCoordinationUsers },
  { to: '/hotline', label: 'nav.hotline', permission: 'hotline.write' },
  { to: '/field', label: 'nav.field', permission: 'outreach.write' },
  { to: '/accommodation', label: 'nav.accommodation', permission: null, anyOf: ['accommodation.manage', 'accommodation.address'] },
  { to: '/accommodation/waitlist', label: 'nav.waitlist', permission: 'accommodation.manage' },
  { to: '/accommodation/availability', label: 'nav.availability', permission: null, anyOf: availabilityReaders },
  { to: '/courses', label: 'nav.courses', permission: 'cases.read' },
  { to: '/inclusion', label: 'nav.inclusionBoard', permission: null, anyOf: inclusionBoardReaders },
  { to: '/organisations', label: 'nav.organisations', permission: 'network.read' },
  { to: '/projects', label: 'nav.projects', permission: 'network.read' },
  { to: '/spending', label: 'nav.spending', permission: 'budget.read' },
  { to: '/users', label: 'nav.users', permission: 'users.manage' },
  { to: '/roles', label: 'nav.roles', permission: 'roles.manage' },
  { to: '/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/public-pages', label: 'nav.publicPages', permission: 'public.edit' },
  { to: '/procedures', label: 'nav.procedures', permission: 'procedures.manage' },
  { to: '/sla', label: 'nav.sla', permission: null, anyOf: procedureReaders },
  { to: '/forum', label: 'nav.forum', permission: null, anyOf: forumReaders },
  { to: '/monitoring', label: 'nav.monitoring', permission: 'stats.aggregate' },
  { to: '/events', label: 'nav.events', permission: 'events.manage' },
  { to: '/reports', label: 'nav.reports', permission: 'reports.generate' },
  { to: '/outreach', label: 'nav.outreach', permission: 'outreach.write' },
  { to: '/outreach/desks', label: 'nav.desks', permission: 'outreach.write' },
  { to: '/profile', label: 'nav.profile', permission: null },
];

/** Whether a navigation item is shown to someone holding the permissions `has` answers yes for. */
export function navItemVisible(item: NavItem, has: (permission: Permission) => boolean): boolean {
  if (item.anyOf) return item.anyOf.some(has);
  return item.permission === null || has(item.permission);
}

export function navFor(me: Me | null): NavItem[] {
  return navItems.filter((item) => navItemVisible(item, (p) => can(me, p)));
}
