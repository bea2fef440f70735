/**
 * Background work of the permits feature (system work: no user, no scope, audited as the system):
 *
 * - a permit in force (issued or renewed) entering the renewal window gets a case task for the
 *   case worker and a notification, once per expiry date;
 * - a permit in force whose expiry date has passed moves to `expired` (a step by Ponte itself,
 *   in the permit's history) and gets a task and a notification, once;
 * - a minor's case worker gets a task and a notification 30 days before the 18th birthday and on
 *   it, once each. The birth date is inside the encrypted identity: it is decrypted here, and each
 *   reading is audited as system work (`person.read`, field `birth`).
 *
 * Every claim is a conditional UPDATE in the transaction that makes the task, so two runs at once
 * (two server processes) still remind once. Tasks name no person: the case code is enough.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { writeAudit, type AuditContext, type AuditEntry } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { startEvery } from '../../platform/periodic.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { isMinor } from '../../../domain/cases/age.ts';
import { defaultRenewalWindowDays, majorityWarningDays, permitTypes, type PermitType } from '../../../domain/permits/index.ts';
import { readStoredIdentity } from '../persons/identity.ts';
import { notify } from '../notifications/queries.ts';

type Tx = Transaction<DB>;

export interface ReminderResult {
  renewalReminders: number;
  expired: number;
  majorityWarnings: number;
  majorityAlerts: number;
}

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

const systemContext = (orgId: string | null): AuditContext => ({ userId: null, orgId, ip: null, requestId: 'system:permit-reminders' });

async function audit(tx: Tx, orgId: string | null, entry: AuditEntry): Promise<void> {
  await writeAudit({ db: tx, context: systemContext(orgId), entry });
}

/** A task on the case for `assignee`, with its title encrypted and bound to its row; and a notification naming the record. */
async function taskAndNotice(
  tx: Tx,
  cipher: FieldCipher,
  options: { caseId: string; orgId: string; assigneeId: string | null; title: string; dueOn: string; now: Date; kind: string; recordType: string; recordId: string },
): Promise<string | null> {
  if (!options.assigneeId) return null;
  const id = randomUUID();
  const titleEnc = await cipher.encrypt({ plaintext: options.title, aad: fieldAad({ table: 'case_tasks', column: 'title_enc', rowId: id }), db: tx });
  await tx.insertInto('case_tasks').values({ id, case_id: options.caseId, title_enc: titleEnc, assignee_id: options.assigneeId, due_on: options.dueOn, created_by: null, created_at: options.now, updated_at: options.now }).execute();
  await notify(tx, { userIds: [options.assigneeId], kind: options.kind, recordType: options.recordType, recordId: options.recordId, now: options.now });
  await audit(tx, options.orgId, { action: 'task.write', outcome: 'success', recordType: 'case_task', recordId: id, fields: ['title', 'assigneeId', 'dueOn'], details: { caseId: options.caseId, op: 'create', source: options.kind } });
  return id;
}

function typeLabel(type: string): string {
  return type in permitTypes ? permitTypes[type as PermitType].label.it : type;
}

