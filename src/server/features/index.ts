/** Every feature registers its routes here, in one place. */
import type { PonteApp } from '../app.ts';

export async function featureRoutes(app: PonteApp): Promise<void> {
  await Promise.resolve(app);
}
