/**
 * The fictional demo network: a Region as lead body, implementing bodies, the agencies they work
 * with, one regional plan, and one account per built-in role. Names are invented (any likeness to
 * a real body is accidental); provinces are real ISTAT codes; e-mails use the reserved .invalid
 * domain so nothing can ever be sent to them.
 */
import type { BuiltinRoleKey } from '../../../domain/permissions.ts';
import type { OrganisationTypeKey } from '../../../domain/organisations.ts';
import type { ServiceCode } from '../../../domain/services.ts';

export const DEMO_EMAIL_DOMAIN = 'demo.ponte.invalid';

export interface DemoOrganisation {
  code: string;
  name: string;
  type: OrganisationTypeKey;
  provinces: string[];
  services: ServiceCode[];
  registerSection?: string;
  email?: string;
  phone?: string;
  address?: string;
}

/** Torino, Vercelli, Novara, Cuneo, Asti, Alessandria. */
const regionProvinces = ['001', '002', '003', '004', '005', '006'];

export const demoOrganisations: readonly DemoOrganisation[] = [
  {
    code: 'regione-demo', name: 'Regione Demo – Direzione Coesione sociale', type: 'region', provinces: regionProvinces,
    services: ['staff_training', 'awareness'], email: `antitratta@${DEMO_EMAIL_DOMAIN}`, address: 'Piazza della Regione 1, Torino',
  },
  {
    code: 'coop-il-faro', name: 'Cooperativa Sociale Il Faro', type: 'ngo', provinces: ['001'], registerSection: 'II',
    services: ['outreach', 'indoor_outreach', 'drop_in', 'identification', 'first_assistance', 'shelter', 'residential'],
    email: `info@coop-il-faro.${DEMO_EMAIL_DOMAIN}`,
  },
  {
    code: 'assoc-strade-nuove', name: 'Associazione Strade Nuove', type: 'ngo', provinces: ['004'], registerSection: 'II',
    services: ['outreach', 'desk', 'legal', 'cultural_mediation', 'territorial_care'],
  },
  {
    code: 'coop-la-rondine', name: 'Cooperativa La Rondine', type: 'ngo', provinces: ['005'], registerSection: 'II',
    services: ['semi_autonomy', 'housing', 'internship', 'job_placement', 'vocational_training'],
  },
  {
    code: 'assoc-terra-comune', name: 'Associazione Terra Comune', type: 'ngo', provinces: ['002', '003'], registerSection: 'II',
    services: ['psychological', 'cultural_mediation', 'language_course', 'education', 'voluntary_return'],
  },
  {
    code: 'comune-borgo-demo', name: 'Comune di Borgo Demo – Servizi sociali', type: 'municipality', provinces: ['006'], registerSection: 'II',
    services: ['first_assistance', 'territorial_care', 'economic_support', 'housing'],
  },
  {
    code: 'consorzio-valle-demo', name: 'Consorzio Intercomunale dei Servizi Sociali Valle Demo', type: 'municipality', provinces: ['004'], registerSection: 'II',
    services: ['identification', 'territorial_care', 'health'],
  },
  { code: 'numero-verde-demo', name: 'Numero Verde Antitratta – postazione demo', type: 'hotline', provinces: [], services: ['hotline'] },
  { code: 'commissione-demo', name: 'Commissione Territoriale Demo per il riconoscimento della protezione internazionale', type: 'asylum_commission', provinces: ['001', '002', '003'], services: [] },
  { code: 'questura-demo', name: 'Questura di Borgo Demo – Ufficio Immigrazione', type: 'police_immigration_office', provinces: ['001'], services: [] },
  { code: 'procura-demo', name: 'Procura della Repubblica presso il Tribunale di Borgo Demo', type: 'prosecutor', provinces: ['001'], services: [] },
  { code: 'asl-demo', name: 'Azienda Sanitaria Locale Demo 1', type: 'health_authority', provinces: ['001'], services: ['health', 'psychological'] },
  { code: 'cas-demo', name: 'Centro di Accoglienza Straordinaria Demo', type: 'reception_centre', provinces: ['006'], services: ['residential', 'language_course'] },
];

