/**
 * Access matrix rows of monitoring (see matrix.ts). The observatory view needs stats.aggregate
 * (coordinator, observatory analyst); the coordinator dashboard also needs cases.read (coordinator
 * only). Both are network-level boards whose existence is not secret: 403 for everyone else. What
 * the observatory answer holds (no person-level field, no small cell) is checked in
 * tests/monitoring/monitoring.db.test.ts.
 */
import type { BuiltinRoleKey } from '../../src/domain/permissions.ts';
import type { EndpointCase } from './matrix.ts';

const aggregate = ['coordinator', 'observatory_analyst'] as const satisfies readonly BuiltinRoleKey[];
const coordinators = ['coordinator'] as const satisfies readonly BuiltinRoleKey[];

export const monitoringEndpoints: readonly EndpointCase[] = [
  {
    method: 'GET', route: '/api/monitoring/observatory', path: (f) => `/api/monitoring/observatory?from=2024-01-01&to=2024-12-31&project=${f.projectId}`,
    allowed: aggregate, denied: 403, deniedAction: 'monitoring.read',
  },
  {
    method: 'GET', route: '/api/monitoring/dashboard', path: () => '/api/monitoring/dashboard?province=001',
    allowed: coordinators, denied: 403, deniedAction: 'monitoring.read',
  },
];
