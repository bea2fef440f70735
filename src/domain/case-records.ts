/**
 * Value lists and small rules of the records kept on a case: individual plan, notes, documents,
 * tasks (consent in consent.ts, service types in case-services.ts). Pure: imported by server and web.
 */

export const goalStatuses = ['open', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof goalStatuses)[number];

export const actionStatuses = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const noteCategories = [
  { code: 'general', name: { it: 'Generale', en: 'General' } },
  { code: 'interview', name: { it: 'Colloquio', en: 'Interview' } },
  { code: 'health', name: { it: 'Salute', en: 'Health' } },
  { code: 'legal', name: { it: 'Legale', en: 'Legal' } },
  { code: 'psychological', name: { it: 'Psicologica', en: 'Psychological' } },
  { code: 'mediation', name: { it: 'Mediazione', en: 'Mediation' } },
  { code: 'accommodation', name: { it: 'Accoglienza', en: 'Accommodation' } },
  { code: 'inclusion', name: { it: 'Inclusione sociale e lavoro', en: 'Social inclusion and work' } },
  { code: 'correction', name: { it: 'Correzione di una nota precedente', en: 'Correction of an earlier note' } },
] as const;
export const noteCategoryCodes = noteCategories.map((c) => c.code) as [string, ...string[]];

export const documentCategories = [
  { code: 'identity', name: { it: 'Documento d’identità', en: 'Identity document' } },
  { code: 'permit', name: { it: 'Permesso di soggiorno', en: 'Residence permit' } },
  { code: 'legal', name: { it: 'Atto legale', en: 'Legal document' } },
  { code: 'health', name: { it: 'Documentazione sanitaria', en: 'Health record' } },
  { code: 'consent_form', name: { it: 'Modulo di consenso', en: 'Consent form' } },
  { code: 'report', name: { it: 'Relazione', en: 'Report' } },
  { code: 'other', name: { it: 'Altro', en: 'Other' } },
] as const;
export const documentCategoryCodes = documentCategories.map((c) => c.code) as [string, ...string[]];

/** Document formats accepted, recognised by their first bytes. */
export const documentMediaTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

const signatures: ReadonlyArray<{ mediaType: DocumentMediaType; bytes: readonly number[] }> = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The accepted format a file is, from its first bytes, or null when it is none of them. */
export function sniffMediaType(data: Uint8Array): DocumentMediaType | null {
  for (const s of signatures) {
    if (data.length >= s.bytes.length && s.bytes.every((b, i) => data[i] === b)) return s.mediaType;
  }
  return null;
}

/** Today's date (YYYY-MM-DD) in Italy: the day deadlines are counted in. */
export function italianToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** An open task or action is overdue when its due date is before today. */
export function isOverdue(options: { dueOn: string | null; done: boolean; today: string }): boolean {
  return !options.done && options.dueOn !== null && options.dueOn < options.today;
}
