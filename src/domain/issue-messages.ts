/**
 * Messages of the project's own validation rules (zod refinements and rule checks), in English
 * and Italian. Schemas use the English text as the zod message (`issueMessages.x.en`); the server
 * shows it in the user's language by looking the English text up here. One place for both, so a
 * reworded rule cannot lose its translation.
 */
import { outreachIssueMessages } from './outreach/messages.ts';

export const issueMessages = {
  controlChars: { en: 'control characters are not allowed', it: 'caratteri di controllo non ammessi' },
  loneSurrogate: { en: 'invalid Unicode (lone surrogate)', it: 'Unicode non valido (surrogato isolato)' },
  money: { en: 'amount in euro with at most 2 decimals, e.g. "1700256.47"', it: 'importo in euro con al massimo 2 decimali, ad es. "1700256.47"' },
  periodOrder: { en: 'periodEnd must not be before periodStart', it: 'la fine del periodo non può precedere l’inizio' },
  invalidDate: { en: 'invalid date', it: 'data non valida' },
  codeOrPassword: { en: 'code or password, not both', it: 'il codice o la password, non entrambi' },
  // case records
  endsBeforeStart: { en: 'endsOn must not be before startsOn', it: 'la data di fine non può precedere quella di inizio' },
  oneProvider: { en: 'give the provider as providerOrganisationId or providerName, not both', it: 'indica il fornitore come providerOrganisationId oppure providerName, non entrambi' },
  sharingNeedsOrganisation: { en: 'consent to sharing needs the organisation data is shared with (organisationId)', it: 'il consenso alla condivisione richiede l’organizzazione con cui si condividono i dati (organisationId)' },
  organisationOnlyForSharing: { en: 'organisationId is only for consent to sharing', it: 'organisationId si indica solo per il consenso alla condivisione' },
  guardianNameRequired: { en: 'the guardian’s name is required when the guardian decides', it: 'il nome del tutore è obbligatorio quando decide il tutore' },
  guardianNameOnlyForGuardian: { en: 'guardianName is only for a decision by the guardian', it: 'guardianName si indica solo quando decide il tutore' },
  notBase64: { en: 'contentBase64 must be base64', it: 'contentBase64 deve essere in base64' },
  minorNeedsGuardian: {
    en: 'for a minor or possible minor the guardian decides: send givenBy "guardian" with the guardian’s name',
    it: 'per un minore o presunto minore decide il tutore: indica givenBy "guardian" con il nome del tutore',
  },
  dateInFuture: { en: 'the date must not be in the future', it: 'la data non può essere nel futuro' },
  unknownOrganisation: { en: 'unknown organisation', it: 'organizzazione inesistente' },
  notAMember: { en: 'not a user of the case’s organisation', it: 'non è un utente dell’organizzazione del caso' },
  assigneeCannotSeeCase: {
    en: 'this user does not work on the case and would not see the task: add them to the case team first',
    it: 'questo utente non lavora sul caso e non vedrebbe il compito: aggiungilo prima al gruppo del caso',
  },
  emptyPatch: { en: 'nothing to change', it: 'nessuna modifica indicata' },
  duplicateItem: { en: 'the same item appears twice', it: 'lo stesso elemento compare due volte' },
  unknownCountry: { en: 'unknown country code (ISO 3166-1 alpha-2, e.g. NG)', it: 'codice paese sconosciuto (ISO 3166-1 alpha-2, ad es. NG)' },
  unknownLanguage: { en: 'unknown language code (ISO 639, e.g. en, ti, edo)', it: 'codice lingua sconosciuto (ISO 639, ad es. en, ti, edo)' },
  duplicateCode: { en: 'listed twice', it: 'indicato due volte' },
  nameNeedsPart: { en: 'a name needs a given name, a family name or a full name', it: 'un nome richiede il nome, il cognome o il nome completo' },
  // referrals
  caseOrSubject: { en: 'give either caseId (a referral from a case) or subject (an agency referral), not both', it: 'indica caseId (invio da un caso) oppure subject (invio da un ente esterno), non entrambi' },
  overrideReasonShort: { en: 'the reason for sharing without consent needs at least 10 characters', it: 'il motivo della condivisione senza consenso richiede almeno 10 caratteri' },
  // hotline
  unknownProvinceOrPlace: { en: 'ISTAT province code, or unknown, or abroad', it: 'codice ISTAT della provincia, oppure unknown o abroad' },
  municipalityOutsideProvince: { en: 'ISTAT municipality code (6 digits) within the province of the call', it: 'codice ISTAT del comune (6 cifre) nella provincia della chiamata' },
  namedCallNeedsCaller: { en: 'a call that is not anonymous needs the caller’s details (at least a name)', it: 'una chiamata non anonima richiede i dati di chi chiama (almeno il nome)' },
  anonymousCallNoCaller: { en: 'an anonymous call carries no caller details', it: 'una chiamata anonima non riporta dati di chi chiama' },
  routingOnlyWhenRouted: { en: 'routing fields are only for outcome "routed"', it: 'i dati di instradamento si indicano solo con esito "routed"' },
  rosterEndsBeforeStart: { en: 'endsAt must be after startsAt', it: 'la fine del turno deve seguire l’inizio' },
  rosterProvincesOrAll: { en: 'give provinces, or allProvinces true, not both', it: 'indica le province oppure allProvinces true, non entrambi' },
  // accommodation
  municipalityInProvince: { en: 'the municipality must be in the province (its code starts with the province code)', it: 'il comune deve essere nella provincia (il suo codice inizia con quello della provincia)' },
  facilityOrType: { en: 'give the facility wanted (facilityId) or the type of facility (facilityType)', it: 'indica la struttura richiesta (facilityId) o il tipo di struttura (facilityType)' },
  monthOrder: { en: 'the last month must not be before the first', it: 'l’ultimo mese non può precedere il primo' },
  endsNotAfterStart: { en: 'the day of leaving must be after the day of arrival', it: 'il giorno di uscita deve essere successivo a quello di ingresso' },
  // residence permits, criminal proceedings
  complaintDateWithoutComplaint: { en: 'complaintOn is only for a complaint filed', it: 'la data della denuncia si indica solo se la denuncia è stata presentata' },
  continuesUntilWithoutProgramme: { en: 'continuesUntil is only for a programme continuing past 18', it: 'la data di fine si indica solo se il percorso prosegue dopo i 18 anni' },
  // outreach
  ...outreachIssueMessages,
  // inclusion
  hours: { en: 'hours: a positive number with at most one decimal, within the limit', it: 'ore: un numero positivo con al massimo un decimale, entro il limite' },
  caseIdOrCode: { en: 'give caseId or caseCode, one of them', it: 'indica caseId oppure caseCode, uno dei due' },
  outcomeNeedsDate: { en: 'an outcome needs its date (outcomeOn), and a date needs an outcome', it: 'l’esito richiede la sua data e la data richiede un esito' },
} as const satisfies Record<string, { en: string; it: string }>;

const italianByEnglish = new Map<string, string>(Object.values(issueMessages).map((m) => [m.en, m.it]));

/** The Italian of a rule message given in English, if it is one of ours. */
export function italianIssueMessage(english: string): string | undefined {
  return italianByEnglish.get(english);
}
