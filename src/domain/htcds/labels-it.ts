/**
 * Italian labels for the HTCDS lists that Ponte shows to users. Written for Ponte (they are not
 * part of HTCDS); the values themselves are HTCDS v2.0 (IOM, CC BY 4.0, see attribution.ts).
 * Every list here must translate every value of its field: the type below enforces it.
 */
import type { htcdsValues } from './values.ts';

type Field = keyof typeof htcdsValues;
type ValueOf<F extends Field> = (typeof htcdsValues)[F][number]['value'];
type ItalianLabels = { [F in Field]?: Record<ValueOf<F>, string> };

export const htcdsItalianLabels = {
  org_Type: {
    NGO: 'Organizzazione non governativa (ONG)',
    LawEnforcement: 'Forze dell’ordine',
    HealthServiceOrganisation: 'Servizio sanitario',
    CentralGovernmentOrganisation: 'Amministrazione centrale dello Stato',
    LocalGovernmentOrganisation: 'Ente locale',
    ImmigrationService: 'Servizio per l’immigrazione',
    LegalService: 'Servizio legale',
    CorporateBusiness: 'Impresa',
    SchoolOrCollege: 'Scuola o università',
  },
  prs_Gender: {
    Feminine: 'Femminile',
    Masculine: 'Maschile',
    TransgenderFeminine: 'Donna transgender',
    TransgenderMasculine: 'Uomo transgender',
    NonConforming: 'Di genere non conforme',
    NonSpecifiedUnknown: 'Non specificato / non noto',
  },
  vic_TraffickingStatus: {
    PossibleVictimOfTrafficking: 'Possibile vittima di tratta',
    ActualVictimOfTrafficking: 'Vittima di tratta accertata',
    NotAVictimOfTrafficking: 'Non vittima di tratta',
  },
  vic_TraffickingStatusDecisionMakingOrg: {
    Police: 'Forze di polizia',
    NGO: 'Organizzazione non governativa (ONG)',
    CourtOrProsecution: 'Autorità giudiziaria o Procura',
    NonPoliceGovernmentalOrganization: 'Ente pubblico diverso dalla polizia',
    Other: 'Altro',
  },
  vic_RelationshipToTrafficker: {
    Familial: 'Familiare',
    Acquainted: 'Conoscente',
    Unaquainted: 'Nessun rapporto precedente', // value name spelled as in HTCDS
  },
  vic_MethodOfRecruitment: {
    AtAPlaceOfBusiness: 'Presso un esercizio commerciale',
    AtAnEducationalInstitution: 'Presso un istituto di istruzione',
    AtWork: 'Sul luogo di lavoro',
    ThroughOnlineSocialNetworks: 'Tramite social network',
    ThroughAnOnlineAdvertisement: 'Tramite un annuncio online',
    ThroughATelevisionAdvert: 'Tramite una pubblicità televisiva',
    ThroughANewspaperAdvert: 'Tramite un annuncio sul giornale',
    ThroughFamilyOrFamilyEvents: 'Tramite la famiglia o occasioni familiari',
    ThroughFriendsOrSocialEvents: 'Tramite amici o occasioni sociali',
    Other: 'Altro',
  },
  vic_MethodsOfControl: {
    PhysicalThreats: 'Minacce di violenza fisica',
    ThreatsLawEnforcement: 'Minacce di denuncia alle autorità',
    ThreatensChildrenFamily: 'Minacce ai figli o alla famiglia',
    DebtBondage: 'Servitù per debiti',
    FalsePromises: 'False promesse',
    PhysicalAbuse: 'Violenza fisica',
    SexualAbuse: 'Violenza sessuale',
    TakesEarnings: 'Sottrazione dei guadagni',
    RestrictsFinancialAccess: 'Limitazione dell’accesso al denaro',
    RestrictsMedicalCare: 'Limitazione dell’accesso alle cure mediche',
    WithholdsNecessities: 'Privazione dei beni di prima necessità',
    PsychologicalAbuse: 'Violenza psicologica',
    PsychoactiveSubstance: 'Somministrazione di sostanze psicoattive',
    ExcessiveWorkingHours: 'Orari di lavoro eccessivi',
    WithholdsDocuments: 'Trattenimento dei documenti',
    Other: 'Altro',
  },
  vic_TypeOfExploitation: {
    ForcedLabour: 'Lavoro forzato',
    SexualExploitation: 'Sfruttamento sessuale',
    ChildLabour: 'Lavoro minorile',
    ForcedMarriage: 'Matrimonio forzato',
    Servitude: 'Servitù',
    ForcedMilitaryByNonStateActors: 'Arruolamento forzato (da parte di attori non statali)',
    OrganRemoval: 'Prelievo di organi',
    ForcedBegging: 'Accattonaggio forzato',
    ForcedAdoption: 'Adozione forzata',
    Surrogacy: 'Maternità surrogata',
    Other: 'Altro',
  },
  // ISIC rev. 4 sections, with the names of the matching ATECO 2007 sections used in Italy.
  vic_ForcedLabourIndustry: {
    A_AgricultureForestryAndFishing: 'Agricoltura, silvicoltura e pesca',
    B_MiningAndQuarrying: 'Estrazione di minerali da cave e miniere',
    C_Manufacturing: 'Attività manifatturiere',
    D_ElectricityGasSteamAndAirConditioningSupply: 'Fornitura di energia elettrica, gas, vapore e aria condizionata',
    E_WaterSupplySewerageWasteManagement: 'Fornitura di acqua; reti fognarie, gestione dei rifiuti e risanamento',
    F_Construction: 'Costruzioni',
    G_WholesaleAndRetailTradeRepairOfMotorVehicles: 'Commercio all’ingrosso e al dettaglio; riparazione di autoveicoli e motocicli',
    H_TransportationAndStorage: 'Trasporto e magazzinaggio',
    I_AccommodationAndFoodServiceActivities: 'Attività dei servizi di alloggio e di ristorazione',
    J_InformationAndCommunication: 'Servizi di informazione e comunicazione',
    K_FinancialAndInsuranceActivities: 'Attività finanziarie e assicurative',
    L_RealEstateActivities: 'Attività immobiliari',
    M_ProfessionalScientificAndTechnicalActivities: 'Attività professionali, scientifiche e tecniche',
    N_AdministrativeAndSupportServiceActivities: 'Noleggio, agenzie di viaggio, servizi di supporto alle imprese',
    O_PublicAdministrationAndDefence: 'Amministrazione pubblica e difesa; assicurazione sociale obbligatoria',
    P_Education: 'Istruzione',
    Q_HumanHealthAndSocialWorkActivities: 'Sanità e assistenza sociale',
    R_ArtsEntertainmentAndRecreation: 'Attività artistiche, sportive, di intrattenimento e divertimento',
    S_OtherServiceActivities: 'Altre attività di servizi',
    T_ActivitiesOfHouseholdsAsEmployers:
      'Attività di famiglie e convivenze come datori di lavoro per personale domestico; produzione di beni e servizi indifferenziati per uso proprio',
    U_ActivitiesOfExtraterritorialOrganizations: 'Organizzazioni e organismi extraterritoriali',
  },
  vic_TypeOfSexExploitation: {
    Prostitution: 'Prostituzione',
    Pornography: 'Pornografia',
    RemoteInteractiveServices: 'Servizi interattivi a distanza',
    PrivateSexualServices: 'Prestazioni sessuali private',
  },
  cas_Status: {
    Active: 'Attivo',
    FollowUp: 'In monitoraggio (follow-up)',
    Closed: 'Chiuso',
    ClosedReferred: 'Chiuso con invio ad altro ente',
  },
  cas_ReasonForIncomingReferral: {
    AdditionalServicesRequired: 'Necessità di ulteriori servizi',
    MigrationOrChangeOfLocation: 'Spostamento o cambio di luogo',
    Other: 'Altro',
  },
  cas_ReasonForOutgoingReferral: {
    AdditionalServicesRequired: 'Necessità di ulteriori servizi',
    MigrationOrChangeOfLocation: 'Spostamento o cambio di luogo',
    Other: 'Altro',
  },
  hte_Type: {
    Recruitment: 'Reclutamento',
    Transit: 'Transito',
    Exploitation: 'Sfruttamento',
  },
  spl_Type: {
    Education: 'Istruzione',
    Financial: 'Sostegno economico',
    Health: 'Salute',
    LabourExploitationRehabilitation: 'Recupero dallo sfruttamento lavorativo',
    Legal: 'Assistenza legale',
    Livelihood: 'Mezzi di sostentamento',
    RightsBasedTraining: 'Formazione sui diritti',
    SexualExploitationRehabilitation: 'Recupero dallo sfruttamento sessuale',
    SocialCare: 'Assistenza sociale',
  },
} as const satisfies ItalianLabels;
