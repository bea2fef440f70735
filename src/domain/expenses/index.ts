/** Economic support and budget: categories and exact money arithmetic (pure, shared by server and web). */
export * from './money.ts';
export * from './categories.ts';
export * from './spending.ts';
