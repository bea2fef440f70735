/** SQL of the administration feature: users, memberships, roles and their permissions. */
import type { Kysely, Selectable, SqlBool } from 'kysely';
import type { DB, UsersTable } from '../../../db/schema.ts';
import { likePattern } from '../network/queries.ts';
import type { UserQuery } from './schemas.ts';

type Db = Kysely<DB>;

export interface MembershipDto {
  organisationId: string;
  organisationCode: string;
  organisationName: string;
  roleId: string;
  roleKey: string;
}

export interface UserDto {
  id: string;
  email: string;
  displayName: string;
  locale: 'it' | 'en';
  isActive: boolean;
  hasPassword: boolean;
  totpEnabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  memberships: MembershipDto[];
}

/** Fields of a user record sent to the client, for the audit entry. */
export const userReadFields = ['email', 'displayName', 'locale', 'isActive', 'hasPassword', 'totpEnabled', 'lockedUntil', 'lastLoginAt', 'memberships'];

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

type UserRow = Pick<Selectable<UsersTable>, 'id' | 'email' | 'display_name' | 'locale' | 'is_active' | 'totp_enabled' | 'locked_until' | 'last_login_at' | 'created_at' | 'updated_at'> & {
  has_password: SqlBool;
};

function userColumns(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale', 'is_active', 'totp_enabled', 'locked_until', 'last_login_at', 'created_at', 'updated_at'])
    .select((eb) => eb('password_hash', 'is not', null).as('has_password'));
}

async function membershipsOf(db: Db, userIds: readonly string[]): Promise<Map<string, MembershipDto[]>> {
  const map = new Map<string, MembershipDto[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('roles as r', 'r.id', 'm.role_id')
    .select(['m.user_id', 'm.organisation_id', 'o.code', 'o.name', 'r.id as role_id', 'r.key'])
    .where('m.user_id', 'in', [...userIds])
    .orderBy('o.name')
    .execute();
  for (const r of rows) {
    const list = map.get(r.user_id) ?? [];
    list.push({ organisationId: r.organisation_id, organisationCode: r.code, organisationName: r.name, roleId: r.role_id, roleKey: r.key });
    map.set(r.user_id, list);
  }
  return map;
}

function toUser(r: UserRow, memberships: MembershipDto[]): UserDto {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    locale: r.locale,
    isActive: r.is_active,
    hasPassword: r.has_password === true || r.has_password === 1,
    totpEnabled: r.totp_enabled,
    lockedUntil: iso(r.locked_until),
    lastLoginAt: iso(r.last_login_at),
    createdAt: iso(r.created_at) ?? '',
    updatedAt: iso(r.updated_at) ?? '',
    memberships,
  };
}

export async function listUsers(db: Db, query: UserQuery): Promise<UserDto[]> {
  let q = userColumns(db).orderBy('display_name').orderBy('id').limit(2000);
  if (query.q) {
    const pattern = likePattern(query.q);
    q = q.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('display_name', 'ilike', pattern)]));
  }
  if (query.organisationId) {
    const orgId = query.organisationId;
    q = q.where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.user_id').whereRef('m.user_id', '=', 'users.id').where('m.organisation_id', '=', orgId)));
  }
  const rows = await q.execute();
  const memberships = await membershipsOf(db, rows.map((r) => r.id));
  return rows.map((r) => toUser(r, memberships.get(r.id) ?? []));
}

export async function findUser(db: Db, id: string): Promise<UserDto | undefined> {
  const r = await userColumns(db).where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return toUser(r, (await membershipsOf(db, [id])).get(id) ?? []);
}

export async function findUserIdByEmail(db: Db, email: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id;
}

