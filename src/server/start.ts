/**
 * Opens the database, applies migrations, seeds what Ponte needs, and builds the app.
 * Used by `ponte serve`, `ponte demo`, the tests and the benchmark.
 */
import { startFeedbackRetention } from './features/public/feedback.ts';
import type { Config } from './platform/config.ts';
import { assertAppRole, openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { systemSeedBuiltinRoles } from './platform/bootstrap.ts';
import { buildApp, type PonteApp } from './app.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { startAuditSealer, type AuditSealer } from './platform/audit-chain.ts';
import { startReferralDeadlines } from './features/referrals/service.ts';
import { startProcedureWarner, systemSeedBuiltinProcedures } from './features/procedures/runs.ts';
import { startPermitReminders } from './features/permits/reminders.ts';
import { smtpTransport, startMailSender } from './features/mail/sender.ts';
import { systemSealClearColumns } from './features/case-records/seal-clear.ts';
import { startRegistrationRetention } from './features/events/retention.ts';
import { startEventMailSender } from './features/events/mail.ts';
import { setActiveJobRunner, startJobRunner } from './platform/jobs.ts';

export async function openAndMigrate(options: {
  config: Config;
  onProgress?: (message: string) => void;
}): Promise<Database> {
  const database = await openDatabase({ url: options.config.DATABASE_URL, dataDir: options.config.PONTE_DATA_DIR });
  try {
    await migrate({ database, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    await systemSeedBuiltinRoles({ db: database.db });
    await systemSeedBuiltinProcedures({ db: database.db });
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}

export async function startServer(options: {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: boolean;
}): Promise<{ app: PonteApp; url: string; sealer: AuditSealer; stop(): Promise<void> }> {
  await assertAppRole(options.database);
  const app = await buildApp(options);
  // Values stored in clear before migration 0029 (documents' hashes, providers' names) are sealed (idempotent).
  await systemSealClearColumns({ db: options.database.db, cipher: app.services.cipher });
  // The audit sealer links new audit entries into the hash chain in the background.
  const sealer = startAuditSealer({
    db: options.database.db,
    intervalMs: options.config.PONTE_AUDIT_SEAL_INTERVAL_MS,
    batchSize: options.config.PONTE_AUDIT_SEAL_BATCH,
    onError: (err) => app.log.error({ err }, 'audit sealing failed'),
    onSealed: (r) => app.log.debug({ sealed: r.sealed, position: r.head?.position }, 'audit entries sealed'),
  });
  // Referral deadlines: expiry of unanswered referrals and the warning before it, once a minute.
  const deadlines = startReferralDeadlines({
    db: options.database.db,
    clock: options.clock ?? systemClock,
    intervalMs: 60_000,
    onError: (err) => app.log.error({ err }, 'referral deadlines failed'),
  });
  // Procedure deadlines: warn the acting bodies when a step is due soon and when it is overdue.
  const warner = startProcedureWarner({
    db: options.database.db,
    clock: options.clock ?? systemClock,
    intervalMs: options.config.PONTE_PROCEDURE_WARN_INTERVAL_MS,
    onError: (err) => app.log.error({ err }, 'procedure deadline warnings failed'),
  });
  // Residence-permit renewal and expiry reminders, minors' 18th-birthday alerts.
  const reminders = options.config.PONTE_PERMIT_REMINDER_INTERVAL_MINUTES > 0
    ? startPermitReminders({
      db: options.database.db,
      cipher: app.services.cipher,
      clock: app.services.clock,
      intervalMs: options.config.PONTE_PERMIT_REMINDER_INTERVAL_MINUTES * 60_000,
      windowDays: options.config.PONTE_PERMIT_RENEWAL_WINDOW_DAYS,
      onError: (err) => app.log.error({ err }, 'permit reminders failed'),
      onDone: (r) => app.log.debug(r, 'permit reminders run'),
    })
    : undefined;
  // Visitors' feedback on the public pages is deleted after its retention (checked every 6 hours).
  const feedbackRetention = startFeedbackRetention({
    db: options.database.db,
    clock: options.clock ?? systemClock,
    intervalMs: 6 * 3_600_000,
    onError: (err) => app.log.error({ err }, 'feedback retention failed'),
  });
  // E-mail notifications: the outbox is sent only when an SMTP server is configured.
  const mail = options.config.PONTE_SMTP_URL
    ? startMailSender({
      db: options.database.db,
      clock: options.clock ?? systemClock,
      transport: smtpTransport(options.config.PONTE_SMTP_URL),
      settings: { from: options.config.PONTE_MAIL_FROM, publicUrl: options.config.PONTE_PUBLIC_URL },
      intervalMs: options.config.PONTE_MAIL_INTERVAL_MS,
      onError: (err) => app.log.error({ err }, 'sending e-mail failed'),
    })
    : undefined;
  // Event registrations are deleted after their retention (checked every 6 hours); event mail to registrants.
  const eventRetention = startRegistrationRetention({
    db: options.database.db,
    clock: options.clock ?? systemClock,
    intervalMs: 6 * 3_600_000,
    onError: (err) => app.log.error({ err }, 'event registration retention failed'),
  });
  const eventMail = options.config.PONTE_SMTP_URL
    ? startEventMailSender({
      db: options.database.db,
      cipher: app.services.cipher,
      blindIndex: (o) => app.services.blindIndex(o),
      clock: options.clock ?? systemClock,
      transport: smtpTransport(options.config.PONTE_SMTP_URL),
      settings: { from: options.config.PONTE_MAIL_FROM, publicUrl: options.config.PONTE_PUBLIC_URL },
      intervalMs: options.config.PONTE_MAIL_INTERVAL_MS,
      onError: (err) => app.log.error({ err }, 'sending event e-mail failed'),
    })
    : undefined;
  // Background jobs (reports): one at a time; jobs left running by a previous process fail, queued ones resume.
  const jobs = startJobRunner({
    db: options.database.db,
    clock: options.clock ?? systemClock,
    intervalMs: options.config.PONTE_JOB_POLL_MS,
    expiresAfterMs: options.config.PONTE_JOB_RESULT_HOURS * 3_600_000,
    onError: (err, job) => app.log.error({ err, job: job?.id, kind: job?.kind }, 'background job failed'),
  });
  setActiveJobRunner(jobs);
  app.addHook('onClose', async () => {
    setActiveJobRunner(undefined);
    await jobs.stop();
    await eventRetention.stop();
    await eventMail?.stop();
    await feedbackRetention.stop();
    await mail?.stop();
    await deadlines.stop();
    await warner.stop();
    await reminders?.stop();
    await sealer.stop();
  });
  let address: string;
  try {
    address = await app.listen({ host: options.config.HOST, port: options.config.PORT });
  } catch (e) {
    setActiveJobRunner(undefined);
    await jobs.stop();
    await feedbackRetention.stop();
    await eventRetention.stop();
    await eventMail?.stop();
    await deadlines.stop();
    await warner.stop();
    await reminders?.stop();
    await sealer.stop();
    await mail?.stop();
    throw e;
  }
  return {
    app,
    url: address,
    sealer,
    async stop() {
      await app.close();
    },
  };
}
