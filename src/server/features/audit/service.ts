/**
 * Audit review: search the trail, see who accessed a record, and the sealing status.
 *
 * Scope: holders of users.manage and audit.read (system administrators) see the whole trail;
 * other holders of audit.read see the entries made for their own organisation. Searching the
 * trail is itself audited, in the same transaction as the read.
 */
import { sql } from 'kysely';
import type { Actor, DataAccess } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import { PonteError } from '../../platform/errors.ts';
import { verifyAuditChain, type AuditVerifyResult } from '../../platform/audit-verify.ts';
import { countAuditEntries, findAuditEntries, type AuditQuery, type AuditRow } from './queries.ts';

export interface AuditItem {
  id: string;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorOrgId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  fields: string[] | null;
  outcome: 'success' | 'denied' | 'failure';
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditItem[];
  nextBefore: string | null;
}

export interface AuditSearchInput {
  actorUserId?: string | undefined;
  action?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  outcome?: 'success' | 'denied' | 'failure' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  before?: string | undefined;
  limit: number;
}

/** The organisation an actor's audit view is limited to, or null for the whole trail. */
function scopeOf(actor: Actor): { orgId: string | null; scope: 'all' | 'organisation' } {
  if (actor.permissions.has('users.manage')) return { orgId: null, scope: 'all' };
  if (!actor.orgId) throw new PonteError({ code: 'not_found', detail: 'audit.read without an organisation' });
  return { orgId: actor.orgId, scope: 'organisation' };
}

async function requireAuditRead(options: { access: DataAccess; action: AuditAction; recordType?: string; recordId?: string }): Promise<Actor> {
  return options.access.require({
    permission: 'audit.read',
    entry: {
      action: options.action,
      recordType: options.recordType ?? 'audit',
      ...(options.recordId !== undefined ? { recordId: options.recordId } : {}),
    },
  });
}

export async function searchAudit(options: { access: DataAccess; input: AuditSearchInput }): Promise<AuditPage> {
  const { access, input } = options;
  const actor = await requireAuditRead({ access, action: 'audit.search' });
  const { orgId, scope } = scopeOf(actor);
  const actionPrefix = input.action?.endsWith('.*') ?? false;
  const query: AuditQuery = {
    ...input,
    orgId,
    action: actionPrefix ? input.action?.slice(0, -1) : input.action,
    actionPrefix,
  };
  const filters = (['actorUserId', 'action', 'recordType', 'recordId', 'outcome', 'from', 'to', 'before'] as const).filter((k) => input[k] !== undefined);
  return access.transaction(async (tx) => {
    const { rows, more } = await findAuditEntries({ db: tx.db, query });
    await tx.audit({
      action: 'audit.search',
      outcome: 'success',
      recordType: 'audit',
      details: { scope, filters: filters.join(','), results: rows.length },
    });
    return page(rows, more);
  });
}

export async function recordAccessLog(options: {
  access: DataAccess;
  recordType: string;
  recordId: string;
  before?: string | undefined;
  limit: number;
}): Promise<AuditPage> {
  const { access, recordType, recordId } = options;
  const actor = await requireAuditRead({ access, action: 'audit.record_access', recordType, recordId });
  const { orgId, scope } = scopeOf(actor);
  return access.transaction(async (tx) => {
    const { rows, more } = await findAuditEntries({
      db: tx.db,
      query: { orgId, recordType, recordId, before: options.before, limit: options.limit },
    });
    await tx.audit({ action: 'audit.record_access', outcome: 'success', recordType, recordId, details: { scope, results: rows.length } });
    return page(rows, more);
  });
}

export interface AuditStatus {
  entries: number;
  sealed: number;
  pending: number;
  lastSealedAt: string | null;
  verification?: Pick<AuditVerifyResult, 'ok' | 'links' | 'pending' | 'head' | 'problems' | 'problemCount'>;
}

/** Entry counts in the caller's scope; `verify` (whole trail only) also checks the chain. */
export async function auditStatus(options: { access: DataAccess; verify: boolean }): Promise<AuditStatus> {
  const { access } = options;
  const actor = await requireAuditRead({ access, action: 'audit.search', recordType: 'audit_status' });
  const { orgId, scope } = scopeOf(actor);
  if (options.verify && scope !== 'all') {
    await access.auditDenied({ action: 'access.denied', recordType: 'audit_chain', details: { missing: 'users.manage' } });
    throw new PonteError({ code: 'forbidden', detail: 'verifying the chain needs the whole trail' });
  }
  return access.transaction(async (tx) => {
    if (options.verify) await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`.execute(tx.db);
    const counts = await countAuditEntries({ db: tx.db, orgId });
    const status: AuditStatus = { ...counts, pending: counts.entries - counts.sealed };
    if (options.verify) {
      const v = await verifyAuditChain({ db: tx.db });
      status.verification = { ok: v.ok, links: v.links, pending: v.pending, head: v.head, problems: v.problems, problemCount: v.problemCount };
    }
    return status;
  });
}

function page(rows: AuditRow[], more: boolean): AuditPage {
  const items = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorEmail: r.actor_email,
    actorOrgId: r.actor_org_id,
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    fields: r.fields,
    outcome: r.outcome,
    ip: r.ip,
    requestId: r.request_id,
    details: r.details,
  }));
  return { items, nextBefore: more ? (items.at(-1)?.id ?? null) : null };
}
