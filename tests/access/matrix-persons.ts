/** Access matrix rows of persons, duplicates and merges (see matrix.ts). */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase } from './matrix.ts';

/** Roles holding persons.read / persons.write (src/domain/permissions.ts). */
const personReaders = ['coordinator', 'case_worker', 'outreach_worker', 'desk_worker', 'specialist', 'shelter_coordinator'] as const satisfies readonly BuiltinRoleKey[];
const personWriters = ['case_worker', 'desk_worker'] as const satisfies readonly BuiltinRoleKey[];

export const personEndpoints: readonly EndpointCase[] = [
  // --- persons registry (rows of the persons feature first) --------------------------------
  { method: 'GET', route: '/api/reference/countries', path: () => '/api/reference/countries', allowed: 'any', denied: 404 },
  { method: 'GET', route: '/api/reference/languages', path: () => '/api/reference/languages', allowed: 'any', denied: 404 },
  { method: 'GET', route: '/api/persons', path: () => '/api/persons?q=Amina', allowed: personReaders, denied: 404, deniedAction: 'person.search' },
  {
    method: 'POST', route: '/api/persons', path: () => '/api/persons',
    body: (f) => ({ names: [{ kind: 'primary', given: 'Selam', family: `Prova ${f.unique()}` }], birth: { estimatedYear: 1999 }, citizenships: ['ER'], languages: ['tir'] }),
    allowed: personWriters, denied: 404, deniedAction: 'person.create',
  },
  { method: 'GET', route: '/api/persons/:id', path: async (f) => `/api/persons/${await f.newPerson()}`, allowed: personReaders, denied: 404, deniedAction: 'person.read' },
  {
    method: 'PATCH', route: '/api/persons/:id', path: async (f) => `/api/persons/${await f.newPerson()}`,
    body: (f) => ({ version: 1, notes: `Nota ${f.unique()}` }),
    allowed: personWriters, denied: 404, deniedAction: 'person.update',
  },
];
