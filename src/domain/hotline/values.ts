/**
 * Value lists of the hotline call log (domain.md §3 "Hotline calls"; seed 002): who calls, what
 * came of the call, where the report is from. Keys are stable (stored); labels in Italian and
 * English. Pure data.
 */

export const callerTypes = [
  { key: 'potential_victim', name: { it: 'Possibile vittima', en: 'Potential victim' } },
  { key: 'relative_or_friend', name: { it: 'Familiare o amico', en: 'Relative or friend' } },
  { key: 'citizen', name: { it: 'Cittadino', en: 'Citizen' } },
  { key: 'law_enforcement', name: { it: 'Forze dell’ordine', en: 'Police / law enforcement' } },
  { key: 'service_or_ngo', name: { it: 'Servizio o associazione', en: 'Service or NGO' } },
  { key: 'other', name: { it: 'Altro', en: 'Other' } },
] as const;
export type CallerType = (typeof callerTypes)[number]['key'];
export const callerTypeKeys = callerTypes.map((c) => c.key) as [CallerType, ...CallerType[]];

export const callOutcomes = [
  { key: 'information_given', name: { it: 'Informazioni fornite', en: 'Information given' } },
  { key: 'routed', name: { it: 'Segnalato a un ente', en: 'Routed to a body' } },
  { key: 'emergency_112', name: { it: 'Emergenza passata alle forze dell’ordine (112)', en: 'Emergency passed to the police (112)' } },
  { key: 'no_further_action', name: { it: 'Nessun seguito', en: 'No further action' } },
  { key: 'silent_or_hoax', name: { it: 'Chiamata muta o scherzo', en: 'Silent call or hoax' } },
] as const;
export type CallOutcome = (typeof callOutcomes)[number]['key'];
export const callOutcomeKeys = callOutcomes.map((c) => c.key) as [CallOutcome, ...CallOutcome[]];

export const callUrgencies = [
  { key: 'routine', name: { it: 'Ordinaria', en: 'Routine' } },
  { key: 'urgent', name: { it: 'Urgente', en: 'Urgent' } },
  { key: 'emergency', name: { it: 'Emergenza', en: 'Emergency' } },
] as const;
export type CallUrgency = (typeof callUrgencies)[number]['key'];
export const callUrgencyKeys = callUrgencies.map((c) => c.key) as [CallUrgency, ...CallUrgency[]];

/**
 * The age of the person a call is about, as coarse as a phone call allows: under 18, adult, or not
 * known. (Sex/gender and nationality group use the outreach lists, src/domain/outreach/lists.ts.)
 */
export const callSubjectAges = ['under_18', 'adult', 'unknown'] as const;
export type CallSubjectAge = (typeof callSubjectAges)[number];

/** A report's province: an ISTAT province code, or one of these when it has none. */
export const provincelessPlaces = ['unknown', 'abroad'] as const;
export type ProvincelessPlace = (typeof provincelessPlaces)[number];

export const routingRules = ['roster', 'province', 'fallback', 'override'] as const;
export type RoutingRule = (typeof routingRules)[number];

/** New call number for a call received in `year`, e.g. `H-2026-7K3M9Q` (Crockford base32). */
export function newHotlineCallCode(year: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += alphabet.charAt(b % 32);
  return `H-${String(year).padStart(4, '0')}-${s}`;
}

export const hotlineCallCodePattern = /^H-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$/;

/** Longest operator summary and routing message, in characters. */
export const hotlineLimits = { summary: 4000, message: 2000, overrideReason: 1000, rosterNote: 300, rosterEntries: 500 } as const;
