/**
 * Transfers of a whole case to another body (issue: referral network, point 2).
 *
 * - Requesting: a holder of cases.write of the owner body, on a case it sees, names the receiving
 *   body, a reason and an explanation. The case's sharing consent for that body is checked first
 *   (`consentFor`; for minors it must be the guardian's); without it a holder of
 *   referrals.override_consent may request with a written reason. One open request per case.
 * - Deciding: a holder of cases.write or cases.approve of the receiving body accepts or declines
 *   (declining needs a note). Accepting moves the case to the receiving body in one transaction:
 *   owner, case worker (named, or the one accepting), the team cleared (they were the sender's
 *   users), pending approval requests withdrawn, open tasks handed to the new case worker, a
 *   history row. The receiving body must not already hold an open case for the person.
 * - The sender may withdraw an open request.
 * - Afterwards the former owner keeps read access only to what it wrote: the notes, services,
 *   plan goals and documents of the case created while it owned it (`GET
 *   /api/case-transfers/:id/records`), nothing else of the case.
 *
 * The receiving body sees a request (case and person codes, phase, minor status, the
 * explanation) before deciding, not the case: a referral is the way to share more. Everything is
 * audited on both sides, and each side is notified.
 */
import { randomUUID } from 'node:crypto';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import { PonteError, conflictError, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import type { Locale } from '../../platform/i18n.ts';
import { consentFor, needsGuardian } from '../../../domain/consent.ts';
import { notify } from '../notifications/queries.ts';
import { holdersOf } from '../cases/queries.ts';
import { scopeActorOf } from '../cases/service.ts';
import { caseVisibleTo } from '../persons/scope.ts';
import { recordColumns } from '../case-records/encrypted.ts';
import { caseColumns } from '../cases/encrypted.ts';
import { transferColumns } from './encrypted.ts';
import type { FormerRecordsDto, TransferCreate, TransferDecision, TransferDto, TransferQuery } from './schemas.ts';

export interface TransferDeps {
  access: DataAccess;
  cipher: FieldCipher;
}

type Column = { table: string; column: string };

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}

async function seal(deps: TransferDeps, tx: ScopedTx, column: Column, rowId: string, plaintext: string): Promise<string> {
  return deps.cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId }), db: tx.db });
}

async function open(deps: TransferDeps, tx: ScopedTx, column: Column, rowId: string, value: string | null): Promise<string | null> {
  return value === null ? null : deps.cipher.decrypt({ value, aad: fieldAad({ ...column, rowId }), db: tx.db });
}

function locale(deps: TransferDeps): Locale {
  return deps.access.meta.locale;
}

const msg = {
  sameOrg: { it: 'la presa in carico è già di questa organizzazione', en: 'the case already belongs to this organisation' },
  unknownOrg: { it: 'organizzazione inesistente o non attiva', en: 'unknown or inactive organisation' },
  closed: { it: 'Una presa in carico chiusa non si trasferisce: riaprila o invia una segnalazione.', en: 'A closed case is not transferred: reopen it or send a referral.' },
  pending: { it: 'C’è già una richiesta di trasferimento aperta per questa presa in carico.', en: 'There is already an open transfer request for this case.' },
  consent: {
    it: 'Manca il consenso della persona alla condivisione con l’organizzazione che riceverebbe la presa in carico. Registralo nella scheda Consensi, oppure chi ne ha il permesso può procedere indicando il motivo.',
    en: 'The person has not consented to sharing with the receiving organisation. Record it in the Consent tab, or someone holding the permission may proceed with a written reason.',
  },
  guardianConsent: {
    it: 'Per una persona minorenne serve il consenso del tutore alla condivisione con l’organizzazione che riceverebbe la presa in carico.',
    en: 'For a minor, the guardian’s consent to sharing with the receiving organisation is needed.',
  },
  noteRequired: { it: 'indica il motivo del rifiuto', en: 'give the reason for declining' },
  notMember: { it: 'non è un utente attivo della tua organizzazione con accesso alle prese in carico', en: 'not an active user of your organisation who reads cases' },
  alreadyHolds: { it: 'La tua organizzazione ha già una presa in carico aperta per questa persona.', en: 'Your organisation already holds an open case for this person.' },
  notRequested: { it: 'La richiesta non è più aperta.', en: 'The request is no longer open.' },
  ownerChanged: { it: 'La presa in carico non è più dell’organizzazione che ha chiesto il trasferimento.', en: 'The case no longer belongs to the requesting organisation.' },
};

