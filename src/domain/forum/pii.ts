/**
 * The personal-data check of forum posts: finds what looks like data about a person in a text
 * (title, question, answer) so that it is not posted. Pure, no I/O: the server refuses a post with
 * findings (422, kind and position only) and the web app runs the same check while the user types.
 *
 * What it looks for:
 * - `phone`: Italian mobile (3xx, 9–10 digits) and landline (0…, 6–11 digits) numbers, and
 *   international ones (+ or 00, country code, 7–14 more digits), with spaces, dots, hyphens or
 *   parentheses between groups. Toll-free numbers (800, 803) are public services and pass; a
 *   date such as 03/05/2020 is not a phone number.
 * - `email`: any e-mail address, personal or of an office.
 * - `fiscal_code`: Italian codice fiscale of a person (16 characters, omocodia letters included);
 *   without any digit it must also carry a valid check character (so that ordinary words pass).
 * - `iban`: an IBAN (two letters, two check digits, 11–30 letters or digits, spaced or not) that
 *   passes the mod-97 check, or any Italian-length (27) one starting with IT.
 * - `document_number`: passport, identity card or permit numbers as usually written (one to three
 *   capitals, then 5–9 digits, then up to two capitals: YA1234567, CA12345AB, AX 1234567), and any
 *   letters-and-digits token of 5–15 characters with 3 digits or more that follows a word such as
 *   passaporto, carta d'identità, documento, permesso n., passport, ID card.
 * - `record_code`: Ponte's own person, case and hotline codes (P-XXXX-XXXX, C-2025-XXXXXX,
 *   H-2025-XXXXXX): they point at a person as surely as a name.
 * - `birth_date`: a date (12/03/2001, 12.3.01, 2001-03-12, 12 marzo 2001, 12 March 2001) within
 *   a few words after nato/nata/nati/nate/born/data di nascita/d.o.b., or a year right after
 *   "nato nel", "nata nel", "classe", "born in".
 * - `person_name`: the heuristic for names. (a) An honorific (sig., sig.ra, signor, signora,
 *   dott., dott.ssa, avv., Mr, Mrs, Ms, Miss) followed by a capitalised word; (b) two or three
 *   capitalised words in a row, not at the start of a sentence (or of a line or list item), none of
 *   them in the list of common legal, institutional and place words below, none written all in
 *   capitals; (c) the same at the start of a sentence when the first word is a common given name
 *   of the list below.
 *
 * Limits (the check helps, it does not replace the author's care):
 * - Names: a name written in lowercase, a single name ("la signora B."), a name at the start of
 *   a sentence whose first word is not in the given-names list, or names made only of words of the
 *   legal/place list pass unseen. A pair of capitalised words that is not a name (an organisation,
 *   a foreign institution, a book title) is flagged unless its words are in the list: the author
 *   rephrases (lowercase, or "l'associazione" instead of its name). The lists are data and can
 *   grow.
 * - Numbers: a phone number split unusually (3 3 3 1 2 3…), a document number in a format not
 *   above, or a number spelled in words passes; long file or protocol numbers starting with 0 may
 *   be taken for a landline number.
 * - Nicknames, addresses, places of birth, nationalities with age ("ragazza nigeriana di 17 anni"),
 *   physical traits and stories told in enough detail can identify a person and are not detected.
 */

export const piiKinds = ['phone', 'email', 'fiscal_code', 'iban', 'document_number', 'record_code', 'birth_date', 'person_name'] as const;
export type PiiKind = (typeof piiKinds)[number];

/** One finding: what it looks like and where ([start, end) in UTF-16 code units of the checked text). */
export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
}

export const piiKindLabels: Record<PiiKind, { it: string; en: string }> = {
  phone: { it: 'numero di telefono', en: 'phone number' },
  email: { it: 'indirizzo e-mail', en: 'e-mail address' },
  fiscal_code: { it: 'codice fiscale', en: 'fiscal code' },
  iban: { it: 'IBAN', en: 'IBAN' },
  document_number: { it: 'numero di documento', en: 'document number' },
  record_code: { it: 'codice di persona o di caso', en: 'person or case code' },
  birth_date: { it: 'data di nascita', en: 'date of birth' },
  person_name: { it: 'possibile nome di persona', en: 'possible name of a person' },
};

