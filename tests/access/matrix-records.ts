/** Access matrix rows of plan, services, notes, documents, tasks and consents (see matrix.ts). */
import type { EndpointCase } from './matrix.ts';

export const recordEndpoints: readonly EndpointCase[] = [];
