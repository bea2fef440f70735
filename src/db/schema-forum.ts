/**
 * Table types added by migration 0023_forum.sql. The main DB interface (schema.ts) extends ForumDB,
 * so each capability keeps its tables in its own file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ForumDB {}
