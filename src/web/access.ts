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
  /** Also shown to holders of this permission (e.g. referrals: senders or receivers). */
  alsoFor?: Permission;
}

export const navItems: readonly NavItem[] = [
  { to: '/', label: 'nav.home', permission: null },
  { to: '/persons', label: 'nav.persons', permission: 'persons.read' },
  { to: '/cases', label: 'nav.cases', permission: 'cases.read' },
  { to: '/referrals', label: 'nav.referrals', permission: 'referrals.send', alsoFor: 'referrals.receive' },
  { to: '/case-approvals', label: 'nav.approvals', permission: 'cases.approve' },
  { to: '/organisations', label: 'nav.organisations', permission: 'network.read' },
  { to: '/projects', label: 'nav.projects', permission: 'network.read' },
  { to: '/users', label: 'nav.users', permission: 'users.manage' },
  { to: '/roles', label: 'nav.roles', permission: 'roles.manage' },
  { to: '/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/profile', label: 'nav.profile', permission: null },
];

export function navFor(me: Me | null): NavItem[] {
  return navItems.filter((item) => item.permission === null || can(me, item.permission) || (item.alsoFor !== undefined && can(me, item.alsoFor)));
}
