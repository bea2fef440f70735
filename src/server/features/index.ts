/** Every feature registers its routes here, in one place. */
import type { PonteApp } from '../app.ts';
import { authRoutes } from './auth/routes.ts';
import { meRoutes } from './me/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { networkRoutes } from './network/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { caseRecordRoutes } from './case-records/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import { screeningRoutes } from './screening/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { personRoutes } from './persons/routes.ts';
import { duplicatesRoutes } from './duplicates/routes.ts';
import { transferRoutes } from './transfers/routes.ts';
import { referralRoutes } from './referrals/routes.ts';
import { hotlineRoutes } from './hotline/routes.ts';
import { publicRoutes } from './public/routes.ts';
import { procedureRoutes } from './procedures/routes.ts';
import { accommodationRoutes } from './accommodation/routes.ts';
import { permitRoutes } from './permits/routes.ts';
import { monitoringRoutes } from './monitoring/routes.ts';
// Encrypted columns are registered at load, so that `ponte keys rotate` sees them all.
import './persons/encrypted.ts';
import './cases/encrypted.ts';
import './case-records/encrypted.ts';
import './transfers/encrypted.ts';
import './referrals/encrypted.ts';
import './hotline/encrypted.ts';
import './procedures/encrypted.ts';
import './accommodation/encrypted.ts';
import './permits/encrypted.ts';

export async function featureRoutes(app: PonteApp): Promise<void> {
  await authRoutes(app);
  await meRoutes(app);
  await auditRoutes(app);
  await networkRoutes(app);
  await adminRoutes(app);
  await caseRecordRoutes(app);
  await caseRoutes(app);
  await screeningRoutes(app);
  await notificationRoutes(app);
  await personRoutes(app);
  await duplicatesRoutes(app);
  await transferRoutes(app);
  await referralRoutes(app);
  await hotlineRoutes(app);
  await publicRoutes(app);
  await procedureRoutes(app);
  await accommodationRoutes(app);
  await permitRoutes(app);
  await monitoringRoutes(app);
}
