/** The person record (shared schema) and the pseudonymous person and case codes. */
export * from './schema.ts';
export * from './codes.ts';
