/**
 * Values stored in clear before migration 0029 that now live field-encrypted: the documents'
 * SHA-256 (`case_documents.sha256` → `sha256_enc`: an unkeyed hash lets a dump confirm that a
 * known document is stored) and the names of providers outside the network
 * (`case_services.provider_name` → `provider_name_enc`: may name a person, and tells what care is
 * given) and the juvenile court following a minor (`cases.juvenile_court` → `juvenile_court_enc`:
 * free text that can hold a docket number or a judge's name) and the role of a team member
 * (`case_team.team_role` → `team_role_enc`: "psychologist" says what support the person gets).
 * This system step seals each remaining clear value into its encrypted column (bound to
 * the row) and empties the clear one, a batch per transaction, each batch audited as the system
 * with counts only. Idempotent: the server runs it at start; sealed rows are not touched. When
 * nothing is left to seal each look-up is a probe of an empty partial index (migration 0034,
 * `<table>_<clear>_pending_idx`), not a read of the table.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { writeAudit, type AuditAction } from '../../platform/audit.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { recordColumns } from './encrypted.ts';
import { caseColumns } from '../cases/encrypted.ts';

export interface ClearColumn {
  table: string;
  clear: string;
  enc: { table: string; column: string };
  action: AuditAction;
  recordType: string;
  field: string;
}

export const clearColumns: readonly ClearColumn[] = [
  { table: 'case_documents', clear: 'sha256', enc: recordColumns.documentSha256, action: 'document.write', recordType: 'case_document', field: 'sha256' },
  { table: 'case_services', clear: 'provider_name', enc: recordColumns.serviceProviderName, action: 'service.write', recordType: 'case_service', field: 'providerName' },
  { table: 'cases', clear: 'juvenile_court', enc: caseColumns.juvenileCourt, action: 'case.update', recordType: 'case', field: 'juvenileCourt' },
  { table: 'case_team', clear: 'team_role', enc: caseColumns.teamRole, action: 'case.update', recordType: 'case', field: 'team' },
];

/**
 * The next `batch` rows of `c` still holding a clear value, by id, locked for the sealing
 * transaction. The condition is exactly the predicate of the column's partial index.
 */
export function pendingClearValues(c: ClearColumn, batch: number): RawBuilder<{ id: string; value: string }> {
  return sql<{ id: string; value: string }>`
    select id, ${sql.ref(c.clear)} as value from ${sql.table(c.table)}
    where ${sql.ref(c.clear)} is not null order by id limit ${batch} for update`;
}

export async function systemSealClearColumns(options: { db: Kysely<DB>; cipher: FieldCipher; batch?: number }): Promise<Record<string, number>> {
  const { db, cipher } = options;
  const batch = options.batch ?? 500;
  const report: Record<string, number> = {};
  for (const c of clearColumns) {
    let sealed = 0;
    for (;;) {
      const done = await db.transaction().execute(async (tx) => {
        const rows = await pendingClearValues(c, batch).execute(tx);
        for (const row of rows.rows) {
          const value = await cipher.encrypt({ plaintext: row.value, aad: fieldAad({ table: c.enc.table, column: c.enc.column, rowId: row.id }), db: tx });
          await sql`update ${sql.table(c.table)} set ${sql.ref(c.enc.column)} = ${value}, ${sql.ref(c.clear)} = null where id = ${row.id}`.execute(tx);
        }
        if (rows.rows.length > 0) {
          await writeAudit({
            db: tx,
            context: { userId: null, orgId: null, ip: null, requestId: 'system:seal-clear-columns' },
            entry: { action: c.action, outcome: 'success', recordType: c.recordType, fields: [c.field], details: { system: 'seal_clear_column', rows: rows.rows.length } },
          });
        }
        return rows.rows.length;
      });
      sealed += done;
      if (done < batch) break;
    }
    report[`${c.table}.${c.clear}`] = sealed;
  }
  return report;
}
