/** The encrypted columns of the inclusion feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const inclusionColumns = {
  courseProvider: { table: 'courses', column: 'provider_name_enc' },
  internshipEmployer: { table: 'inclusion_internships', column: 'employer_name_enc' },
  internshipTutor: { table: 'inclusion_internships', column: 'tutor_name_enc' },
  internshipReason: { table: 'inclusion_internships', column: 'outcome_reason_enc' },
  placementEmployer: { table: 'inclusion_job_placements', column: 'employer_name_enc' },
  placementNote: { table: 'inclusion_job_placements', column: 'note_enc' },
  housingNote: { table: 'inclusion_housing', column: 'note_enc' },
  returnPartner: { table: 'voluntary_returns', column: 'partner_name_enc' },
  returnNote: { table: 'voluntary_returns', column: 'support_note_enc' },
} as const;

for (const column of Object.values(inclusionColumns)) registerEncryptedColumn(column);
