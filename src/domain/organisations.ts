/**
 * Organisation types: the HTCDS v2.0 `org_Type` values (IOM Human Trafficking Case Data Standard)
 * extended with the Italian agencies an anti-trafficking network works with. Keys are stable
 * (stored in organisations.org_type); labels are shown in Italian and English. `htcds` is the
 * HTCDS value the type is exported as: its own value for the standard types, the closest one for
 * the extensions (HTCDS allows custom values; exports may also carry the key). Pure data.
 */

export interface OrganisationType {
  key: string;
  name: { it: string; en: string };
  /** The HTCDS org_Type value this type maps to in exports. */
  htcds: HtcdsOrgType;
  /** True for the values taken from HTCDS itself. */
  standard: boolean;
}

export const htcdsOrgTypes = [
  'NGO',
  'LawEnforcement',
  'HealthServiceOrganisation',
  'CentralGovernmentOrganisation',
  'LocalGovernmentOrganisation',
  'ImmigrationService',
  'LegalService',
  'CorporateBusiness',
  'SchoolOrCollege',
] as const;
export type HtcdsOrgType = (typeof htcdsOrgTypes)[number];

export const organisationTypes = [
  // HTCDS org_Type values
  { key: 'ngo', name: { it: 'Organizzazione non governativa / terzo settore', en: 'NGO' }, htcds: 'NGO', standard: true },
  { key: 'law_enforcement', name: { it: 'Forze dell’ordine', en: 'Law enforcement' }, htcds: 'LawEnforcement', standard: true },
  { key: 'health_service_organisation', name: { it: 'Servizio sanitario', en: 'Health service organisation' }, htcds: 'HealthServiceOrganisation', standard: true },
  { key: 'central_government_organisation', name: { it: 'Amministrazione centrale dello Stato', en: 'Central government organisation' }, htcds: 'CentralGovernmentOrganisation', standard: true },
  { key: 'local_government_organisation', name: { it: 'Ente locale', en: 'Local government organisation' }, htcds: 'LocalGovernmentOrganisation', standard: true },
  { key: 'immigration_service', name: { it: 'Servizio per l’immigrazione', en: 'Immigration service' }, htcds: 'ImmigrationService', standard: true },
  { key: 'legal_service', name: { it: 'Servizio legale', en: 'Legal service' }, htcds: 'LegalService', standard: true },
  { key: 'corporate_business', name: { it: 'Impresa', en: 'Corporate business' }, htcds: 'CorporateBusiness', standard: true },
  { key: 'school_or_college', name: { it: 'Scuola o università', en: 'School or college' }, htcds: 'SchoolOrCollege', standard: true },
  // Italian agencies
  { key: 'reception_centre', name: { it: 'Centro di accoglienza (CAS/SAI)', en: 'Reception centre' }, htcds: 'NGO', standard: false },
  { key: 'court', name: { it: 'Tribunale', en: 'Court' }, htcds: 'LegalService', standard: false },
  { key: 'juvenile_court', name: { it: 'Tribunale per i minorenni', en: 'Juvenile court' }, htcds: 'LegalService', standard: false },
  { key: 'prosecutor', name: { it: 'Procura della Repubblica', en: 'Prosecutor’s office' }, htcds: 'LawEnforcement', standard: false },
  { key: 'police_immigration_office', name: { it: 'Questura – Ufficio immigrazione', en: 'Police immigration office (Questura)' }, htcds: 'ImmigrationService', standard: false },
  { key: 'prefecture', name: { it: 'Prefettura – Ufficio territoriale del Governo', en: 'Prefecture' }, htcds: 'CentralGovernmentOrganisation', standard: false },
  { key: 'labour_inspectorate', name: { it: 'Ispettorato del lavoro', en: 'Labour inspectorate' }, htcds: 'LawEnforcement', standard: false },
  { key: 'asylum_commission', name: { it: 'Commissione territoriale per il riconoscimento della protezione internazionale', en: 'Territorial asylum commission' }, htcds: 'ImmigrationService', standard: false },
  { key: 'hotline', name: { it: 'Numero Verde antitratta', en: 'Anti-trafficking hotline' }, htcds: 'CentralGovernmentOrganisation', standard: false },
  { key: 'region', name: { it: 'Regione', en: 'Region' }, htcds: 'LocalGovernmentOrganisation', standard: false },
  { key: 'municipality', name: { it: 'Comune / servizi sociali comunali', en: 'Municipality / municipal social services' }, htcds: 'LocalGovernmentOrganisation', standard: false },
  { key: 'health_authority', name: { it: 'Azienda sanitaria (ASL) o ospedaliera', en: 'Health authority or hospital' }, htcds: 'HealthServiceOrganisation', standard: false },
] as const satisfies readonly OrganisationType[];

export type OrganisationTypeKey = (typeof organisationTypes)[number]['key'];

export const organisationTypeKeys = organisationTypes.map((t) => t.key) as [OrganisationTypeKey, ...OrganisationTypeKey[]];

export function isOrganisationType(value: string): value is OrganisationTypeKey {
  return (organisationTypeKeys as readonly string[]).includes(value);
}
