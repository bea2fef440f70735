/**
 * Rules of the hotline feature: logging a call and, when it is routed, writing the referral that
 * carries the report to the competent body in the same transaction; reading, listing and changing
 * calls within scope; the routing preview; the on-duty roster.
 *
 * Who sees what (queries.ts `CallScope`):
 * - users holding hotline.write see and change, in full (caller details and summary included), the
 *   calls of the organisation they act for: the hotline station that answered them;
 * - the coordinators of a lead body (referrals.override_consent, acting for the lead organisation
 *   of a project) read calls about their territory or routed to their network, without the
 *   caller's details, the summary or the override reason (free text that may name people);
 * - the receiving body sees a report only through its referral (subject_enc), never here;
 * - everyone else: 404, audited as denied.
 *
 * Routing is computed here, at the moment the report is passed on (tx.now), from the database:
 * organisations, the project competent for the province and its partners, the station's roster.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { conflictError, fieldError, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { referralReason } from '../../../domain/referrals/index.ts';
import { newHotlineCallCode, routeCall, type RouteCandidate, type RouteRule } from '../../../domain/hotline/index.ts';
import { insertReferral } from '../referrals/store.ts';
import { startHotlineFirstContact } from './first-contact.ts';
import { hotlineColumns } from './encrypted.ts';
import * as q from './queries.ts';
import type { CallCreate, CallQuery, CallUpdate, Caller, RosterPut, RoutingInput } from './schemas.ts';

export interface HotlineServices {
  cipher: FieldCipher;
}

type Tx = Transaction<DB>;

/** How far in the future a call's receivedAt may be (clock skew of the operator's machine). */
const futureSlackMs = 5 * 60_000;
/** Past shifts shown by GET /api/hotline/roster. */
const rosterHistoryMs = 7 * 86_400_000;

const msg = {
  noBody: { it: 'nessun ente proposto per questa provincia: scegline uno', en: 'no body is proposed for this province: choose one' },
  overrideReason: { it: 'indica perché la segnalazione va a un ente diverso da quello proposto', en: 'say why the report goes to a body other than the proposed one' },
  badTarget: { it: 'ente inesistente, non attivo o non destinatario di segnalazioni', en: 'unknown or inactive body, or one that cannot receive reports' },
  pastShift: { it: 'un turno già concluso non si modifica', en: 'a shift that has already ended cannot be changed' },
  rosterBody: { it: 'ente inesistente o non attivo', en: 'unknown or inactive body' },
} as const;

async function seal(services: HotlineServices, db: Tx, column: { table: string; column: string }, rowId: string, plaintext: string | null | undefined): Promise<string | null> {
  if (plaintext === null || plaintext === undefined) return null;
  return services.cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId }), db });
}

async function open(services: HotlineServices, db: Tx, column: { table: string; column: string }, rowId: string, value: string | null): Promise<string | null> {
  if (value === null) return null;
  return services.cipher.decrypt({ value, aad: fieldAad({ ...column, rowId }), db });
}

async function hidden(access: DataAccess, action: AuditAction, recordId?: string): Promise<never> {
  await access.auditDenied({ action, recordType: 'hotline_call', ...(recordId ? { recordId } : {}), details: { reason: 'not_found' } });
  throw notFound('hotline call not visible');
}

/** The caller's hotline scope (hotline.write, acting for an organisation), or a denial audited as `action`. */
async function requireHotline(access: DataAccess, action: AuditAction, recordType: string, recordId?: string): Promise<{ orgId: string; userId: string }> {
  const actor = access.requireActor();
  if (!actor.permissions.has('hotline.write') || !actor.orgId) {
    await access.auditDenied({ action, recordType, ...(recordId ? { recordId } : {}), details: { missing: 'hotline.write' } });
    throw notFound('missing hotline.write');
  }
  return { orgId: actor.orgId, userId: actor.userId };
}

/** The scope for reading calls: the station (hotline.write) or a lead body's network view (referrals.override_consent). */
async function readScope(access: DataAccess, action: AuditAction, recordId?: string): Promise<q.CallScope> {
  const actor = access.requireActor();
  if (actor.orgId && actor.permissions.has('hotline.write')) return { kind: 'hotline', orgId: actor.orgId };
  if (actor.orgId && actor.permissions.has('referrals.override_consent')) return { kind: 'network', orgId: actor.orgId };
  await access.auditDenied({ action, recordType: 'hotline_call', ...(recordId ? { recordId } : {}), details: { missing: 'hotline.write' } });
  throw notFound('missing hotline.write');
}

