/** The encrypted columns of the cases feature (see platform/encrypted-columns.ts). */
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';

export const caseColumns = {
  guardian: { table: 'cases', column: 'guardian_enc' },
  phaseReason: { table: 'case_phase_history', column: 'reason_enc' },
  approvalReason: { table: 'case_approval_requests', column: 'reason_enc' },
  approvalDecisionNote: { table: 'case_approval_requests', column: 'decision_note_enc' },
  screeningDecisionReason: { table: 'screenings', column: 'decision_reason_enc' },
  juvenileCourt: { table: 'cases', column: 'juvenile_court_enc' },
  teamRole: { table: 'case_team', column: 'team_role_enc' },
} as const;

for (const column of Object.values(caseColumns)) registerEncryptedColumn(column);