const reasonLabels: Record<string, { it: string; en: string }> = {
  safety: { it: 'sicurezza', en: 'safety' },
  change_of_location: { it: 'cambio di territorio', en: 'change of location' },
  specialised_programme: { it: 'programma specializzato', en: 'specialised programme' },
  other: { it: 'altro', en: 'other' },
};

// ---------------------------------------------------------------------------------------------

export async function requestTransfer(deps: TransferDeps & { caseId: string; input: TransferCreate }): Promise<TransferDto> {
  const { access, input } = deps;
  const entry = { action: 'case.transfer_request' as const, recordType: 'case', recordId: deps.caseId };
  await access.require({ permission: 'cases.write', entry });
  const scope = scopeActorOf(access);
  try {
    return await access.transaction(async (tx) => readTransfer(deps, tx, await writeTransferRequest(deps, tx, { caseId: deps.caseId, input, scope })));
  } catch (e) {
    if (e instanceof PonteError && (e.code === 'not_found' || e.code === 'forbidden' || e.code === 'consent_required')) {
      await access.auditDenied({ ...entry, details: { reason: e.code } });
    }
    throw e;
  }
}

/**
 * Writes a transfer request in the caller's transaction (the rules of requestTransfer: the case
 * visible to `scope` and open, the receiving body active, one open request, consent or override;
 * notification and audit). Returns the transfer id. Also used when a body confirms a transfer
 * coordinated by the hotline (features/transfer-coordinations).
 */
export async function writeTransferRequest(deps: TransferDeps, tx: ScopedTx, options: { caseId: string; input: TransferCreate; scope: ReturnType<typeof scopeActorOf>; coordinationId?: string }): Promise<string> {
  const { input, scope } = options;
  const c = await tx.db
    .selectFrom('cases')
    .select(['cases.id', 'cases.org_id', 'cases.phase', 'cases.minor_status', 'cases.person_id'])
    .where('cases.id', '=', options.caseId)
    .where((eb) => caseVisibleTo(eb, scope))
    .forUpdate()
    .executeTakeFirst();
  if (!c) throw notFound('case');
  if (input.toOrgId === c.org_id) throw fieldError({ locale: locale(deps), path: 'toOrgId', message: msg.sameOrg });
  const to = await tx.db.selectFrom('organisations').select(['id', 'name']).where('id', '=', input.toOrgId).where('is_active', '=', true).executeTakeFirst();
  if (!to) throw fieldError({ locale: locale(deps), path: 'toOrgId', message: msg.unknownOrg });
  if (c.phase === 'closed') throw conflictError({ ...msg.closed, detail: 'case closed' });
  const pending = await tx.db.selectFrom('case_transfers').select('id').where('case_id', '=', c.id).where('status', '=', 'requested').executeTakeFirst();
  if (pending) throw conflictError({ ...msg.pending, detail: 'transfer pending' });

  // Consent first: the latest sharing record for the receiving body; the guardian's for minors.
  const consents = await tx.db.selectFrom('case_consents').select(['id', 'seq', 'purpose', 'organisation_id', 'status', 'given_by']).where('case_id', '=', c.id).execute();
  const state = consentFor({
    consents: consents.map((r) => ({ ...r, organisationId: r.organisation_id, sequence: Number(r.seq), purpose: r.purpose as 'sharing', status: r.status as 'given' })),
    purpose: 'sharing',
    organisationId: to.id,
  });
  const minor = needsGuardian(c.minor_status);
  const consented = state.allowed && (!minor || state.record?.given_by === 'guardian');
  let basis: 'consent' | 'guardian_consent' | 'override';
  if (consented) basis = minor ? 'guardian_consent' : 'consent';
  else if (input.overrideReason !== undefined) {
    if (!tx.actor.permissions.has('referrals.override_consent')) throw forbidden('missing referrals.override_consent');
    basis = 'override';
  } else {
    throw new PonteError({ code: 'consent_required', detail: minor ? 'guardian consent missing' : 'consent missing', message: minor ? msg.guardianConsent : msg.consent });
  }

  const id = randomUUID();
  await tx.db
    .insertInto('case_transfers')
    .values({
      id,
      case_id: c.id,
      from_org_id: c.org_id,
      to_org_id: to.id,
      reason: input.reason,
      reason_enc: await seal(deps, tx, transferColumns.reason, id, input.explanation.trim()),
      consent_basis: basis,
      consent_id: basis === 'override' ? null : (state.record?.id ?? null),
      override_reason_enc: basis === 'override' ? await seal(deps, tx, transferColumns.overrideReason, id, (input.overrideReason ?? '').trim()) : null,
      status: 'requested',
      requested_by: tx.actor.userId,
      requested_at: tx.now,
    })
    .execute();
  const deciders = new Set([...(await holdersOf(tx.db, to.id, 'cases.approve')), ...(await holdersOf(tx.db, to.id, 'cases.write'))]);
  await notify(tx.db, { userIds: [...deciders], kind: 'case.transfer_requested', recordType: 'case_transfer', recordId: id, now: tx.now });
  await tx.audit({
    action: 'case.transfer_request', outcome: 'success', recordType: 'case', recordId: c.id,
    fields: ['toOrgId', 'reason', 'explanation', ...(basis === 'override' ? ['overrideReason'] : [])],
    details: { transferId: id, fromOrgId: c.org_id, toOrgId: to.id, consentBasis: basis, ...(options.coordinationId ? { coordinationId: options.coordinationId } : {}) },
  });
  return id;
}

