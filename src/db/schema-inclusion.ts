/**
 * Table types added by migration 0017_inclusion.sql. The main DB interface (schema.ts) extends InclusionDB,
 * so each capability keeps its tables in its own file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InclusionDB {}
