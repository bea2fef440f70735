export * from './definition.ts';
export * from './builtin.ts';
export * from './sla.ts';
