/** Monitoring: the indicator registry and small-cell protection (see README.md here). Pure. */
export * from './indicators.ts';
export * from './suppression.ts';
