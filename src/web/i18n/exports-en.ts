import type { exportsIt } from './exports-it.ts';

/** English messages of the exports panel (spread into en.ts). */
export const exportsEn: Record<keyof typeof exportsIt, string> = {
  'perm.exports.personal': 'Export personal data (HTCDS, encrypted file)',
  'exports.title': 'Exports',
  'exports.lead': 'Download data in the formats of the international standards. Every export is recorded in the audit trail.',
  'exports.htcds.title': 'HTCDS records (personal data, encrypted file)',
  'exports.htcds.lead': 'One row per case with HTCDS 2.0 field names, for the persons and cases you may read. The file is encrypted (AES-256-GCM) with the password you choose: give it to the recipient through another channel.',
  'exports.htcds.format': 'Format',
  'exports.htcds.password': 'File password (at least {n} characters)',
  'exports.htcds.passwordAgain': 'Repeat the password',
  'exports.htcds.mismatch': 'The two passwords differ.',
  'exports.htcds.tooShort': 'The password must have at least {n} characters.',
  'exports.htcds.download': 'Download the encrypted file',
  'exports.htcds.done': 'Encrypted file downloaded: {rows} rows.',
  'exports.ctdc.title': 'Anonymised data in CTDC format',
  'exports.ctdc.lead': 'One row per victim, no names or codes, the year only, age in bands. Every combination of year, gender, age and citizenship occurs at least {k} times: otherwise the data are generalised and, if needed, rows are left out.',
  'exports.ctdc.from': 'From year',
  'exports.ctdc.to': 'To year',
  'exports.ctdc.preview': 'Preview',
  'exports.ctdc.download': 'Download CSV',
  'exports.ctdc.summary': '{rows} rows written of {victims} victims; {suppressed} left out to protect people (generalisation level {level}).',
  'exports.working': 'Preparing…',
  'exports.error': 'Export failed: {message}',
  // units of the indicators added with the exports (src/domain/monitoring/indicators.ts)
  'monitoring.unit.contacts': 'contacts',
  'monitoring.unit.enrolments': 'enrolments',
  'monitoring.unit.internships': 'internships',
  'monitoring.unit.placements': 'placements',
  'monitoring.unit.euro': 'euro',
};
