/** Access matrix rows of residence permits, legal status and criminal proceedings (see matrix.ts). */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/**
 * Every row acts on a fresh case of the matrix organisation with no case worker and no team:
 * readers see every case of their organisation (cases.read with cases.write or cases.approve);
 * permit writers hold permits.write; criminal proceedings need criminal.read (and cases.write to
 * write). Everyone else gets 404.
 */
const readers = ['coordinator', 'case_worker'] as const satisfies readonly BuiltinRoleKey[];
const permitWriters = ['case_worker'] as const satisfies readonly BuiltinRoleKey[];
const criminalRoles = ['case_worker'] as const satisfies readonly BuiltinRoleKey[];

/** A prepared art. 18 permit on a fresh case of the matrix organisation. */
async function newPermit(f: MatrixFixtures): Promise<string> {
  const caseId = await f.newCase();
  const c = await f.db.selectFrom('cases').select(['person_id', 'org_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const r = await f.db
    .insertInto('permits')
    .values({ case_id: caseId, person_id: c.person_id, org_id: c.org_id, permit_type: 'art18_social', proposer_kind: 'social_services', status: 'prepared', requested_on: '2025-11-03' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await f.db.insertInto('permit_events').values({ permit_id: r.id, from_status: null, to_status: 'prepared', step_on: '2025-11-03' }).execute();
  return r.id;
}

export const permitEndpoints: readonly EndpointCase[] = [
  { method: 'GET', route: '/api/cases/:id/permits', path: async (f) => `/api/cases/${await f.newCase()}/permits`, allowed: readers, denied: 404, deniedAction: 'permit.list' },
  {
    method: 'POST', route: '/api/cases/:id/permits', path: async (f) => `/api/cases/${await f.newCase()}/permits`,
    body: (f) => ({ type: 'art18_judicial', proposerKind: 'prosecutor', proposerOrganisationId: f.otherOrgId, requestedOn: '2025-12-01', permitNumber: 'RIC-00017' }),
    allowed: permitWriters, denied: 404, deniedAction: 'permit.write',
  },
  { method: 'GET', route: '/api/permits/:id', path: async (f) => `/api/permits/${await newPermit(f)}`, allowed: readers, denied: 404, deniedAction: 'permit.read' },
  {
    method: 'PATCH', route: '/api/permits/:id', path: async (f) => `/api/permits/${await newPermit(f)}`,
    body: () => ({ version: 1, note: 'Appuntamento in Questura fissato' }),
    allowed: permitWriters, denied: 404, deniedAction: 'permit.write',
  },
  {
    method: 'POST', route: '/api/permits/:id/steps', path: async (f) => `/api/permits/${await newPermit(f)}/steps`,
    body: () => ({ version: 1, to: 'submitted', on: '2025-11-20' }),
    allowed: permitWriters, denied: 404, deniedAction: 'permit.write',
  },
  {
    method: 'GET', route: '/api/persons/:id/legal-status',
    path: async (f) => {
      const personId = await f.newPerson();
      await f.newCase({ personId });
      return `/api/persons/${personId}/legal-status`;
    },
    allowed: readers, denied: 404, deniedAction: 'legal_status.read',
  },
  { method: 'GET', route: '/api/cases/:id/criminal-proceedings', path: async (f) => `/api/cases/${await f.newCase()}/criminal-proceedings`, allowed: criminalRoles, denied: 404, deniedAction: 'criminal.read' },
  {
    method: 'PUT', route: '/api/cases/:id/criminal-proceedings', path: async (f) => `/api/cases/${await f.newCase()}/criminal-proceedings`,
    body: (f) => ({ version: 0, complaintFiled: true, complaintOn: '2025-10-01', prosecutorOrganisationId: f.otherOrgId, personRole: 'witness' }),
    allowed: criminalRoles, denied: 404, deniedAction: 'criminal.write',
  },
  {
    method: 'POST', route: '/api/cases/:id/criminal-proceedings/hearings', path: async (f) => `/api/cases/${await f.newCase()}/criminal-proceedings/hearings`,
    body: () => ({ heldOn: '2025-11-15', kind: 'preliminary' }),
    allowed: criminalRoles, denied: 404, deniedAction: 'criminal.write',
  },
  { method: 'GET', route: '/api/cases/:id/minor', path: async (f) => `/api/cases/${await f.newCase()}/minor`, allowed: readers, denied: 404, deniedAction: 'minor.read' },
  {
    method: 'PUT', route: '/api/cases/:id/minor', path: async (f) => `/api/cases/${await f.newCase()}/minor`,
    body: () => ({ ageAssessmentOutcome: 'inconclusive', ageAssessmentOutcomeOn: '2025-09-10', continuesPast18: true, continuesUntil: '2028-03-01' }),
    allowed: ['case_worker'], denied: 404, deniedAction: 'minor.write',
  },
];
