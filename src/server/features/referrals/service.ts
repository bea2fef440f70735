/**
 * Rules of the referrals feature: sending a referral (from a case, with the consent check first;
 * or from an external agency that holds no case), the in- and out-boxes, reading a referral (the
 * receiver sees the share set, read live from the current records, only while the referral is
 * open), its documents, the status machine, messages, linking the receiver's case, and the
 * deadlines (expiry and the warning before it).
 *
 * Who sees a referral: the two organisations on its sides. The sender's side: holders of
 * referrals.send, and holders of cases.read who see the case it was made from; the receiver's
 * side: holders of referrals.receive. Anyone else gets 404 exactly like a missing referral, and the
 * attempt is audited as denied. Every read and write is audited in the same transaction (field
 * names, never values); messages, reasons, feedback and subjects are encrypted, bound to their row.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { writeAudit } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { startSerialLoop } from '../../platform/periodic.ts';
import { PonteError, conflictError, fieldError, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { consentFor, needsGuardian } from '../../../domain/consent.ts';
import { italianToday } from '../../../domain/case-records.ts';
import {
  ageBand,
  allowedReferralMoves,
  findReferralTransition,
  identifyingShareFields,
  isReferralOpen,
  referralAnswerDueAt,
  referralReason,
  type ConsentBasis,
  type ReferralSide,
  type ReferralStatus,
  type ShareField,
} from '../../../domain/referrals/index.ts';
import type { StoredIdentity } from '../../../domain/persons/schema.ts';
import { caseVisibleTo, type ScopeActor } from '../persons/scope.ts';
import { readStoredIdentity } from '../persons/identity.ts';
import { notify } from '../notifications/queries.ts';
import { holdersOf } from '../cases/queries.ts';
import * as casesQ from '../cases/queries.ts';
import * as recordsQ from '../case-records/queries.ts';
import { recordColumns } from '../case-records/encrypted.ts';
import { caseColumns } from '../cases/encrypted.ts';
import { referralColumns } from './encrypted.ts';
import { insertReferral } from './store.ts';
import { followReferralStatus } from './procedure.ts';
import { closeHotlineFirstContact } from '../hotline/first-contact.ts';
import * as q from './queries.ts';
import type {
  LinkCaseBody,
  MessageBody,
  ReferralCreate,
  ReferralDetail,
  ReferralListItem,
  ReferralQuery,
  SharedDocument,
  SharedFields,
  TimelineEvent,
  TransitionBody,
} from './schemas.ts';

export interface ReferralServices {
  cipher: FieldCipher;
}

type Side = 'sender' | 'receiver';
type Column = { table: string; column: string };

const noOrg = '00000000-0000-0000-0000-000000000000';

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}
function isoOrNull(d: Date | string | null): string | null {
  return d === null ? null : iso(d);
}

async function seal(services: ReferralServices, tx: ScopedTx, column: Column, rowId: string, plaintext: string): Promise<string> {
  return services.cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId }), db: tx.db });
}

async function open(services: ReferralServices, db: ScopedTx['db'], column: Column, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return services.cipher.decrypt({ value, aad: fieldAad({ ...column, rowId }), db });
}

/** Refused inside the transaction: the work rolls back, then the refusal is audited as denied. */
class Refusal extends Error {
  constructor(
    readonly error: PonteError,
    readonly details: Record<string, string | number | boolean | null>,
    readonly entry?: { recordType: string; recordId?: string },
  ) {
    super(error.detail ?? error.code);
  }
}

/** Out of the caller's reach (or missing): audited as denied, answered 404. */
class OutOfReach extends Error {}

const messages = {
  ownOrganisation: { it: 'non si può inviare alla propria organizzazione', en: 'a referral cannot be sent to one’s own organisation' },
  notInCatalogue: { it: 'non è un documento di questo caso', en: 'not a document of this case' },
  onlyFromCase: { it: 'si indica solo per un invio da un caso', en: 'only for a referral from a case' },
  agencyHoldsCases: {
    it: 'chi ha accesso ai casi invia dal caso, dove si verifica il consenso: indica caseId',
    en: 'users who hold cases refer from the case, where consent is checked: give caseId',
  },
  consentRequired: {
    it: 'Manca il consenso della persona alla condivisione con questa organizzazione: registralo nel caso prima dell’invio, oppure condividi solo dati non identificativi.',
    en: 'The person has not consented to sharing with this organisation: record the consent in the case before sending, or share only non-identifying data.',
  },
  guardianConsentRequired: {
    it: 'Per un minore o presunto minore serve il consenso del tutore alla condivisione con questa organizzazione: registralo nel caso prima dell’invio.',
    en: 'For a minor or possible minor the guardian must consent to sharing with this organisation: record it in the case before sending.',
  },
  overrideNotAllowed: {
    it: 'Solo chi ha il permesso di condividere senza consenso può farlo, e con un motivo scritto.',
    en: 'Only holders of the permission to share without consent may do so, and with a written reason.',
  },
  stale: { it: 'L’invio è stato modificato nel frattempo: ricarica e riprova.', en: 'The referral was changed meanwhile: reload and try again.' },
  closed: { it: 'L’invio è chiuso.', en: 'The referral is closed.' },
  reasonRequired: { it: 'indica il motivo', en: 'a reason is required' },
  outcomeRequired: { it: 'indica l’esito', en: 'an outcome is required' },
  feedbackRequired: { it: 'indica un riscontro per chi ha inviato', en: 'feedback to the sender is required' },
  onlyForCompletion: { it: 'si indica solo alla conclusione', en: 'only when completing' },
  unknownCase: { it: 'caso inesistente', en: 'unknown case' },
} as const;

