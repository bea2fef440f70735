/**
 * Texts of the screening indicators, in Ponte's own words, after the subjects of the ILO/EC
 * operational indicators of trafficking in human beings (Delphi survey, 2009). One text per
 * subject: the same subject may appear in several dimensions (e.g. confiscation of documents at
 * recruitment and at destination); the dimension gives the context.
 */
import type { Localized } from './dimensions.ts';

export const indicatorTexts = {
  // deception
  nature_of_job: {
    en: 'Deceived about the nature of the work or activity, where it would take place, or who the employer would be',
    it: 'Ingannata/o sul tipo di lavoro o attività, sul luogo in cui si sarebbe svolto o su chi sarebbe stato il datore di lavoro',
  },
  working_conditions: {
    en: 'Deceived about the conditions of the work (hours, tasks, breaks, safety)',
    it: 'Ingannata/o sulle condizioni di lavoro (orari, mansioni, riposi, sicurezza)',
  },
  contract: {
    en: 'Deceived about what the work contract says or about whether it is lawful',
    it: 'Ingannata/o sul contenuto del contratto di lavoro o sulla sua regolarità',
  },
  family_reunification: {
    en: 'Deceived about the chance of being joined by, or joining, family members',
    it: 'Ingannata/o sulla possibilità di ricongiungersi con i familiari',
  },
  housing: {
    en: 'Deceived about housing or living conditions at destination',
    it: 'Ingannata/o sull’alloggio o sulle condizioni di vita a destinazione',
  },
  legal_status: {
    en: 'Deceived about documents, or about obtaining a lawful residence or work status',
    it: 'Ingannata/o sui documenti o sulla possibilità di ottenere un regolare titolo di soggiorno o di lavoro',
  },
  travel: {
    en: 'Deceived about the journey or the terms of recruitment (costs, route, who pays)',
    it: 'Ingannata/o sul viaggio o sulle condizioni del reclutamento (costi, percorso, chi paga)',
  },
  wages: {
    en: 'Deceived about pay or earnings',
    it: 'Ingannata/o sulla paga o sui guadagni',
  },
  education: {
    en: 'Deceived about access to schooling or training',
    it: 'Ingannata/o sulla possibilità di studiare o di formarsi',
  },
  marriage_or_adoption: {
    en: 'Recruited with a false promise of marriage, engagement or adoption',
    it: 'Reclutata/o con una falsa promessa di matrimonio, fidanzamento o adozione',
  },
  // coercion
  violence: {
    en: 'Physical or sexual violence against the person',
    it: 'Violenza fisica o sessuale sulla persona',
  },
  abduction: {
    en: 'Abducted, forced into marriage, forced into adoption, or sold',
    it: 'Rapita/o, costretta/o al matrimonio o all’adozione, oppure venduta/o',
  },
  documents: {
    en: 'Identity or travel documents taken or kept by others',
    it: 'Documenti d’identità o di viaggio sottratti o trattenuti da altri',
  },
  debt_bondage: {
    en: 'A debt imposed on the person that ties them to the recruiter or exploiter',
    it: 'Un debito imposto che lega la persona al reclutatore o allo sfruttatore',
  },
  isolation: {
    en: 'Kept isolated, confined, or under watch',
    it: 'Tenuta/o isolata/o, rinchiusa/o o sorvegliata/o',
  },
  threat_denunciation: {
    en: 'Threatened with being reported to the police or immigration authorities',
    it: 'Minacciata/o di essere denunciata/o alla polizia o alle autorità per l’immigrazione',
  },
  threat_violence: {
    en: 'Threatened with violence',
    it: 'Minacciata/o di violenza',
  },
  threat_inform: {
    en: 'Threatened with exposure to family, community or the public',
    it: 'Minacciata/o di rivelare la sua situazione alla famiglia, alla comunità o al pubblico',
  },
  family_violence: {
    en: 'Violence against family members, or threats of it',
    it: 'Violenza contro i familiari, o minacce di violenza contro di loro',
  },
  withholding_money: {
    en: 'Money belonging to the person kept by the recruiter',
    it: 'Denaro della persona trattenuto dal reclutatore',
  },
  withholding_wages: {
    en: 'Wages or earnings kept by the employer or exploiter',
    it: 'Paga o guadagni trattenuti dal datore di lavoro o dallo sfruttatore',
  },
  illicit_activities: {
    en: 'Made to take part in illegal or criminal activities',
    it: 'Costretta/o a partecipare ad attività illegali o criminali',
  },
  forced_tasks: {
    en: 'Made to perform tasks, or to accept clients or acts, against their will',
    it: 'Costretta/o a svolgere mansioni, o ad accettare clienti o prestazioni, contro la propria volontà',
  },
  act_against_peers: {
    en: 'Made to act against other victims (watch, punish or recruit them)',
    it: 'Costretta/o ad agire contro altre vittime (sorvegliarle, punirle o reclutarle)',
  },
  lie_to_others: {
    en: 'Made to lie to the authorities, family or others about their situation',
    it: 'Costretta/o a mentire alle autorità, alla famiglia o ad altri sulla propria situazione',
  },
  threat_worse_conditions: {
    en: 'Threatened with even worse conditions',
    it: 'Minacciata/o di condizioni ancora peggiori',
  },
  strong_influence: {
    en: 'Under the strong influence of the exploiters',
    it: 'Sotto la forte influenza degli sfruttatori',
  },
  // vulnerability
  difficult_family_abused: {
    en: 'A difficult family situation taken advantage of',
    it: 'Approfittamento di una situazione familiare difficile',
  },
  irregular_status_abused: {
    en: 'Irregular migration status taken advantage of',
    it: 'Approfittamento della condizione di irregolarità sul territorio',
  },
  lack_of_education_abused: {
    en: 'Lack of education or work skills taken advantage of',
    it: 'Approfittamento della scarsa istruzione o preparazione professionale',
  },
  lack_of_information_abused: {
    en: 'Lack of information taken advantage of (language, rights, the local situation)',
    it: 'Approfittamento della mancanza di informazioni (lingua, diritti, situazione locale)',
  },
  beliefs_abused: {
    en: 'Cultural or religious beliefs used to control (e.g. oaths, rituals)',
    it: 'Credenze culturali o religiose usate per controllare (ad es. giuramenti, riti)',
  },
  control_by_exploiters: {
    en: 'The exploiters already had control over the person or their family',
    it: 'Gli sfruttatori avevano già un controllo sulla persona o sulla sua famiglia',
  },
  economic: {
    en: 'Economic hardship (poverty, debts, no income)',
    it: 'Difficoltà economiche (povertà, debiti, assenza di reddito)',
  },
  false_info_law: {
    en: 'Given false information about the law or about how the authorities would treat them',
    it: 'Informazioni false sulla legge o su come l’avrebbero trattata/o le autorità',
  },
  false_info_migration: {
    en: 'Given false information about how migration would work out',
    it: 'Informazioni false sulla riuscita del percorso migratorio',
  },
  family_situation: {
    en: 'Family circumstances (dependants, pressure or obligations from the family)',
    it: 'Circostanze familiari (persone a carico, pressioni o obblighi verso la famiglia)',
  },
  general_context: {
    en: 'General context in the place of origin (conflict, disaster, discrimination)',
    it: 'Contesto generale nel luogo di origine (conflitti, calamità, discriminazioni)',
  },
  personal_situation: {
    en: 'Personal situation (health, disability, age, addiction, pregnancy)',
    it: 'Situazione personale (salute, disabilità, età, dipendenze, gravidanza)',
  },
  emotional_dependency: {
    en: 'Psychological or emotional dependence on the recruiter',
    it: 'Dipendenza psicologica o affettiva dal reclutatore',
  },
  relationship_with_authorities: {
    en: 'Fear of, or distrust in, the authorities because of their legal status',
    it: 'Paura o sfiducia verso le autorità a causa della propria condizione giuridica',
  },
  dependency_on_exploiters: {
    en: 'Dependent on the exploiters (housing, food, work, documents, drugs)',
    it: 'Dipendente dagli sfruttatori (alloggio, cibo, lavoro, documenti, sostanze)',
  },
  exit_difficulty: {
    en: 'Finds it hard to leave the criminal environment',
    it: 'Difficoltà a uscire dall’ambiente criminale',
  },
  past_difficulties: {
    en: 'Past experiences that weigh on the person (violence, trauma, earlier exploitation)',
    it: 'Esperienze passate che pesano sulla persona (violenze, traumi, precedente sfruttamento)',
  },
  unknown_area: {
    en: 'Difficulty living in an unfamiliar place (language, no contacts)',
    it: 'Difficoltà a vivere in un luogo sconosciuto (lingua, assenza di contatti)',
  },
  personal_characteristics: {
    en: 'Personal characteristics that make the person easier to exploit',
    it: 'Caratteristiche personali che rendono la persona più esposta allo sfruttamento',
  },
  // exploitation
  excessive_hours: {
    en: 'Excessive working days or hours',
    it: 'Giornate o orari di lavoro eccessivi',
  },
  bad_living_conditions: {
    en: 'Degrading living conditions',
    it: 'Condizioni di vita degradanti',
  },
  hazardous_work: {
    en: 'Hazardous work, or work without protection',
    it: 'Lavoro pericoloso o senza protezioni',
  },
  low_or_no_pay: {
    en: 'Little or no pay',
    it: 'Paga molto bassa o assente',
  },
  labour_law_breached: {
    en: 'Labour law, or the contract signed, not respected',
    it: 'Norme sul lavoro, o contratto firmato, non rispettati',
  },
  no_social_protection: {
    en: 'No social protection (no contract, no social insurance)',
    it: 'Nessuna tutela sociale (senza contratto, senza contributi o assicurazione)',
  },
  very_bad_working_conditions: {
    en: 'Very bad working conditions',
    it: 'Condizioni di lavoro molto gravi',
  },
  wage_manipulation: {
    en: 'Pay manipulated (unexplained deductions, fines, false accounts)',
    it: 'Paga manipolata (trattenute ingiustificate, multe, conteggi falsi)',
  },
  no_education: {
    en: 'No access to schooling or training',
    it: 'Nessun accesso alla scuola o alla formazione',
  },
} as const satisfies Record<string, Localized>;

export type IndicatorSubject = keyof typeof indicatorTexts;
