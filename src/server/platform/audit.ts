/**
 * Audit entries: a typed union of what can happen, written in the same transaction as the change
 * (or the read) they describe. Field names only, never values. The hash chain over these rows is
 * built by the sealer (audit-chain.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

export type AuditOutcome = 'success' | 'denied' | 'failure';

/** Actions on records: `<record type>.<verb>`. */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_mfa'
  | 'auth.logout'
  | 'auth.logout_all'
  | 'auth.session_expired'
  | 'auth.mfa_setup'
  | 'auth.mfa_enabled'
  | 'auth.mfa_disabled'
  | 'auth.recovery_code_used'
  | 'auth.recovery_codes_regenerated'
  | 'auth.session_revoked'
  | 'auth.password_changed'
  | 'auth.switch_org'
  | 'auth.lockout'
  | 'access.denied'
  | 'user.read'
  | 'user.list'
  | 'user.create'
  | 'user.update'
  | 'user.disable'
  | 'membership.change'
  | 'role.list'
  | 'role.update'
  | 'role.create'
  | 'role.delete'
  | 'permission.list'
  | 'organisation.list'
  | 'organisation.read'
  | 'organisation.create'
  | 'organisation.update'
  | 'project.list'
  | 'project.read'
  | 'project.create'
  | 'project.update'
  | 'audit.search'
  | 'audit.record_access'
  | 'keys.rotate'
  | 'backup.create'
  | 'backup.restore'
  // persons and duplicates
  | 'person.create'
  | 'person.read'
  | 'person.update'
  | 'person.list'
  | 'person.search'
  | 'person.duplicates_check'
  | 'person.import'
  | 'person.merge_request'
  | 'person.merge_approve'
  | 'person.merge_reject'
  | 'person.merge_revert'
  | 'person.pairs_export'
  | 'person.reencode'
  // cases, screenings, approvals
  | 'case.create'
  | 'case.read'
  | 'case.update'
  | 'case.list'
  | 'case.transition'
  | 'case.team_change'
  | 'case.approval_request'
  | 'case.approval_decide'
  | 'case.approval_withdraw'
  | 'case.history_read'
  | 'case.age_band'
  | 'screening.create'
  | 'screening.read'
  // plan, services, notes, documents, tasks, consent
  | 'plan.read'
  | 'plan.write'
  | 'service.read'
  | 'service.write'
  | 'note.read'
  | 'note.write'
  | 'document.read'
  | 'document.write'
  | 'task.read'
  | 'task.write'
  | 'consent.read'
  | 'consent.write'
  | 'notification.list'
  | 'notification.read'
  // e-mail notifications (the outbox sender, the user's own preference)
  | 'mail.send'
  | 'mail.preference_read'
  | 'mail.preference_update'
  // referrals (issue: referral network)
  | 'referral.create'
  | 'referral.list'
  | 'referral.read'
  | 'referral.transition'
  | 'referral.message'
  | 'referral.document_read'
  | 'referral.access_ended'
  | 'referral.expire'
  | 'referral.link_case'
  // case transfers
  | 'case.transfer_request'
  | 'case.transfer_decide'
  | 'case.transfer_withdraw'
  // standard operating procedures, deadlines, SLA
  | 'procedure.list'
  | 'procedure.read'
  | 'procedure.create'
  | 'procedure.update'
  | 'procedure.run_start'
  | 'procedure.run_advance'
  | 'procedure.run_read'
  | 'sla.read'
  // hotline
  | 'hotline_call.create'
  | 'hotline_call.read'
  | 'hotline_call.list'
  | 'hotline_call.update'
  | 'hotline_call.route'
  | 'hotline_roster.read'
  | 'hotline_roster.write'
  // accommodation
  | 'facility.list'
  | 'facility.read'
  | 'facility.create'
  | 'facility.update'
  | 'placement.list'
  | 'placement.read'
  | 'placement.create'
  | 'placement.update'
  | 'waitlist.read'
  | 'waitlist.write'
  | 'availability.read'
  // residence permits and legal status
  | 'permit.list'
  | 'permit.read'
  | 'permit.write'
  | 'legal_status.read'
  // public pages (staff editor; page texts are not personal data, the staff actions are audited)
  | 'public_page.list'
  | 'public_page.read'
  | 'public_page.create'
  | 'public_page.update'
  | 'public_page.restore'
  | 'public_page.publish'
  | 'public_page.unpublish'
  | 'public_feedback.create'
  | 'public_feedback.list'
  | 'public_feedback.update'
  | 'public_feedback.purge'
  | 'permit.remind'
  | 'minor.majority_alert'
  | 'minor.read'
  | 'minor.write'
  | 'criminal.read'
  | 'criminal.write'
  // economic support and budget
  | 'expense.create'
  | 'expense.list'
  | 'expense.export'
  | 'spending.read'
  | 'expense.update'
  | 'expense.cancel'
  // outreach: outings, contacts, zones, desks, field app devices and sync
  | 'outing.list'
  | 'outing.read'
  | 'outing.write'
  | 'contact.write'
  | 'zone.list'
  | 'zone.write'
  | 'desk.list'
  | 'desk.write'
  | 'desk.read'
  | 'desk_session.list'
  | 'desk_session.write'
  | 'outreach.stats'
  | 'outreach.sync'
  | 'outreach_device.list'
  | 'outreach_device.register'
  | 'outreach_device.forget'
  // consultation forum (staff content, no personal data; writes and moderation audited)
  | 'forum.list'
  | 'forum.read'
  | 'forum.post'
  | 'forum.answer'
  | 'forum.edit'
  | 'forum.accept'
  | 'forum.moderate'
  | 'forum.history_read'
  // social inclusion
  | 'inclusion.read'
  | 'inclusion.write'
  | 'inclusion.summary'
  | 'course.list'
  | 'course.read'
  | 'course.write'
  | 'course.attendance'
  // exports (details: format, how many rows; the HTCDS export also one entry per person read)
  | 'export.htcds'
  | 'export.ctdc'
  | 'import.htcds'
  // training events (registrants' data: list, export, certificate reads; public writes without personal data)
  | 'event.list'
  | 'event.read'
  | 'event.create'
  | 'event.update'
  | 'event.publish'
  | 'event.cancel'
  | 'event_registration.list'
  | 'event_registration.create'
  | 'event_registration.cancel'
  | 'event_registration.promote'
  | 'event_registration.attendance'
  | 'event_registration.export'
  | 'event_registration.certificate'
  | 'event_registration.purge'
  | 'event_mail.send'
  // monitoring (aggregates; details name the view, indicators and filters, never figures)
  | 'monitoring.read'
  // the inbox (counts and items the user may act on; details name kinds and counts, never data)
  | 'inbox.read'
  | 'inbox.counts'
  // transfers coordinated by the hotline
  | 'transfer_coordination.propose'
  | 'transfer_coordination.list'
  | 'transfer_coordination.read'
  | 'transfer_coordination.confirm'
  | 'transfer_coordination.refuse'
  | 'transfer_coordination.withdraw'
  // the hotline's first-contact run, seen and moved by the receiving body
  | 'hotline_first_contact.read'
  | 'hotline_first_contact.done'
  // reports (background jobs; details name the kind, project, period and format, never figures)
  | 'report.request'
  | 'report.list'
  | 'report.read'
  | 'report.generate'
  | 'report.download'
  // outreach contacts: read one, link to a person with the person's agreement, cancel by mistake
  | 'contact.read'
  | 'contact.link_person'
  | 'contact.cancel';

