/**
 * Access matrix rows of the exports (see matrix.ts). The HTCDS record export carries personal
 * data: exports.personal with persons.read and cases.read (the coordinator), 404 for everyone
 * else. The CTDC export is anonymised and its existence is not secret: stats.aggregate
 * (coordinator, observatory analyst), 403 for everyone else. What the files hold is checked in
 * tests/exports/exports.db.test.ts.
 */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase } from './matrix.ts';

const personal = ['coordinator'] as const satisfies readonly BuiltinRoleKey[];
const aggregate = ['coordinator', 'observatory_analyst'] as const satisfies readonly BuiltinRoleKey[];

export const exportEndpoints: readonly EndpointCase[] = [
  {
    method: 'POST', route: '/api/exports/htcds', path: () => '/api/exports/htcds',
    body: () => ({ format: 'csv', password: 'a long enough password' }),
    allowed: personal, denied: 404, deniedAction: 'export.htcds',
  },
  { method: 'GET', route: '/api/exports/ctdc', path: () => '/api/exports/ctdc?from=2024&to=2024', allowed: aggregate, denied: 403, deniedAction: 'export.ctdc' },
];