/** Runs every reminder due on `now` (Italian calendar day). Safe to run often and from several processes. */
export async function systemPermitReminders(options: { db: Kysely<DB>; cipher: FieldCipher; now: Date; windowDays?: number }): Promise<ReminderResult> {
  const { db, cipher, now } = options;
  const windowDays = options.windowDays ?? defaultRenewalWindowDays;
  const today = italianToday(now);
  const result: ReminderResult = { renewalReminders: 0, expired: 0, majorityWarnings: 0, majorityAlerts: 0 };

  // --- permits past their expiry date: expired, once ----------------------------------------
  const expiring = await db
    .selectFrom('permits')
    .select('id')
    .where('status', 'in', ['issued', 'renewed'])
    .where('expires_on', '<', today)
    .execute();
  for (const { id } of expiring) {
    await db.transaction().execute(async (tx) => {
      const p = await tx
        .selectFrom('permits')
        .select(['id', 'case_id', 'status', 'permit_type', 'expires_on', 'created_by', 'version'])
        .where('id', '=', id)
        .where('status', 'in', ['issued', 'renewed'])
        .where('expires_on', '<', today)
        .forUpdate()
        .executeTakeFirst();
      if (!p?.expires_on) return;
      // The permit stops being valid the day after its expiry date.
      const expiredOn = addDays(p.expires_on, 1);
      await tx
        .updateTable('permits')
        .set({ status: 'expired', expired_on: expiredOn, expiry_handled_at: now, updated_at: now, version: p.version + 1 })
        .where('id', '=', id)
        .execute();
      await tx.insertInto('permit_events').values({ permit_id: id, from_status: p.status, to_status: 'expired', step_on: expiredOn, user_id: null, at: now }).execute();
      const c = await tx.selectFrom('cases').select(['case_worker_id', 'org_id']).where('id', '=', p.case_id).executeTakeFirstOrThrow();
      const taskId = await taskAndNotice(tx, cipher, {
        caseId: p.case_id, orgId: c.org_id, assigneeId: c.case_worker_id ?? p.created_by, now, dueOn: today, kind: 'permit.expired', recordType: 'permit', recordId: id,
        title: `Permesso di soggiorno scaduto il ${p.expires_on} (${typeLabel(p.permit_type)}) / Residence permit expired on ${p.expires_on}`,
      });
      await audit(tx, c.org_id, { action: 'permit.write', outcome: 'success', recordType: 'permit', recordId: id, fields: ['status', 'expiredOn'], details: { caseId: p.case_id, op: 'expire', taskId } });
      result.expired++;
    });
  }

  // --- permits entering the renewal window: one reminder per expiry date ---------------------
  const due = await db
    .selectFrom('permits')
    .select('id')
    .where('status', 'in', ['issued', 'renewed'])
    .where('expires_on', '>=', today)
    .where('expires_on', '<=', addDays(today, windowDays))
    .where((eb) => eb.or([eb('renewal_reminded_for', 'is', null), eb('renewal_reminded_for', '<>', eb.ref('expires_on'))]))
    .execute();
  for (const { id } of due) {
    await db.transaction().execute(async (tx) => {
      const p = await tx
        .updateTable('permits')
        .set((eb) => ({ renewal_reminded_for: eb.ref('expires_on') }))
        .where('id', '=', id)
        .where('status', 'in', ['issued', 'renewed'])
        .where((eb) => eb.or([eb('renewal_reminded_for', 'is', null), eb('renewal_reminded_for', '<>', eb.ref('expires_on'))]))
        .returning(['id', 'case_id', 'permit_type', 'expires_on', 'created_by'])
        .executeTakeFirst();
      if (!p?.expires_on) return;
      const c = await tx.selectFrom('cases').select(['case_worker_id', 'org_id']).where('id', '=', p.case_id).executeTakeFirstOrThrow();
      const taskId = await taskAndNotice(tx, cipher, {
        caseId: p.case_id, orgId: c.org_id, assigneeId: c.case_worker_id ?? p.created_by, now, dueOn: p.expires_on, kind: 'permit.renewal_due', recordType: 'permit', recordId: id,
        title: `Rinnovo del permesso di soggiorno in scadenza il ${p.expires_on} (${typeLabel(p.permit_type)}) / Renew the residence permit expiring on ${p.expires_on}`,
      });
      await audit(tx, c.org_id, { action: 'permit.remind', outcome: 'success', recordType: 'permit', recordId: id, fields: ['expiresOn'], details: { caseId: p.case_id, kind: 'renewal', taskId } });
      result.renewalReminders++;
    });
  }

  // --- minors: 30 days before and on the 18th birthday -------------------------------------
  const minors = await db
    .selectFrom('cases')
    .innerJoin('persons', 'persons.id', 'cases.person_id')
    .leftJoin('case_minor', 'case_minor.case_id', 'cases.id')
    .select(['cases.id as case_id', 'cases.code', 'cases.org_id', 'cases.case_worker_id', 'cases.created_by', 'persons.id as person_id', 'persons.identity_enc', 'case_minor.majority_warned_at'])
    .where('cases.minor_status', 'in', ['minor', 'possibly_minor'])
    .where('cases.phase', '<>', 'closed')
    .where('case_minor.majority_alerted_at', 'is', null)
    .execute();
  for (const m of minors) {
    await db.transaction().execute(async (tx) => {
      const identity = await readStoredIdentity({ cipher, personId: m.person_id, identityEnc: m.identity_enc, db: tx });
      await audit(tx, m.org_id, { action: 'person.read', outcome: 'success', recordType: 'person', recordId: m.person_id, fields: ['birth'], details: { purpose: 'majority_alert', caseId: m.case_id } });
      if (!identity.birth) return;
      // With an estimated birth, doubt means minority (art. 19-bis D.lgs. 142/2015): the latest possible 18th birthday.
      const birthday = isMinor({ birth: identity.birth, on: today }).adultBy;
      const warnFrom = addDays(birthday, -majorityWarningDays);
      if (today < warnFrom) return;
      await tx.insertInto('case_minor').values({ case_id: m.case_id, updated_at: now }).onConflict((oc) => oc.column('case_id').doNothing()).execute();
      const assigneeId = m.case_worker_id ?? m.created_by;
      if (today >= birthday) {
        const claimed = await tx
          .updateTable('case_minor')
          .set((eb) => ({ majority_alerted_at: now, majority_warned_at: eb.fn.coalesce('majority_warned_at', eb.val(now)), updated_at: now }))
          .where('case_id', '=', m.case_id)
          .where('majority_alerted_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return;
        const taskId = await taskAndNotice(tx, cipher, {
          caseId: m.case_id, orgId: m.org_id, assigneeId, now, dueOn: today, kind: 'minor.turned_18', recordType: 'case', recordId: m.case_id,
          title: `${m.code}: la persona compie 18 anni il ${birthday} – verificare permesso, tutela e prosieguo / The person turns 18 on ${birthday}: check permit, guardianship and continuation`,
        });
        await audit(tx, m.org_id, { action: 'minor.majority_alert', outcome: 'success', recordType: 'case', recordId: m.case_id, details: { kind: 'birthday', taskId } });
        result.majorityAlerts++;
        return;
      }
      const claimed = await tx
        .updateTable('case_minor')
        .set({ majority_warned_at: now, updated_at: now })
        .where('case_id', '=', m.case_id)
        .where('majority_warned_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      const taskId = await taskAndNotice(tx, cipher, {
        caseId: m.case_id, orgId: m.org_id, assigneeId, now, dueOn: birthday, kind: 'minor.turns_18_soon', recordType: 'case', recordId: m.case_id,
        title: `${m.code}: la persona compirà 18 anni il ${birthday} – preparare il passaggio / The person turns 18 on ${birthday}: prepare the transition`,
      });
      await audit(tx, m.org_id, { action: 'minor.majority_alert', outcome: 'success', recordType: 'case', recordId: m.case_id, details: { kind: 'warning', taskId } });
      result.majorityWarnings++;
    });
  }
  return result;
}

/** Runs the reminders now and then every `intervalMs`; `stop()` waits for a run in progress. */
export function startPermitReminders(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  clock: { now(): Date };
  intervalMs: number;
  windowDays: number;
  onError(err: unknown): void;
  onDone?(r: ReminderResult): void;
}): { stop(): Promise<void> } {
  const loop = startEvery({
    intervalMs: options.intervalMs,
    onError: (err) => options.onError(err),
    task: () =>
      systemPermitReminders({ db: options.db, cipher: options.cipher, now: options.clock.now(), windowDays: options.windowDays }).then((r) => options.onDone?.(r)),
  });
  return { stop: () => loop.stop() };
}