export async function insertUser(
  db: Db,
  input: { email: string; displayName: string; locale: 'it' | 'en'; passwordHash: string | null },
  now: Date,
): Promise<string> {
  const r = await db
    .insertInto('users')
    .values({
      email: input.email,
      display_name: input.displayName,
      locale: input.locale,
      password_hash: input.passwordHash,
      password_changed_at: input.passwordHash ? now : null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function lockUserForUpdate(db: Db, id: string): Promise<{ isActive: boolean } | undefined> {
  const r = await db.selectFrom('users').select('is_active').where('id', '=', id).forUpdate().executeTakeFirst();
  return r ? { isActive: r.is_active } : undefined;
}

export async function updateUser(db: Db, id: string, input: { displayName?: string | undefined; locale?: 'it' | 'en' | undefined; isActive?: boolean | undefined }, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** The user's memberships as organisation id → role id. */
export async function membershipMap(db: Db, userId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('memberships').select(['organisation_id', 'role_id']).where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.organisation_id, r.role_id]));
}

export async function replaceMemberships(db: Db, userId: string, items: ReadonlyArray<{ organisationId: string; roleId: string }>, now: Date): Promise<void> {
  await db.deleteFrom('memberships').where('user_id', '=', userId).execute();
  if (items.length === 0) return;
  await db
    .insertInto('memberships')
    .values(items.map((m) => ({ user_id: userId, organisation_id: m.organisationId, role_id: m.roleId, created_at: now })))
    .execute();
}

// ---------------------------------------------------------------------------------------------
export interface RoleDto {
  id: string;
  key: string;
  nameIt: string;
  nameEn: string;
  description: string | null;
  builtin: boolean;
  permissions: string[];
  /** How many memberships use the role. */
  holders: number;
}

export async function listRoles(db: Db, id?: string): Promise<RoleDto[]> {
  let q = db
    .selectFrom('roles as r')
    .select(['r.id', 'r.key', 'r.name_it', 'r.name_en', 'r.description', 'r.builtin'])
    .select((eb) => [
      eb.selectFrom('memberships as m').select((e) => e.fn.countAll<string>().as('n')).whereRef('m.role_id', '=', 'r.id').as('holders'),
    ])
    .orderBy('r.builtin', 'desc')
    .orderBy('r.key');
  if (id) q = q.where('r.id', '=', id);
  const roles = await q.execute();
  if (roles.length === 0) return [];
  const perms = await db.selectFrom('role_permissions').select(['role_id', 'permission']).where('role_id', 'in', roles.map((r) => r.id)).orderBy('permission').execute();
  return roles.map((r) => ({
    id: r.id,
    key: r.key,
    nameIt: r.name_it,
    nameEn: r.name_en,
    description: r.description,
    builtin: r.builtin,
    permissions: perms.filter((p) => p.role_id === r.id).map((p) => p.permission),
    holders: Number(r.holders ?? 0),
  }));
}

/** Role ids by key, for the keys that exist. */
export async function roleIdsByKey(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('roles').select(['id', 'key']).where('key', 'in', [...keys]).execute();
  return new Map(rows.map((r) => [r.key, r.id]));
}

export async function lockRole(db: Db, id: string): Promise<{ builtin: boolean } | undefined> {
  const r = await db.selectFrom('roles').select('builtin').where('id', '=', id).forUpdate().executeTakeFirst();
  return r ? { builtin: r.builtin } : undefined;
}

export async function insertRole(db: Db, input: { key: string; nameIt: string; nameEn: string; description: string | null }, now: Date): Promise<string> {
  const r = await db
    .insertInto('roles')
    .values({ key: input.key, name_it: input.nameIt, name_en: input.nameEn, description: input.description, builtin: false, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRole(db: Db, id: string, input: { nameIt?: string | undefined; nameEn?: string | undefined; description?: string | null | undefined }, now: Date): Promise<void> {
  await db
    .updateTable('roles')
    .set({
      ...(input.nameIt !== undefined ? { name_it: input.nameIt } : {}),
      ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function rolePermissions(db: Db, roleId: string): Promise<string[]> {
  return (await db.selectFrom('role_permissions').select('permission').where('role_id', '=', roleId).orderBy('permission').execute()).map((r) => r.permission);
}

export async function replaceRolePermissions(db: Db, roleId: string, permissions: readonly string[]): Promise<void> {
  await db.deleteFrom('role_permissions').where('role_id', '=', roleId).execute();
  if (permissions.length === 0) return;
  await db.insertInto('role_permissions').values(permissions.map((permission) => ({ role_id: roleId, permission }))).execute();
}

export async function roleHolderIds(db: Db, roleId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('user_id').distinct().where('role_id', '=', roleId).execute();
  return rows.map((r) => r.user_id);
}

/** Every permission of the given roles, without duplicates. */
export async function permissionsOfRoles(db: Db, roleIds: readonly string[]): Promise<string[]> {
  if (roleIds.length === 0) return [];
  const rows = await db.selectFrom('role_permissions').select('permission').distinct().where('role_id', 'in', [...roleIds]).execute();
  return rows.map((r) => r.permission);
}

/** Every permission of every role the user holds, in any organisation (active or not). */
export async function heldPermissions(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'm.role_id')
    .select('rp.permission')
    .distinct()
    .where('m.user_id', '=', userId)
    .execute();
  return rows.map((r) => r.permission);
}

/** Whether the user holds the role in any organisation. */
export async function holdsRole(db: Db, userId: string, roleId: string): Promise<boolean> {
  const r = await db.selectFrom('memberships').select('user_id').where('user_id', '=', userId).where('role_id', '=', roleId).executeTakeFirst();
  return !!r;
}

export async function deleteRole(db: Db, id: string): Promise<void> {
  await db.deleteFrom('roles').where('id', '=', id).execute();
}

/**
 * How many users who can log in (active, with a password) hold each administrative permission
 * through a membership of an active organisation (what loadPermissions grants). Used to refuse
 * changes that would lock everyone out.
 */
export async function administratorCounts(db: Db): Promise<{ users: number; roles: number }> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'm.role_id')
    .select(['rp.permission'])
    .select((eb) => eb.fn.count<string>('m.user_id').distinct().as('n'))
    .where('u.is_active', '=', true)
    .where('u.password_hash', 'is not', null)
    .where('o.is_active', '=', true)
    .where('rp.permission', 'in', ['users.manage', 'roles.manage'])
    .groupBy('rp.permission')
    .execute();
  const count = (p: string): number => Number(rows.find((r) => r.permission === p)?.n ?? 0);
  return { users: count('users.manage'), roles: count('roles.manage') };
}