export interface AuditEntry {
  action: AuditAction;
  outcome: AuditOutcome;
  recordType?: string;
  recordId?: string;
  fields?: string[];
  details?: Record<string, string | number | boolean | null>;
}

/** Who and from where: filled from the request (or the CLI, for system work). */
export interface AuditContext {
  userId: string | null;
  orgId: string | null;
  ip: string | null;
  requestId: string | null;
}

export async function writeAudit(options: {
  db: Kysely<DB> | Transaction<DB>;
  context: AuditContext;
  entry: AuditEntry;
}): Promise<void> {
  const { db, context, entry } = options;
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: context.userId,
      actor_org_id: context.orgId,
      action: entry.action,
      outcome: entry.outcome,
      record_type: entry.recordType ?? null,
      record_id: entry.recordId ?? null,
      fields: entry.fields ?? null,
      ip: context.ip,
      request_id: context.requestId,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/** Several entries in one statement (in this order), for work that audits many records at once. */
export async function writeAuditMany(options: { db: Kysely<DB> | Transaction<DB>; context: AuditContext; entries: readonly AuditEntry[] }): Promise<void> {
  const { db, context, entries } = options;
  for (let i = 0; i < entries.length; i += 500) {
    await db
      .insertInto('audit_log')
      .values(
        entries.slice(i, i + 500).map((entry) => ({
          actor_user_id: context.userId,
          actor_org_id: context.orgId,
          action: entry.action,
          outcome: entry.outcome,
          record_type: entry.recordType ?? null,
          record_id: entry.recordId ?? null,
          fields: entry.fields ?? null,
          ip: context.ip,
          request_id: context.requestId,
          details: JSON.stringify(entry.details ?? {}),
        })),
      )
      .execute();
  }
}
