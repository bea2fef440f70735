/** Every feature registers its routes here, in one place. */
import type { PonteApp } from '../app.ts';
import { auditRoutes } from './audit/routes.ts';

export async function featureRoutes(app: PonteApp): Promise<void> {
  await auditRoutes(app);
}
