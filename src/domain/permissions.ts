/**
 * Permissions are data: a typed list of permission keys, and built-in roles as sets of them.
 * Administrators may edit roles in the database; these are the defaults seeded by Ponte and the
 * source of truth for tests. Pure: imported by server and web.
 */

export const permissions = [
  // network administration
  'network.read', // see organisations and projects of the network
  'network.manage', // create and edit organisations and projects
  'users.manage', // create, edit, disable users and memberships
  'roles.manage', // edit roles and their permissions
  'audit.read', // search the audit trail, see who accessed a record
  // personal data (used by the capability issues)
  'persons.read',
  'persons.write',
  'cases.read',
  'cases.write',
  'cases.approve',
  'screening.write',
  'referrals.send',
  'referrals.receive',
  'referrals.override_consent',
  'outreach.write',
  'hotline.write',
  'accommodation.manage',
  'accommodation.address',
  'permits.write',
  'criminal.read',
  'inclusion.write',
  'budget.read',
  'budget.write',
  'procedures.manage',
  'events.manage',
  'public.edit',
  'forum.post',
  'forum.answer',
  // anonymised figures only
  'stats.aggregate',
  'reports.generate',
  'exports.personal', // HTCDS record export of persons and cases, as an encrypted file
] as const;

export type Permission = (typeof permissions)[number];

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

/**
 * Permissions that give access to personal data (of persons helped, of staff, of event
 * registrants). A role holding any of them requires two-factor verification.
 */
export const personalDataPermissions = [
  'users.manage',
  'roles.manage',
  'audit.read',
  'persons.read',
  'persons.write',
  'cases.read',
  'cases.write',
  'cases.approve',
  'screening.write',
  'referrals.send',
  'referrals.receive',
  'outreach.write',
  'hotline.write',
  'accommodation.manage',
  'accommodation.address',
  'permits.write',
  'criminal.read',
  'inclusion.write',
  'events.manage',
  'exports.personal',
] as const satisfies readonly Permission[];

export function roleNeedsMfa(granted: Iterable<string>): boolean {
  const set = new Set(granted);
  return personalDataPermissions.some((p) => set.has(p));
}

export interface BuiltinRole {
  key: string;
  name: { it: string; en: string };
  description: string;
  permissions: readonly Permission[];
}

const staffBase = ['network.read', 'forum.post'] as const satisfies readonly Permission[];

export const builtinRoles = [
  {
    key: 'system_admin',
    name: { it: 'Amministratore di sistema', en: 'System administrator' },
    description: 'Organisations, users, roles, reference data, retention, audit review.',
    permissions: ['network.read', 'network.manage', 'users.manage', 'roles.manage', 'audit.read', 'procedures.manage'],
  },
  {
    key: 'coordinator',
    name: { it: 'Coordinatore di progetto', en: 'Project coordinator' },
    description: 'Lead body: network view, capacity, referrals, deadlines, budget, approvals, reports.',
    permissions: [
      ...staffBase, 'persons.read', 'cases.read', 'cases.approve', 'referrals.send', 'referrals.receive', 'referrals.override_consent',
      'accommodation.address', 'budget.read', 'budget.write', 'stats.aggregate', 'reports.generate',
      'procedures.manage', 'forum.answer', 'audit.read',
      'exports.personal',
    ],
  },
  {
    key: 'case_worker',
    name: { it: 'Operatore di presa in carico', en: 'Case worker' },
    description: 'Identification interviews, individual plan, services, housing, permits, training, work.',
    permissions: [
      ...staffBase, 'persons.read', 'persons.write', 'cases.read', 'cases.write', 'screening.write',
      'referrals.send', 'referrals.receive', 'permits.write', 'criminal.read', 'inclusion.write', 'budget.read',
    ],
  },
  {
    key: 'outreach_worker',
    name: { it: 'Operatore di unità di strada', en: 'Outreach worker' },
    description: 'Outings and contacts, mostly anonymous; flags possible victims.',
    permissions: [...staffBase, 'outreach.write', 'persons.read', 'screening.write'],
  },
  {
    key: 'desk_worker',
    name: { it: 'Operatore di sportello', en: 'Desk worker' },
    description: 'First interviews, orientation and legal advice at desks; opens emersion paths.',
    permissions: [...staffBase, 'outreach.write', 'persons.read', 'persons.write', 'cases.read', 'screening.write', 'referrals.send'],
  },
  {
    key: 'hotline_operator',
    name: { it: 'Operatore del Numero Verde', en: 'Hotline operator' },
    description: 'Logs calls and routes each report to the competent project.',
    permissions: [...staffBase, 'hotline.write', 'referrals.send'],
  },
  {
    key: 'specialist',
    name: { it: 'Mediatore, psicologo o legale', en: 'Mediator, psychologist or lawyer' },
    description: 'Contributes notes and services to the cases they are assigned to.',
    permissions: [...staffBase, 'persons.read', 'cases.read'],
  },
  {
    key: 'shelter_coordinator',
    name: { it: 'Coordinatore di struttura', en: 'Shelter coordinator' },
    description: 'Beds and placements in escape houses, residential and semi-autonomy flats.',
    permissions: [...staffBase, 'persons.read', 'accommodation.manage', 'accommodation.address'],
  },
  {
    key: 'agency_liaison',
    name: { it: 'Referente di ente esterno', en: 'External agency liaison' },
    description: 'Sends and receives referrals; sees only what was shared with their agency.',
    permissions: [...staffBase, 'referrals.send', 'referrals.receive'],
  },
  {
    key: 'observatory_analyst',
    name: { it: "Analista dell'osservatorio", en: 'Observatory analyst' },
    description: 'Aggregated, anonymised statistics and reports only (small cells hidden).',
    permissions: ['network.read', 'stats.aggregate', 'forum.answer', 'reports.generate'],
  },
  {
    key: 'trainer',
    name: { it: 'Formatore / staff eventi', en: 'Trainer / events staff' },
    description: 'Seminars and webinars, registration, attendance, credits; public pages.',
    permissions: [...staffBase, 'events.manage', 'public.edit'],
  },
] as const satisfies readonly BuiltinRole[];

export type BuiltinRoleKey = (typeof builtinRoles)[number]['key'];

export function builtinRole(key: BuiltinRoleKey): BuiltinRole {
  const role = builtinRoles.find((r) => r.key === key);
  if (!role) throw new Error(`unknown built-in role ${key}`);
  return role;
}
