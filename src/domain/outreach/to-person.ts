/**
 * What an outreach contact tells the registration of a person, when the person agrees to be
 * registered: the nickname as an alias, the apparent sex/gender as the HTCDS value, the age band
 * as an estimated birth range, and the nationality group as a citizenship where the group is one
 * country. Everything is a first guess for the worker to check with the person; the bands that
 * say nothing precise (45 and over, unknown) and the groups of several countries give nothing.
 */
import { addYears } from '../cases/age.ts';
import type { AgeBand, NationalityGroup, SexGender } from './lists.ts';

export interface PersonDraft {
  alias: string | null;
  /** HTCDS prs_Gender value. */
  sex: string | null;
  birthRange: { estimatedFrom: string; estimatedTo: string } | null;
  /** ISO 3166-1 alpha-2 code. */
  citizenship: string | null;
}

const sexes: Record<SexGender, string | null> = {
  female: 'Feminine',
  male: 'Masculine',
  // "transgender" on the street does not say which way: the worker chooses with the person.
  transgender: null,
  other_unknown: 'NonSpecifiedUnknown',
};

/** Apparent ages (youngest, oldest) of each band; under 18 starts at 12 so the person reads as a possible minor. */
const ages: Record<AgeBand, [number, number] | null> = {
  under_18: [12, 17],
  '18_24': [18, 24],
  '25_34': [25, 34],
  '35_44': [35, 44],
  '45_plus': null,
  unknown: null,
};

const countries: Record<NationalityGroup, string | null> = {
  nigeria: 'NG',
  romania: 'RO',
  albania: 'AL',
  china: 'CN',
  other_africa: null,
  other_europe: null,
  latin_america: null,
  other_unknown: null,
};

/** The birth range of someone whose age lies between `youngest` and `oldest` on `today`. */
export function birthRangeOfAges(options: { youngest: number; oldest: number; today: string }): { estimatedFrom: string; estimatedTo: string } {
  const from = addYears({ date: options.today, years: -(options.oldest + 1) });
  const d = new Date(`${from}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return { estimatedFrom: d.toISOString().slice(0, 10), estimatedTo: addYears({ date: options.today, years: -options.youngest }) };
}

export function personDraftFromContact(options: {
  contact: { nickname: string | null; sexGender: SexGender; ageBand: AgeBand; nationalityGroup: NationalityGroup };
  today: string;
}): PersonDraft {
  const { contact, today } = options;
  const band = ages[contact.ageBand];
  return {
    alias: contact.nickname?.trim() || null,
    sex: sexes[contact.sexGender],
    birthRange: band ? birthRangeOfAges({ youngest: band[0], oldest: band[1], today }) : null,
    citizenship: countries[contact.nationalityGroup],
  };
}
