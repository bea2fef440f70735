/** Access matrix rows of persons, duplicates and merges (see matrix.ts). */
import type { EndpointCase } from './matrix.ts';

export const personEndpoints: readonly EndpointCase[] = [];