/** A transfer as one of its sides sees it, or undefined when the caller's organisation is neither. */
async function readTransfer(deps: TransferDeps, tx: ScopedTx, id: string): Promise<TransferDto> {
  const dto = await transferDto(deps, tx, id);
  if (!dto) throw notFound('transfer');
  return dto;
}

/** The columns of a transfer as its sides see it: one row per transfer, everything joined. */
function selectTransfers(tx: ScopedTx, orgId: string) {
  return tx.db
    .selectFrom('case_transfers as t')
    .innerJoin('cases', 'cases.id', 't.case_id')
    .innerJoin('persons', 'persons.id', 'cases.person_id')
    .innerJoin('organisations as fo', 'fo.id', 't.from_org_id')
    .innerJoin('organisations as tor', 'tor.id', 't.to_org_id')
    .leftJoin('users as ru', 'ru.id', 't.requested_by')
    .leftJoin('users as du', 'du.id', 't.decided_by')
    .select([
      't.id', 't.case_id', 't.from_org_id', 't.to_org_id', 't.reason', 't.reason_enc', 't.consent_basis', 't.override_reason_enc', 't.status',
      't.requested_by', 't.requested_at', 't.decided_by', 't.decided_at', 't.decision_note_enc',
      'cases.code as case_code', 'cases.phase', 'cases.minor_status', 'persons.code as person_code',
      'fo.name as from_name', 'tor.name as to_name', 'ru.display_name as requested_name', 'du.display_name as decided_name',
    ])
    .where((eb) => eb.or([eb('t.from_org_id', '=', orgId), eb('t.to_org_id', '=', orgId)]));
}

type TransferRow = Awaited<ReturnType<ReturnType<typeof selectTransfers>['executeTakeFirstOrThrow']>>;

