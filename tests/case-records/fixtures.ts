/**
 * Case records written straight to the database in the stored form the case-records feature uses
 * (free text encrypted and bound to its row), for tests that need a record to act on. The cipher is
 * built on the master key every test app uses (tests/helpers/app.ts), so the app reads them back.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { FieldCipher, fieldAad } from '../../src/server/platform/crypto.ts';
import { TEST_MASTER_KEY } from '../helpers/app.ts';

/** A 1×1 transparent PNG. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A minimal PDF. */
export const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

export function recordFixtures(db: Kysely<DB>) {
  const cipher = new FieldCipher({ db, masterKey: TEST_MASTER_KEY });
  const seal = (table: string, column: string, rowId: string, plaintext: string): Promise<string> =>
    cipher.encrypt({ plaintext, aad: fieldAad({ table, column, rowId }) });
  return {
    cipher,
    async goal(caseId: string): Promise<string> {
      const id = randomUUID();
      await db.insertInto('case_plan_goals').values({ id, case_id: caseId, title_enc: await seal('case_plan_goals', 'title_enc', id, 'Autonomia abitativa') }).execute();
      return id;
    },
    async action(caseId: string): Promise<string> {
      const goalId = await this.goal(caseId);
      const id = randomUUID();
      await db.insertInto('case_plan_actions').values({ id, goal_id: goalId, case_id: caseId, what_enc: await seal('case_plan_actions', 'what_enc', id, 'Cercare un alloggio') }).execute();
      return id;
    },
    async service(caseId: string): Promise<string> {
      const r = await db.insertInto('case_services').values({ case_id: caseId, service_type: 'language_course', status: 'planned' }).returning('id').executeTakeFirstOrThrow();
      return r.id;
    },
    async task(caseId: string, assigneeId: string, dueOn: string | null = null): Promise<string> {
      const id = randomUUID();
      await db.insertInto('case_tasks').values({ id, case_id: caseId, assignee_id: assigneeId, due_on: dueOn, title_enc: await seal('case_tasks', 'title_enc', id, 'Telefonare alla Questura') }).execute();
      return id;
    },
    async consentGiven(caseId: string, recordedBy: string, purpose: 'services' | 'statistics' = 'services'): Promise<string> {
      const r = await db
        .insertInto('case_consents')
        .values({ case_id: caseId, purpose, status: 'given', decided_on: '2026-01-02', method: 'written', given_by: 'person', recorded_by: recordedBy })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async document(caseId: string, uploadedBy: string): Promise<string> {
      const id = randomUUID();
      const content = await cipher.encryptBuffer({ data: tinyPng, aad: fieldAad({ table: 'case_documents', column: 'content_enc', rowId: id }) });
      await db
        .insertInto('case_documents')
        .values({
          id, case_id: caseId, file_name_enc: await seal('case_documents', 'file_name_enc', id, 'foto.png'), media_type: 'image/png',
          size_bytes: tinyPng.length, sha256: 'a'.repeat(64), content_enc: content, uploaded_by: uploadedBy,
        })
        .execute();
      return id;
    },
  };
}