// ---------------------------------------------------------------------------------------------
// Routing

export interface RoutingProposal {
  province: string;
  at: string;
  orgId: string | null;
  rule: RouteRule;
  candidates: Array<RouteCandidate & { code: string; name: string }>;
}

/** The routing proposal for a report from `province` passed on by the station at `at` (also used by the demo seed). */
export async function routingProposal(db: Tx, hotlineOrgId: string, province: string, at: Date): Promise<RoutingProposal> {
  // The station never routes to itself, whatever its type.
  const organisations = (await q.routingOrganisations(db)).filter((o) => o.id !== hotlineOrgId);
  const project = await q.routingProject(db, province, italianToday(at));
  const roster = await q.shiftsAt(db, hotlineOrgId, at);
  const r = routeCall({ province, at, organisations, projectPartners: project.partners, roster, leadBodyId: project.leadBodyId === hotlineOrgId ? null : project.leadBodyId });
  const refs = await q.organisationRefs(db, r.candidates.map((c) => c.orgId));
  return {
    province,
    at: at.toISOString(),
    orgId: r.orgId,
    rule: r.rule,
    candidates: r.candidates.map((c) => ({ ...c, code: refs.get(c.orgId)?.code ?? '', name: refs.get(c.orgId)?.name ?? '' })),
  };
}

export async function previewRouting(options: { access: DataAccess; province: string }): Promise<RoutingProposal> {
  const { access, province } = options;
  const scope = await requireHotline(access, 'hotline_call.route', 'hotline_call');
  return access.transaction(async (tx) => {
    const p = await routingProposal(tx.db, scope.orgId, province, tx.now);
    // No personal data: only organisations and the rule. Audited as a routing look-up all the same.
    await tx.audit({ action: 'hotline_call.route', outcome: 'success', recordType: 'hotline_call', details: { preview: true, province, rule: p.rule } });
    return p;
  });
}

interface CallState {
  province: string;
  municipality: string | null;
  language: string;
  callerType: string;
  exploitationTypes: string[];
  urgency: 'routine' | 'urgent' | 'emergency';
  anonymous: boolean;
  caller: Caller | null;
  receivedAt: Date;
  code: string;
}

/**
 * Routes a call now: the body (proposed, or the operator's choice with a reason), then the
 * referral. Returns the columns to store on the call.
 */
