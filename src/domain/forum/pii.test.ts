import { describe, expect, it } from 'vitest';
import { findPersonalData, fiscalCodeCheckOk, ibanCheckOk, type PiiKind } from './pii.ts';
import { authorMayEdit, normaliseTag } from './index.ts';

/** The kinds found in a text and the exact substrings they cover. */
function found(text: string): Array<[PiiKind, string]> {
  return findPersonalData(text).map((f) => [f.kind, text.slice(f.start, f.end)]);
}

describe('personal-data check: positives', () => {
  const positives: Array<[string, PiiKind, string]> = [
    // phones, Italian and international
    ['La ragazza mi ha chiamato dal 333 123 4567 ieri sera.', 'phone', '333 123 4567'],
    ['numero: 3331234567', 'phone', '3331234567'],
    ['cell. 347-123.45.67 oppure', 'phone', '347-123.45.67'],
    ['fisso 011 555 0100 in orario d’ufficio', 'phone', '011 555 0100'],
    ['fisso 011/5550100', 'phone', '011/5550100'],
    ['tel. 06-12345678', 'phone', '06-12345678'],
    ['risponde al +39 333 1234567', 'phone', '+39 333 1234567'],
    ['whatsapp +234 803 123 4567 (Nigeria)', 'phone', '+234 803 123 4567'],
    ['chiamare lo 0044 20 7946 0000', 'phone', '0044 20 7946 0000'],
    ['+40 721 234 567', 'phone', '+40 721 234 567'],
    ['+355692345678', 'phone', '+355692345678'],
    // e-mail
    ['scrivere a mario.rossi@example.org per info', 'email', 'mario.rossi@example.org'],
    ['blessing_88@gmail.com', 'email', 'blessing_88@gmail.com'],
    // fiscal codes
    ['il codice fiscale RSSMRA85T10A562S risulta', 'fiscal_code', 'RSSMRA85T10A562S'],
    ['cf rssmra85t10a562s', 'fiscal_code', 'rssmra85t10a562s'],
    ['omocodico RSSMRA85T10A56NH in banca dati', 'fiscal_code', 'RSSMRA85T10A56NH'],
    // IBAN
    ['bonifico su IT60 X054 2811 1010 0000 0123 456 grazie', 'iban', 'IT60 X054 2811 1010 0000 0123 456'],
    ['IT60X0542811101000000123456', 'iban', 'IT60X0542811101000000123456'],
    ['conto tedesco DE89370400440532013000.', 'iban', 'DE89370400440532013000'],
    // documents
    ['passaporto YA1234567 scaduto', 'document_number', 'YA1234567'],
    ['la CIE CA12345AB è valida', 'document_number', 'CA12345AB'],
    ['carta d’identità AX 1234567', 'document_number', 'AX 1234567'],
    ['passaporto nigeriano n. A07654321', 'document_number', 'A07654321'],
    ['passaporto n. 123456789', 'document_number', '123456789'],
    ['permesso di soggiorno n. I0123456', 'document_number', 'I0123456'],
    ['passport number: B1234-567', 'document_number', 'B1234-567'],
    // Ponte codes
    ['è il caso C-2025-7K3M9Q della cooperativa', 'record_code', 'C-2025-7K3M9Q'],
    ['persona P-4F7K-2M9X', 'record_code', 'P-4F7K-2M9X'],
    // dates of birth
    ['una ragazza nata il 12/03/2007 a Benin City', 'birth_date', '12/03/2007'],
    ['nato in Nigeria il 3.4.2001, è arrivato', 'birth_date', '3.4.2001'],
    ['data di nascita: 2001-03-12', 'birth_date', '2001-03-12'],
    ['nata il 12 marzo 2004 secondo il passaporto', 'birth_date', '12 marzo 2004'],
    ['born on 12 March 2004', 'birth_date', '12 March 2004'],
    ['He was born on March 12, 2004 in Lagos', 'birth_date', 'March 12, 2004'],
    ['d.o.b. 01/01/1999', 'birth_date', '01/01/1999'],
    ['una ragazza nata nel 2006 ha chiesto', 'birth_date', '2006'],
    ['un ragazzo classe 2007', 'birth_date', '2007'],
    // names
    ['Ieri la signora Blessing ha chiesto aiuto.', 'person_name', 'signora Blessing'],
    ['Ho parlato con il sig. Okafor stamattina.', 'person_name', 'sig. Okafor'],
    ['L’avv. Bianchi sostiene che', 'person_name', 'avv. Bianchi'],
    ['Abbiamo accolto Mario Rossi in struttura.', 'person_name', 'Mario Rossi'],
    ['La ragazza, Joy Osagie, è ospite da noi.', 'person_name', 'Joy Osagie'],
    ['Oggi in sportello è venuta Ana Popescu con la figlia.', 'person_name', 'Ana Popescu'],
    ['Blessing Okoro è stata sentita in Commissione.', 'person_name', 'Blessing Okoro'],
    ['Mr Smith called the hotline.', 'person_name', 'Mr Smith'],
    ['- Precious Eze: in attesa di audizione', 'person_name', 'Precious Eze'],
    ['Il caso riguarda Ardit Hoxha, albanese, arrivato a Bari.', 'person_name', 'Ardit Hoxha'],
  ];
  for (const [text, kind, value] of positives) {
    it(`${kind}: ${text}`, () => {
      expect(found(text)).toContainEqual([kind, value]);
    });
  }

  it('finds several kinds in one text, ordered by position', () => {
    const text = 'Vi scrivo per Joy Osagie, tel. 333 123 4567, e-mail joy.o@example.org, passaporto A07654321.';
    expect(found(text).map(([k]) => k)).toEqual(['person_name', 'phone', 'email', 'document_number']);
  });

  it('gives positions as [start, end) of the checked text', () => {
    const text = 'Numero: 333 123 4567.';
    const [f] = findPersonalData(text);
    expect(f).toEqual({ kind: 'phone', start: 8, end: 20 });
  });
});

