/** Shared pieces of the outreach services: the guarded transaction, errors, the record context. */
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction } from '../../platform/audit.ts';
import type { FieldCipher } from '../../platform/crypto.ts';
import { PonteError, notFound } from '../../platform/errors.ts';
import type { Permission } from '../../../domain/permissions.ts';
import type { RecordCtx } from './records.ts';

export interface OutreachDeps {
  access: DataAccess;
  cipher: FieldCipher;
}

/** Thrown inside the transaction when a record is out of the caller's reach; becomes an audited 404. */
export class OutOfReach extends Error {}

/** A forgotten device: every sync call answers 410 { code: "device_forgotten" }. */
export class DeviceForgotten extends Error {
  constructor() {
    super('device_forgotten');
  }
}

export const deviceForgottenMessage = {
  it: 'Questo dispositivo è stato rimosso: i dati locali vanno cancellati.',
  en: 'This device was forgotten: its local data must be wiped.',
} as const;

/**
 * Checks that the caller holds one of `anyOf` and acts for an organisation, runs `work` in one
 * transaction, and turns OutOfReach (and a not-found inside) into an audited 404.
 */
export async function guarded<T>(
  deps: { access: DataAccess },
  options: { anyOf: readonly Permission[]; action: AuditAction; recordType: string; recordId?: string },
  work: (tx: ScopedTx, orgId: string) => Promise<T>,
): Promise<T> {
  const { access } = deps;
  const actor = access.requireActor();
  const entry = { action: options.action, recordType: options.recordType, ...(options.recordId ? { recordId: options.recordId } : {}) };
  const held = options.anyOf.some((p) => actor.permissions.has(p));
  if (!held || !actor.orgId) {
    await access.auditDenied({ ...entry, details: { missing: held ? 'organisation' : options.anyOf.join('|') } });
    throw notFound(`missing ${held ? 'organisation' : options.anyOf.join('|')}`);
  }
  const orgId = actor.orgId;
  try {
    return await access.transaction((tx) => work(tx, orgId));
  } catch (e) {
    if (e instanceof OutOfReach) {
      await access.auditDenied({ ...entry, details: { reason: e.message } });
      throw notFound(e.message);
    }
    if (e instanceof PonteError && e.code === 'not_found') await access.auditDenied({ ...entry, details: { reason: e.detail ?? 'not_found' } });
    throw e;
  }
}

export function recordCtx(deps: OutreachDeps, tx: ScopedTx, orgId: string): RecordCtx {
  return { tx, cipher: deps.cipher, orgId, locale: deps.access.meta.locale };
}

/** A refused record becomes a 400 with its field errors in the user's language. */
export function validationError(fields: Record<string, string>): PonteError {
  return new PonteError({ code: 'validation', issues: Object.entries(fields).map(([path, message]) => ({ path: `body.${path}`, message })) });
}