async function routeAndRefer(options: {
  services: HotlineServices;
  tx: ScopedTx;
  locale: Locale;
  hotlineOrgId: string;
  callId: string;
  state: CallState;
  routing: RoutingInput | undefined;
}): Promise<{ proposed_org_id: string | null; routed_org_id: string; routing_rule: 'roster' | 'province' | 'fallback' | 'override'; routing_override_reason_enc: string | null; referral_id: string; referralCode: string }> {
  const { services, tx, locale, hotlineOrgId, callId, state, routing } = options;
  const p = await routingProposal(tx.db, hotlineOrgId, state.province, tx.now);
  const chosen = routing?.orgId ?? p.orgId;
  if (!chosen) throw fieldError({ locale, path: 'routing.orgId', message: msg.noBody });
  const overridden = chosen !== p.orgId;
  if (overridden) {
    const target = (await q.routingOrganisations(tx.db)).find((o) => o.id === chosen);
    if (!target || !target.isActive || target.type === 'hotline' || target.id === hotlineOrgId) throw fieldError({ locale, path: 'routing.orgId', message: msg.badTarget });
    if (!routing?.overrideReason) throw fieldError({ locale, path: 'routing.overrideReason', message: msg.overrideReason });
  }
  const contact = !state.anonymous && state.caller?.contactAgreed === true;
  const subject: Record<string, unknown> = {
    hotlineCall: state.code,
    receivedAt: state.receivedAt.toISOString(),
    language: state.language,
    callerType: state.callerType,
    province: state.province,
    ...(state.municipality ? { municipality: state.municipality } : {}),
    exploitationTypes: state.exploitationTypes,
    urgency: state.urgency,
    ...(contact && state.caller
      ? { name: state.caller.name, ...(state.caller.phone ? { phone: state.caller.phone } : {}), ...(state.caller.bestTime ? { bestTime: state.caller.bestTime } : {}) }
      : {}),
  };
  const reason = referralReason('hotline_report');
  const referral = await insertReferral({
    db: tx.db,
    cipher: services.cipher,
    now: tx.now,
    audit: (entry) => tx.audit(entry),
    referral: {
      source: 'hotline',
      fromOrgId: hotlineOrgId,
      fromUserId: tx.actor.userId,
      toOrgId: chosen,
      hotlineCallId: callId,
      reason: 'hotline_report',
      urgency: state.urgency,
      message: routing?.message ?? null,
      subject,
      shareFields: [],
      consentBasis: contact ? 'caller_request' : 'no_personal_data',
      answerDueAt: new Date(tx.now.getTime() + (reason?.answerWithinHours ?? 24) * 3_600_000),
    },
  });
  // The receiving body's first contact within 24 hours: a procedure run of its own, on the call.
  await startHotlineFirstContact({ db: tx.db, audit: (entry) => tx.audit(entry) }, { callId, hotlineOrgId, toOrgId: chosen, now: tx.now, userId: tx.actor.userId });
  const rule = overridden ? 'override' : p.rule;
  await tx.audit({
    action: 'hotline_call.route', outcome: 'success', recordType: 'hotline_call', recordId: callId,
    details: { rule, proposedRule: p.rule, overridden, referral: referral.code },
  });
  await tx.audit({
    action: 'referral.create', outcome: 'success', recordType: 'referral', recordId: referral.id,
    fields: ['subject', ...(routing?.message ? ['message'] : [])],
    details: { source: 'hotline', consentBasis: contact ? 'caller_request' : 'no_personal_data' },
  });
  return {
    proposed_org_id: p.orgId,
    routed_org_id: chosen,
    routing_rule: rule,
    routing_override_reason_enc: overridden ? await seal(services, tx.db, hotlineColumns.overrideReason, callId, routing?.overrideReason) : null,
    referral_id: referral.id,
    referralCode: referral.code,
  };
}

// ---------------------------------------------------------------------------------------------
// The call

