/**
 * Table types added by migration 0024_feedback.sql. The main DB interface (schema.ts) extends
 * FeedbackDB, so each capability keeps its tables in its own file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FeedbackDB {}
