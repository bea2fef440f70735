/**
 * Countries (ISO 3166-1 alpha-2) grouped by region of the world, as the UN M49 standard groups
 * them at its first level (Africa, Americas, Asia, Europe, Oceania). Used to generalise
 * citizenship in the anonymised export. Kosovo (XK) with Europe; Antarctica and the uninhabited
 * territories (AQ, BV, GS, HM, TF, UM) as "Other". Pure.
 */

export const worldRegions = ['Africa', 'Americas', 'Asia', 'Europe', 'Oceania', 'Other'] as const;
export type WorldRegion = (typeof worldRegions)[number];

const members: Record<WorldRegion, string> = {
  Africa:
    'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW',
  Americas:
    'AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI',
  Asia:
    'AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE',
  Europe:
    'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK',
  Oceania: 'AS AU CC CK CX FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF WS',
  Other: 'AQ BV GS HM TF UM',
};

const byCountry: ReadonlyMap<string, WorldRegion> = new Map(
  worldRegions.flatMap((region) => members[region].split(' ').map((code) => [code, region] as const)),
);

/** The region of a country code; undefined for a code not listed. */
export function worldRegionOf(code: string): WorldRegion | undefined {
  return byCountry.get(code.toUpperCase());
}

export const worldRegionCountries: ReadonlyMap<string, WorldRegion> = byCountry;
