import { describe, expect, it } from 'vitest';
import { builtinRole, permissions } from './permissions.ts';
import { checkAssignRoles, checkManageUser, checkRoleWrite, isFullAdministrator, refusalMessage, ungrantable } from './admin-rules.ts';

const sysadmin = builtinRole('system_admin').permissions;
const caseWorker = builtinRole('case_worker').permissions;
const usersOnly = ['users.manage'];
const rolesOnly = ['roles.manage'];

describe('admin rules', () => {
  it('the built-in system administrator is a full administrator; partial administrators are not', () => {
    expect(isFullAdministrator(sysadmin)).toBe(true);
    expect(isFullAdministrator(usersOnly)).toBe(false);
    expect(isFullAdministrator(['users.manage', 'roles.manage'])).toBe(false);
    expect(isFullAdministrator(permissions.filter((p) => p !== 'audit.read'))).toBe(false);
  });

  it('nobody grants what they do not hold, except a full administrator', () => {
    expect(ungrantable({ held: usersOnly, wanted: sysadmin })).toEqual(['audit.read', 'network.manage', 'network.read', 'procedures.manage', 'roles.manage']);
    expect(ungrantable({ held: ['network.read', 'forum.post'], wanted: ['forum.post', 'network.read', 'forum.post'] })).toEqual([]);
    expect(ungrantable({ held: sysadmin, wanted: permissions })).toEqual([]);
  });

  it('assigning roles: each must be within the caller grant', () => {
    // The reproduced escalation: users.manage alone giving system_admin.
    expect(checkAssignRoles({ held: usersOnly, roles: [{ permissions: sysadmin }] })).toEqual({
      reason: 'grants_unheld',
      missing: ['audit.read', 'network.manage', 'network.read', 'procedures.manage', 'roles.manage'],
    });
    expect(checkAssignRoles({ held: ['users.manage', 'network.read'], roles: [{ permissions: ['network.read'] }, { permissions: [] }] })).toBeNull();
    expect(checkAssignRoles({ held: sysadmin, roles: [{ permissions: caseWorker }, { permissions: sysadmin }] })).toBeNull();
    expect(checkAssignRoles({ held: usersOnly, roles: [] })).toBeNull();
  });

  it('creating or editing a role: the resulting set within the grant, and never a role the caller holds', () => {
    // The reproduced escalation: roles.manage alone widening its own role.
    const widened = ['roles.manage', 'users.manage', 'audit.read', 'persons.read', 'criminal.read'];
    expect(checkRoleWrite({ held: rolesOnly, resulting: widened, callerHoldsRole: true })).toEqual({ reason: 'own_role' });
    expect(checkRoleWrite({ held: rolesOnly, resulting: widened, callerHoldsRole: false })).toEqual({
      reason: 'grants_unheld',
      missing: ['audit.read', 'criminal.read', 'persons.read', 'users.manage'],
    });
    expect(checkRoleWrite({ held: ['roles.manage', 'network.read'], resulting: ['network.read'], callerHoldsRole: false })).toBeNull();
    expect(checkRoleWrite({ held: sysadmin, resulting: caseWorker, callerHoldsRole: false })).toBeNull();
    expect(checkRoleWrite({ held: sysadmin, resulting: sysadmin, callerHoldsRole: true })).toEqual({ reason: 'own_role' });
  });

  it("managing a user: never one's own memberships; only users whose permissions the caller covers", () => {
    const base = { callerId: 'a', targetId: 'b' };
    expect(checkManageUser({ ...base, held: sysadmin, callerId: 'b', targetPermissions: sysadmin, change: 'memberships' })).toEqual({ reason: 'own_memberships' });
    expect(checkManageUser({ ...base, held: usersOnly, targetPermissions: sysadmin, change: 'profile' })).toEqual({
      reason: 'target_outranks',
      missing: ['audit.read', 'network.manage', 'network.read', 'procedures.manage', 'roles.manage'],
    });
    expect(checkManageUser({ ...base, held: usersOnly, targetPermissions: sysadmin, change: 'memberships' })?.reason).toBe('target_outranks');
    expect(checkManageUser({ ...base, held: ['users.manage', 'network.read'], targetPermissions: ['network.read'], change: 'memberships' })).toBeNull();
    expect(checkManageUser({ ...base, held: sysadmin, targetPermissions: [...sysadmin, ...caseWorker], change: 'profile' })).toBeNull();
    // One's own profile is not refused by these rules (the service refuses self-disabling).
    expect(checkManageUser({ ...base, held: sysadmin, callerId: 'b', targetPermissions: sysadmin, change: 'profile' })).toBeNull();
  });

  it('words every refusal in Italian and English', () => {
    expect(refusalMessage({ reason: 'grants_unheld', missing: ['audit.read', 'users.manage'] })).toEqual({
      it: 'Non puoi concedere permessi che non hai: audit.read, users.manage.',
      en: 'You cannot grant permissions you do not hold: audit.read, users.manage.',
    });
    for (const reason of ['target_outranks', 'own_memberships', 'own_role'] as const) {
      const m = refusalMessage(reason === 'target_outranks' ? { reason, missing: ['x'] } : { reason });
      expect(m.it.length).toBeGreaterThan(10);
      expect(m.en.length).toBeGreaterThan(10);
    }
  });
});
