/**
 * The case path: phases, closure reasons, the transition table and its validation, the HTCDS
 * case status, and the age helpers (minors, birth-date checks). Pure: imported by server and web.
 */
export * from './phases.ts';
export * from './transitions.ts';
export * from './age.ts';
export * from './age-band.ts';
