/**
 * Retention of the registrants' data: registrations (with their mail) are deleted once their
 * `delete_after` date (the event's end plus PONTE_EVENT_RETENTION_DAYS) has passed. System work:
 * the retention job and tests.
 */
import { startEvery } from '../../platform/periodic.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { writeAudit } from '../../platform/audit.ts';
import { italianToday } from '../../../domain/case-records.ts';

export async function systemPurgeRegistrations(options: { db: Kysely<DB>; now: Date }): Promise<number> {
  return options.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('event_registrations').where('delete_after', '<', italianToday(options.now)).returning('id').execute();
    if (gone.length > 0) {
      await writeAudit({
        db: trx,
        context: { userId: null, orgId: null, ip: null, requestId: null },
        entry: { action: 'event_registration.purge', outcome: 'success', recordType: 'event_registration', details: { count: gone.length } },
      });
    }
    return gone.length;
  });
}

/** Runs the purge now and then every `intervalMs` (unref'd timer). */
export function startRegistrationRetention(options: { db: Kysely<DB>; clock: { now(): Date }; intervalMs: number; onError(err: unknown): void }): { stop(): Promise<void> } {
  return startEvery({ intervalMs: options.intervalMs, onError: (err) => options.onError(err), task: () => systemPurgeRegistrations({ db: options.db, now: options.clock.now() }) });
}
