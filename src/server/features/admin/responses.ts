/**
 * Response schemas of the administration feature. The user schema is an allow-list: password
 * hashes, TOTP secrets and login counters can never reach a client, whatever a query selects.
 */
import { z } from 'zod';

export const userResponse = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  locale: z.enum(['it', 'en']),
  isActive: z.boolean(),
  hasPassword: z.boolean(),
  totpEnabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  memberships: z.array(
    z.object({ organisationId: z.string(), organisationCode: z.string(), organisationName: z.string(), roleId: z.string(), roleKey: z.string() }),
  ),
});

export const roleResponse = z.object({
  id: z.string(),
  key: z.string(),
  nameIt: z.string(),
  nameEn: z.string(),
  description: z.string().nullable(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
  holders: z.number().int(),
});

export const permissionsResponse = z.object({
  items: z.array(z.object({ key: z.string(), personalData: z.boolean() })),
});
