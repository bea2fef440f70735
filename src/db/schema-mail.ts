/**
 * Table types added by migration 0020_mail.sql. The main DB interface (schema.ts) extends MailDB,
 * so each capability keeps its tables in its own file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MailDB {}
