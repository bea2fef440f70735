/**
 * Transfers coordinated by the hotline (issue 4, point 4). The hotline station knows where the
 * network has room; it proposes to the body holding a case that another body take it over:
 *
 * 1. propose (hotline.write): the operator names the case by its code and the body holding it,
 *    the receiving body and a reason. The case must be open and held by that body, else one
 *    answer for every failure ("no open case with this code at this body"), so the hotline learns
 *    nothing more. The sending body's deciders are notified.
 * 2. confirm (cases.write of the body holding the case): writes the ordinary transfer request
 *    (features/transfers `writeTransferRequest`: consent, one open request, notification of the
 *    receiving body, audit) in the same transaction, linked here; or refuse, with a reason code
 *    (never free text, since the hotline reads it). The hotline is notified either way.
 * 3. the receiving body accepts or declines through the transfer, as any other; the hotline reads
 *    the coordination's status, which follows the transfer's, until it closes.
 * 4. withdraw (hotline.write) while still proposed.
 *
 * The hotline sees only the case code, the two bodies, the reason, its own message and the
 * status: never the case, the person or the transfer's texts. Other bodies see nothing (404).
 * Every step is audited, denials included.
 */
import { randomUUID } from 'node:crypto';
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { PonteError, conflictError, fieldError, notFound } from '../../platform/errors.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { notify } from '../notifications/queries.ts';
import { holdersOf } from '../cases/queries.ts';
import { scopeActorOf } from '../cases/service.ts';
import { writeTransferRequest } from '../transfers/service.ts';
import { coordinationColumns } from './encrypted.ts';
import type { CoordinationConfirm, CoordinationCreate, CoordinationDto, CoordinationRefuse } from './schemas.ts';

export interface CoordinationDeps {
  access: DataAccess;
  cipher: FieldCipher;
}

type Side = 'hotline' | 'sender';

const msg = {
  noCase: { it: 'nessuna presa in carico aperta con questo codice presso questo ente', en: 'no open case with this code at this body' },
  badTarget: { it: 'ente inesistente, non attivo, uguale a quello che ha la presa in carico o centralino', en: 'unknown or inactive body, the same as the one holding the case, or a hotline' },
  pending: { it: 'C’è già una proposta di trasferimento aperta per questa presa in carico.', en: 'There is already an open transfer proposal for this case.' },
  notProposed: { it: 'La proposta non è più aperta.', en: 'The proposal is no longer open.' },
  ownerChanged: { it: 'La presa in carico non è più di questo ente.', en: 'The case no longer belongs to this body.' },
};

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

class Hidden extends Error {}

async function guarded<T>(access: DataAccess, entry: { action: AuditAction; recordId?: string }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof Hidden || (e instanceof PonteError && (e.code === 'not_found' || e.code === 'forbidden' || e.code === 'consent_required'))) {
      await access.auditDenied({ action: entry.action, recordType: 'transfer_coordination', ...(entry.recordId ? { recordId: entry.recordId } : {}), details: { reason: e instanceof PonteError ? e.code : 'not_found' } });
      if (e instanceof Hidden) throw notFound('transfer coordination');
    }
    throw e;
  }
}

/** The caller's side: the hotline station (hotline.write) or the sending body (cases.write or cases.approve), acting for an organisation. */
function sideOf(access: DataAccess): { side: Side; orgId: string } | null {
  const actor = access.requireActor();
  if (!actor.orgId) return null;
  if (access.can('hotline.write')) return { side: 'hotline', orgId: actor.orgId };
  if (access.can('cases.write') || access.can('cases.approve')) return { side: 'sender', orgId: actor.orgId };
  return null;
}

async function requireSide(access: DataAccess, action: AuditAction, recordId?: string, only?: Side): Promise<{ side: Side; orgId: string }> {
  const s = sideOf(access);
  if (!s || (only && s.side !== only) || (only === 'sender' && !access.can('cases.write'))) {
    await access.auditDenied({ action, recordType: 'transfer_coordination', ...(recordId ? { recordId } : {}), details: { missing: only === 'hotline' ? 'hotline.write' : only === 'sender' ? 'cases.write' : 'hotline.write|cases.write' } });
    throw notFound('missing permission');
  }
  return s;
}

