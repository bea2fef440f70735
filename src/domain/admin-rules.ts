/**
 * Who may grant what: the rules that keep user and role administration from being a way to gain
 * permissions. Pure: the admin service reads the data and asks these functions.
 *
 * - Nobody may grant what they do not hold: a role given to a user (new user, memberships) and the
 *   permission set of a role created or edited must be a subset of the caller's permissions.
 * - Nobody may change their own memberships or edit a role they hold.
 * - Only a caller who holds every permission of every role a user holds may disable that user or
 *   change their memberships or profile.
 *
 * The root of trust is the full administrator: a caller holding every network administration
 * permission (what the built-in system_admin holds) may grant every permission, including the
 * personal-data permissions no administrator holds themselves (system administrators create the
 * case workers' accounts without reading cases). Nobody can become a full administrator except
 * through another one, since the administration permissions can only be granted by their holders.
 */
import { type Permission } from './permissions.ts';

/** The permissions that together make a full administrator (the network administration group). */
export const administrationPermissions = [
  'network.read',
  'network.manage',
  'users.manage',
  'roles.manage',
  'audit.read',
] as const satisfies readonly Permission[];

export function isFullAdministrator(held: Iterable<string>): boolean {
  const set = new Set(held);
  return administrationPermissions.every((p) => set.has(p));
}

/** The permissions of `wanted` the caller may not grant (none for a full administrator), sorted. */
export function ungrantable(options: { held: Iterable<string>; wanted: Iterable<string> }): string[] {
  const set = new Set(options.held);
  if (isFullAdministrator(set)) return [];
  return [...new Set(options.wanted)].filter((p) => !set.has(p)).sort();
}

export type AdminRefusal =
  /** The caller would grant permissions they do not hold. */
  | { reason: 'grants_unheld'; missing: string[] }
  /** The target user holds permissions the caller does not. */
  | { reason: 'target_outranks'; missing: string[] }
  | { reason: 'own_memberships' }
  | { reason: 'own_role' };

/** Giving roles to a user (a new user, or a new membership list): each role within the caller's grant. */
export function checkAssignRoles(options: { held: Iterable<string>; roles: ReadonlyArray<{ permissions: readonly string[] }> }): AdminRefusal | null {
  const missing = ungrantable({ held: options.held, wanted: options.roles.flatMap((r) => r.permissions) });
  return missing.length > 0 ? { reason: 'grants_unheld', missing } : null;
}

/**
 * Changing an existing user: `change` 'memberships' (replacing them: the new roles are checked
 * with checkAssignRoles) or 'profile' (display name, language, enabling or disabling).
 * `targetPermissions`: every permission of every role the user holds, in any organisation.
 */
export function checkManageUser(options: {
  held: Iterable<string>;
  callerId: string;
  targetId: string;
  targetPermissions: Iterable<string>;
  change: 'memberships' | 'profile';
}): AdminRefusal | null {
  if (options.change === 'memberships' && options.callerId === options.targetId) return { reason: 'own_memberships' };
  const missing = ungrantable({ held: options.held, wanted: options.targetPermissions });
  return missing.length > 0 ? { reason: 'target_outranks', missing } : null;
}

/**
 * Creating a role (`callerHoldsRole` false) or editing one: the caller may not edit a role they
 * hold, and the resulting permission set must be within the caller's grant.
 */
export function checkRoleWrite(options: { held: Iterable<string>; resulting: readonly string[]; callerHoldsRole: boolean }): AdminRefusal | null {
  if (options.callerHoldsRole) return { reason: 'own_role' };
  const missing = ungrantable({ held: options.held, wanted: options.resulting });
  return missing.length > 0 ? { reason: 'grants_unheld', missing } : null;
}

/** The message shown to the caller, in Italian and English. Permission keys are not secret. */
export function refusalMessage(refusal: AdminRefusal): { it: string; en: string } {
  switch (refusal.reason) {
    case 'grants_unheld':
      return {
        it: `Non puoi concedere permessi che non hai: ${refusal.missing.join(', ')}.`,
        en: `You cannot grant permissions you do not hold: ${refusal.missing.join(', ')}.`,
      };
    case 'target_outranks':
      return {
        it: `Non puoi gestire un utente che ha permessi che tu non hai: ${refusal.missing.join(', ')}.`,
        en: `You cannot manage a user who holds permissions you do not hold: ${refusal.missing.join(', ')}.`,
      };
    case 'own_memberships':
      return { it: 'Non puoi modificare i tuoi stessi ruoli: chiedilo a un altro amministratore.', en: 'You cannot change your own memberships: ask another administrator.' };
    case 'own_role':
      return { it: 'Non puoi modificare un ruolo che ricopri: chiedilo a un altro amministratore.', en: 'You cannot edit a role you hold: ask another administrator.' };
  }
}