function notAllowedMove(from: string, to: string): PonteError {
  return conflictError({
    it: `Da «${from}» non si può passare a «${to}».`,
    en: `A referral cannot move from "${from}" to "${to}".`,
    detail: `referral transition ${from} → ${to}`,
  });
}

function wrongSide(by: ReferralSide): PonteError {
  const who = by === 'sender' ? { it: 'chi ha inviato', en: 'the sender' } : by === 'receiver' ? { it: 'chi ha ricevuto', en: 'the receiver' } : { it: 'Ponte (scadenza)', en: 'Ponte (deadline)' };
  return new PonteError({ code: 'forbidden', detail: `referral move reserved to ${by}`, message: { it: `Questo passaggio spetta a ${who.it}.`, en: `This move belongs to ${who.en}.` } });
}

function scopeActorOf(access: DataAccess): ScopeActor {
  const actor = access.requireActor();
  return { orgId: actor.orgId ?? noOrg, userId: actor.userId, permissions: actor.permissions };
}

async function toOrgChecks(tx: ScopedTx, locale: Locale, fromOrgId: string, toOrgId: string): Promise<void> {
  if (toOrgId === fromOrgId) throw fieldError({ locale, path: 'toOrgId', message: messages.ownOrganisation });
  if (!(await q.activeOrganisation(tx.db, toOrgId))) throw fieldError({ locale, path: 'toOrgId', message: issueMessages.unknownOrganisation });
}

// =============================================================================================
// Sending

export interface ReferralCreated {
  id: string;
  code: string;
  status: 'sent';
  consentBasis: ConsentBasis;
  answerDueAt: string;
}

export async function createReferral(options: { access: DataAccess; services: ReferralServices; input: ReferralCreate }): Promise<ReferralCreated> {
  const { access, input } = options;
  const entry = { action: 'referral.create' as const, recordType: input.caseId ? 'case' : 'referral', ...(input.caseId ? { recordId: input.caseId } : {}) };
  const actor = await access.require({ permission: 'referrals.send', entry });
  if (input.caseId && !actor.permissions.has('cases.read')) {
    await access.auditDenied({ ...entry, details: { missing: 'cases.read' } });
    throw notFound('missing cases.read');
  }
  if (!actor.orgId) {
    await access.auditDenied({ ...entry, details: { reason: 'no_organisation' } });
    throw notFound('no organisation');
  }
  try {
    return input.caseId ? await fromCase({ ...options, caseId: input.caseId }) : await fromAgency(options);
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    if (e instanceof Refusal) {
      await access.auditDenied({ action: 'referral.create', ...(e.entry ?? entry), details: e.details });
      throw e.error;
    }
    throw e;
  }
}

async function fromCase(options: { access: DataAccess; services: ReferralServices; input: ReferralCreate; caseId: string }): Promise<ReferralCreated> {
  const { access, services, input, caseId } = options;
  const locale = access.meta.locale;
  const scope = scopeActorOf(access);
  return access.transaction(async (tx) => {
    const c = await casesQ.findVisibleCase(tx.db, caseId, scope, { forUpdate: true });
    if (!c) throw new OutOfReach('case not visible');
    await toOrgChecks(tx, locale, scope.orgId, input.toOrgId);
    const reason = referralReason(input.reason);
    if (!reason) throw new Error('reason validated by the schema');
    const shareFields: readonly ShareField[] = input.shareFields ?? reason.preset;
    const shareDocumentIds = input.shareDocumentIds ?? [];
    if (shareDocumentIds.length > 0) {
      const found = new Set(
        (await tx.db.selectFrom('case_documents').select('id').where('case_id', '=', c.id).where('id', 'in', shareDocumentIds).execute()).map((r) => r.id),
      );
      for (const [i, id] of shareDocumentIds.entries()) {
        if (!found.has(id)) throw fieldError({ locale, path: `shareDocumentIds.${i}`, message: messages.notInCatalogue });
      }
    }

    // Consent first (domain/consent.ts): the latest sharing record for the receiver must give it.
    const consents = (await recordsQ.listConsents(tx.db, c.id)).map((r) => ({ row: r, purpose: r.purpose, organisationId: r.organisation_id, status: r.status, sequence: Number(r.seq) }));
    const state = consentFor({ consents, purpose: 'sharing', organisationId: input.toOrgId });
    const minor = needsGuardian(c.minor_status);
    const identifying = shareDocumentIds.length > 0 || shareFields.some((f) => (identifyingShareFields as readonly string[]).includes(f));
    let basis: ConsentBasis;
    let consentId: string | null = null;
    if (state.allowed && state.record && (!minor || state.record.row.given_by === 'guardian')) {
      basis = minor ? 'guardian_consent' : 'consent';
      consentId = state.record.row.id;
    } else if (!identifying) {
      basis = 'no_personal_data';
    } else if (input.overrideReason && tx.actor.permissions.has('referrals.override_consent')) {
      basis = 'override';
    } else if (input.overrideReason) {
      throw new Refusal(new PonteError({ code: 'forbidden', detail: 'override without permission', message: messages.overrideNotAllowed }), {
        reason: 'override_not_allowed',
        missing: 'referrals.override_consent',
        consentStatus: state.status,
      });
    } else {
      throw new Refusal(new PonteError({ code: 'consent_required', detail: 'no sharing consent', message: minor ? messages.guardianConsentRequired : messages.consentRequired }), {
        reason: minor ? 'guardian_consent_required' : 'consent_required',
        consentStatus: state.status,
      });
    }

    const { id, code, answerDueAt } = await insertReferral({
      db: tx.db,
      cipher: services.cipher,
      now: tx.now,
      audit: (entry) => tx.audit(entry),
      referral: {
        source: 'case',
        fromOrgId: scope.orgId,
        fromUserId: tx.actor.userId,
        toOrgId: input.toOrgId,
        caseId: c.id,
        personId: c.person_id,
        reason: input.reason,
        urgency: input.urgency,
        requestedService: input.requestedService ?? null,
        message: input.message ?? null,
        shareFields,
        shareDocumentIds,
        consentBasis: basis,
        consentId,
        overrideReason: basis === 'override' ? (input.overrideReason ?? null) : null,
        answerDueAt: referralAnswerDueAt({ reason: input.reason, sentAt: tx.now }),
      },
    });
    await tx.audit({
      action: 'referral.create',
      outcome: 'success',
      recordType: 'referral',
      recordId: id,
      fields: ['reason', 'urgency', 'shareFields', ...(shareDocumentIds.length ? ['shareDocumentIds'] : []), ...(input.message ? ['message'] : []), ...(input.requestedService ? ['requestedService'] : []), ...(basis === 'override' ? ['overrideReason'] : [])],
      details: { consentBasis: basis, source: 'case', caseId: c.id, toOrgId: input.toOrgId },
    });
    return { id, code, status: 'sent', consentBasis: basis, answerDueAt: iso(answerDueAt) };
  });
}

