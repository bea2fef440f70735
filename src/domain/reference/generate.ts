/**
 * Regenerates countries-data.ts and languages-data.ts in this folder from the CLDR names built
 * into Node's Intl (full ICU), plus the hand-kept choices below:
 *   npx tsx src/domain/reference/generate.ts
 * A development script (it writes files); the modules it produces are static data, checked by hand
 * and by reference.test.ts. Re-running it on a newer Node may change names: review the diff.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const letters = 'abcdefghijklmnopqrstuvwxyz';

// ---------------------------------------------------------------------------------------------
// Countries: ISO 3166-1 alpha-2. CLDR also names withdrawn codes (DD, SU, YU…), exceptional
// reservations (AC, CP, DG, EA, IC, TA, UK, FX), groupings (EU, EZ, UN, QO) and test codes (XA,
// XB, ZZ): all left out. XK (Kosovo) is a user-assigned code, not ISO, but kept on purpose: Kosovo
// issues passports, and the EU, IOM and UNHCR use XK for it.
const notCountries = new Set([
  'AC', 'AN', 'BU', 'CP', 'CQ', 'CS', 'DD', 'DG', 'DY', 'EA', 'EU', 'EZ', 'FX', 'HV', 'IC', 'NH', 'QO', 'RH', 'SU', 'TA', 'TP', 'UK', 'UN', 'VD',
  'XA', 'XB', 'YD', 'YU', 'ZR', 'ZZ',
]);
/** Clearer names than CLDR's short forms, where the short form is ambiguous in a form. */
const countryNames: Record<string, { it: string; en: string }> = {
  CD: { it: 'Congo (Repubblica Democratica)', en: 'Congo (Democratic Republic)' },
  CG: { it: 'Congo (Repubblica)', en: 'Congo (Republic)' },
  HK: { it: 'Hong Kong', en: 'Hong Kong' },
  MO: { it: 'Macao', en: 'Macao' },
  PS: { it: 'Palestina', en: 'Palestine' },
  XK: { it: 'Kosovo', en: 'Kosovo' },
};

