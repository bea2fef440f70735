/**
 * One individual contact on the staff pages: read it, link it to a person with the person's
 * agreement (the "possible victim" path: duplicate check, registration, link, screening), and
 * cancel one recorded by mistake.
 *
 * - All need outreach.write and a contact of the acting organisation; linking also needs
 *   persons.read and a person visible to the organisation. Anything else is an audited 404.
 * - Linking records who confirmed the person's agreement, when and how (migration 0031); the
 *   contact must be flagged as a possible victim, and gets "agreed to follow-up" with the link.
 * - Cancelling is soft: the row stays with who, when and the reason (encrypted), and no longer
 *   counts among the outing's individual contacts. A cancelled contact cannot be changed.
 * - Every change carries the version it was made on; a stale one is a 409 and changes nothing.
 */
import { PonteError, conflictError } from '../../platform/errors.ts';
import type { ScopedTx } from '../../platform/access.ts';
import { outreachIssueMessages as msg, type ContactCancel, type ContactLink, type ContactRecord, type LinkConsentMethod } from '../../../domain/outreach/index.ts';
import { personVisibleTo } from '../persons/scope.ts';
import { OutOfReach, guarded, recordCtx, validationError, type OutreachDeps } from './common.ts';
import { outreachColumns } from './encrypted.ts';
import { contactRecords, findContact, open, seal, type ContactRow, type RecordCtx } from './records.ts';

export interface ContactExtras {
  /** Where the staff pages open the registration path for this contact, when it applies to the caller. */
  screeningPath: string | null;
  /** The person's agreement recorded with the link (null when the contact was not linked through the path). */
  link: { consentMethod: LinkConsentMethod; linkedAt: string } | null;
  /** Set when the contact was cancelled as recorded by mistake. */
  cancelled: { at: string; reason: string | null } | null;
}

export type ContactDto = ContactRecord & ContactExtras;

const staleVersion = (): PonteError =>
  conflictError({ it: 'Il contatto è stato modificato nel frattempo: ricarica e riprova.', en: 'The contact was changed meanwhile: reload and try again.', detail: 'stale version' });

export const contactCancelled = (): PonteError =>
  conflictError({ it: 'Il contatto è stato annullato: non si può più modificare.', en: 'The contact was cancelled: it can no longer be changed.', detail: 'contact cancelled' });

/**
 * A possible victim who agreed to follow-up, not linked nor cancelled: the registration path,
 * offered to callers who may register persons (persons.write).
 */
export function screeningPathFor(tx: ScopedTx, c: ContactRecord, cancelled: boolean): string | null {
  if (!c.possibleVictim || !c.consentToFollowUp || c.personCode || cancelled) return null;
  return tx.actor.permissions.has('persons.write') ? `/persons/new?outreachContact=${c.id}` : null;
}

/** The contacts as the staff pages show them: the record plus link, cancellation and path. */
export async function contactDtos(ctx: RecordCtx, rows: readonly ContactRow[]): Promise<ContactDto[]> {
  const records = await contactRecords(ctx, rows);
  const out: ContactDto[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ContactRow;
    const c = records[i] as ContactRecord;
    out.push({
      ...c,
      screeningPath: screeningPathFor(ctx.tx, c, row.cancelled_at !== null),
      link: row.link_consent_method && row.linked_at ? { consentMethod: row.link_consent_method, linkedAt: new Date(row.linked_at).toISOString() } : null,
      cancelled: row.cancelled_at ? { at: new Date(row.cancelled_at).toISOString(), reason: await open(ctx, outreachColumns.contactCancelReason, row.id, row.cancel_reason_enc) } : null,
    });
  }
  return out;
}

async function lockedContact(tx: ScopedTx, orgId: string, contactId: string): Promise<ContactRow> {
  const row = await findContact(tx.db, contactId, { forUpdate: true });
  if (!row || row.org_id !== orgId) throw new OutOfReach('contact not found');
  return row;
}

async function dtoOf(ctx: RecordCtx, contactId: string): Promise<ContactDto> {
  const row = await findContact(ctx.tx.db, contactId);
  if (!row) throw new OutOfReach('contact not found');
  return (await contactDtos(ctx, [row]))[0] as ContactDto;
}