export const demoProject = {
  code: 'piano-antitratta-demo-5',
  name: 'Piano antitratta Regione Demo – Dall’emersione all’autonomia',
  edition: '5',
  periodStart: '2024-10-01',
  periodEnd: '2026-02-28',
  funder: 'Presidenza del Consiglio dei Ministri – Dipartimento per le Pari Opportunità (DPO)',
  budgetTotal: '1700256.47',
  leadOrganisationCode: 'regione-demo',
  description:
    'Programma unico di emersione, assistenza e integrazione sociale (art. 18 D.lgs. 286/1998): unità di strada e drop-in, ' +
    'sportelli presso la Commissione Territoriale, pronta accoglienza, accoglienza residenziale e in semi-autonomia, ' +
    'inclusione sociale e lavorativa, raccordo con il Numero Verde. Dati di dimostrazione.',
  partners: [
    { organisationCode: 'coop-il-faro', provinces: ['001'] },
    { organisationCode: 'assoc-strade-nuove', provinces: ['004'] },
    { organisationCode: 'coop-la-rondine', provinces: ['005'] },
    { organisationCode: 'assoc-terra-comune', provinces: ['002', '003'] },
    { organisationCode: 'comune-borgo-demo', provinces: ['006'] },
    { organisationCode: 'consorzio-valle-demo', provinces: ['004'] },
  ],
  budgetLines: [
    { code: 'A', label: 'Personale (operatori, mediatori, coordinamento)', amount: '850000.00' },
    { code: 'B', label: 'Accoglienza residenziale e in semi-autonomia', amount: '520000.00' },
    { code: 'C', label: 'Sostegno economico alle persone accolte', amount: '130256.47' },
    { code: 'D', label: 'Formazione, tirocini e inserimento lavorativo', amount: '150000.00' },
    { code: 'E', label: 'Monitoraggio, formazione degli operatori e sensibilizzazione', amount: '50000.00' },
  ],
  complementary: [
    { name: 'Percorsi di inclusione Demo', funder: 'FAMI 2021-2027', notes: 'Orientamento e inserimento lavorativo dei titolari di protezione.' },
    { name: 'Inclusione attiva Demo', funder: 'FSE+ regionale', notes: 'Borse lavoro e tirocini per le persone in uscita dall’accoglienza.' },
  ],
} as const;

export interface DemoAccount {
  email: string;
  displayName: string;
  roleKey: BuiltinRoleKey;
  organisationCode: string;
}

const account = (local: string, displayName: string, roleKey: BuiltinRoleKey, organisationCode: string): DemoAccount => ({
  email: `${local}@${DEMO_EMAIL_DOMAIN}`,
  displayName,
  roleKey,
  organisationCode,
});

/** One account per built-in role. */
export const demoAccounts: readonly DemoAccount[] = [
  account('amministratore', 'Elena Demo (amministratrice)', 'system_admin', 'regione-demo'),
  account('coordinatrice', 'Chiara Demo (coordinatrice)', 'coordinator', 'regione-demo'),
  account('operatrice', 'Sara Demo (presa in carico)', 'case_worker', 'coop-il-faro'),
  account('unita-di-strada', 'Luca Demo (unità di strada)', 'outreach_worker', 'coop-il-faro'),
  account('sportello', 'Amina Demo (sportello)', 'desk_worker', 'assoc-strade-nuove'),
  account('numero-verde', 'Paolo Demo (Numero Verde)', 'hotline_operator', 'numero-verde-demo'),
  account('mediatrice', 'Grace Demo (mediatrice)', 'specialist', 'assoc-terra-comune'),
  account('struttura', 'Franca Demo (struttura)', 'shelter_coordinator', 'coop-la-rondine'),
  account('commissione', 'Marco Demo (Commissione Territoriale)', 'agency_liaison', 'commissione-demo'),
  account('osservatorio', 'Irene Demo (osservatorio)', 'observatory_analyst', 'regione-demo'),
  account('formazione', 'Davide Demo (formazione)', 'trainer', 'regione-demo'),
];