// --- numbers -----------------------------------------------------------------------------------

const digitsOf = (s: string): string => s.replace(/\D/g, '');

/** +39 333 1234567, 0044 20 7946 0000, +234 (0)803 123 4567 */
const internationalPhone = /(?<![\p{L}\p{N}+])(?:\+|00)\s?[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,4}\)?){2,7}(?![\p{L}\p{N}])/gu;
/** 333 123 4567, 3331234567, 333-123.45.67 */
const mobilePhone = /(?<![\p{L}\p{N}/.,+-])3\d{2}(?:[\s.-]?\d){6,7}(?![\p{L}\p{N}/]|[.,]\d)/gu;
/** 011 555 0100, 011/5550100, 06-12345678 */
const landlinePhone = /(?<![\p{L}\p{N}/.,+-])0\d{1,3}(?:\s?\/\s?|[\s.-])?\d{2,4}(?:[\s.-]?\d){2,6}(?![\p{L}\p{N}/]|[.,]\d)/gu;
const dateShaped = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;
const tollFree = /^(?:800|803)/;
const moneyAround = { before: /(?:€|eur|euro)\s*$/i, after: /^\s*(?:€|eur\b|euro\b|mila\b|milioni\b)/i };

function phones(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(internationalPhone)) {
    const rest = digitsOf(m[0]).length;
    if (rest >= 9 && rest <= 17) out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
  }
  for (const re of [mobilePhone, landlinePhone]) {
    for (const m of text.matchAll(re)) {
      const raw = m[0].trim();
      const digits = digitsOf(raw);
      if (digits.length < 6 || digits.length > 11) continue;
      if (dateShaped.test(raw) || tollFree.test(digits)) continue;
      if (moneyAround.before.test(text.slice(Math.max(0, m.index - 6), m.index)) || moneyAround.after.test(text.slice(m.index + m[0].length))) continue;
      out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
    }
  }
}

const emailPattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

const cfPattern = /(?<![\p{L}\p{N}])[A-Z]{6}[\dLMNPQRSTUV]{2}[ABCDEHLMPRST][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z](?![\p{L}\p{N}])/giu;
const cfOdd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** Whether the 16th character of a fiscal code is the right check character. */
export function fiscalCodeCheckOk(code: string): boolean {
  const c = code.toUpperCase();
  if (!/^[A-Z0-9]{16}$/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    const ch = c[i] ?? '';
    const value = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? (cfOdd[value] ?? 0) : value;
  }
  return String.fromCharCode(65 + (sum % 26)) === c[15];
}

function fiscalCodes(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(cfPattern)) {
    const code = m[0];
    const hasDigit = /\d/.test(code);
    // A lowercase word of 16 letters is language, not a code, unless its check character is right.
    if (!hasDigit && !fiscalCodeCheckOk(code)) continue;
    if (!hasDigit && code !== code.toUpperCase()) continue;
    out.push({ kind: 'fiscal_code', start: m.index, end: m.index + code.length });
  }
}

const ibanPattern = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}(?![\p{L}\p{N}])/gu;

/** The IBAN mod-97 check over letters and digits (spaces removed). */
export function ibanCheckOk(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of n) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

function ibans(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(ibanPattern)) {
    // The pattern may run into a following word of capitals: trim to the longest valid prefix.
    const raw = m[0].replace(/\s+$/, '');
    const compact = raw.replace(/\s+/g, '');
    if (ibanCheckOk(compact) || (compact.startsWith('IT') && compact.length === 27)) {
      out.push({ kind: 'iban', start: m.index, end: m.index + raw.length });
    }
  }
}

/** Words that write a legal or statistical reference, not a document: "DPR 394", "CAP 10100". */
const referencePrefixes = new Set(['CAP', 'ART', 'ARTT', 'DL', 'DPR', 'DM', 'DLGS', 'DPCM', 'TU', 'L', 'LR', 'CCNL', 'ISTAT', 'ATECO', 'RG', 'RGNR', 'NR', 'N', 'GU', 'UE', 'CE', 'CEDU', 'ISO', 'ILO', 'COM']);
const documentShape = /(?<![\p{L}\p{N}/.-])([A-Z]{1,3})\s?(\d{5,9})([A-Z]{0,2})(?![\p{L}\p{N}]|\/\d|[.,]\d)/gu;
const documentWords =
  /(?:passaport[oi]|carta\s+d['’]\s?identit[àa]|c\.?\s?i\.?\s|documento(?:\s+(?:di\s+identit[àa]|d['’]\s?identit[àa]))?|permesso\s+(?:di\s+soggiorno\s+)?(?:n\.?|numero)|titolo\s+di\s+soggiorno|cui\b|passport|id\s+card|identity\s+card|residence\s+permit\s+(?:no\.?|number)|document\s+(?:no\.?|number))/giu;