export async function getContact(deps: OutreachDeps & { contactId: string }): Promise<ContactDto> {
  const { contactId } = deps;
  return guarded(deps, { anyOf: ['outreach.write'], action: 'contact.read', recordType: 'outreach_contact', recordId: contactId }, async (tx, orgId) => {
    const ctx = recordCtx(deps, tx, orgId);
    const row = await findContact(tx.db, contactId);
    if (!row || row.org_id !== orgId) throw new OutOfReach('contact not found');
    const dto = (await contactDtos(ctx, [row]))[0] as ContactDto;
    await tx.audit({
      action: 'contact.read', outcome: 'success', recordType: 'outreach_contact', recordId: contactId,
      fields: ['nickname', 'traits', 'sexGender', 'ageBand', 'nationalityGroup', 'history', 'possibleVictim', 'consentToFollowUp', 'personCode', ...(dto.cancelled ? ['cancelReason'] : [])],
      details: { outingId: row.outing_id },
    });
    return dto;
  });
}

/**
 * Links the contact to a person the organisation can see, recording that the person agreed.
 * Linking again to the same person changes nothing; to another person is a 409.
 */
export async function linkContactToPerson(deps: OutreachDeps & { contactId: string; input: ContactLink }): Promise<ContactDto> {
  const { contactId, input } = deps;
  return guarded(deps, { anyOf: ['outreach.write'], action: 'contact.link_person', recordType: 'outreach_contact', recordId: contactId }, async (tx, orgId) => {
    if (!tx.actor.permissions.has('persons.read')) throw new OutOfReach('missing persons.read');
    const ctx = recordCtx(deps, tx, orgId);
    const row = await lockedContact(tx, orgId, contactId);
    if (row.cancelled_at) throw contactCancelled();
    if (row.version !== input.version) throw staleVersion();
    if (!row.possible_victim) throw validationError({ personCode: msg.linkNeedsPossibleVictim[ctx.locale] });
    const person = await tx.db
      .selectFrom('persons')
      .select(['persons.id', 'persons.code'])
      .where('persons.code', '=', input.personCode)
      .where((eb) => personVisibleTo(eb, orgId))
      .executeTakeFirst();
    if (!person) throw validationError({ personCode: msg.unknownPersonCode[ctx.locale] });
    if (row.person_id && row.person_id !== person.id) {
      throw conflictError({ it: 'Il contatto è già collegato a un’altra persona.', en: 'The contact is already linked to another person.', detail: 'linked to another person' });
    }
    const unchanged = row.person_id === person.id && row.link_consent_method === input.consentMethod;
    if (!unchanged) {
      await tx.db
        .updateTable('outreach_contacts')
        .set({
          person_id: person.id, consent_follow_up: true, link_consent_method: input.consentMethod, linked_by: tx.actor.userId, linked_at: tx.now,
          updated_by: tx.actor.userId, updated_at: tx.now, version: row.version + 1,
        })
        .where('id', '=', contactId)
        .execute();
    }
    await tx.audit({
      action: 'contact.link_person', outcome: 'success', recordType: 'outreach_contact', recordId: contactId,
      fields: unchanged ? [] : ['personCode', 'consentToFollowUp', 'linkConsent'],
      details: { outingId: row.outing_id, personId: person.id, consentConfirmed: true, consentMethod: input.consentMethod, unchanged },
    });
    return dtoOf(ctx, contactId);
  });
}

/** Cancels a contact recorded by mistake, with a reason; it stays, marked, for the record. */
export async function cancelContact(deps: OutreachDeps & { contactId: string; input: ContactCancel }): Promise<ContactDto> {
  const { contactId, input } = deps;
  return guarded(deps, { anyOf: ['outreach.write'], action: 'contact.cancel', recordType: 'outreach_contact', recordId: contactId }, async (tx, orgId) => {
    const ctx = recordCtx(deps, tx, orgId);
    const row = await lockedContact(tx, orgId, contactId);
    if (row.cancelled_at) throw contactCancelled();
    if (row.version !== input.version) throw staleVersion();
    await tx.db
      .updateTable('outreach_contacts')
      .set({
        cancelled_at: tx.now, cancelled_by: tx.actor.userId, cancel_reason_enc: await seal(ctx, outreachColumns.contactCancelReason, contactId, input.reason),
        updated_by: tx.actor.userId, updated_at: tx.now, version: row.version + 1,
      })
      .where('id', '=', contactId)
      .execute();
    await tx.audit({ action: 'contact.cancel', outcome: 'success', recordType: 'outreach_contact', recordId: contactId, fields: ['cancelled', 'cancelReason'], details: { outingId: row.outing_id } });
    return dtoOf(ctx, contactId);
  });
}
