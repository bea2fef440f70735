/**
 * Rules of the administration feature. Staff accounts are personal data: every read and write is
 * audited in its transaction, and a missing permission answers 404. Disabling a user, changing
 * their memberships or editing the permissions of their role ends their sessions at once.
 *
 * Nobody gains permissions through administration (src/domain/admin-rules.ts): what is granted
 * must be held by the caller, nobody changes their own memberships or a role they hold, and only
 * a caller who holds every permission of a user may change that user. A refusal is a 403 (these
 * endpoints are no secret to holders of the permission), audited as denied, with nothing written.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess } from '../../platform/access.ts';
import type { AuditEntry } from '../../platform/audit.ts';
import { PonteError, conflictError, fieldError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { revokeUserSessions } from '../../platform/auth/session.ts';
import { personalDataPermissions, permissions } from '../../../domain/permissions.ts';
import { checkAssignRoles, checkManageUser, checkRoleWrite, refusalMessage, type AdminRefusal } from '../../../domain/admin-rules.ts';
import { existingOrganisationIds } from '../network/queries.ts';
import * as q from './queries.ts';
import { guardAdministrators } from './guard.ts';
import type { MembershipInput, RoleCreate, RoleUpdate, UserCreate, UserQuery, UserUpdate } from './schemas.ts';


const duplicateEmail = (): PonteError => conflictError({ it: 'Esiste già un utente con questa e-mail.', en: 'A user with this e-mail already exists.', detail: 'duplicate user email' });
const duplicateRole = (): PonteError => conflictError({ it: 'Esiste già un ruolo con questa chiave.', en: 'A role with this key already exists.', detail: 'duplicate role key' });


/** A refusal by the administration rules: 403, audited as denied by `auditingRefusals`. */
class AdminRuleRefusal extends PonteError {
  constructor(readonly refusal: AdminRefusal) {
    super({ code: 'forbidden', detail: `admin rule: ${refusal.reason}`, message: refusalMessage(refusal) });
  }
}

function refuseIf(refusal: AdminRefusal | null): void {
  if (refusal) throw new AdminRuleRefusal(refusal);
}

/** Runs the work; a rule refusal thrown inside (its transaction rolled back) is audited as denied. */
async function auditingRefusals<T>(access: DataAccess, entry: Omit<AuditEntry, 'outcome' | 'details'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof AdminRuleRefusal) {
      const r = e.refusal;
      await access.auditDenied({ ...entry, details: { reason: r.reason, ...('missing' in r ? { missing: r.missing.join(',') } : {}) } });
    }
    throw e;
  }
}

async function onDuplicate<T>(work: () => Promise<T>, error: () => PonteError): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw error();
    throw e;
  }
}

/** Resolves organisation ids and role keys of a membership list; unknown ones are validation errors. */
async function resolveMemberships(db: Kysely<DB>, locale: Locale, items: readonly MembershipInput[], path: string): Promise<Array<{ organisationId: string; roleId: string }>> {
  const orgs = await existingOrganisationIds(db, items.map((m) => m.organisationId));
  const roles = await q.roleIdsByKey(db, [...new Set(items.map((m) => m.roleKey))]);
  return items.map((m, i) => {
    if (!orgs.has(m.organisationId)) throw fieldError({ locale, path: `${path}${i}.organisationId`, message: { it: 'organizzazione inesistente', en: 'unknown organisation' } });
    const roleId = roles.get(m.roleKey);
    if (!roleId) throw fieldError({ locale, path: `${path}${i}.roleKey`, message: { it: 'ruolo inesistente', en: 'unknown role' } });
    return { organisationId: m.organisationId, roleId };
  });
}

// ---------------------------------------------------------------------------------------------
export async function listUsers(options: { access: DataAccess; query: UserQuery }): Promise<{ items: q.UserDto[] }> {
  const { access, query } = options;
  await access.require({ permission: 'users.manage', entry: { action: 'user.list', recordType: 'user' } });
  return access.transaction(async (tx) => {
    const items = await q.listUsers(tx.db, query);
    await tx.audit({
      action: 'user.list',
      outcome: 'success',
      recordType: 'user',
      fields: q.userReadFields,
      details: { count: items.length, organisationId: query.organisationId || null, search: !!query.q },
    });
    return { items };
  });
}

