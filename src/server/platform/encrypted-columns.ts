/**
 * The registry of encrypted columns, and data-key rotation over them.
 *
 * A feature that stores an encrypted column registers it once, at module load, next to the code
 * that writes it:
 *
 *     registerEncryptedColumn({ table: 'persons', column: 'name_enc' });
 *
 * and encrypts with `fieldAad({ table, column, rowId })` as AAD. `ponte keys rotate` loads every
 * feature (src/server/features/index.ts), so it sees every registered column; it also refuses to
 * retire a key while a column named `*_enc` exists that nobody registered.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { fieldAad, keyIdOf, type FieldCipher } from './crypto.ts';
import { writeAudit, type AuditContext } from './audit.ts';

export interface EncryptedColumn {
  table: string;
  column: string;
  /** Primary-key column used in the AAD (default `id`). */
  idColumn?: string;
  /** `text` for `v1:...` strings, `bytea` for binary values (documents). Default text. */
  kind?: 'text' | 'bytea';
}

const registry = new Map<string, Required<EncryptedColumn>>();

export function registerEncryptedColumn(column: EncryptedColumn): void {
  const full = { idColumn: 'id', kind: 'text' as const, ...column };
  registry.set(`${full.table}.${full.column}`, full);
}

export function encryptedColumns(): ReadonlyArray<Required<EncryptedColumn>> {
  return [...registry.values()].sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
}

