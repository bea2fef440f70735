export * from './status.ts';
export * from './reasons.ts';
export * from './share-set.ts';
export * from './deadlines.ts';