export async function getUser(options: { access: DataAccess; id: string }): Promise<q.UserDto> {
  const { access, id } = options;
  await access.require({ permission: 'users.manage', entry: { action: 'user.read', recordType: 'user', recordId: id } });
  const user = await access.transaction(async (tx) => {
    const found = await q.findUser(tx.db, id);
    if (found) await tx.audit({ action: 'user.read', outcome: 'success', recordType: 'user', recordId: id, fields: q.userReadFields });
    return found;
  });
  if (!user) {
    await access.auditDenied({ action: 'user.read', recordType: 'user', recordId: id, details: { reason: 'not_found' } });
    throw new PonteError({ code: 'not_found' });
  }
  return user;
}

export async function createUser(options: { access: DataAccess; input: UserCreate }): Promise<q.UserDto> {
  const { access, input } = options;
  const actor = await access.require({ permission: 'users.manage', entry: { action: 'user.create', recordType: 'user' } });
  // Hash outside the transaction: it takes a while and needs no lock.
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return auditingRefusals(access, { action: 'user.create', recordType: 'user' }, () => onDuplicate(
    () =>
      access.transaction(async (tx) => {
        if (await q.findUserIdByEmail(tx.db, input.email)) throw duplicateEmail();
        const memberships = await resolveMemberships(tx.db, access.meta.locale, input.memberships, 'memberships.');
        const granted = await q.permissionsOfRoles(tx.db, [...new Set(memberships.map((m) => m.roleId))]);
        refuseIf(checkAssignRoles({ held: actor.permissions, roles: [{ permissions: granted }] }));
        const id = await q.insertUser(tx.db, { email: input.email, displayName: input.displayName, locale: input.locale, passwordHash }, tx.now);
        await q.replaceMemberships(tx.db, id, memberships, tx.now);
        const fields = ['email', 'displayName', 'locale', ...(passwordHash ? ['password'] : []), 'memberships'];
        await tx.audit({ action: 'user.create', outcome: 'success', recordType: 'user', recordId: id, fields, details: { memberships: memberships.length } });
        const user = await q.findUser(tx.db, id);
        if (!user) throw new Error('user vanished');
        return user;
      }),
    duplicateEmail,
  ));
}

export async function updateUser(options: { access: DataAccess; id: string; input: UserUpdate }): Promise<q.UserDto> {
  const { access, id, input } = options;
  const actor = await access.require({ permission: 'users.manage', entry: { action: 'user.update', recordType: 'user', recordId: id } });
  if (input.isActive === false && id === actor.userId) {
    throw new PonteError({
      code: 'conflict',
      detail: 'self-disable',
      message: { it: 'Non puoi disattivare il tuo stesso account.', en: 'You cannot disable your own account.' },
    });
  }
  const user = await auditingRefusals(access, { action: 'user.update', recordType: 'user', recordId: id }, () => access.transaction(async (tx) => {
    // Only disabling can lock everyone out; the guard's lock comes before any row lock.
    const guard = input.isActive === false ? await guardAdministrators(tx.db) : undefined;
    const current = await q.lockUserForUpdate(tx.db, id);
    if (!current) return undefined;
    refuseIf(checkManageUser({ held: actor.permissions, callerId: actor.userId, targetId: id, targetPermissions: await q.heldPermissions(tx.db, id), change: 'profile' }));
    await q.updateUser(tx.db, id, input, tx.now);
    const disabling = input.isActive === false && current.isActive;
    if (disabling) await guard?.check();
    const fields = Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
    if (disabling) {
      const revoked = await revokeUserSessions({ db: tx.db, userId: id, reason: 'disabled', now: tx.now });
      await tx.audit({ action: 'user.disable', outcome: 'success', recordType: 'user', recordId: id, fields, details: { revokedSessions: revoked } });
    } else {
      await tx.audit({ action: 'user.update', outcome: 'success', recordType: 'user', recordId: id, fields });
    }
    return q.findUser(tx.db, id);
  }));
  if (!user) {
    await access.auditDenied({ action: 'user.update', recordType: 'user', recordId: id, details: { reason: 'not_found' } });
    throw new PonteError({ code: 'not_found' });
  }
  return user;
}