async function readDto(deps: CoordinationDeps, tx: ScopedTx, id: string, who: { side: Side; orgId: string }): Promise<CoordinationDto | undefined> {
  const r = await tx.db
    .selectFrom('transfer_coordinations as c')
    .innerJoin('cases', 'cases.id', 'c.case_id')
    .innerJoin('persons', 'persons.id', 'cases.person_id')
    .innerJoin('organisations as fo', 'fo.id', 'c.from_org_id')
    .innerJoin('organisations as tor', 'tor.id', 'c.to_org_id')
    .leftJoin('case_transfers as t', 't.id', 'c.transfer_id')
    .select([
      'c.id', 'c.case_id', 'c.from_org_id', 'c.to_org_id', 'c.reason', 'c.message_enc', 'c.status', 'c.refusal_reason', 'c.proposed_at', 'c.answered_at',
      't.status as transfer_status', 't.decided_at as transfer_decided_at', 'cases.code as case_code', 'persons.code as person_code', 'fo.name as from_name', 'tor.name as to_name',
    ])
    .where('c.id', '=', id)
    .where(who.side === 'hotline' ? 'c.hotline_org_id' : 'c.from_org_id', '=', who.orgId)
    .executeTakeFirst();
  if (!r) return undefined;
  const status = r.status === 'confirmed' && r.transfer_status ? `transfer_${r.transfer_status}` : r.status;
  const sender = who.side === 'sender';
  return {
    id: r.id,
    side: who.side,
    caseCode: r.case_code,
    caseId: sender ? r.case_id : null,
    personCode: sender ? r.person_code : null,
    from: { id: r.from_org_id, name: r.from_name },
    to: { id: r.to_org_id, name: r.to_name },
    reason: r.reason,
    message: r.message_enc ? await deps.cipher.decrypt({ value: r.message_enc, aad: fieldAad({ ...coordinationColumns.message, rowId: r.id }), db: tx.db }) : null,
    status,
    open: status === 'proposed' || status === 'transfer_requested',
    refusalReason: r.refusal_reason,
    proposedAt: iso(r.proposed_at) ?? '',
    answeredAt: iso(r.answered_at),
    transferDecidedAt: iso(r.transfer_decided_at),
  };
}

async function mustRead(deps: CoordinationDeps, tx: ScopedTx, id: string, who: { side: Side; orgId: string }): Promise<CoordinationDto> {
  const dto = await readDto(deps, tx, id, who);
  if (!dto) throw new Hidden();
  return dto;
}