const documentToken = /^[\s:.,°º]*(?:n(?:umero|umber|r|o)?\.?\s*)?(?:[:°º]\s*)?([A-Z0-9][A-Z0-9-]{3,14}[A-Z0-9])/iu;

function documents(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(documentShape)) {
    const prefix = m[1] ?? '';
    if (referencePrefixes.has(prefix)) continue;
    out.push({ kind: 'document_number', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(documentWords)) {
    const after = m.index + m[0].length;
    const window = text.slice(after, after + 40);
    const t = documentToken.exec(window);
    const token = t?.[1];
    if (!t || !token) continue;
    if ((token.match(/\d/g) ?? []).length < 3) continue;
    if (/^\d{1,4}\/\d{2,4}$/.test(token)) continue;
    const start = after + t[0].length - token.length;
    out.push({ kind: 'document_number', start, end: start + token.length });
  }
}

const recordCodes = /(?<![\p{L}\p{N}-])(?:P-[0-9A-Z]{4}-[0-9A-Z]{4}|[CH]-\d{4}-[0-9A-Z]{6})(?![\p{L}\p{N}-])/gu;

function records(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(recordCodes)) out.push({ kind: 'record_code', start: m.index, end: m.index + m[0].length });
}

// --- dates of birth ------------------------------------------------------------------------------

const months =
  'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic|january|february|march|april|may|june|july|august|september|october|november|december|jan|jun|jul|aug|sep|sept|oct|dec';
const datePattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}(?:°|º)?\\s+(?:${months})\\.?\\s+\\d{2,4}|(?:${months})\\.?\\s+\\d{1,2},?\\s+\\d{4})(?![\\p{L}\\p{N}])`,
  'giu',
);
const birthWords = /(?:\bnat[oaie]\b|\bborn\b|\bdata\s+di\s+nascita\b|\bnascita\b|\bd\.?\s?o\.?\s?b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b)/iu;
const birthYear = /(?:\bnat[oaie]\s+nel(?:l['’])?\s*|\bclasse\s+|\bborn\s+in\s+)((?:19|20)\d{2})(?![\p{N}])/giu;

function birthDates(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(datePattern)) {
    const before = text.slice(Math.max(0, m.index - 45), m.index);
    if (!birthWords.test(before)) continue;
    out.push({ kind: 'birth_date', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(birthYear)) {
    const year = m[1] ?? '';
    const start = m.index + m[0].length - year.length;
    out.push({ kind: 'birth_date', start, end: start + year.length });
  }
}

// --- names ---------------------------------------------------------------------------------------

/**
 * Capitalised words that are not names: institutions, legal terms, places, organisations of the
 * network, days and months, and other words often capitalised in Italian and English legal text.
 * Compared in lowercase and without accents.
 */
export const notNameWords: ReadonlySet<string> = new Set(
  `
  questura questure prefettura prefetture procura procure tribunale tribunali corte corti cassazione appello commissione commissioni territoriale territoriali
  nazionale nazionali regionale regionali provinciale comunale repubblica stato stati ministero ministeri interno interni giustizia lavoro lavori politiche sociali
  sociale salute esteri economia finanze consiglio consigli europa europeo europea europei europee unione unito unita uniti unite nazioni nations united
  governo parlamento senato camera deputati presidenza presidente dipartimento dipartimenti pari opportunita ufficio uffici ufficiale gazzetta servizio servizi
  centro centri sistema accoglienza protezione internazionale internazionali sussidiaria speciale speciali casi permesso permessi soggiorno asilo rifugiati richiedenti
  diritto diritti codice codici penale penali civile civili procedura testo unico legge leggi decreto decreti legislativo legislativa circolare direttiva direttive
  regolamento regolamenti convenzione convenzioni carta costituzione costituzionale art articolo articoli comma commi sezione sezioni capo titolo allegato
  piano piani programma programmi progetto progetti azione azioni linee guida protocollo protocolli intesa accordo accordi rete reti osservatorio osservatori
  numero verde antitratta tratta sfruttamento grave lavorativo sessuale vittime vittima esseri umani
  ispettorato ispettorati nucleo carabinieri polizia guardia finanza stradale frontiera vigili fuoco capitaneria porto
  azienda sanitaria locale asl ospedale ospedaliera pronto soccorso consultorio
  regione regioni provincia province comune comuni citta metropolitana area municipio
  piemonte valle aosta lombardia liguria veneto trentino alto adige friuli venezia giulia emilia romagna toscana umbria marche lazio abruzzo molise campania puglia
  basilicata calabria sicilia sardegna italia italiana italiano italiane italiani
  torino milano roma napoli genova bologna firenze venezia bari palermo catania cagliari trieste verona padova brescia bergamo alessandria asti cuneo novara vercelli
  biella verbania ossola cusio aosta ancona perugia pescara potenza campobasso catanzaro reggio trento bolzano udine pordenone gorizia ravenna rimini parma modena
  piacenza ferrara forli cesena lucca pisa livorno siena arezzo prato pistoia latina frosinone viterbo rieti caserta salerno avellino benevento foggia lecce taranto
  brindisi cosenza crotone messina siracusa ragusa trapani agrigento sassari nuoro oristano castel volturno lampedusa ventimiglia
  nigeria nigeriana nigeriano benin city edo lagos ghana senegal costa avorio mali guinea gambia camerun marocco tunisia egitto libia albania romania bulgaria
  moldavia ucraina russia cina pakistan bangladesh india afghanistan iraq siria eritrea etiopia somalia sudan brasile colombia peru
  francia spagna germania grecia austria svizzera slovenia croazia malta portogallo belgio olanda paesi bassi regno
  gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
  lunedi martedi mercoledi giovedi venerdi sabato domenica
  january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday
  associazione associazioni cooperativa cooperative consorzio fondazione ente enti onlus odv aps gruppo comunita progetto caritas croce rossa mezzaluna
  medici senza frontiere save children oim unhcr iom ilo onu acnur emergency amnesty
  papa giovanni xxiii san santa santo santi sant don suor madre
  sprar siproimi sai cas cara cpr cpa hotspot fami fse por pon msna dpo sirit astra transiti pral
  ministry interior territorial commission police headquarters prefecture prosecutor office court supreme appeal european union convention human rights
  anti trafficking department equal opportunities national regional law decree article paragraph section code criminal civil procedure act government
  residence permit special cases international protection asylum refugee reception system centre center labour labor inspectorate health authority
  observatory network hotline free toll number plan project programme program guidelines
  via viale piazza corso largo vicolo strada
  buongiorno buonasera salve grazie gentili cari care caro cara colleghi colleghe ciao saluti cordiali distinti
  domanda risposta nota attenzione esempio premessa quesito oggetto allegati
  sig signor signora signorina dott dottor dottore dottoressa avv avvocato avvocata prof professore professoressa
  il lo la i gli le un una uno del della dei degli delle al alla ai agli alle nel nella nei negli nelle per con su da di in a e o ma se che non come quando dove
  the of and for to in on at by with from an or not as is are was be this that these those
  `
    .split(/\s+/)
    .filter(Boolean),
);

/** Common given names (Italian, and frequent among the people the network meets); compared in lowercase. */
export const commonGivenNames: ReadonlySet<string> = new Set(
  `
  mario maria giuseppe giovanna anna francesco francesca antonio antonella luca laura marco marta paolo paola andrea alessandra giulia giorgio chiara sara stefano
  stefania roberto roberta luigi luisa elena alessandro matteo federica valentina silvia simona davide daniela fabio elisa lucia rosa angela carlo carla
  blessing joy precious favour favor faith gift peace mercy happiness esther grace patience success glory comfort loveth osas osaro efe ivie osagie osamede
  osayuki eghosa uyi uwa ehi ese omo ada ngozi chioma chinwe amaka ifeoma ebere nneka kelechi emeka chinedu ibrahim musa mohamed mohammed muhammad ahmed ahmad
  ali omar fatima aisha amina mariam khadija hassan hussein youssef yusuf abdul abdoulaye mamadou moussa ousmane aminata fatoumata awa
  ion ioana elena andrei mihai alexandru cristina gabriela florin adrian daniel vasile gheorghe nicoleta mirela irina olga natalia svetlana tatiana oksana yulia
  ardit arben besa blerta elira ermal enkeleda fatjon klodian dritan erjon eni
  wei li ming hui jing lin xiao yan
  john mary james michael david sarah peter paul joseph
  `
    .split(/\s+/)
    .filter(Boolean),
);

const honorific = /(?<![\p{L}])(?:[Ss]ig\.(?:ra|na)?|[Ss]ig\.?ra|[Ss]ignor[ae]?|[Ss]ignorina|[Dd]ott\.(?:ssa)?|[Dd]ottor(?:essa)?|[Aa]vv\.(?:ta)?|[Pp]rof\.(?:ssa)?|M(?:rs?|s|iss)\.?)\s+(\p{Lu}[\p{Ll}'’-]+)/gu;
const capitalisedRun = /(?<![\p{L}\p{N}'’.-])\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)?(?:\s+\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)?){1,3}(?![\p{L}\p{N}])/gu;

function bare(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, '');
}

/** Whether the text before `index` ends a sentence (or a line, a list marker, a heading, a quote). */
function atSentenceStart(text: string, index: number): boolean {
  const before = text.slice(0, index).replace(/[\s"“”«»(*_#>-]+$/u, '');
  if (before === '') return true;
  if (/(?:^|\n)\s*(?:[-*•]|\d{1,3}[.)])?\s*$/u.test(text.slice(0, index))) return true;
  if (!/[.!?:;…]$/u.test(before)) return false;
  // "art. 18", "n. 5", "D.Lgs. 286", "c.p." — an abbreviation's dot does not end the sentence.
  return !/(?:\b\p{L}{1,4}\.){1,3}$/u.test(before) || /(?:\b\p{L}{5,}\.)$/u.test(before);
}

function names(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(honorific)) {
    const word = m[1] ?? '';
    if (notNameWords.has(bare(word)) && !commonGivenNames.has(bare(word))) continue;
    out.push({ kind: 'person_name', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(capitalisedRun)) {
    const words = [...m[0].matchAll(/\S+/gu)].map((w) => ({ word: w[0], start: m.index + w.index }));
    // Keep the longest stretches of two or more words outside the list.
    let stretch: typeof words = [];
    const flush = () => {
      if (stretch.length >= 2) consider(stretch);
      stretch = [];
    };
    const consider = (ws: typeof words) => {
      const first = ws[0];
      const last = ws[ws.length - 1];
      if (!first || !last) return;
      if (atSentenceStart(text, first.start) && !commonGivenNames.has(bare(first.word))) {
        // At a sentence start the first word may be capitalised for grammar: look at the rest.
        if (ws.length >= 3) consider(ws.slice(1));
        return;
      }
      out.push({ kind: 'person_name', start: first.start, end: last.start + last.word.length });
    };
    for (const w of words) {
      const b = bare(w.word);
      if (notNameWords.has(b) && !commonGivenNames.has(b)) flush();
      else stretch.push(w);
    }
    flush();
  }
}

// --- the check -----------------------------------------------------------------------------------

/**
 * Everything in `text` that looks like personal data, ordered by position; overlapping findings
 * are merged into the first (the more specific kinds are looked for first).
 */
export function findPersonalData(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  emailsInto(text, found);
  records(text, found);
  ibans(text, found);
  fiscalCodes(text, found);
  birthDates(text, found);
  phones(text, found);
  documents(text, found);
  names(text, found);
  const kept: PiiFinding[] = [];
  for (const f of found) {
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

function emailsInto(text: string, out: PiiFinding[]): void {
  for (const m of text.matchAll(emailPattern)) out.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
}

/** The findings of several named fields at once (e.g. title and body), each with its field. */
export function checkPost<F extends string>(fields: Partial<Record<F, string | null | undefined>>): Array<PiiFinding & { field: F }> {
  const out: Array<PiiFinding & { field: F }> = [];
  for (const [field, value] of Object.entries(fields) as Array<[F, string | null | undefined]>) {
    if (!value) continue;
    for (const f of findPersonalData(value)) out.push({ ...f, field });
  }
  return out;
}
