export * from './holidays.ts';
export * from './deadlines.ts';