function countries(): Array<{ code: string; it: string; en: string }> {
  const it = new Intl.DisplayNames(['it'], { type: 'region', fallback: 'none' });
  const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const out: Array<{ code: string; it: string; en: string }> = [];
  for (const a of letters.toUpperCase()) {
    for (const b of letters.toUpperCase()) {
      const code = a + b;
      if (notCountries.has(code)) continue;
      const nameEn = en.of(code);
      const nameIt = it.of(code);
      if (!nameEn || !nameIt || nameEn === code) continue;
      out.push({ code, ...(countryNames[code] ?? { it: nameIt, en: nameEn.replace(/ & /g, ' and ') }) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Languages: ISO 639-1, without the withdrawn codes CLDR still names (in, iw, ji, jw, mo, sh,
// bh), plus ISO 639-2/3 codes of languages spoken by many of the people met by Italian
// anti-trafficking projects that have no two-letter code. Three-letter codes of languages that do
// have one (tir, amh, eng…) are accepted and stored as the two-letter code.
const withdrawnLanguages = new Set(['in', 'iw', 'ji', 'jw', 'mo', 'sh', 'bh']);
const languageNames: Record<string, { it: string; en: string }> = {
  bn: { it: 'bengalese', en: 'Bengali' },
  tl: { it: 'tagalog', en: 'Tagalog' },
  tw: { it: 'twi', en: 'Twi' },
  ff: { it: 'fula (fulfulde, pulaar)', en: 'Fula (Fulfulde, Pulaar)' },
};
/** Three-letter codes without a two-letter one; names for those CLDR does not know. */
const extraLanguages: Record<string, { it: string; en: string } | null> = {
  // Nigeria
  edo: { it: 'edo (bini)', en: 'Edo (Bini)' },
  pcm: null,
  efi: null,
  ibb: null,
  ish: { it: 'esan', en: 'Esan' },
  urh: { it: 'urhobo', en: 'Urhobo' },
  ijo: { it: 'ijaw', en: 'Ijaw' },
  // Horn of Africa
  tig: null,
  // West Africa
  kri: { it: 'krio', en: 'Krio' },
  men: null,
  mnk: { it: 'mandinka', en: 'Mandinka' },
  snk: null,
  dyu: null,
  sus: null,
  mos: null,
  gaa: null,
  // North Africa
  ary: null,
  arq: null,
  aeb: null,
  arz: null,
  apd: { it: 'arabo sudanese', en: 'Sudanese Arabic' },
  kab: null,
  tzm: null,
  shi: null,
  rif: null,
  // South Asia
  prs: null,
  skr: { it: 'saraiki', en: 'Saraiki' },
  syl: { it: 'sylheti', en: 'Sylheti' },
  // China, Philippines
  yue: null,
  wuu: { it: 'wu (wenzhou, qingtian)', en: 'Wu Chinese (Wenzhou, Qingtian)' },
  fil: null,
  // others
  ckb: null,
  rom: null,
};
/** CLDR maps these three-letter codes elsewhere than ISO does (twi is Twi, tgl is Tagalog). */
const aliasOverrides: Record<string, string> = { twi: 'tw', tgl: 'tl' };

function languages(): { list: Array<{ code: string; it: string; en: string }>; aliases: Record<string, string> } {
  const it = new Intl.DisplayNames(['it'], { type: 'language', fallback: 'none' });
  const en = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  const list: Array<{ code: string; it: string; en: string }> = [];
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      if (withdrawnLanguages.has(code)) continue;
      const nameEn = en.of(code);
      const nameIt = it.of(code);
      if (!nameEn || !nameIt || nameEn === code) continue;
      list.push({ code, ...(languageNames[code] ?? { it: nameIt, en: nameEn }) });
    }
  }
  const two = new Set(list.map((l) => l.code));
  for (const [code, names] of Object.entries(extraLanguages)) {
    const nameEn = en.of(code);
    const nameIt = it.of(code);
    const resolved = names ?? (nameEn && nameIt && nameEn !== code ? { it: nameIt, en: nameEn } : undefined);
    if (!resolved) throw new Error(`no name for ${code}: add it by hand`);
    list.push({ code, ...resolved });
  }
  const aliases: Record<string, string> = {};
  for (const a of letters) {
    for (const b of letters) {
      for (const c of letters) {
        const code = a + b + c;
        if (code in extraLanguages) continue;
        const canonical = aliasOverrides[code] ?? Intl.getCanonicalLocales(code)[0];
        if (canonical && canonical !== code && two.has(canonical)) aliases[code] = canonical;
      }
    }
  }
  for (const [code, target] of Object.entries(aliasOverrides)) aliases[code] = target;
  list.sort((x, y) => x.code.localeCompare(y.code));
  return { list, aliases };
}

const header = (what: string) =>
  `/**\n * ${what}\n * Generated by src/domain/reference/generate.ts from CLDR names (Node Intl) and the hand-kept\n * choices in that script. Do not edit by hand: edit the script and run it again.\n */\n`;

const lines = (items: Array<{ code: string; it: string; en: string }>) =>
  items.map((x) => `  { code: ${JSON.stringify(x.code)}, name: { it: ${JSON.stringify(x.it)}, en: ${JSON.stringify(x.en)} } },`).join('\n');

const c = countries();
writeFileSync(
  fileURLToPath(new URL('./countries-data.ts', import.meta.url)),
  `${header('ISO 3166-1 alpha-2 country codes with Italian and English names (XK kept on purpose).')}export const countryList = [\n${lines(c)}\n] as const;\n`,
);
const l = languages();
const aliasText = Object.entries(l.aliases)
  .sort(([x], [y]) => x.localeCompare(y))
  .map(([k, v]) => `${k}: '${v}'`)
  .join(', ');
writeFileSync(
  fileURLToPath(new URL('./languages-data.ts', import.meta.url)),
  `${header('ISO 639-1 language codes and selected ISO 639-2/3 codes, with Italian and English names.')}export const languageList = [\n${lines(l.list)}\n] as const;\n\n/** ISO 639-2/3 codes of languages that have an ISO 639-1 code → that code. */\nexport const languageAliases: Readonly<Record<string, string>> = {\n  ${aliasText.replace(/(.{1,96})(, |$)/g, '$1,\n  ').trimEnd()}\n};\n`,
);
console.log(`${c.length} countries, ${l.list.length} languages, ${Object.keys(l.aliases).length} aliases`);
