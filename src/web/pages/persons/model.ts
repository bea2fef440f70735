/**
 * Shapes of the persons and duplicates answers (docs/api.md, sections Persons and Duplicates and
 * merges) and the small helpers the person pages share: birth as text, country and language names
 * from the browser's Intl data, duplicate reasons in words.
 */
import type { BirthInfo } from '../../../domain/cases/age.ts';
import type { PersonNameInput } from '../../../domain/persons/schema.ts';
import { countryList, countryName as countryNameOf } from '../../../domain/reference/countries.ts';
import { languageList, languageName as languageNameOf } from '../../../domain/reference/languages.ts';
import type { Locale, Translate } from '../../i18n/index.tsx';

export type PersonName = PersonNameInput;

export interface PersonCaseSummary {
  id: string;
  code: string;
  phase: string;
  status: string;
  organisationName?: string | null;
  organisation?: { name: string } | null;
}

export interface PersonDetail {
  id: string;
  code: string;
  organisation: { id: string; code: string; name: string } | null;
  names: PersonName[];
  birth?: BirthInfo | null;
  minor?: { status?: string; isMinor?: string } | string | null;
  sex?: string | null;
  citizenships?: string[];
  languages?: string[];
  documents?: Array<{ type: string; number: string; country?: string; expiresOn?: string }>;
  phones?: string[];
  vulnerabilities?: string[];
  children?: Array<{ birthYear?: number; sex?: string; withPerson: boolean }>;
  notes?: string | null;
  externalRef?: string | null;
  mergedInto?: { id: string; code: string } | null;
  cases?: PersonCaseSummary[];
  createdAt?: string;
  updatedAt?: string;
  version: number;
}

/** A birth as lists give it: a year, a range of years or dates, or nothing (pseudonymous lists). */
export interface ListBirth {
  /** duplicate candidates: the range of possible birth years */
  birthYears?: { from: number; to: number } | null;
  birthYear?: number | { year: number } | { fromYear: number; toYear: number } | null;
  birthYearFrom?: number | null;
  birthYearTo?: number | null;
  birth?: { year?: number; from?: string | number; to?: string | number } | null;
  birthRange?: { from: string | number; to: string | number } | null;
}

export interface PersonListItem extends ListBirth {
  id: string;
  code: string;
  displayName: string | null;
  sex?: string | null;
  citizenships?: string[];
  openCases?: number;
  score?: number;
}

export interface DuplicateReason {
  code: string;
  value?: number;
}

export interface DuplicateCandidate {
  score: number;
  decision: 'match' | 'possible';
  reasons: DuplicateReason[];
  person: PersonListItem;
}

export interface HeldElsewhere {
  heldBy: { organisationId: string; organisationName: string };
  strength: 'match' | 'possible';
}

export interface DuplicateAnswer {
  candidates: DuplicateCandidate[];
  elsewhere: HeldElsewhere[];
}

/** Accepts the documented answer and the obvious variants of its two lists' names. */
export function normaliseDuplicates(raw: unknown): DuplicateAnswer {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    for (const k of keys) if (Array.isArray(o[k])) return o[k] as unknown[];
    return [];
  };
  return {
    candidates: pick('candidates', 'visible', 'matches') as DuplicateCandidate[],
    elsewhere: pick('elsewhere', 'heldElsewhere', 'otherOrganisations', 'notVisible', 'hidden') as HeldElsewhere[],
  };
}

export function primaryName(names: readonly PersonName[]): string {
  const n = names.find((x) => x.kind === 'primary') ?? names[0];
  return n ? nameText(n) : '';
}

export function nameText(n: PersonName): string {
  if (n.full) return n.full;
  return [n.given, n.family].filter(Boolean).join(' ');
}

export function birthText(birth: BirthInfo | null | undefined, formatDate: (iso: string) => string, t: Translate): string {
  if (!birth) return t('person.birthUnknown');
  if ('birthDate' in birth) return formatDate(birth.birthDate);
  if ('estimatedYear' in birth) return t('person.birthAbout', { year: birth.estimatedYear });
  return t('person.birthBetween', { from: formatDate(birth.estimatedFrom), to: formatDate(birth.estimatedTo) });
}

const yearOf = (v: string | number | undefined | null) => (v === undefined || v === null ? null : typeof v === 'number' ? v : Number(v.slice(0, 4)));

/** The birth year (or years) of a list item; an em dash when the list does not give it. */
export function listBirthText(item: ListBirth): string {
  if (item.birthYears) return item.birthYears.from === item.birthYears.to ? String(item.birthYears.from) : `${item.birthYears.from}–${item.birthYears.to}`;
  const by = item.birthYear;
  if (typeof by === 'number') return String(by);
  if (by && 'year' in by) return String(by.year);
  if (by && 'fromYear' in by) return by.fromYear === by.toYear ? String(by.fromYear) : `${by.fromYear}–${by.toYear}`;
  if (typeof item.birthYearFrom === 'number' && typeof item.birthYearTo === 'number') {
    return item.birthYearFrom === item.birthYearTo ? String(item.birthYearFrom) : `${item.birthYearFrom}–${item.birthYearTo}`;
  }
  const range = item.birthRange ?? (item.birth && item.birth.from !== undefined ? { from: item.birth.from, to: item.birth.to ?? item.birth.from } : null);
  if (range) {
    const a = yearOf(range.from);
    const b = yearOf(range.to);
    return a === b ? String(a) : `${a}–${b}`;
  }
  if (item.birth?.year) return String(item.birth.year);
  return '—';
}

export function countryName(code: string, locale: Locale): string {
  return countryNameOf({ code, locale }) ?? code;
}

export function languageName(code: string, locale: Locale): string {
  return languageNameOf({ code, locale }) ?? code;
}

/** Country options (ISO 3166-1 alpha-2, the shared reference list) sorted by name in the user's language. */
export function countryOptions(locale: Locale): Array<{ value: string; label: string }> {
  return countryList.map((c) => ({ value: c.code, label: c.name[locale] })).sort((x, y) => x.label.localeCompare(y.label, locale));
}

/** Language options (ISO 639, the shared reference list) sorted by name, with the code shown. */
export function languageOptions(locale: Locale): Array<{ value: string; label: string }> {
  return languageList.map((l) => ({ value: l.code, label: `${l.name[locale]} (${l.code})` })).sort((x, y) => x.label.localeCompare(y.label, locale));
}

/** A duplicate-check reason in words (name similarity as a percentage). */
export function reasonText(r: DuplicateReason, t: Translate): string {
  switch (r.code) {
    case 'name_similarity':
      return t('dup.reason.name_similarity', { pct: Math.round((r.value ?? 0) * 100) });
    case 'name_frequency':
      return t('dup.reason.name_frequency', { count: r.value ?? 0 });
    case 'competing_candidates':
      return t('dup.reason.competing_candidates', { count: r.value ?? 0 });
    default: {
      const key = `dup.reason.${r.code}`;
      const text = t(key as Parameters<Translate>[0]);
      return text === key || text === undefined ? r.code : text;
    }
  }
}