export async function setMemberships(options: { access: DataAccess; id: string; input: readonly MembershipInput[] }): Promise<q.UserDto> {
  const { access, id, input } = options;
  const actor = await access.require({ permission: 'users.manage', entry: { action: 'membership.change', recordType: 'user', recordId: id } });
  const user = await auditingRefusals(access, { action: 'membership.change', recordType: 'user', recordId: id }, () => access.transaction(async (tx) => {
    // The guard's lock first, before any row lock: guarded transactions run one at a time.
    const guard = await guardAdministrators(tx.db);
    if (!(await q.lockUserForUpdate(tx.db, id))) return undefined;
    refuseIf(checkManageUser({ held: actor.permissions, callerId: actor.userId, targetId: id, targetPermissions: await q.heldPermissions(tx.db, id), change: 'memberships' }));
    const wanted = await resolveMemberships(tx.db, access.meta.locale, input, '');
    refuseIf(checkAssignRoles({ held: actor.permissions, roles: [{ permissions: await q.permissionsOfRoles(tx.db, [...new Set(wanted.map((m) => m.roleId))]) }] }));
    const before = await q.membershipMap(tx.db, id);
    const after = new Map(wanted.map((m) => [m.organisationId, m.roleId]));
    const added = [...after.keys()].filter((o) => !before.has(o)).length;
    const removed = [...before.keys()].filter((o) => !after.has(o)).length;
    const changed = [...after.entries()].filter(([o, r]) => before.has(o) && before.get(o) !== r).length;
    if (added + removed + changed === 0) return q.findUser(tx.db, id);
    await q.replaceMemberships(tx.db, id, wanted, tx.now);
    await guard.check();
    const revoked = await revokeUserSessions({ db: tx.db, userId: id, reason: 'role_changed', now: tx.now });
    await tx.audit({
      action: 'membership.change',
      outcome: 'success',
      recordType: 'user',
      recordId: id,
      fields: ['memberships'],
      details: { added, removed, changed, revokedSessions: revoked },
    });
    return q.findUser(tx.db, id);
  }));
  if (!user) {
    await access.auditDenied({ action: 'membership.change', recordType: 'user', recordId: id, details: { reason: 'not_found' } });
    throw new PonteError({ code: 'not_found' });
  }
  return user;
}

// ---------------------------------------------------------------------------------------------
/** Roles and permissions are configuration, not secret: a missing permission is a 403 here. */
export async function listRoles(options: { access: DataAccess }): Promise<{ items: q.RoleDto[] }> {
  const { access } = options;
  await access.require({ permission: 'network.read', entry: { action: 'role.list', recordType: 'role' }, hide: false });
  return access.transaction(async (tx) => ({ items: await q.listRoles(tx.db) }));
}

export async function listPermissions(options: { access: DataAccess }): Promise<{ items: Array<{ key: string; personalData: boolean }> }> {
  const { access } = options;
  await access.require({ permission: 'network.read', entry: { action: 'permission.list', recordType: 'permission' }, hide: false });
  const personal = new Set<string>(personalDataPermissions);
  return { items: permissions.map((key) => ({ key, personalData: personal.has(key) })) };
}