async function fromAgency(options: { access: DataAccess; services: ReferralServices; input: ReferralCreate }): Promise<ReferralCreated> {
  const { access, services, input } = options;
  const locale = access.meta.locale;
  const scope = scopeActorOf(access);
  if (scope.permissions.has('cases.read')) throw fieldError({ locale, path: 'subject', message: messages.agencyHoldsCases });
  for (const key of ['shareFields', 'shareDocumentIds', 'overrideReason'] as const) {
    if (input[key] !== undefined) throw fieldError({ locale, path: key, message: messages.onlyFromCase });
  }
  return access.transaction(async (tx) => {
    await toOrgChecks(tx, locale, scope.orgId, input.toOrgId);
    const { id, code, answerDueAt } = await insertReferral({
      db: tx.db,
      cipher: services.cipher,
      now: tx.now,
      audit: (entry) => tx.audit(entry),
      referral: {
        source: 'agency',
        fromOrgId: scope.orgId,
        fromUserId: tx.actor.userId,
        toOrgId: input.toOrgId,
        reason: input.reason,
        urgency: input.urgency,
        requestedService: input.requestedService ?? null,
        message: input.message ?? null,
        subject: input.subject ?? null,
        shareFields: [],
        consentBasis: 'consent',
        answerDueAt: referralAnswerDueAt({ reason: input.reason, sentAt: tx.now }),
      },
    });
    await tx.audit({
      action: 'referral.create',
      outcome: 'success',
      recordType: 'referral',
      recordId: id,
      fields: ['reason', 'urgency', 'subject', ...(input.message ? ['message'] : []), ...(input.requestedService ? ['requestedService'] : [])],
      details: { consentBasis: 'consent', source: 'agency', toOrgId: input.toOrgId },
    });
    return { id, code, status: 'sent', consentBasis: 'consent', answerDueAt: iso(answerDueAt) };
  });
}

// =============================================================================================
// Boxes

export async function listReferrals(options: { access: DataAccess; query: ReferralQuery }): Promise<{ items: ReferralListItem[]; total: number; limit: number; offset: number }> {
  const { access, query } = options;
  await access.require({ permission: query.box === 'in' ? 'referrals.receive' : 'referrals.send', entry: { action: 'referral.list', recordType: 'referral', details: { box: query.box } } });
  const scope = scopeActorOf(access);
  return access.transaction(async (tx) => {
    const { rows, total } = await q.listReferrals(tx.db, { orgId: scope.orgId, box: query.box, status: query.status || undefined, limit: query.limit, offset: query.offset });
    const orgs = await q.organisationRefs(tx.db, rows.map((r) => (query.box === 'in' ? r.from_org_id : r.to_org_id)));
    const items: ReferralListItem[] = rows.map((r) => {
      const other = query.box === 'in' ? r.from_org_id : r.to_org_id;
      const shownCode = query.box === 'out' || (isReferralOpen(r.status) && r.share_fields.includes('person.code'));
      return {
        id: r.id,
        code: r.code,
        source: r.source,
        reason: r.reason,
        urgency: r.urgency,
        status: r.status,
        otherOrganisation: orgs.get(other) ?? { id: other, code: '', name: '' },
        personCode: shownCode ? r.person_code : null,
        caseCode: query.box === 'out' ? r.case_code : null,
        sentAt: iso(r.sent_at),
        answerDueAt: iso(r.answer_due_at),
        answeredAt: isoOrNull(r.answered_at),
        closedAt: isoOrNull(r.closed_at),
        overdue: r.status === 'sent' && new Date(r.answer_due_at) <= tx.now,
      };
    });
    await tx.audit({
      action: 'referral.list',
      outcome: 'success',
      recordType: 'referral',
      fields: ['code', 'reason', 'urgency', 'status', 'otherOrganisation', 'personCode', ...(query.box === 'out' ? ['caseCode'] : [])],
      details: { count: items.length, box: query.box, filters: query.status ? 'status' : '' },
    });
    return { items, total, limit: query.limit, offset: query.offset };
  });
}

