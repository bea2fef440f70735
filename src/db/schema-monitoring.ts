/**
 * Table types added by migration 0021_monitoring.sql. The main DB interface (schema.ts) extends MonitoringDB,
 * so each capability keeps its tables in its own file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MonitoringDB {}
