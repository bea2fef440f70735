export * from './values.ts';
export * from './routing.ts';
