/**
 * The request-scoped data-access object: the only door route code has to the database.
 * Built from the session (user, acting organisation, role permissions). Every transaction it
 * opens can write audit entries that commit or roll back with the change. Denied attempts are
 * audited in a transaction of their own, since the work they would have done is not committed.
 *
 * Anything that must reach outside the caller's scope (start-up, the sealer, the CLI) uses the
 * Database directly and is named system… so it stands out in review.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Permission } from '../../domain/permissions.ts';
import { writeAudit, type AuditContext, type AuditEntry } from './audit.ts';
import { PonteError } from './errors.ts';
import type { Locale } from './i18n.ts';
import type { Clock } from './clock.ts';

export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  /** The organisation acted for in this session (null for a user with no membership). */
  orgId: string | null;
  roleKey: string | null;
  permissions: ReadonlySet<Permission>;
  sessionId: string;
  mfaVerified: boolean;
  /** True when the role requires 2FA and the session has not passed it yet. */
  mfaPending: boolean;
  /** Whether the user has a confirmed authenticator (false: a pending session must set one up). */
  totpEnabled?: boolean;
}

export interface RequestMeta {
  ip: string;
  requestId: string;
  locale: Locale;
}

export interface ScopedTx {
  db: Transaction<DB>;
  actor: Actor;
  now: Date;
  audit(entry: AuditEntry): Promise<void>;
}

export class DataAccess {
  constructor(
    private readonly db: Kysely<DB>,
    readonly actor: Actor | null,
    readonly meta: RequestMeta,
    readonly clock: Clock,
    /** True when the request carried a session that has just ended (timeout, revocation). */
    readonly sessionEnded = false,
  ) {}

  get auditContext(): AuditContext {
    return {
      userId: this.actor?.userId ?? null,
      orgId: this.actor?.orgId ?? null,
      ip: this.meta.ip,
      requestId: this.meta.requestId,
    };
  }

  can(permission: Permission): boolean {
    return !!this.actor && !this.actor.mfaPending && this.actor.permissions.has(permission);
  }

  /** The logged-in actor with a completed second factor, or 401. */
  requireActor(): Actor {
    if (!this.actor) throw new PonteError({ code: this.sessionEnded ? 'session_expired' : 'unauthenticated' });
    if (this.actor.mfaPending) throw new PonteError({ code: this.actor.totpEnabled === false ? 'mfa_setup_required' : 'mfa_required' });
    return this.actor;
  }

  /**
   * Checks a permission; when missing, audits the denial and throws. `hide` (the default) answers
   * not-found so that the existence of protected records is not revealed.
   */
  async require(options: { permission: Permission; entry: Omit<AuditEntry, 'outcome'>; hide?: boolean }): Promise<Actor> {
    const actor = this.requireActor();
    if (actor.permissions.has(options.permission)) return actor;
    await this.auditDenied({ ...options.entry, details: { ...options.entry.details, missing: options.permission } });
    throw new PonteError({ code: options.hide === false ? 'forbidden' : 'not_found', detail: `missing ${options.permission}` });
  }

  /** Audits a denied or not-found attempt on its own (the caller then throws). */
  async auditDenied(entry: Omit<AuditEntry, 'outcome'>): Promise<void> {
    await writeAudit({ db: this.db, context: this.auditContext, entry: { ...entry, outcome: 'denied' } });
  }

  /** Runs work in one transaction for the logged-in actor, with audit in the same transaction. */
  async transaction<T>(fn: (tx: ScopedTx) => Promise<T>): Promise<T> {
    const actor = this.requireActor();
    const context = this.auditContext;
    const now = this.clock.now();
    return this.db.transaction().execute((trx) =>
      fn({
        db: trx,
        actor,
        now,
        audit: (entry) => writeAudit({ db: trx, context, entry }),
      }),
    );
  }

  /**
   * Work before or without a login (authentication itself): a transaction with audit, but no
   * actor. Only the auth feature uses it, and the public site (features/public/site.ts) to read
   * published pages and public fields without writing anything.
   */
  async anonymousTransaction<T>(
    fn: (tx: {
      db: Transaction<DB>;
      now: Date;
      audit(entry: AuditEntry, userId?: string | null, orgId?: string | null, options?: { withoutIp?: boolean }): Promise<void>;
    }) => Promise<T>,
  ): Promise<T> {
    const context = this.auditContext;
    const now = this.clock.now();
    return this.db.transaction().execute((trx) =>
      fn({
        db: trx,
        now,
        // userId / orgId, when given, replace the session's (a login names who it is about);
        // withoutIp keeps an anonymous visitor's address out of the trail (public feedback).
        audit: (entry, userId, orgId, options) =>
          writeAudit({
            db: trx,
            context: {
              ...context,
              ...(userId === undefined ? {} : { userId }),
              ...(orgId === undefined ? {} : { orgId }),
              ...(options?.withoutIp ? { ip: null } : {}),
            },
            entry,
          }),
      }),
    );
  }
}