export async function proposeCoordination(deps: CoordinationDeps & { input: CoordinationCreate }): Promise<CoordinationDto> {
  const { access, input } = deps;
  const who = await requireSide(access, 'transfer_coordination.propose', undefined, 'hotline');
  const locale = access.meta.locale;
  return guarded(access, { action: 'transfer_coordination.propose' }, () =>
    access.transaction(async (tx) => {
      const c = await tx.db
        .selectFrom('cases').select(['id', 'org_id'])
        .where('code', '=', input.caseCode.toUpperCase()).where('org_id', '=', input.fromOrgId).where('phase', '<>', 'closed')
        .forUpdate().executeTakeFirst();
      if (!c) throw fieldError({ locale, path: 'caseCode', message: msg.noCase });
      const to = await tx.db.selectFrom('organisations').select(['id', 'org_type']).where('id', '=', input.toOrgId).where('is_active', '=', true).executeTakeFirst();
      if (!to || to.id === c.org_id || to.id === who.orgId || to.org_type === 'hotline') throw fieldError({ locale, path: 'toOrgId', message: msg.badTarget });
      const open = await tx.db.selectFrom('transfer_coordinations').select('id').where('case_id', '=', c.id).where('status', '=', 'proposed').executeTakeFirst();
      if (open) throw conflictError({ ...msg.pending, detail: 'coordination pending' });
      const id = randomUUID();
      await tx.db
        .insertInto('transfer_coordinations')
        .values({
          id, hotline_org_id: who.orgId, case_id: c.id, from_org_id: c.org_id, to_org_id: to.id, reason: input.reason,
          message_enc: input.message?.trim() ? await deps.cipher.encrypt({ plaintext: input.message.trim(), aad: fieldAad({ ...coordinationColumns.message, rowId: id }), db: tx.db }) : null,
          status: 'proposed', proposed_by: tx.actor.userId, proposed_at: tx.now,
        })
        .execute();
      const deciders = new Set([...(await holdersOf(tx.db, c.org_id, 'cases.write')), ...(await holdersOf(tx.db, c.org_id, 'cases.approve'))]);
      await notify(tx.db, { userIds: [...deciders], kind: 'transfer_coordination.proposed', recordType: 'transfer_coordination', recordId: id, now: tx.now });
      await tx.audit({
        action: 'transfer_coordination.propose', outcome: 'success', recordType: 'transfer_coordination', recordId: id,
        fields: ['caseCode', 'fromOrgId', 'toOrgId', 'reason', ...(input.message ? ['message'] : [])],
        details: { caseId: c.id, fromOrgId: c.org_id, toOrgId: to.id },
      });
      return mustRead(deps, tx, id, who);
    }),
  );
}

export async function listCoordinations(deps: CoordinationDeps): Promise<{ items: CoordinationDto[] }> {
  const { access } = deps;
  const who = await requireSide(access, 'transfer_coordination.list');
  return access.transaction(async (tx) => {
    const ids = await tx.db
      .selectFrom('transfer_coordinations')
      .select('id')
      .where(who.side === 'hotline' ? 'hotline_org_id' : 'from_org_id', '=', who.orgId)
      .orderBy('proposed_at', 'desc')
      .limit(200)
      .execute();
    const items: CoordinationDto[] = [];
    for (const { id } of ids) {
      const dto = await readDto(deps, tx, id, who);
      if (dto) items.push(dto);
    }
    await tx.audit({ action: 'transfer_coordination.list', outcome: 'success', recordType: 'transfer_coordination', fields: ['caseCode', ...(who.side === 'sender' ? ['personCode'] : []), 'message'], details: { count: items.length, side: who.side } });
    return { items };
  });
}

export async function getCoordination(deps: CoordinationDeps & { id: string }): Promise<CoordinationDto> {
  const { access, id } = deps;
  const who = await requireSide(access, 'transfer_coordination.read', id);
  return guarded(access, { action: 'transfer_coordination.read', recordId: id }, () =>
    access.transaction(async (tx) => {
      const dto = await mustRead(deps, tx, id, who);
      await tx.audit({ action: 'transfer_coordination.read', outcome: 'success', recordType: 'transfer_coordination', recordId: id, fields: ['caseCode', ...(who.side === 'sender' ? ['personCode'] : []), 'message'], details: { side: who.side } });
      return dto;
    }),
  );
}

/** The proposal addressed to the caller's body, locked, still proposed; else 404 / 409. */
async function proposedToSender(tx: ScopedTx, id: string, orgId: string) {
  const c = await tx.db.selectFrom('transfer_coordinations').selectAll().where('id', '=', id).where('from_org_id', '=', orgId).forUpdate().executeTakeFirst();
  if (!c) throw new Hidden();
  if (c.status !== 'proposed') throw conflictError({ ...msg.notProposed, detail: `status ${c.status}` });
  return c;
}

