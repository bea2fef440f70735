/**
 * Messages of the outreach rules, in English and Italian. Schemas use the English text as the zod
 * message; src/domain/issue-messages.ts includes these so the server answers in the user's
 * language, and the field app can show them offline.
 */
export const outreachIssueMessages = {
  countNotNegative: { en: 'counts are whole numbers, not negative', it: 'i conteggi sono numeri interi, non negativi' },
  contactsCap: { en: 'at most 500 contacts in one outing', it: 'al massimo 500 contatti in un’uscita' },
  offeredCap: { en: 'at most 10000 of one kind in one outing', it: 'al massimo 10000 per tipo in un’uscita' },
  interviewsCap: { en: 'at most 200 interviews in one session', it: 'al massimo 200 colloqui in una sessione' },
  bySexSum: { en: 'the counts by sex/gender must add up to the total of contacts', it: 'i conteggi per sesso/genere devono sommare al totale dei contatti' },
  byAgeSum: { en: 'the counts by age band must add up to the total of contacts', it: 'i conteggi per fascia d’età devono sommare al totale dei contatti' },
  byNationalitySum: { en: 'the counts by nationality group must add up to the total of contacts', it: 'i conteggi per gruppo di nazionalità devono sommare al totale dei contatti' },
  byHistorySum: { en: 'first-time and known contacts must add up to the total of contacts', it: 'primi contatti e contatti già conosciuti devono sommare al totale dei contatti' },
  zonesSum: { en: 'the contacts by zone must add up to the total of contacts', it: 'i contatti per zona devono sommare al totale dei contatti' },
  accompanimentsOverTotal: { en: 'accompaniments of one kind cannot exceed the total of contacts', it: 'gli accompagnamenti di un tipo non possono superare il totale dei contatti' },
  individualsOverTotal: { en: 'individual contacts cannot exceed the total of contacts of the outing', it: 'i contatti individuali non possono superare il totale dei contatti dell’uscita' },
  totalBelowIndividuals: { en: 'the total cannot be lower than the individual contacts already recorded', it: 'il totale non può essere inferiore ai contatti individuali già registrati' },
  time: { en: 'time as HH:MM', it: 'orario nel formato HH:MM' },
  duplicateZone: { en: 'the same zone appears twice', it: 'la stessa zona compare due volte' },
  duplicateUser: { en: 'the same person appears twice', it: 'la stessa persona compare due volte' },
  unknownZone: { en: 'unknown zone, or a zone in another municipality', it: 'zona sconosciuta o in un altro comune' },
  notATeamMember: { en: 'not a user of the organisation', it: 'non è un utente dell’organizzazione' },
  unknownOuting: { en: 'unknown outing', it: 'uscita sconosciuta' },
  personCodeFormat: { en: 'person code as P-XXXX-XXXX', it: 'codice persona nel formato P-XXXX-XXXX' },
  unknownPersonCode: { en: 'no person with this code among those you can see', it: 'nessuna persona con questo codice tra quelle che puoi vedere' },
  personNeedsConsent: { en: 'linking to a person needs a possible victim who agreed to follow-up', it: 'il collegamento a una persona richiede una possibile vittima che ha acconsentito al seguito' },
  consentNeedsFlag: { en: 'consent to follow-up is only for a possible victim', it: 'il consenso al seguito si indica solo per una possibile vittima' },
  personCodesOverInterviews: { en: 'more persons than interviews', it: 'più persone che colloqui' },
  slotOrder: { en: 'a slot must end after it starts', it: 'una fascia oraria deve finire dopo l’inizio' },
  unknownDesk: { en: 'unknown desk', it: 'sportello sconosciuto' },
  adviceOverInterviews: { en: 'advice of one kind cannot exceed the interviews held', it: 'i colloqui con un tipo di consulenza non possono superare i colloqui svolti' },
  deskBySexSum: { en: 'the interviews by sex/gender must add up to the interviews held', it: 'i colloqui per sesso/genere devono sommare ai colloqui svolti' },
  deskByAgeSum: { en: 'the interviews by age band must add up to the interviews held', it: 'i colloqui per fascia d’età devono sommare ai colloqui svolti' },
  deskByNationalitySum: { en: 'the interviews by nationality group must add up to the interviews held', it: 'i colloqui per gruppo di nazionalità devono sommare ai colloqui svolti' },
  slotsOverlap: { en: 'this slot overlaps another one of the same day', it: 'questa fascia si sovrappone a un’altra dello stesso giorno' },
  sessionCancelled: { en: 'the session was cancelled: it can no longer be changed', it: 'la sessione è stata annullata: non si può più modificare' },
  linkConsentRequired: { en: 'confirm that the person agreed to be registered and linked', it: 'conferma che la persona ha acconsentito a essere registrata e collegata' },
  linkNeedsPossibleVictim: { en: 'only a contact flagged as possible victim can be linked to a person', it: 'solo un contatto segnalato come possibile vittima può essere collegato a una persona' },
  cancelReasonRequired: { en: 'say why the contact is cancelled', it: 'indica perché il contatto viene annullato' },
  zoneExists: { en: 'a zone with this name already exists in this municipality', it: 'esiste già una zona con questo nome in questo comune' },
} as const satisfies Record<string, { en: string; it: string }>;

export type OutreachIssue = keyof typeof outreachIssueMessages;