// =============================================================================================
// One referral: the door, the detail, the share set

/**
 * The caller's side of a referral, or null when it is out of reach. `act`: the sender's side must
 * also hold referrals.send (a cases.read holder sees a referral of their case but does not act on it).
 */
async function sideOf(tx: ScopedTx, row: q.ReferralRow, need: 'read' | 'act'): Promise<Side | null> {
  const { actor } = tx;
  if (actor.orgId === row.to_org_id) return actor.permissions.has('referrals.receive') ? 'receiver' : null;
  if (actor.orgId !== row.from_org_id) return null;
  if (actor.permissions.has('referrals.send')) return 'sender';
  if (need === 'act' || !row.case_id || !actor.permissions.has('cases.read')) return null;
  const scope: ScopeActor = { orgId: actor.orgId, userId: actor.userId, permissions: actor.permissions };
  const visible = await tx.db.selectFrom('cases').select('cases.id').where('cases.id', '=', row.case_id).where((eb) => caseVisibleTo(eb, scope)).executeTakeFirst();
  return visible ? 'sender' : null;
}

/**
 * The one door to a referral: the caller's organisation must be one of its sides with the right
 * permission; otherwise (or when missing) 404, audited as denied. Refusals thrown by `work` are
 * audited as denied too (the work rolls back).
 */
async function onReferral<T>(
  access: DataAccess,
  options: { id: string; action: AuditAction; need: 'read' | 'act'; forUpdate?: boolean },
  work: (tx: ScopedTx, row: q.ReferralRow, side: Side) => Promise<T>,
): Promise<T> {
  const actor = access.requireActor();
  const entry = { action: options.action, recordType: 'referral', recordId: options.id };
  if (!actor.orgId || !['referrals.send', 'referrals.receive', 'cases.read'].some((p) => actor.permissions.has(p as 'cases.read'))) {
    await access.auditDenied({ ...entry, details: { missing: 'referrals.send|referrals.receive|cases.read' } });
    throw notFound('no referral permission');
  }
  try {
    return await access.transaction(async (tx) => {
      const row = await q.findReferralOfOrg(tx.db, options.id, actor.orgId ?? noOrg, { forUpdate: options.forUpdate ?? false });
      if (!row) throw new OutOfReach('referral not visible');
      const side = await sideOf(tx, row, options.need);
      if (!side) throw new OutOfReach('not a side of the referral');
      return work(tx, row, side);
    });
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    if (e instanceof Refusal) {
      await access.auditDenied({ ...entry, ...(e.entry ?? {}), details: e.details });
      throw e.error;
    }
    if (e instanceof PonteError && (e.code === 'not_found' || e.code === 'forbidden')) {
      await access.auditDenied({ ...entry, details: { reason: e.detail ?? e.code } });
    }
    throw e;
  }
}

interface BuiltShared {
  fields: SharedFields;
  documents: SharedDocument[];
}

