/** Every feature registers its routes here, in one place. */
import type { PonteApp } from '../app.ts';
import { networkRoutes } from './network/routes.ts';
import { adminRoutes } from './admin/routes.ts';

export async function featureRoutes(app: PonteApp): Promise<void> {
  await networkRoutes(app);
  await adminRoutes(app);
}