export async function confirmCoordination(deps: CoordinationDeps & { id: string; input: CoordinationConfirm }): Promise<CoordinationDto> {
  const { access, id, input } = deps;
  const who = await requireSide(access, 'transfer_coordination.confirm', id, 'sender');
  const scope = scopeActorOf(access);
  return guarded(access, { action: 'transfer_coordination.confirm', recordId: id }, () =>
    access.transaction(async (tx) => {
      const c = await proposedToSender(tx, id, who.orgId);
      const owner = await tx.db.selectFrom('cases').select('org_id').where('id', '=', c.case_id).executeTakeFirstOrThrow();
      if (owner.org_id !== who.orgId) throw conflictError({ ...msg.ownerChanged, detail: 'owner changed' });
      const transferId = await writeTransferRequest({ access, cipher: deps.cipher }, tx, {
        caseId: c.case_id, scope, coordinationId: id,
        input: { toOrgId: c.to_org_id, reason: c.reason, explanation: input.explanation, ...(input.overrideReason !== undefined ? { overrideReason: input.overrideReason } : {}) },
      });
      await tx.db.updateTable('transfer_coordinations').set({ status: 'confirmed', transfer_id: transferId, answered_by: tx.actor.userId, answered_at: tx.now }).where('id', '=', id).execute();
      await notify(tx.db, { userIds: [c.proposed_by], kind: 'transfer_coordination.answered', recordType: 'transfer_coordination', recordId: id, now: tx.now });
      await tx.audit({ action: 'transfer_coordination.confirm', outcome: 'success', recordType: 'transfer_coordination', recordId: id, fields: ['status', 'transferId'], details: { transferId, caseId: c.case_id } });
      return mustRead(deps, tx, id, who);
    }),
  );
}

export async function refuseCoordination(deps: CoordinationDeps & { id: string; input: CoordinationRefuse }): Promise<CoordinationDto> {
  const { access, id, input } = deps;
  const who = await requireSide(access, 'transfer_coordination.refuse', id, 'sender');
  return guarded(access, { action: 'transfer_coordination.refuse', recordId: id }, () =>
    access.transaction(async (tx) => {
      const c = await proposedToSender(tx, id, who.orgId);
      await tx.db.updateTable('transfer_coordinations').set({ status: 'refused', refusal_reason: input.reason, answered_by: tx.actor.userId, answered_at: tx.now }).where('id', '=', id).execute();
      await notify(tx.db, { userIds: [c.proposed_by], kind: 'transfer_coordination.answered', recordType: 'transfer_coordination', recordId: id, now: tx.now });
      await tx.audit({ action: 'transfer_coordination.refuse', outcome: 'success', recordType: 'transfer_coordination', recordId: id, fields: ['status', 'refusalReason'], details: { reason: input.reason } });
      return mustRead(deps, tx, id, who);
    }),
  );
}

export async function withdrawCoordination(deps: CoordinationDeps & { id: string }): Promise<CoordinationDto> {
  const { access, id } = deps;
  const who = await requireSide(access, 'transfer_coordination.withdraw', id, 'hotline');
  return guarded(access, { action: 'transfer_coordination.withdraw', recordId: id }, () =>
    access.transaction(async (tx) => {
      const c = await tx.db.selectFrom('transfer_coordinations').selectAll().where('id', '=', id).where('hotline_org_id', '=', who.orgId).forUpdate().executeTakeFirst();
      if (!c) throw new Hidden();
      if (c.status !== 'proposed') throw conflictError({ ...msg.notProposed, detail: `status ${c.status}` });
      await tx.db.updateTable('transfer_coordinations').set({ status: 'withdrawn', answered_by: tx.actor.userId, answered_at: tx.now }).where('id', '=', id).execute();
      const deciders = new Set([...(await holdersOf(tx.db, c.from_org_id, 'cases.write')), ...(await holdersOf(tx.db, c.from_org_id, 'cases.approve'))]);
      await notify(tx.db, { userIds: [...deciders], kind: 'transfer_coordination.withdrawn', recordType: 'transfer_coordination', recordId: id, now: tx.now });
      await tx.audit({ action: 'transfer_coordination.withdraw', outcome: 'success', recordType: 'transfer_coordination', recordId: id, fields: ['status'] });
      return mustRead(deps, tx, id, who);
    }),
  );
}
