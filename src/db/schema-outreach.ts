/**
 * Table types added by migration 0019_outreach.sql. The main DB interface (schema.ts) extends OutreachDB,
 * so each capability keeps its tables in its own file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OutreachDB {}
