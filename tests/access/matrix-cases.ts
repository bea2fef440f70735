/** Access matrix rows of cases, transitions, approvals, screenings and notifications (see matrix.ts). */
import type { EndpointCase } from './matrix.ts';

export const caseEndpoints: readonly EndpointCase[] = [];
