/** Shapes of the hotline answers (docs/api.md, section Hotline) and label helpers of the hotline pages. */
import { callOutcomes, callUrgencies, callerTypes } from '../../../domain/hotline/index.ts';
import { canonicalLanguage, languageList, languageName } from '../../../domain/reference/languages.ts';
import type { Locale, MessageKey, Translate } from '../../i18n/index.tsx';
import type { Province } from '../../types.ts';

export interface OrgRef {
  id: string;
  code: string;
  name: string;
}

export interface CallListItem {
  id: string;
  code: string;
  receivedAt: string;
  durationSeconds: number | null;
  language: string;
  callerType: string;
  province: string;
  exploitationTypes: string[];
  urgency: string;
  anonymous: boolean;
  outcome: string;
  routing: { organisation: OrgRef | null; rule: string | null } | null;
  referralCode: string | null;
}

export interface CallDetail {
  id: string;
  code: string;
  view: 'hotline' | 'network';
  receivedAt: string;
  durationSeconds: number | null;
  language: string;
  callerType: string;
  province: string;
  municipality: string | null;
  exploitationTypes: string[];
  urgency: string;
  anonymous: boolean;
  caller: { name: string; phone?: string; bestTime?: string; contactAgreed: boolean } | null;
  summary: string | null;
  outcome: string;
  /** The person the call is about (coarse values; null: not recorded). */
  subjectSex: string | null;
  subjectAge: string | null;
  subjectNationality: string | null;
  operator: { id: string; displayName: string | null } | null;
  routing: { proposedOrganisation: OrgRef | null; organisation: OrgRef | null; rule: string | null; overrideReason: string | null } | null;
  referral: { id: string; code: string; status: string; answerDueAt: string } | null;
  version: number;
}

export interface RoutingProposal {
  province: string;
  at: string;
  orgId: string | null;
  rule: 'roster' | 'province' | 'fallback';
  candidates: Array<{ orgId: string; rule: string; code: string; name: string }>;
}

export interface Shift {
  id: string;
  organisation: OrgRef;
  allProvinces: boolean;
  provinces: string[];
  startsAt: string;
  endsAt: string;
  note: string | null;
  current: boolean;
  past: boolean;
}

export const callerTypeLabel = (key: string, locale: Locale): string => callerTypes.find((c) => c.key === key)?.name[locale] ?? key;
export const outcomeLabel = (key: string, locale: Locale): string => callOutcomes.find((c) => c.key === key)?.name[locale] ?? key;
export const urgencyLabel = (key: string, locale: Locale): string => callUrgencies.find((c) => c.key === key)?.name[locale] ?? key;
export const languageLabel = (code: string, locale: Locale): string => languageName({ code, locale }) ?? code;

export function ruleLabel(rule: string | null | undefined, t: Translate): string {
  if (rule === 'roster' || rule === 'province' || rule === 'fallback' || rule === 'override') return t(`hotline.rule.${rule}` as MessageKey);
  return '—';
}

export function provinceLabel(code: string, provinces: readonly Province[] | null, t: Translate): string {
  if (code === 'unknown') return t('hotline.provinceUnknown');
  if (code === 'abroad') return t('hotline.provinceAbroad');
  const p = provinces?.find((x) => x.code === code);
  return p ? `${p.name} (${p.abbreviation})` : code;
}

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();

/**
 * What the operator typed in the province box → a province code, `unknown`, `abroad`, or null:
 * the ISTAT code, the plate abbreviation, the name (accents and case ignored), the label shown in
 * the suggestions ("Torino (TO)"), or the words for unknown and abroad in either language.
 */
export function resolveProvince(text: string, provinces: readonly Province[] | null): string | null {
  const v = fold(text);
  if (!v) return null;
  if (['sconosciuta', 'unknown', 'non nota', 'n/d'].includes(v)) return 'unknown';
  if (['estero', 'abroad', 'all’estero', "all'estero"].includes(v)) return 'abroad';
  for (const p of provinces ?? []) {
    if (v === p.code || v === fold(p.abbreviation) || v === fold(p.name) || v === fold(`${p.name} (${p.abbreviation})`)) return p.code;
  }
  return null;
}

/** Languages for the call form: the ones the hotline hears most first, then every other one by name. */
const frequent = ['it', 'en', 'fr', 'pcm', 'edo', 'ro', 'ar', 'es', 'pt', 'uk', 'ru', 'zh', 'ti', 'sq', 'bn', 'ur'];
export function languageOptions(locale: Locale): Array<{ value: string; label: string }> {
  const first = frequent.map((c) => canonicalLanguage(c)).filter((c): c is NonNullable<typeof c> => !!c);
  const seen = new Set<string>(first);
  const rest = languageList.filter((l) => !seen.has(l.code)).map((l) => l.code).sort((a, b) => languageLabel(a, locale).localeCompare(languageLabel(b, locale), locale));
  return [...first, ...rest].map((c) => ({ value: c, label: languageLabel(c, locale) }));
}

/** A `datetime-local` value (local time, no zone) → ISO instant; empty → undefined. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** An ISO instant → a `datetime-local` value in the browser's time zone. */
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
