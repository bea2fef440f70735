/** Request and response schemas of the auth and profile endpoints (the API contract's source). */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../platform/auth/password.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';

export const emailField = z.string().trim().min(3).max(254);
export const totpCode = z.string().regex(/^\d{6}$/, '6 digits');
export const recoveryCode = z.string().min(8).max(64);
/** Endpoints documented with body `{}` also accept no body. */
export const emptyBody = z.strictObject({}).nullish();

export const loginBody = z.strictObject({
  email: emailField,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export const mfaVerifyBody = z.union([z.strictObject({ code: totpCode }), z.strictObject({ recoveryCode })]);

export const codeBody = z.strictObject({ code: totpCode });

/**
 * POST /api/auth/mfa/setup: `{}` the first time; replacing a confirmed authenticator needs a
 * current code from it or the current password (one of them).
 */
export const setupBody = z
  .strictObject({ code: totpCode.optional(), password: z.string().min(1).max(PASSWORD_MAX_LENGTH).optional() })
  .refine((b) => b.code === undefined || b.password === undefined, { message: issueMessages.codeOrPassword.en, path: ['password'] })
  .nullish();

export const profileBody = z.strictObject({
  locale: z.enum(['it', 'en']).optional(),
  displayName: z.string().trim().min(1).max(200).optional(),
});

export const organisationBody = z.strictObject({ organisationId: z.uuid() });

export const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
});

export const sessionParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/) });

export const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), locale: z.enum(['it', 'en']), totpEnabled: z.boolean() }),
  organisation: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  role: z.object({ key: z.string(), nameIt: z.string(), nameEn: z.string() }).nullable(),
  permissions: z.array(z.string()),
  memberships: z.array(z.object({ organisationId: z.string(), organisationCode: z.string(), organisationName: z.string(), roleKey: z.string() })),
  mfa: z.object({ required: z.boolean(), verified: z.boolean() }),
  csrfToken: z.string(),
});

export const loginResponse = z.object({ csrfToken: z.string(), mfa: z.enum(['not_needed', 'required', 'setup_required']), me: meSchema });
export const meResponse = z.object({ me: meSchema });
export const setupResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const confirmResponse = z.object({ recoveryCodes: z.array(z.string()), me: meSchema });
export const recoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });
export const sessionsResponse = z.object({
  items: z.array(
    z.object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(), current: z.boolean() }),
  ),
});