/** The share set read live from the current person and case records: exactly the keys of share_fields. */
async function buildShared(services: ReferralServices, tx: ScopedTx, row: q.ReferralRow): Promise<BuiltShared> {
  const db = tx.db;
  const keys = new Set(row.share_fields);
  const fields: Record<string, unknown> = {};
  if (row.person_id) {
    const person = await db.selectFrom('persons').select(['id', 'code', 'identity_enc', 'sex', 'citizenships', 'languages', 'vulnerabilities']).where('id', '=', row.person_id).executeTakeFirst();
    if (person) {
      const needsIdentity = ['person.names', 'person.birth', 'person.age', 'person.documents', 'person.phones', 'person.children'].some((k) => keys.has(k));
      const identity: StoredIdentity | null = needsIdentity ? await readStoredIdentity({ cipher: services.cipher, db, personId: person.id, identityEnc: person.identity_enc }) : null;
      if (keys.has('person.code')) fields['person.code'] = person.code;
      if (keys.has('person.names')) fields['person.names'] = identity?.names ?? [];
      if (keys.has('person.birth')) fields['person.birth'] = identity?.birth ?? null;
      if (keys.has('person.age')) fields['person.age'] = ageBand({ birth: identity?.birth, on: italianToday(tx.now) });
      if (keys.has('person.sex')) fields['person.sex'] = person.sex;
      if (keys.has('person.citizenships')) fields['person.citizenships'] = person.citizenships;
      if (keys.has('person.languages')) fields['person.languages'] = person.languages;
      if (keys.has('person.documents')) fields['person.documents'] = identity?.documents ?? [];
      if (keys.has('person.phones')) fields['person.phones'] = identity?.phones ?? [];
      if (keys.has('person.vulnerabilities')) fields['person.vulnerabilities'] = person.vulnerabilities;
      if (keys.has('person.children')) fields['person.children'] = identity?.children ?? [];
    }
  }
  const documents: SharedDocument[] = [];
  if (row.case_id) {
    const c = await db.selectFrom('cases').selectAll().where('id', '=', row.case_id).executeTakeFirst();
    if (c) {
      if (keys.has('case.phase')) fields['case.phase'] = { phase: c.phase, status: c.status };
      if (keys.has('case.exploitation')) {
        fields['case.exploitation'] = {
          types: c.exploitation_types,
          sexExploitationTypes: c.sex_exploitation_types,
          labourSectors: c.labour_sectors,
          countries: c.exploitation_countries,
          provinces: c.exploitation_provinces,
          from: c.exploitation_from,
          to: c.exploitation_to,
          meansOfControl: c.means_of_control,
          recruitmentMethods: c.recruitment_methods,
          recruiterRelations: c.recruiter_relations,
        };
      }
      if (keys.has('case.trafficking_status')) fields['case.trafficking_status'] = { status: c.trafficking_status, decidedBy: c.trafficking_status_decided_by, decidedOn: c.trafficking_status_decided_on };
      if (keys.has('case.minor')) {
        // sealed since migration 0029; a case written before and not yet sealed still has it in clear
        const juvenileCourt = c.juvenile_court_enc !== null ? await open(services, db, caseColumns.juvenileCourt, c.id, c.juvenile_court_enc) : c.juvenile_court;
        fields['case.minor'] = { status: c.minor_status, ageAssessment: c.age_assessment, ageAssessmentOn: c.age_assessment_on, juvenileCourt };
      }
      if (keys.has('case.guardian')) {
        const g = await open(services, db, caseColumns.guardian, c.id, c.guardian_enc);
        fields['case.guardian'] = g === null ? null : (JSON.parse(g) as Record<string, unknown>);
      }
      if (keys.has('case.plan')) {
        const goals = await recordsQ.listGoals(db, c.id);
        const actions = await recordsQ.listActions(db, c.id);
        const plan = [];
        for (const g of goals) {
          const acts = [];
          for (const a of actions.filter((x) => x.goal_id === g.id)) {
            acts.push({ what: (await open(services, db, recordColumns.actionWhat, a.id, a.what_enc)) ?? '', status: a.status, dueOn: a.due_on });
          }
          plan.push({ title: (await open(services, db, recordColumns.goalTitle, g.id, g.title_enc)) ?? '', status: g.status, actions: acts });
        }
        fields['case.plan'] = plan;
      }
      if (keys.has('case.services')) {
        fields['case.services'] = (await recordsQ.listServices(db, c.id)).map((s) => ({ type: s.service_type, status: s.status, startsOn: s.starts_on, endsOn: s.ends_on }));
      }
      if (row.share_document_ids.length > 0) {
        const docs = await db
          .selectFrom('case_documents')
          .select(['id', 'file_name_enc', 'media_type', 'category', 'size_bytes', 'uploaded_at'])
          .where('case_id', '=', c.id)
          .where('id', 'in', row.share_document_ids)
          .orderBy('uploaded_at')
          .execute();
        for (const d of docs) {
          documents.push({
            id: d.id,
            fileName: (await open(services, db, recordColumns.documentFileName, d.id, d.file_name_enc)) ?? '',
            mediaType: d.media_type,
            category: d.category,
            sizeBytes: d.size_bytes,
            uploadedAt: iso(d.uploaded_at),
          });
        }
      }
    }
  }
  return { fields, documents };
}

async function timeline(services: ReferralServices, tx: ScopedTx, row: q.ReferralRow): Promise<TimelineEvent[]> {
  const rows = await q.events(tx.db, row.id);
  const names = await casesQ.displayNames(tx.db, rows.map((e) => e.user_id));
  const out: TimelineEvent[] = [];
  for (const e of rows) {
    out.push({
      id: e.id,
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: await open(services, tx.db, referralColumns.eventNote, e.id, e.note_enc),
      side: e.org_id === null ? 'system' : e.org_id === row.from_org_id ? 'sender' : 'receiver',
      user: e.user_id ? { id: e.user_id, displayName: names.get(e.user_id) ?? null } : null,
      at: iso(e.at),
    });
  }
  return out;
}

/**
 * The referral as the caller's side sees it, audited as `referral.read` with the fields returned.
 * The first read after the referral closed records the end of the receiver's access.
 */