export async function createRole(options: { access: DataAccess; input: RoleCreate }): Promise<q.RoleDto> {
  const { access, input } = options;
  const actor = await access.require({ permission: 'roles.manage', entry: { action: 'role.create', recordType: 'role' }, hide: false });
  return auditingRefusals(access, { action: 'role.create', recordType: 'role' }, () => onDuplicate(
    () =>
      access.transaction(async (tx) => {
        refuseIf(checkRoleWrite({ held: actor.permissions, resulting: input.permissions, callerHoldsRole: false }));
        if ((await q.roleIdsByKey(tx.db, [input.key])).size > 0) throw duplicateRole();
        const id = await q.insertRole(tx.db, { key: input.key, nameIt: input.nameIt, nameEn: input.nameEn, description: input.description ?? null }, tx.now);
        await q.replaceRolePermissions(tx.db, id, input.permissions);
        await tx.audit({
          action: 'role.create',
          outcome: 'success',
          recordType: 'role',
          recordId: id,
          fields: ['key', 'nameIt', 'nameEn', 'description', 'permissions'],
          details: { key: input.key, permissions: [...input.permissions].sort().join(',') },
        });
        const [role] = await q.listRoles(tx.db, id);
        if (!role) throw new Error('role vanished');
        return role;
      }),
    duplicateRole,
  ));
}

export async function updateRole(options: { access: DataAccess; id: string; input: RoleUpdate }): Promise<q.RoleDto> {
  const { access, id, input } = options;
  const actor = await access.require({ permission: 'roles.manage', entry: { action: 'role.update', recordType: 'role', recordId: id }, hide: false });
  return auditingRefusals(access, { action: 'role.update', recordType: 'role', recordId: id }, () => access.transaction(async (tx) => {
    // The guard's lock first, before any row lock: guarded transactions run one at a time.
    const guard = input.permissions ? await guardAdministrators(tx.db) : undefined;
    if (!(await q.lockRole(tx.db, id))) throw new PonteError({ code: 'not_found' });
    const before = await q.rolePermissions(tx.db, id);
    refuseIf(checkRoleWrite({ held: actor.permissions, resulting: input.permissions ?? before, callerHoldsRole: await q.holdsRole(tx.db, actor.userId, id) }));
    await q.updateRole(tx.db, id, input, tx.now);
    let revoked = 0;
    let permissionsChanged = false;
    if (input.permissions) {
      const after = [...input.permissions].sort();
      permissionsChanged = before.join(',') !== after.join(',');
      if (permissionsChanged) {
        await q.replaceRolePermissions(tx.db, id, after);
        await guard?.check();
        for (const userId of await q.roleHolderIds(tx.db, id)) {
          revoked += await revokeUserSessions({ db: tx.db, userId, reason: 'role_changed', now: tx.now });
        }
      }
    }
    await tx.audit({
      action: 'role.update',
      outcome: 'success',
      recordType: 'role',
      recordId: id,
      fields: Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k).sort(),
      details: { permissionsChanged, revokedSessions: revoked, ...(permissionsChanged ? { permissions: [...(input.permissions ?? [])].sort().join(',') } : {}) },
    });
    const [role] = await q.listRoles(tx.db, id);
    if (!role) throw new Error('role vanished');
    return role;
  }));
}

export async function deleteRole(options: { access: DataAccess; id: string }): Promise<void> {
  const { access, id } = options;
  await access.require({ permission: 'roles.manage', entry: { action: 'role.delete', recordType: 'role', recordId: id }, hide: false });
  await access.transaction(async (tx) => {
    const role = await q.lockRole(tx.db, id);
    if (!role) throw new PonteError({ code: 'not_found' });
    if (role.builtin) {
      throw conflictError({ it: 'I ruoli predefiniti possono essere modificati ma non eliminati.', en: 'Built-in roles can be edited but not deleted.', detail: 'builtin role' });
    }
    if ((await q.roleHolderIds(tx.db, id)).length > 0) {
      throw conflictError({ it: 'Il ruolo è assegnato ad almeno un utente: toglilo prima di eliminarlo.', en: 'The role is held by at least one user: reassign them first.', detail: 'role in use' });
    }
    await q.deleteRole(tx.db, id);
    await tx.audit({ action: 'role.delete', outcome: 'success', recordType: 'role', recordId: id });
  });
}