describe('personal-data check: negatives (legal and procedural text passes)', () => {
  const negatives = [
    'Il permesso per casi speciali ex art. 18 D.Lgs. 286/1998 può essere rilasciato anche su proposta dei servizi sociali.',
    'La Questura di Torino ha chiesto il parere della Procura della Repubblica.',
    'La Commissione territoriale ha sospeso l’audizione e inviato la segnalazione all’ente antitratta.',
    'Commissione Territoriale per il riconoscimento della protezione internazionale di Torino.',
    'Ai sensi dell’art. 22, comma 12-quater, come sostituito dall’art. 18-ter introdotto dal D.L. 145/2024.',
    'Il reato di cui all’art. 603-bis c.p. (intermediazione illecita e sfruttamento del lavoro).',
    'Art. 600 e 601 c.p.; L. 228/2003; D.Lgs. 24/2014; d.P.R. 394/1999, art. 27.',
    'Il Tribunale per i Minorenni nomina il tutore volontario (L. 47/2017, art. 11).',
    'Il Numero Verde Antitratta 800 290 290 è gratuito, anonimo e attivo 24 ore su 24.',
    'La scadenza è il 15/03/2025: il rinnovo va chiesto 60 giorni prima.',
    'Il decreto è stato pubblicato in Gazzetta Ufficiale n. 123 del 29/05/2024.',
    'Con la circolare del Ministero dell’Interno del 2020 la Prefettura di Cuneo ha chiarito la procedura.',
    'Secondo la Corte di Cassazione, sez. I, sent. n. 12345/2021, il parere non è vincolante.',
    'Il Piano nazionale d’azione contro la tratta e il grave sfruttamento 2022-2025.',
    'Il progetto L’Anello forte copre Piemonte e Valle d’Aosta, con la Regione Piemonte capofila.',
    'Abbiamo scritto all’Ispettorato del Lavoro e all’ASL TO3.',
    'Buongiorno a tutti, una domanda sul rinnovo.',
    'Costo stimato: 350 000 000 euro a livello nazionale.',
    'Il budget è di € 1.700.256,47 per 15 mesi.',
    'Il CAP 10100 non basta per la residenza anagrafica.',
    'Il codice ATECO 01.13 indica le colture orticole.',
    'Cosa succede se la persona non denuncia? Il percorso sociale resta possibile.',
    'Nel sistema SAI (ex SPRAR/SIPROIMI) i posti sono assegnati dal Servizio Centrale.',
    'Le linee guida per l’identificazione delle vittime di tratta tra i richiedenti protezione internazionale (UNHCR, 2021).',
    'È nato un nuovo protocollo d’intesa tra la Regione e la Procura.',
    'Protocollo prot. 2023/0145 del 12.05.2023.',
    'Il rinnovo è stato chiesto il 10 marzo 2024 e il permesso è scaduto.',
    'Residence permits under art. 18 are issued by the Questura on the proposal of the social services.',
    'Territorial Commission for international protection of Turin.',
    'Il minore straniero non accompagnato (MSNA) ha diritto alla protezione.',
    'Chi decide sull’accertamento dell’età? Il Tribunale per i minorenni, sentito il tutore.',
    'Quesito: conversione del permesso per casi speciali in permesso per lavoro subordinato.',
    'Vedi anche il caso discusso a Castel Volturno e a Lampedusa.',
    'La Croce Rossa Italiana e Medici Senza Frontiere gestiscono i presidi sanitari.',
    'L’associazione Papa Giovanni XXIII opera in provincia di Cuneo.',
    'Il dott. è assente.',
  ];
  for (const text of negatives) {
    it(text, () => {
      expect(found(text)).toEqual([]);
    });
  }
});

describe('check characters', () => {
  it('fiscal code check character', () => {
    expect(fiscalCodeCheckOk('RSSMRA85T10A562S')).toBe(true);
    expect(fiscalCodeCheckOk('RSSMRA85T10A562T')).toBe(false);
  });
  it('IBAN mod-97', () => {
    expect(ibanCheckOk('IT60 X054 2811 1010 0000 0123 456')).toBe(true);
    expect(ibanCheckOk('IT61 X054 2811 1010 0000 0123 456')).toBe(false);
    expect(ibanCheckOk('GB82WEST12345698765432')).toBe(true);
  });
});

describe('forum rules', () => {
  it('tags are normalised', () => {
    expect(normaliseTag(' Art 18 ')).toBe('art-18');
    expect(normaliseTag('#Rinnovo')).toBe('rinnovo');
    expect(normaliseTag('<b>')).toBeNull();
    expect(normaliseTag('')).toBeNull();
  });
  it('an author edits a question only while unanswered, an answer only until accepted', () => {
    const base = { threadStatus: 'open' as const, locked: false, visibleAnswers: 0, accepted: false };
    expect(authorMayEdit({ ...base, kind: 'question' })).toBe(true);
    expect(authorMayEdit({ ...base, kind: 'question', visibleAnswers: 1 })).toBe(false);
    expect(authorMayEdit({ ...base, kind: 'question', locked: true })).toBe(false);
    expect(authorMayEdit({ ...base, kind: 'answer', threadStatus: 'answered' })).toBe(true);
    expect(authorMayEdit({ ...base, kind: 'answer', threadStatus: 'answered', accepted: true })).toBe(false);
    expect(authorMayEdit({ ...base, kind: 'answer', threadStatus: 'closed' })).toBe(false);
  });
});