async function toTransferDto(deps: TransferDeps, tx: ScopedTx, orgId: string, r: TransferRow): Promise<TransferDto> {
  const side = r.from_org_id === orgId ? 'sender' : 'receiver';
  return {
    id: r.id,
    caseId: r.case_id,
    caseCode: r.case_code,
    personCode: r.person_code,
    casePhase: r.phase,
    minorStatus: r.minor_status,
    side,
    from: { id: r.from_org_id, name: r.from_name },
    to: { id: r.to_org_id, name: r.to_name },
    reason: r.reason,
    explanation: (await open(deps, tx, transferColumns.reason, r.id, r.reason_enc)) ?? '',
    consentBasis: r.consent_basis,
    overrideReason: side === 'sender' ? await open(deps, tx, transferColumns.overrideReason, r.id, r.override_reason_enc) : null,
    status: r.status,
    requestedBy: { id: r.requested_by, displayName: r.requested_name },
    requestedAt: iso(r.requested_at),
    decidedBy: r.decided_by ? { id: r.decided_by, displayName: r.decided_name } : null,
    decidedAt: r.decided_at ? iso(r.decided_at) : null,
    decisionNote: await open(deps, tx, transferColumns.decisionNote, r.id, r.decision_note_enc),
  };
}

async function transferDto(deps: TransferDeps, tx: ScopedTx, id: string): Promise<TransferDto | undefined> {
  const orgId = tx.actor.orgId;
  if (!orgId) return undefined;
  const r = await selectTransfers(tx, orgId).where('t.id', '=', id).executeTakeFirst();
  return r ? toTransferDto(deps, tx, orgId, r) : undefined;
}

/** Holders of cases.write or cases.approve on either side see the organisation's transfers. */
function requireTransferRole(access: DataAccess): boolean {
  access.requireActor(); // 401 before any permission answer
  return access.can('cases.write') || access.can('cases.approve');
}

export async function listTransfers(deps: TransferDeps & { query: TransferQuery }): Promise<{ items: TransferDto[] }> {
  const { access, query } = deps;
  if (!requireTransferRole(access)) {
    await access.auditDenied({ action: 'case.list', recordType: 'case_transfer', details: { missing: 'cases.write' } });
    throw notFound('missing cases.write or cases.approve');
  }
  return access.transaction(async (tx) => {
    const orgId = tx.actor.orgId ?? '00000000-0000-0000-0000-000000000000';
    // One query for the page: the rows with their case, person code, bodies and people joined.
    let q = selectTransfers(tx, orgId).orderBy('t.requested_at', 'desc').orderBy('t.id').limit(200);
    q = query.box === 'in' ? q.where('t.to_org_id', '=', orgId) : q.where('t.from_org_id', '=', orgId);
    if (query.status) q = q.where('t.status', '=', query.status);
    const items: TransferDto[] = [];
    for (const r of await q.execute()) items.push(await toTransferDto(deps, tx, orgId, r));
    await tx.audit({ action: 'case.list', outcome: 'success', recordType: 'case_transfer', fields: ['explanation'], details: { count: items.length, box: query.box } });
    return { items };
  });
}

export async function getTransfer(deps: TransferDeps & { id: string }): Promise<TransferDto> {
  const { access, id } = deps;
  const entry = { action: 'case.read' as const, recordType: 'case_transfer', recordId: id };
  if (!requireTransferRole(access)) {
    await access.auditDenied({ ...entry, details: { missing: 'cases.write' } });
    throw notFound('missing cases.write or cases.approve');
  }
  const dto = await access.transaction(async (tx) => {
    const found = await transferDto(deps, tx, id);
    if (found) await tx.audit({ ...entry, outcome: 'success', fields: ['explanation', ...(found.side === 'sender' ? ['overrideReason'] : []), 'decisionNote'], details: { side: found.side } });
    return found;
  });
  if (!dto) {
    await access.auditDenied({ ...entry, details: { reason: 'not_found' } });
    throw notFound('transfer');
  }
  return dto;
}