async function readDetail(services: ReferralServices, tx: ScopedTx, row: q.ReferralRow, side: Side): Promise<ReferralDetail> {
  const db = tx.db;
  const isOpen = isReferralOpen(row.status);
  if (!isOpen && !(await q.hasAccessEnded(db, row.id))) {
    await q.insertEvent(db, { referralId: row.id, kind: 'access_ended', orgId: null, userId: null, at: tx.now });
    await tx.audit({ action: 'referral.access_ended', outcome: 'success', recordType: 'referral', recordId: row.id, details: { status: row.status, toOrgId: row.to_org_id } });
  }
  const orgs = await q.organisationRefs(db, [row.from_org_id, row.to_org_id]);
  const names = await casesQ.displayNames(db, [row.from_user_id, row.receiver_user_id]);
  const sender = side === 'sender';
  const caseRow = sender && row.case_id ? await db.selectFrom('cases').select(['code']).where('id', '=', row.case_id).executeTakeFirst() : undefined;
  const personRow = row.person_id ? await db.selectFrom('persons').select(['code']).where('id', '=', row.person_id).executeTakeFirst() : undefined;
  const seesShare = !sender && isOpen;
  const shared = seesShare ? await buildShared(services, tx, row) : null;
  const subjectText = sender || seesShare ? await open(services, db, referralColumns.subject, row.id, row.subject_enc) : null;
  const personCode = sender || (seesShare && row.share_fields.includes('person.code')) ? (personRow?.code ?? null) : null;
  const canAct = sender ? tx.actor.permissions.has('referrals.send') : true;
  const detail: ReferralDetail = {
    id: row.id,
    code: row.code,
    source: row.source,
    side,
    status: row.status,
    open: isOpen,
    reason: row.reason,
    urgency: row.urgency,
    requestedService: row.requested_service,
    from: { organisation: orgs.get(row.from_org_id) ?? { id: row.from_org_id, code: '', name: '' }, user: { id: row.from_user_id, displayName: names.get(row.from_user_id) ?? null } },
    to: {
      organisation: orgs.get(row.to_org_id) ?? { id: row.to_org_id, code: '', name: '' },
      user: row.receiver_user_id ? { id: row.receiver_user_id, displayName: names.get(row.receiver_user_id) ?? null } : null,
    },
    personId: sender || isOpen ? row.person_id : null,
    caseId: sender ? row.case_id : null,
    caseCode: caseRow?.code ?? null,
    personCode,
    receiverCaseId: sender ? null : row.receiver_case_id,
    shareFields: row.share_fields,
    shareDocumentIds: sender || isOpen ? row.share_document_ids : [],
    consentBasis: row.consent_basis,
    overrideReason: sender ? await open(services, db, referralColumns.overrideReason, row.id, row.override_reason_enc) : null,
    message: await open(services, db, referralColumns.message, row.id, row.message_enc),
    declineReason: await open(services, db, referralColumns.declineReason, row.id, row.decline_reason_enc),
    outcome: row.outcome as ReferralDetail['outcome'],
    feedback: await open(services, db, referralColumns.feedback, row.id, row.feedback_enc),
    subject: subjectText === null ? null : (JSON.parse(subjectText) as Record<string, unknown>),
    shared,
    allowedMoves: canAct ? allowedReferralMoves(row.status, side) : [],
    answerDueAt: iso(row.answer_due_at),
    warnedAt: isoOrNull(row.warned_at),
    sentAt: iso(row.sent_at),
    answeredAt: isoOrNull(row.answered_at),
    closedAt: isoOrNull(row.closed_at),
    updatedAt: iso(row.updated_at),
    version: row.version,
    timeline: await timeline(services, tx, row),
  };
  const fields = [
    'status', 'reason', 'urgency', 'message', 'timeline',
    ...(sender ? ['case', 'personCode', ...(row.override_reason_enc ? ['overrideReason'] : [])] : []),
    ...(shared ? [...row.share_fields, ...(shared.documents.length ? ['documents'] : [])] : []),
    ...(detail.subject ? ['subject'] : []),
  ];
  await tx.audit({ action: 'referral.read', outcome: 'success', recordType: 'referral', recordId: row.id, fields, details: { side, open: isOpen } });
  return detail;
}

export async function getReferral(options: { access: DataAccess; services: ReferralServices; id: string }): Promise<ReferralDetail> {
  const { access, services, id } = options;
  return onReferral(access, { id, action: 'referral.read', need: 'read' }, (tx, row, side) => readDetail(services, tx, row, side));
}

export async function readReferralDocument(options: { access: DataAccess; services: ReferralServices; id: string; documentId: string }): Promise<{ fileName: string; mediaType: string; data: Buffer }> {
  const { access, services, id, documentId } = options;
  return onReferral(access, { id, action: 'referral.document_read', need: 'read' }, async (tx, row, side) => {
    const caseId = row.case_id;
    if (!caseId || !row.share_document_ids.includes(documentId) || (side === 'receiver' && !isReferralOpen(row.status))) throw notFound('document not shared by the referral');
    const doc = await recordsQ.findDocument(tx.db, caseId, documentId);
    if (!doc) throw notFound('document');
    const col = recordColumns.documentContent;
    const data = await services.cipher.decryptBuffer({ data: Buffer.from(doc.content_enc), aad: fieldAad({ table: col.table, column: col.column, rowId: doc.id }), db: tx.db });
    const fileName = (await open(services, tx.db, recordColumns.documentFileName, doc.id, doc.file_name_enc)) ?? 'documento';
    await tx.audit({ action: 'referral.document_read', outcome: 'success', recordType: 'case_document', recordId: doc.id, fields: ['content', 'fileName'], details: { referralId: row.id, side } });
    return { fileName, mediaType: doc.media_type, data };
  });
}

