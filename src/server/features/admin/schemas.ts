/** Request schemas of the administration feature (users, memberships, roles). Every object is strict. */
import { z } from 'zod';
import { permissions } from '../../../domain/permissions.ts';
import { email, line, orEmpty, roleKey, searchText, text, uuid } from '../../../domain/fields.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../platform/auth/password.ts';

export const idParams = z.object({ id: uuid }).strict();

const locale = z.enum(['it', 'en']);

const membership = z.object({ organisationId: uuid, roleKey }).strict();
export const membershipList = z
  .array(membership)
  .max(50)
  .refine((v) => new Set(v.map((m) => m.organisationId)).size === v.length, 'one role per organisation: the same organisation is listed twice');
export type MembershipInput = z.infer<typeof membership>;

/** A new password: 12 to 256 characters, no control characters. */
export const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  // eslint-disable-next-line no-control-regex -- refusing control characters
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'control characters are not allowed');

export const userCreate = z
  .object({
    email,
    displayName: line(200),
    locale: locale.default('it'),
    password: newPassword.optional(),
    memberships: membershipList.default([]),
  })
  .strict();
export type UserCreate = z.infer<typeof userCreate>;

export const userUpdate = z
  .object({
    displayName: line(200).optional(),
    locale: locale.optional(),
    isActive: z.boolean().optional(),
  })
  .strict();
export type UserUpdate = z.infer<typeof userUpdate>;

export const userQuery = z
  .object({
    organisationId: orEmpty(uuid),
    q: searchText.optional(),
  })
  .strict();
export type UserQuery = z.infer<typeof userQuery>;

const permissionList = z
  .array(z.enum(permissions))
  .max(permissions.length)
  .refine((v) => new Set(v).size === v.length, 'duplicate permission');

export const roleCreate = z
  .object({
    key: roleKey,
    nameIt: line(100),
    nameEn: line(100),
    description: text(1000).nullable().optional(),
    permissions: permissionList,
  })
  .strict();
export type RoleCreate = z.infer<typeof roleCreate>;

export const roleUpdate = z
  .object({
    nameIt: line(100).optional(),
    nameEn: line(100).optional(),
    description: text(1000).nullable().optional(),
    permissions: permissionList.optional(),
  })
  .strict();
export type RoleUpdate = z.infer<typeof roleUpdate>;