export async function decideTransfer(deps: TransferDeps & { id: string; input: TransferDecision }): Promise<TransferDto> {
  const { access, id, input } = deps;
  const entry = { action: 'case.transfer_decide' as const, recordType: 'case_transfer', recordId: id };
  if (!requireTransferRole(access)) {
    await access.auditDenied({ ...entry, details: { missing: 'cases.write' } });
    throw notFound('missing cases.write or cases.approve');
  }
  try {
    return await access.transaction(async (tx) => {
      const orgId = tx.actor.orgId ?? '';
      const t = await tx.db.selectFrom('case_transfers').selectAll().where('id', '=', id).where('to_org_id', '=', orgId).forUpdate().executeTakeFirst();
      if (!t) throw notFound('transfer');
      if (t.status !== 'requested') throw conflictError({ ...msg.notRequested, detail: `status ${t.status}` });
      if (input.decision === 'decline' && !input.note?.trim()) throw fieldError({ locale: locale(deps), path: 'note', message: msg.noteRequired });
      const noteEnc = input.note?.trim() ? await seal(deps, tx, transferColumns.decisionNote, id, input.note.trim()) : null;

      if (input.decision === 'accept') {
        const c = await tx.db.selectFrom('cases').select(['id', 'org_id', 'person_id', 'phase', 'version']).where('id', '=', t.case_id).forUpdate().executeTakeFirstOrThrow();
        if (c.org_id !== t.from_org_id) throw conflictError({ ...msg.ownerChanged, detail: 'owner changed' });
        const held = await tx.db
          .selectFrom('cases').select('id')
          .where('person_id', '=', c.person_id).where('org_id', '=', orgId).where('phase', '<>', 'closed').where('id', '<>', c.id)
          .executeTakeFirst();
        if (held) throw conflictError({ ...msg.alreadyHolds, detail: 'open case held' });
        const worker = input.caseWorkerId ?? tx.actor.userId;
        const eligible = await tx.db
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .innerJoin('role_permissions', 'role_permissions.role_id', 'memberships.role_id')
          .select('users.id')
          .where('memberships.user_id', '=', worker).where('memberships.organisation_id', '=', orgId)
          .where('users.is_active', '=', true).where('role_permissions.permission', '=', 'cases.read')
          .executeTakeFirst();
        if (!eligible) throw fieldError({ locale: locale(deps), path: 'caseWorkerId', message: msg.notMember });

        await tx.db.updateTable('cases').set({ org_id: orgId, case_worker_id: worker, updated_at: tx.now, version: c.version + 1 }).where('id', '=', c.id).execute();
        await tx.db.deleteFrom('case_team').where('case_id', '=', c.id).execute();
        await tx.db.updateTable('case_approval_requests').set({ status: 'withdrawn', decided_at: tx.now }).where('case_id', '=', c.id).where('status', '=', 'pending').execute();
        await tx.db.updateTable('case_tasks').set({ assignee_id: worker, updated_at: tx.now }).where('case_id', '=', c.id).where('done_at', 'is', null).execute();
        const from = await tx.db.selectFrom('organisations').select('name').where('id', '=', t.from_org_id).executeTakeFirstOrThrow();
        const to = await tx.db.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
        const history = await tx.db
          .insertInto('case_phase_history')
          .values({ case_id: c.id, from_phase: c.phase, to_phase: c.phase, changed_by: tx.actor.userId, changed_at: tx.now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const why = `${from.name} → ${to.name} (${reasonLabels[t.reason]?.[locale(deps)] ?? t.reason})`;
        await tx.db
          .updateTable('case_phase_history')
          .set({ reason_enc: await seal(deps, tx, caseColumns.phaseReason, history.id, why) })
          .where('id', '=', history.id)
          .execute();
        await tx.db.updateTable('case_transfers').set({ status: 'accepted', decided_by: tx.actor.userId, decided_at: tx.now, decision_note_enc: noteEnc, new_case_worker_id: worker }).where('id', '=', id).execute();
      } else {
        await tx.db.updateTable('case_transfers').set({ status: 'declined', decided_by: tx.actor.userId, decided_at: tx.now, decision_note_enc: noteEnc }).where('id', '=', id).execute();
      }
      const senders = new Set([t.requested_by, ...(await holdersOf(tx.db, t.from_org_id, 'cases.approve'))]);
      await notify(tx.db, { userIds: [...senders], kind: 'case.transfer_decided', recordType: 'case_transfer', recordId: id, now: tx.now });
      await tx.audit({
        action: 'case.transfer_decide', outcome: 'success', recordType: 'case', recordId: t.case_id,
        fields: input.decision === 'accept' ? ['orgId', 'caseWorkerId', 'team', ...(noteEnc ? ['decisionNote'] : [])] : ['decisionNote'],
        details: { transferId: id, decision: input.decision, fromOrgId: t.from_org_id, toOrgId: t.to_org_id },
      });
      return readTransfer(deps, tx, id);
    });
  } catch (e) {
    if (e instanceof PonteError && e.code === 'not_found') await access.auditDenied({ ...entry, details: { reason: 'not_found' } });
    throw e;
  }
}

export async function withdrawTransfer(deps: TransferDeps & { id: string }): Promise<TransferDto> {
  const { access, id } = deps;
  const entry = { action: 'case.transfer_withdraw' as const, recordType: 'case_transfer', recordId: id };
  await access.require({ permission: 'cases.write', entry });
  try {
    return await access.transaction(async (tx) => {
      const t = await tx.db.selectFrom('case_transfers').selectAll().where('id', '=', id).where('from_org_id', '=', tx.actor.orgId ?? '').forUpdate().executeTakeFirst();
      if (!t) throw notFound('transfer');
      if (t.status !== 'requested') throw conflictError({ ...msg.notRequested, detail: `status ${t.status}` });
      await tx.db.updateTable('case_transfers').set({ status: 'withdrawn', decided_by: tx.actor.userId, decided_at: tx.now }).where('id', '=', id).execute();
      await tx.audit({ action: 'case.transfer_withdraw', outcome: 'success', recordType: 'case', recordId: t.case_id, fields: ['status'], details: { transferId: id, toOrgId: t.to_org_id } });
      return readTransfer(deps, tx, id);
    });
  } catch (e) {
    if (e instanceof PonteError && e.code === 'not_found') await access.auditDenied({ ...entry, details: { reason: 'not_found' } });
    throw e;
  }
}

/**
 * The window in which the caller's organisation owned the case before an accepted transfer it
 * sent: from when it took the case (an earlier transfer to it, or the start) to the transfer.
 * Case records are written only by the owner's users, so what was written in that window is
 * what the organisation wrote.
 */
async function formerWindow(tx: ScopedTx, transferId: string): Promise<{ caseId: string; caseCode: string; from: Date; to: Date } | undefined> {
  const orgId = tx.actor.orgId ?? '';
  const t = await tx.db
    .selectFrom('case_transfers')
    .innerJoin('cases', 'cases.id', 'case_transfers.case_id')
    .select(['case_transfers.case_id', 'case_transfers.decided_at', 'cases.code'])
    .where('case_transfers.id', '=', transferId)
    .where('case_transfers.from_org_id', '=', orgId)
    .where('case_transfers.status', '=', 'accepted')
    .executeTakeFirst();
  if (!t || !t.decided_at) return undefined;
  const earlier = await tx.db
    .selectFrom('case_transfers')
    .select('decided_at')
    .where('case_id', '=', t.case_id)
    .where('to_org_id', '=', orgId)
    .where('status', '=', 'accepted')
    .where('decided_at', '<', t.decided_at)
    .orderBy('decided_at', 'desc')
    .executeTakeFirst();
  // Without an earlier transfer to it, the organisation held the case from the start.
  return { caseId: t.case_id, caseCode: t.code, from: earlier?.decided_at ? new Date(earlier.decided_at) : new Date(0), to: new Date(t.decided_at) };
}

export async function formerRecords(deps: TransferDeps & { id: string }): Promise<FormerRecordsDto> {
  const { access, id } = deps;
  const entry = { action: 'case.read' as const, recordType: 'case_transfer', recordId: id };
  await access.require({ permission: 'cases.read', entry });
  const result = await access.transaction(async (tx) => {
    const w = await formerWindow(tx, id);
    if (!w) return undefined;
    const inWindow = <T extends { created: Date | string }>(rows: T[]) => rows.filter((r) => new Date(r.created) >= w.from && new Date(r.created) < w.to);
    const notes = inWindow(
      await tx.db.selectFrom('case_notes').leftJoin('users', 'users.id', 'case_notes.author_id')
        .select(['case_notes.id', 'case_notes.body_enc', 'case_notes.created_at as created', 'users.display_name'])
        .where('case_notes.case_id', '=', w.caseId).orderBy('case_notes.created_at').execute(),
    );
    const services = inWindow(
      await tx.db.selectFrom('case_services')
        .select(['id', 'service_type', 'status', 'starts_on', 'ends_on', 'notes_enc', 'created_at as created'])
        .where('case_id', '=', w.caseId).orderBy('created_at').execute(),
    );
    const goals = inWindow(
      await tx.db.selectFrom('case_plan_goals').select(['id', 'title_enc', 'status', 'created_at as created']).where('case_id', '=', w.caseId).orderBy('created_at').execute(),
    );
    const documents = inWindow(
      await tx.db.selectFrom('case_documents').select(['id', 'file_name_enc', 'media_type', 'size_bytes', 'uploaded_at as created']).where('case_id', '=', w.caseId).orderBy('uploaded_at').execute(),
    );
    const dto: FormerRecordsDto = {
      transferId: id,
      caseCode: w.caseCode,
      window: { from: w.from.toISOString(), to: w.to.toISOString() },
      notes: [],
      services: [],
      goals: [],
      documents: [],
    };
    for (const n of notes) dto.notes.push({ id: n.id, text: (await open(deps, tx, recordColumns.noteBody, n.id, n.body_enc)) ?? '', authorName: n.display_name, createdAt: iso(n.created) });
    for (const s of services) {
      dto.services.push({ id: s.id, type: s.service_type, status: s.status, startsOn: s.starts_on, endsOn: s.ends_on, notes: await open(deps, tx, recordColumns.serviceNotes, s.id, s.notes_enc), createdAt: iso(s.created) });
    }
    for (const g of goals) dto.goals.push({ id: g.id, title: (await open(deps, tx, recordColumns.goalTitle, g.id, g.title_enc)) ?? '', status: g.status, createdAt: iso(g.created) });
    for (const d of documents) {
      dto.documents.push({ id: d.id, fileName: (await open(deps, tx, recordColumns.documentFileName, d.id, d.file_name_enc)) ?? '', mediaType: d.media_type, sizeBytes: d.size_bytes, uploadedAt: iso(d.created) });
    }
    await tx.audit({ ...entry, outcome: 'success', fields: ['notes', 'services', 'goals', 'documents'], details: { caseId: w.caseId, formerOwner: true, count: notes.length + services.length + goals.length + documents.length } });
    return dto;
  });
  if (!result) {
    await access.auditDenied({ ...entry, details: { reason: 'not_found' } });
    throw notFound('transfer');
  }
  return result;
}

export async function formerDocument(deps: TransferDeps & { id: string; documentId: string }): Promise<{ fileName: string; mediaType: string; data: Buffer }> {
  const { access, id, documentId } = deps;
  const entry = { action: 'document.read' as const, recordType: 'case_document', recordId: documentId };
  await access.require({ permission: 'cases.read', entry });
  const result = await access.transaction(async (tx) => {
    const w = await formerWindow(tx, id);
    if (!w) return undefined;
    const d = await tx.db
      .selectFrom('case_documents')
      .select(['id', 'file_name_enc', 'media_type', 'content_enc', 'uploaded_at'])
      .where('id', '=', documentId)
      .where('case_id', '=', w.caseId)
      .where('uploaded_at', '>=', w.from)
      .where('uploaded_at', '<', w.to)
      .executeTakeFirst();
    if (!d) return undefined;
    const data = await deps.cipher.decryptBuffer({ data: Buffer.from(d.content_enc), aad: fieldAad({ table: recordColumns.documentContent.table, column: recordColumns.documentContent.column, rowId: d.id }), db: tx.db });
    const fileName = (await open(deps, tx, recordColumns.documentFileName, d.id, d.file_name_enc)) ?? 'documento';
    await tx.audit({ ...entry, outcome: 'success', fields: ['content', 'fileName'], details: { caseId: w.caseId, transferId: id, formerOwner: true } });
    return { fileName, mediaType: d.media_type, data };
  });
  if (!result) {
    await access.auditDenied({ ...entry, details: { reason: 'not_found', transferId: id } });
    throw notFound('document');
  }
  return result;
}
