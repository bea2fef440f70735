/**
 * ISTAT provinces and equivalent bodies (metropolitan cities, free municipal consortia of Sicily,
 * autonomous provinces, the regional decentralisation bodies of Friuli-Venezia Giulia, Aosta):
 * the 107 territorial units used for statistics. `code` is the historical 3-digit ISTAT province
 * code, which is also the prefix of every ISTAT municipality code in that province. Pure data.
 */
import data from './data/provinces.json' with { type: 'json' };

export const provinceKinds = [
  'province',
  'metropolitan_city',
  'free_consortium',
  'autonomous_province',
  'regional_decentralisation_body',
  'autonomous_region',
] as const;
export type ProvinceKind = (typeof provinceKinds)[number];

export interface Province {
  /** Historical ISTAT province code, 3 digits (e.g. "058" Roma). */
  code: string;
  /** Car-plate abbreviation (e.g. "RM"). */
  abbreviation: string;
  name: string;
  /** ISTAT region code, 2 digits. */
  regionCode: string;
  regionName: string;
  kind: ProvinceKind;
}

export const provinces: readonly Province[] = data as Province[];

const byCode = new Map(provinces.map((p) => [p.code, p]));

export function isProvinceCode(code: string): boolean {
  return byCode.has(code);
}

export function findProvince(code: string): Province | undefined {
  return byCode.get(code);
}

export interface Region {
  code: string;
  name: string;
}

export const regions: readonly Region[] = [...new Map(provinces.map((p) => [p.regionCode, { code: p.regionCode, name: p.regionName }])).values()].sort(
  (a, b) => a.code.localeCompare(b.code),
);
