/**
 * Outreach: outings of street, indoor, drop-in and desk units, the contacts they make (counted,
 * and individual ones known only by a nickname), desks and their sessions, named zones. Pure:
 * the value lists, the limits and the zod schemas of the records, shared by the server, the
 * online pages and the offline field app (docs/outreach-sync.md). No node imports here.
 */
export * from './lists.ts';
export * from './messages.ts';
export * from './schemas.ts';
export * from './to-person.ts';
