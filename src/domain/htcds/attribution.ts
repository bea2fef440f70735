/**
 * HTCDS field names and value lists ship with Ponte (values.ts, exports, API enums): CC BY 4.0
 * requires this attribution wherever they are shipped or exported. Show it in exports and in
 * the about page; do not use IOM's logo, and do not suggest endorsement.
 */
export const htcdsAttribution = {
  title: 'Human Trafficking Case Data Standard (HTCDS), Field Standards v2.0',
  author: 'International Organization for Migration (IOM)',
  source: 'https://github.com/UNMigration/HTCDS',
  licence: 'CC BY 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  changes:
    'Converted from the published spreadsheet to CSV and to TypeScript lists; surrounding spaces trimmed; ' +
    'Italian labels added by Ponte. No endorsement by IOM is implied.',
  text:
    'Field names and value lists from the Human Trafficking Case Data Standard (HTCDS) v2.0 by the ' +
    'International Organization for Migration (IOM), licensed under CC BY 4.0 ' +
    '(https://creativecommons.org/licenses/by/4.0/). Italian labels added; no endorsement by IOM is implied.',
} as const;