export interface CallDto {
  id: string;
  code: string;
  /** hotline: the station's full view; network: a lead body's view without caller details or summary. */
  view: 'hotline' | 'network';
  receivedAt: string;
  durationSeconds: number | null;
  language: string;
  callerType: string;
  province: string;
  municipality: string | null;
  exploitationTypes: string[];
  urgency: string;
  anonymous: boolean;
  caller: Caller | null;
  summary: string | null;
  outcome: string;
  /** The person the call is about (coarse values; null: not recorded). */
  subjectSex: string | null;
  subjectAge: string | null;
  subjectNationality: string | null;
  operator: { id: string; displayName: string | null } | null;
  routing: {
    proposedOrganisation: { id: string; code: string; name: string } | null;
    organisation: { id: string; code: string; name: string } | null;
    rule: string | null;
    overrideReason: string | null;
  } | null;
  referral: { id: string; code: string; status: string; answerDueAt: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const fullReadFields = ['receivedAt', 'language', 'callerType', 'province', 'exploitationTypes', 'urgency', 'outcome', 'routing', 'subject', 'caller', 'summary'];
const networkReadFields = ['receivedAt', 'language', 'callerType', 'province', 'exploitationTypes', 'urgency', 'outcome', 'routing', 'subject'];

async function buildCall(services: HotlineServices, db: Tx, row: q.CallRow, view: 'hotline' | 'network'): Promise<CallDto> {
  const full = view === 'hotline';
  const callerText = full ? await open(services, db, hotlineColumns.caller, row.id, row.caller_enc) : null;
  return {
    id: row.id,
    code: row.code,
    view,
    receivedAt: new Date(row.received_at).toISOString(),
    durationSeconds: row.duration_seconds,
    language: row.language,
    callerType: row.caller_type,
    province: row.province,
    municipality: row.municipality,
    exploitationTypes: row.exploitation_types,
    urgency: row.urgency,
    anonymous: row.anonymous,
    caller: callerText === null ? null : (JSON.parse(callerText) as Caller),
    summary: full ? await open(services, db, hotlineColumns.summary, row.id, row.summary_enc) : null,
    outcome: row.outcome,
    subjectSex: row.subject_sex,
    subjectAge: row.subject_age,
    subjectNationality: row.subject_nationality,
    operator: full ? { id: row.operator_user_id, displayName: await q.displayName(db, row.operator_user_id) } : null,
    routing: row.routing_rule
      ? {
          proposedOrganisation: await q.organisationRef(db, row.proposed_org_id),
          organisation: await q.organisationRef(db, row.routed_org_id),
          rule: row.routing_rule,
          overrideReason: full ? await open(services, db, hotlineColumns.overrideReason, row.id, row.routing_override_reason_enc) : null,
        }
      : null,
    referral: await q.referralRef(db, row.referral_id),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    version: row.version,
  };
}

function checkReceivedAt(locale: Locale, receivedAt: Date, now: Date): void {
  if (receivedAt.getTime() > now.getTime() + futureSlackMs) throw fieldError({ locale, path: 'receivedAt', message: issueMessages.dateInFuture });
}

function checkMunicipality(locale: Locale, province: string, municipality: string | null | undefined): void {
  if (municipality && municipality.slice(0, 3) !== province) throw fieldError({ locale, path: 'municipality', message: issueMessages.municipalityOutsideProvince });
}

function checkCaller(locale: Locale, anonymous: boolean, caller: Caller | null | undefined): void {
  if (!anonymous && !caller) throw fieldError({ locale, path: 'caller', message: issueMessages.namedCallNeedsCaller });
  if (anonymous && caller) throw fieldError({ locale, path: 'caller', message: issueMessages.anonymousCallNoCaller });
}

function checkRouting(locale: Locale, outcome: string, routing: RoutingInput | undefined): void {
  if (routing && outcome !== 'routed') throw fieldError({ locale, path: 'routing', message: issueMessages.routingOnlyWhenRouted });
}

function givenFields(input: object): string[] {
  return Object.entries(input)
    .filter(([k, v]) => v !== undefined && k !== 'version')
    .map(([k]) => k)
    .sort();
}

async function newCode(db: Tx, year: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const code = newHotlineCallCode(year);
    const exists = await db.selectFrom('hotline_calls').select('id').where('code', '=', code).executeTakeFirst();
    if (!exists || attempt >= 5) return code;
  }
}

export async function createCall(options: { access: DataAccess; services: HotlineServices; input: CallCreate }): Promise<CallDto> {
  const { access, services, input } = options;
  const scope = await requireHotline(access, 'hotline_call.create', 'hotline_call');
  const locale = access.meta.locale;
  return access.transaction(async (tx) => {
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : tx.now;
    checkReceivedAt(locale, receivedAt, tx.now);
    checkMunicipality(locale, input.province, input.municipality);
    checkCaller(locale, input.anonymous, input.caller);
    checkRouting(locale, input.outcome, input.routing);
    const id = randomUUID();
    const code = await newCode(tx.db, receivedAt.getUTCFullYear());
    const state: CallState = {
      province: input.province, municipality: input.municipality ?? null, language: input.language, callerType: input.callerType,
      exploitationTypes: input.exploitationTypes, urgency: input.urgency, anonymous: input.anonymous, caller: input.caller ?? null, receivedAt, code,
    };
    // The referral first (its FK to the call is deferred to the commit), so the call row is complete when written.
    const routed = input.outcome === 'routed' ? await routeAndRefer({ services, tx, locale, hotlineOrgId: scope.orgId, callId: id, state, routing: input.routing }) : null;
    await tx.db
      .insertInto('hotline_calls')
      .values({
        id,
        code,
        hotline_org_id: scope.orgId,
        operator_user_id: scope.userId,
        received_at: receivedAt,
        duration_seconds: input.durationSeconds ?? null,
        language: input.language,
        caller_type: input.callerType,
        province: input.province,
        municipality: input.municipality ?? null,
        exploitation_types: input.exploitationTypes,
        urgency: input.urgency,
        anonymous: input.anonymous,
        caller_enc: input.caller ? await seal(services, tx.db, hotlineColumns.caller, id, JSON.stringify(input.caller)) : null,
        summary_enc: await seal(services, tx.db, hotlineColumns.summary, id, input.summary),
        outcome: input.outcome,
        proposed_org_id: routed?.proposed_org_id ?? null,
        routed_org_id: routed?.routed_org_id ?? null,
        routing_rule: routed?.routing_rule ?? null,
        routing_override_reason_enc: routed?.routing_override_reason_enc ?? null,
        referral_id: routed?.referral_id ?? null,
        subject_sex: input.subjectSex ?? null,
        subject_age: input.subjectAge ?? null,
        subject_nationality: input.subjectNationality ?? null,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .execute();
    await tx.audit({ action: 'hotline_call.create', outcome: 'success', recordType: 'hotline_call', recordId: id, fields: givenFields(input) });
    const row = await tx.db.selectFrom('hotline_calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return buildCall(services, tx.db, row, 'hotline');
  });
}

export async function getCall(options: { access: DataAccess; services: HotlineServices; id: string }): Promise<CallDto> {
  const { access, services, id } = options;
  const scope = await readScope(access, 'hotline_call.read', id);
  const dto = await access.transaction(async (tx) => {
    const row = await q.findVisibleCall(tx.db, id, scope);
    if (!row) return undefined;
    const d = await buildCall(services, tx.db, row, scope.kind);
    const fields = scope.kind === 'hotline' ? fullReadFields.filter((f) => (f === 'caller' ? row.caller_enc !== null : f === 'summary' ? row.summary_enc !== null : true)) : networkReadFields;
    await tx.audit({ action: 'hotline_call.read', outcome: 'success', recordType: 'hotline_call', recordId: id, fields, details: { view: scope.kind } });
    return d;
  });
  return dto ?? hidden(access, 'hotline_call.read', id);
}

export interface CallListItem {
  id: string;
  code: string;
  receivedAt: string;
  durationSeconds: number | null;
  language: string;
  callerType: string;
  province: string;
  exploitationTypes: string[];
  urgency: string;
  anonymous: boolean;
  outcome: string;
  subjectSex: string | null;
  subjectAge: string | null;
  subjectNationality: string | null;
  routing: { organisation: { id: string; code: string; name: string } | null; rule: string | null } | null;
  referralCode: string | null;
}

export async function listCalls(options: { access: DataAccess; query: CallQuery }): Promise<{ items: CallListItem[]; total: number; limit: number; offset: number; view: 'hotline' | 'network' }> {
  const { access, query } = options;
  const scope = await readScope(access, 'hotline_call.list');
  return access.transaction(async (tx) => {
    const { rows, total } = await q.listCalls(tx.db, scope, query);
    const items = rows.map((r) => ({
      id: r.id,
      code: r.code,
      receivedAt: new Date(r.received_at).toISOString(),
      durationSeconds: r.duration_seconds,
      language: r.language,
      callerType: r.caller_type,
      province: r.province,
      exploitationTypes: r.exploitation_types,
      urgency: r.urgency,
      anonymous: r.anonymous,
      outcome: r.outcome,
      subjectSex: r.subject_sex,
      subjectAge: r.subject_age,
      subjectNationality: r.subject_nationality,
      routing: r.routing_rule
        ? { organisation: r.routed_org_id ? { id: r.routed_org_id, code: r.routed_org_code ?? '', name: r.routed_org_name ?? '' } : null, rule: r.routing_rule }
        : null,
      referralCode: r.referral_code,
    }));
    const filters = Object.entries(query).filter(([k, v]) => v !== undefined && v !== '' && k !== 'limit' && k !== 'offset').map(([k]) => k).sort().join(',');
    await tx.audit({
      action: 'hotline_call.list', outcome: 'success', recordType: 'hotline_call',
      fields: ['code', 'receivedAt', 'language', 'callerType', 'province', 'exploitationTypes', 'urgency', 'outcome', 'routing', 'subject'],
      details: { count: items.length, filters, view: scope.kind },
    });
    return { items, total, limit: query.limit, offset: query.offset, view: scope.kind };
  });
}

export async function updateCall(options: { access: DataAccess; services: HotlineServices; id: string; input: CallUpdate }): Promise<CallDto> {
  const { access, services, id, input } = options;
  const scope = await requireHotline(access, 'hotline_call.update', 'hotline_call', id);
  const locale = access.meta.locale;
  const dto = await access.transaction(async (tx) => {
    const row = await q.findVisibleCall(tx.db, id, { kind: 'hotline', orgId: scope.orgId }, { forUpdate: true });
    if (!row) return undefined;
    if (row.version !== input.version) {
      throw conflictError({ it: 'La chiamata è stata modificata nel frattempo: ricarica e riprova.', en: 'The call was changed meanwhile: reload and try again.', detail: 'stale version' });
    }
    // A report whose referral was declined, revoked or expired may be routed again (its
    // first-contact run was closed with that outcome): a new referral and a new run.
    const previous = row.referral_id ? await tx.db.selectFrom('referrals').select('status').where('id', '=', row.referral_id).executeTakeFirst() : undefined;
    const reroute = input.routing !== undefined && (previous?.status === 'declined' || previous?.status === 'revoked' || previous?.status === 'expired');
    const alreadyRouted = row.referral_id !== null && !reroute;
    if (alreadyRouted && ((input.outcome !== undefined && input.outcome !== 'routed') || (input.province !== undefined && input.province !== row.province) || input.routing !== undefined)) {
      throw conflictError({
        it: 'La segnalazione è già stata inviata con un invio: esito, provincia e instradamento non si cambiano più (si agisce sull’invio).',
        en: 'The report has already been sent as a referral: outcome, province and routing can no longer change (act on the referral).',
        detail: 'already routed',
      });
    }
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : new Date(row.received_at);
    if (input.receivedAt) checkReceivedAt(locale, receivedAt, tx.now);
    const province = input.province ?? row.province;
    const municipality = input.municipality === undefined ? row.municipality : input.municipality;
    checkMunicipality(locale, province, municipality);
    const anonymous = input.anonymous ?? row.anonymous;
    let caller: Caller | null;
    if (input.caller !== undefined) caller = input.caller;
    else if (anonymous) caller = null;
    else caller = row.caller_enc === null ? null : (JSON.parse((await open(services, tx.db, hotlineColumns.caller, id, row.caller_enc)) ?? 'null') as Caller | null);
    checkCaller(locale, anonymous, caller);
    const outcome = input.outcome ?? row.outcome;
    if (!alreadyRouted) checkRouting(locale, outcome, input.routing);
    const set: Record<string, unknown> = {
      received_at: receivedAt,
      province,
      municipality,
      anonymous,
      outcome,
      updated_at: tx.now,
      version: row.version + 1,
    };
    if (input.durationSeconds !== undefined) set.duration_seconds = input.durationSeconds;
    if (input.language !== undefined) set.language = input.language;
    if (input.callerType !== undefined) set.caller_type = input.callerType;
    if (input.exploitationTypes !== undefined) set.exploitation_types = input.exploitationTypes;
    if (input.urgency !== undefined) set.urgency = input.urgency;
    if (input.subjectSex !== undefined) set.subject_sex = input.subjectSex;
    if (input.subjectAge !== undefined) set.subject_age = input.subjectAge;
    if (input.subjectNationality !== undefined) set.subject_nationality = input.subjectNationality;
    if (input.caller !== undefined || input.anonymous !== undefined) set.caller_enc = caller ? await seal(services, tx.db, hotlineColumns.caller, id, JSON.stringify(caller)) : null;
    if (input.summary !== undefined) set.summary_enc = await seal(services, tx.db, hotlineColumns.summary, id, input.summary);
    if (outcome === 'routed' && !alreadyRouted) {
      const state: CallState = {
        province, municipality, anonymous, caller, receivedAt, code: row.code,
        language: input.language ?? row.language,
        callerType: input.callerType ?? row.caller_type,
        exploitationTypes: input.exploitationTypes ?? row.exploitation_types,
        urgency: input.urgency ?? row.urgency,
      };
      const routed = await routeAndRefer({ services, tx, locale, hotlineOrgId: scope.orgId, callId: id, state, routing: input.routing });
      Object.assign(set, {
        proposed_org_id: routed.proposed_org_id, routed_org_id: routed.routed_org_id, routing_rule: routed.routing_rule,
        routing_override_reason_enc: routed.routing_override_reason_enc, referral_id: routed.referral_id,
      });
    }
    await tx.db.updateTable('hotline_calls').set(set).where('id', '=', id).execute();
    await tx.audit({ action: 'hotline_call.update', outcome: 'success', recordType: 'hotline_call', recordId: id, fields: givenFields(input) });
    const fresh = await tx.db.selectFrom('hotline_calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return buildCall(services, tx.db, fresh, 'hotline');
  });
  return dto ?? hidden(access, 'hotline_call.update', id);
}

// ---------------------------------------------------------------------------------------------
// The roster

export interface ShiftDto {
  id: string;
  organisation: { id: string; code: string; name: string };
  allProvinces: boolean;
  provinces: string[];
  startsAt: string;
  endsAt: string;
  note: string | null;
  /** running now */
  current: boolean;
  /** ended (kept as the record of who was on duty; not changed by PUT) */
  past: boolean;
}

async function shiftsOf(db: Tx, hotlineOrgId: string, now: Date): Promise<ShiftDto[]> {
  const rows = await q.rosterSince(db, hotlineOrgId, new Date(now.getTime() - rosterHistoryMs));
  const refs = await q.organisationRefs(db, rows.map((r) => r.org_id));
  return rows.map((r) => {
    const o = refs.get(r.org_id);
    const starts = new Date(r.starts_at);
    const ends = new Date(r.ends_at);
    return {
      id: r.id,
      organisation: { id: r.org_id, code: o?.code ?? '', name: o?.name ?? '' },
      allProvinces: r.all_provinces,
      provinces: r.provinces,
      startsAt: starts.toISOString(),
      endsAt: ends.toISOString(),
      note: r.note,
      current: starts <= now && now < ends,
      past: ends <= now,
    };
  });
}

export async function getRoster(options: { access: DataAccess }): Promise<{ items: ShiftDto[] }> {
  const { access } = options;
  const scope = await requireHotline(access, 'hotline_roster.read', 'hotline_roster');
  return access.transaction(async (tx) => {
    const items = await shiftsOf(tx.db, scope.orgId, tx.now);
    await tx.audit({ action: 'hotline_roster.read', outcome: 'success', recordType: 'hotline_roster', recordId: scope.orgId, details: { count: items.length } });
    return { items };
  });
}

/** Replaces the shifts running now or to come; ended shifts stay as they were. */
export async function putRoster(options: { access: DataAccess; input: RosterPut }): Promise<{ items: ShiftDto[] }> {
  const { access, input } = options;
  const scope = await requireHotline(access, 'hotline_roster.write', 'hotline_roster');
  const locale = access.meta.locale;
  return access.transaction(async (tx) => {
    const orgs = await q.routingOrganisations(tx.db);
    for (const [i, s] of input.shifts.entries()) {
      if (new Date(s.endsAt) <= tx.now) throw fieldError({ locale, path: `shifts.${i}.endsAt`, message: msg.pastShift });
      const o = orgs.find((x) => x.id === s.orgId);
      if (!o || !o.isActive || o.type === 'hotline' || o.id === scope.orgId) throw fieldError({ locale, path: `shifts.${i}.orgId`, message: msg.rosterBody });
    }
    const removed = await q.deleteCurrentShifts(tx.db, scope.orgId, tx.now);
    if (input.shifts.length > 0) {
      await tx.db
        .insertInto('hotline_roster')
        .values(input.shifts.map((s) => ({
          hotline_org_id: scope.orgId,
          org_id: s.orgId,
          all_provinces: s.allProvinces,
          provinces: s.provinces,
          starts_at: new Date(s.startsAt),
          ends_at: new Date(s.endsAt),
          note: s.note ?? null,
          created_by: tx.actor.userId,
          created_at: tx.now,
        })))
        .execute();
    }
    await tx.audit({ action: 'hotline_roster.write', outcome: 'success', recordType: 'hotline_roster', recordId: scope.orgId, details: { removed, added: input.shifts.length } });
    return { items: await shiftsOf(tx.db, scope.orgId, tx.now) };
  });
}

