/** The encrypted columns of the case-records feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const recordColumns = {
  goalTitle: { table: 'case_plan_goals', column: 'title_enc' },
  goalDescription: { table: 'case_plan_goals', column: 'description_enc' },
  actionWhat: { table: 'case_plan_actions', column: 'what_enc' },
  serviceNotes: { table: 'case_services', column: 'notes_enc' },
  noteBody: { table: 'case_notes', column: 'body_enc' },
  documentFileName: { table: 'case_documents', column: 'file_name_enc' },
  documentContent: { table: 'case_documents', column: 'content_enc', kind: 'bytea' },
  taskTitle: { table: 'case_tasks', column: 'title_enc' },
  consentGuardianName: { table: 'case_consents', column: 'guardian_name_enc' },
  consentNote: { table: 'case_consents', column: 'note_enc' },
  documentSha256: { table: 'case_documents', column: 'sha256_enc' },
  serviceProviderName: { table: 'case_services', column: 'provider_name_enc' },
} as const;

for (const column of Object.values(recordColumns)) registerEncryptedColumn(column);