// =============================================================================================
// Moves, messages, linking the receiver's case

async function notifyOtherSide(tx: ScopedTx, row: q.ReferralRow, side: Side | 'system', kind: string): Promise<number> {
  const userIds =
    side === 'receiver' || side === 'system'
      ? [row.from_user_id]
      : [...(await holdersOf(tx.db, row.to_org_id, 'referrals.receive')), ...(row.receiver_user_id ? [row.receiver_user_id] : [])];
  return notify(tx.db, { userIds: userIds.filter((u) => u !== tx.actor.userId), kind, recordType: 'referral', recordId: row.id, now: tx.now });
}

const closing = new Set<ReferralStatus>(['declined', 'completed', 'revoked', 'expired']);

export async function transitionReferral(options: { access: DataAccess; services: ReferralServices; id: string; input: TransitionBody }): Promise<ReferralDetail> {
  const { access, services, id, input } = options;
  const locale = access.meta.locale;
  return onReferral(access, { id, action: 'referral.transition', need: 'act', forUpdate: true }, async (tx, row, side) => {
    if (row.version !== input.version) throw conflictError({ ...messages.stale, detail: 'stale version' });
    const move = findReferralTransition(row.status, input.to);
    if (!move) throw notAllowedMove(row.status, input.to);
    if (move.by !== side) throw new Refusal(wrongSide(move.by), { reason: 'wrong_side', from: row.status, to: input.to });
    if (move.reasonRequired && !input.reason) throw fieldError({ locale, path: 'reason', message: messages.reasonRequired });
    if (move.outcomeRequired && !input.outcome) throw fieldError({ locale, path: 'outcome', message: messages.outcomeRequired });
    if (move.outcomeRequired && !input.feedback) throw fieldError({ locale, path: 'feedback', message: messages.feedbackRequired });
    if (!move.outcomeRequired && input.outcome !== undefined) throw fieldError({ locale, path: 'outcome', message: messages.onlyForCompletion });
    if (!move.outcomeRequired && input.feedback !== undefined) throw fieldError({ locale, path: 'feedback', message: messages.onlyForCompletion });
    const to = input.to;
    const set: Record<string, unknown> = { status: to, version: row.version + 1, updated_at: tx.now };
    if (to === 'accepted' || to === 'declined') set.answered_at = tx.now;
    if (closing.has(to)) set.closed_at = tx.now;
    if (to === 'accepted' && !row.receiver_user_id) set.receiver_user_id = tx.actor.userId;
    if ((to === 'declined' || to === 'revoked') && input.reason) set.decline_reason_enc = await seal(services, tx, referralColumns.declineReason, row.id, input.reason);
    if (to === 'completed') {
      set.outcome = input.outcome;
      set.feedback_enc = await seal(services, tx, referralColumns.feedback, row.id, input.feedback ?? '');
    }
    await tx.db.updateTable('referrals').set(set).where('id', '=', row.id).execute();
    await followReferralStatus({ db: tx.db, audit: (entry) => tx.audit(entry) }, { runId: row.procedure_run_id, status: to, now: tx.now, userId: tx.actor.userId });
    await closeHotlineFirstContact({ db: tx.db, audit: (entry) => tx.audit(entry) }, { hotlineCallId: row.hotline_call_id, toOrgId: row.to_org_id, status: to, now: tx.now });
    const eventId = await q.insertEvent(tx.db, { referralId: row.id, kind: 'status', fromStatus: row.status, toStatus: to, orgId: tx.actor.orgId, userId: tx.actor.userId, at: tx.now });
    if (input.reason) await q.setEventNote(tx.db, eventId, await seal(services, tx, referralColumns.eventNote, eventId, input.reason));
    const notified = await notifyOtherSide(tx, row, side, 'referral.status_changed');
    await tx.audit({
      action: 'referral.transition',
      outcome: 'success',
      recordType: 'referral',
      recordId: row.id,
      fields: ['status', ...(input.reason ? ['reason'] : []), ...(to === 'completed' ? ['outcome', 'feedback'] : [])],
      details: { from: row.status, to, side, notified },
    });
    const updated = await tx.db.selectFrom('referrals').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    return readDetail(services, tx, updated, side);
  });
}

export async function postMessage(options: { access: DataAccess; services: ReferralServices; id: string; input: MessageBody }): Promise<TimelineEvent> {
  const { access, services, id, input } = options;
  return onReferral(access, { id, action: 'referral.message', need: 'act', forUpdate: true }, async (tx, row, side) => {
    if (!isReferralOpen(row.status)) throw conflictError({ ...messages.closed, detail: 'referral closed' });
    const eventId = await q.insertEvent(tx.db, { referralId: row.id, kind: 'message', noteEnc: 'pending', orgId: tx.actor.orgId, userId: tx.actor.userId, at: tx.now });
    await q.setEventNote(tx.db, eventId, await seal(services, tx, referralColumns.eventNote, eventId, input.text));
    await tx.db.updateTable('referrals').set({ updated_at: tx.now }).where('id', '=', row.id).execute();
    const notified = await notifyOtherSide(tx, row, side, 'referral.message');
    await tx.audit({ action: 'referral.message', outcome: 'success', recordType: 'referral', recordId: row.id, fields: ['text'], details: { side, notified } });
    return { id: eventId, kind: 'message', fromStatus: null, toStatus: null, note: input.text, side, user: { id: tx.actor.userId, displayName: tx.actor.displayName }, at: iso(tx.now) };
  });
}