/** Columns named like encrypted ones (`*_enc`) that no feature registered. */
export async function unregisteredEncryptedColumns(options: { db: Kysely<DB> }): Promise<string[]> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and column_name like '%\\_enc' escape '\\'
    order by table_name, column_name`.execute(options.db);
  return rows.rows.map((r) => `${r.table_name}.${r.column_name}`).filter((name) => !registry.has(name));
}

export interface KeyUsage {
  keyId: string;
  isActive: boolean;
  retiredAt: Date | null;
  values: number;
}

/** How many stored values each data key encrypts, over the registered columns. */
export async function keyUsage(options: { db: Kysely<DB> }): Promise<KeyUsage[]> {
  const counts = new Map<string, number>();
  for (const col of encryptedColumns()) {
    await scanColumn({
      db: options.db,
      column: col,
      batch: 1000,
      onRows: async (rows) => {
        for (const r of rows) {
          const id = keyIdOf(r.value) ?? '(not encrypted)';
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
      },
    });
  }
  const keys = await options.db.selectFrom('encryption_keys').select(['id', 'is_active', 'retired_at']).orderBy('created_at').execute();
  const usage: KeyUsage[] = keys.map((k) => ({ keyId: k.id, isActive: k.is_active, retiredAt: k.retired_at, values: counts.get(k.id) ?? 0 }));
  for (const [keyId, values] of counts) if (!keys.some((k) => k.id === keyId)) usage.push({ keyId, isActive: false, retiredAt: null, values });
  return usage;
}

interface ScannedRow {
  id: string;
  value: string | Buffer;
}

/** Reads a column in primary-key order, batch by batch (keyset pagination). */
async function scanColumn(options: {
  db: Kysely<DB>;
  column: Required<EncryptedColumn>;
  batch: number;
  onRows: (rows: ScannedRow[]) => Promise<void>;
}): Promise<void> {
  const { db, column } = options;
  let after: string | null = null;
  for (;;) {
    const page: { rows: ScannedRow[] } = await sql<ScannedRow>`
      select ${sql.ref(column.idColumn)}::text as id, ${sql.ref(column.column)} as value
      from ${sql.table(column.table)}
      where ${sql.ref(column.column)} is not null
        ${after === null ? sql`` : sql`and ${sql.ref(column.idColumn)} > ${after}`}
      order by ${sql.ref(column.idColumn)}
      limit ${options.batch}`.execute(db);
    if (page.rows.length === 0) return;
    await options.onRows(page.rows);
    after = page.rows[page.rows.length - 1]?.id ?? null;
    if (page.rows.length < options.batch) return;
  }
}

export interface RotationReport {
  newKeyId: string | null;
  reencrypted: number;
  retired: string[];
  /** Inactive keys that still encrypt values (written meanwhile by a running server): run with resume. */
  stillInUse: KeyUsage[];
  unregistered: string[];
}

/**
 * Key rotation: (1) a new active data key, (2) every value of every registered column that is not
 * under the active key is decrypted and encrypted again (batch by batch, each batch in its own
 * transaction, a row updated only if unchanged meanwhile), (3) inactive keys that no longer
 * encrypt anything are marked retired (kept, so older backups stay readable). With `resume`,
 * step 1 is skipped. Audited as a system action (`keys.rotate`).
 */
export async function systemRotateKeys(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  resume?: boolean;
  batch?: number;
  audit: AuditContext;
  onProgress?: (message: string) => void;
}): Promise<RotationReport> {
  const { db, cipher } = options;
  const progress = options.onProgress ?? (() => undefined);
  const batch = options.batch ?? 200;
  const unregistered = await unregisteredEncryptedColumns({ db });
  for (const name of unregistered) progress(`warning: column ${name} looks encrypted but is not registered; it is not re-encrypted`);

  let newKeyId: string | null = null;
  if (!options.resume) {
    newKeyId = await db.transaction().execute(async (trx) => {
      const made = await cipher.systemCreateActiveKey({ db: trx });
      await writeAudit({ db: trx, context: options.audit, entry: { action: 'keys.rotate', outcome: 'success', recordType: 'encryption_key', recordId: made.keyId, details: { step: 'new_key', previous: made.previousKeyIds.join(',') } } });
      return made.keyId;
    });
    progress(`new active data key ${newKeyId}`);
  }
  cipher.invalidate();
  const activeId = await cipher.activeKeyId();

  let reencrypted = 0;
  for (const column of encryptedColumns()) {
    const name = `${column.table}.${column.column}`;
    const total = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(column.table)} where ${sql.ref(column.column)} is not null`.execute(db);
    const count = total.rows[0]?.n ?? 0;
    let seen = 0;
    let changed = 0;
    let unreadable = 0;
    progress(`${name}: ${count} value(s)`);
    await scanColumn({
      db,
      column,
      batch,
      onRows: async (rows) => {
        const stale = rows.filter((r) => {
          const keyId = keyIdOf(r.value);
          if (keyId === null) unreadable++;
          return keyId !== null && keyId !== activeId;
        });
        if (stale.length > 0) {
          await db.transaction().execute(async (trx) => {
            for (const row of stale) {
              const aad = fieldAad({ table: column.table, column: column.column, rowId: row.id });
              const next =
                typeof row.value === 'string'
                  ? await cipher.encrypt({ plaintext: await cipher.decrypt({ value: row.value, aad, db: trx }), aad, db: trx })
                  : await cipher.encryptBuffer({ data: await cipher.decryptBuffer({ data: row.value, aad, db: trx }), aad, db: trx });
              const r = await sql`update ${sql.table(column.table)} set ${sql.ref(column.column)} = ${next}
                where ${sql.ref(column.idColumn)} = ${row.id} and ${sql.ref(column.column)} = ${row.value}`.execute(trx);
              changed += Number(r.numAffectedRows ?? 0);
            }
          });
        }
        seen += rows.length;
        progress(`${name}: ${seen}/${count} checked, ${changed} re-encrypted`);
      },
    });
    if (unreadable > 0) progress(`warning: ${name}: ${unreadable} value(s) are not in the encrypted format and were left as they are`);
    reencrypted += changed;
  }

  const usage = await keyUsage({ db });
  const retired: string[] = [];
  const stillInUse: KeyUsage[] = [];
  if (unregistered.length === 0) {
    await db.transaction().execute(async (trx) => {
      for (const k of usage) {
        if (k.isActive || k.retiredAt) continue;
        if (k.values > 0) {
          stillInUse.push(k);
          continue;
        }
        await trx.updateTable('encryption_keys').set({ retired_at: new Date() }).where('id', '=', k.keyId).where('retired_at', 'is', null).execute();
        retired.push(k.keyId);
      }
      await writeAudit({ db: trx, context: options.audit, entry: { action: 'keys.rotate', outcome: 'success', recordType: 'encryption_key', recordId: activeId, details: { step: 'reencrypted', values: reencrypted, retired: retired.join(','), stillInUse: stillInUse.length } } });
    });
  } else {
    progress('old keys are not retired while unregistered encrypted columns exist');
  }
  for (const k of retired) progress(`retired data key ${k}`);
  for (const k of stillInUse) progress(`data key ${k.keyId} still encrypts ${k.values} value(s): run \`ponte keys rotate --resume\``);
  return { newKeyId, reencrypted, retired, stillInUse, unregistered };
}