export async function linkCase(options: { access: DataAccess; services: ReferralServices; id: string; input: LinkCaseBody }): Promise<ReferralDetail> {
  const { access, services, id, input } = options;
  const locale = access.meta.locale;
  return onReferral(access, { id, action: 'referral.link_case', need: 'act', forUpdate: true }, async (tx, row, side) => {
    if (side !== 'receiver' || !tx.actor.permissions.has('cases.read')) throw new OutOfReach('only the receiver, with cases.read, links its case');
    if (row.source === 'case') {
      throw conflictError({ it: 'Per un invio da un caso si apre il caso indicando referralId.', en: 'For a referral from a case, open the case with referralId.', detail: 'link on case referral' });
    }
    if (row.status !== 'accepted' && row.status !== 'in_progress') {
      throw conflictError({ it: 'Si collega un caso solo a un invio accettato o in corso.', en: 'A case is linked only to an accepted or in-progress referral.', detail: 'link on status' });
    }
    if (row.receiver_case_id) throw conflictError({ it: 'L’invio ha già un caso collegato.', en: 'The referral already has a linked case.', detail: 'already linked' });
    const scope: ScopeActor = { orgId: tx.actor.orgId ?? noOrg, userId: tx.actor.userId, permissions: tx.actor.permissions };
    const c = await casesQ.findVisibleCase(tx.db, input.caseId, scope);
    if (!c) throw fieldError({ locale, path: 'caseId', message: messages.unknownCase });
    await tx.db
      .updateTable('referrals')
      .set({ receiver_case_id: c.id, person_id: row.person_id ?? c.person_id, version: row.version + 1, updated_at: tx.now })
      .where('id', '=', row.id)
      .execute();
    await tx.audit({ action: 'referral.link_case', outcome: 'success', recordType: 'referral', recordId: row.id, fields: ['receiverCaseId'], details: { caseId: c.id } });
    const updated = await tx.db.selectFrom('referrals').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    return readDetail(services, tx, updated, side);
  });
}

// =============================================================================================
// Deadlines (background work, no user: named system…)

/**
 * Expires every `sent` referral past its answer deadline (event by Ponte, audit entry with no
 * user, notification to the sender) and warns the receiving body once when less than a quarter of
 * the answer window (at least 2 hours) is left (`warned_at`, notification `referral.due_soon`).
 */
export async function systemExpireReferrals(options: { db: Kysely<DB>; now: Date; batchSize?: number }): Promise<{ expired: number; warned: number }> {
  const { db, now } = options;
  const batch = options.batchSize ?? 200;
  const context = { userId: null, orgId: null, ip: null, requestId: null };
  return db.transaction().execute(async (trx) => {
    const due = await q.dueForExpiry(trx, now, batch);
    for (const r of due) {
      await trx.updateTable('referrals').set({ status: 'expired', closed_at: now, updated_at: now, version: r.version + 1 }).where('id', '=', r.id).execute();
      await q.insertEvent(trx, { referralId: r.id, kind: 'status', fromStatus: 'sent', toStatus: 'expired', orgId: null, userId: null, at: now });
      await notify(trx, { userIds: [r.from_user_id], kind: 'referral.expired', recordType: 'referral', recordId: r.id, now });
      await followReferralStatus({ db: trx, audit: (entry) => writeAudit({ db: trx, context, entry }) }, { runId: r.procedure_run_id, status: 'expired', now, userId: null });
      await closeHotlineFirstContact({ db: trx, audit: (entry) => writeAudit({ db: trx, context, entry }) }, { hotlineCallId: r.hotline_call_id, toOrgId: r.to_org_id, status: 'expired', now });
      await writeAudit({ db: trx, context, entry: { action: 'referral.expire', outcome: 'success', recordType: 'referral', recordId: r.id, fields: ['status'], details: { from: 'sent', answerDueAt: iso(r.answer_due_at) } } });
    }
    const warn = await q.dueForWarning(trx, now, 2 * 3_600_000, batch);
    for (const r of warn) {
      await trx.updateTable('referrals').set({ warned_at: now }).where('id', '=', r.id).execute();
      const receivers = [...(await holdersOf(trx, r.to_org_id, 'referrals.receive')), ...(r.receiver_user_id ? [r.receiver_user_id] : [])];
      await notify(trx, { userIds: receivers, kind: 'referral.due_soon', recordType: 'referral', recordId: r.id, now });
    }
    return { expired: due.length, warned: warn.length };
  });
}

/** Runs systemExpireReferrals every `intervalMs` (first run at once), serialised, until stopped. */
export function startReferralDeadlines(options: { db: Kysely<DB>; clock: { now(): Date }; intervalMs: number; onError?: (error: unknown) => void }): { runNow(): Promise<{ expired: number; warned: number }>; stop(): Promise<void> } {
  return startSerialLoop({
    intervalMs: options.intervalMs,
    ...(options.onError ? { onError: options.onError } : {}),
    task: () => systemExpireReferrals({ db: options.db, now: options.clock.now() }),
  });
}
