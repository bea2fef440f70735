/**
 * Built-in standard operating procedures, seeded as version 1 of each key when missing
 * (administrators then edit them: every edit is a new version). Pure data, checked by a test
 * against procedureDefinitionSchema and validateProcedure.
 *
 * Referral procedures use the referral statuses (src/domain/referrals/status.ts) as step keys for
 * the part of the path a referral's own status machine drives (`sent`, `accepted`, `in_progress`,
 * `completed`, `declined`, `revoked`, `expired`), so a referral transition advances the run to the
 * step of the same name; later steps (the commission's decision, the Questura) are advanced on the
 * run itself.
 */
import type { Duration } from '../calendar/index.ts';
import { referralReasonKeys } from '../referrals/reasons.ts';
import type { ProcedureDefinition, ProcedureStep } from './definition.ts';

const wd = (amount: number): Duration => ({ amount, unit: 'working_days' });
const hours = (amount: number): Duration => ({ amount, unit: 'hours' });
const days = (amount: number): Duration => ({ amount, unit: 'calendar_days' });

/**
 * Working days the anti-trafficking body has for its written report to the asylum commission.
 * The seeds (001–003: the Lazio protocol with the Rome commission, the Bando 4/2020 system action)
 * name the protocol but give no figure: 30 is a configurable default, to be set to the term of the
 * local protocol by editing the procedure.
 */
export const COMMISSION_REPORT_WORKING_DAYS = 30;

/** Working days a receiver has to accept or decline a referral (issue 4, point 3). */
export const REFERRAL_ANSWER_WORKING_DAYS = 3;

const end = (key: string, it: string, en: string): ProcedureStep => ({ key, name: { it, en }, actors: {}, next: [] });

const referralEnds: ProcedureStep[] = [
  end('completed', 'Completata: esito comunicato al mittente', 'Completed: outcome returned to the sender'),
  end('declined', 'Rifiutata dal destinatario', 'Declined by the receiver'),
  end('revoked', 'Revocata dal mittente', 'Revoked by the sender'),
  end('expired', 'Scaduta senza risposta', 'Expired without an answer'),
];

export const builtinProcedures: readonly ProcedureDefinition[] = [
  {
    key: 'referral_answer',
    name: { it: 'Segnalazione: risposta entro 3 giorni lavorativi', en: 'Referral: answer within 3 working days' },
    description: {
      it: 'Il destinatario accetta o rifiuta entro 3 giorni lavorativi; presa in carico avviata entro 5 giorni lavorativi dall’accettazione.',
      en: 'The receiver accepts or declines within 3 working days and starts within 5 working days of accepting.',
    },
    appliesTo: { subject: 'referral', reasons: [...referralReasonKeys] },
    steps: [
      { key: 'sent', name: { it: 'Inviata: in attesa di risposta', en: 'Sent: awaiting an answer' }, actors: { side: 'receiver' }, next: ['accepted', 'declined', 'revoked', 'expired'], deadline: wd(REFERRAL_ANSWER_WORKING_DAYS), warnBefore: wd(1) },
      { key: 'accepted', name: { it: 'Accettata: avvio dell’intervento', en: 'Accepted: starting the service' }, actors: { side: 'receiver' }, next: ['in_progress', 'revoked'], deadline: wd(5), warnBefore: wd(1) },
      { key: 'in_progress', name: { it: 'In corso', en: 'In progress' }, actors: { side: 'receiver' }, next: ['completed', 'revoked'] },
      ...referralEnds,
    ],
  },
  {
    key: 'commission_protocol',
    name: {
      it: 'Protocollo con la Commissione territoriale: identificazione su richiesta',
      en: 'Asylum commission protocol: identification at the commission’s request',
    },
    description: {
      it: 'La Commissione segnala un richiedente con indicatori di tratta; l’ente antitratta svolge il colloquio e trasmette una relazione scritta; la Commissione decide e, se nega la protezione ma emergono elementi di tratta, trasmette gli atti alla Questura per il permesso art. 18.',
      en: 'The commission flags an applicant with trafficking indicators; the anti-trafficking body interviews them and returns a written report; the commission decides and, if it refuses protection but finds trafficking elements, sends the file to the Questura for an art. 18 permit.',
    },
    appliesTo: { subject: 'referral', reasons: ['identification'], senderOrgTypes: ['asylum_commission'] },
    steps: [
      { key: 'sent', name: { it: 'Richiesta della Commissione: risposta dell’ente', en: 'Commission’s request: the body answers' }, actors: { side: 'receiver' }, next: ['accepted', 'declined', 'revoked', 'expired'], deadline: wd(REFERRAL_ANSWER_WORKING_DAYS), warnBefore: wd(1) },
      { key: 'accepted', name: { it: 'Accettata: fissare il colloquio', en: 'Accepted: schedule the interview' }, actors: { side: 'receiver' }, next: ['in_progress', 'revoked'], deadline: wd(5), warnBefore: wd(1) },
      {
        key: 'in_progress',
        name: { it: 'Colloquio e relazione scritta alla Commissione', en: 'Interview and written report to the commission' },
        actors: { side: 'receiver' },
        next: ['completed', 'revoked'],
        deadline: wd(COMMISSION_REPORT_WORKING_DAYS),
        warnBefore: wd(5),
      },
      {
        key: 'completed',
        name: { it: 'Relazione trasmessa: decisione della Commissione', en: 'Report returned: the commission decides' },
        actors: { side: 'sender', orgTypes: ['asylum_commission'] },
        next: ['protection_granted', 'sent_to_questura', 'refused_no_elements'],
        deadline: days(60),
        warnBefore: days(7),
      },
      {
        key: 'sent_to_questura',
        name: { it: 'Protezione negata con elementi di tratta: atti alla Questura (art. 18)', en: 'Protection refused with trafficking elements: file to the Questura (art. 18)' },
        actors: { orgTypes: ['police_immigration_office'] },
        next: ['permit_issued', 'permit_refused'],
        deadline: days(60),
        warnBefore: days(7),
      },
      end('protection_granted', 'Protezione internazionale riconosciuta', 'International protection granted'),
      end('refused_no_elements', 'Protezione negata, senza elementi di tratta', 'Protection refused, no trafficking elements'),
      end('permit_issued', 'Permesso art. 18 rilasciato', 'Art. 18 permit issued'),
      end('permit_refused', 'Permesso art. 18 negato', 'Art. 18 permit refused'),
      end('declined', 'Rifiutata dall’ente', 'Declined by the body'),
      end('revoked', 'Ritirata dalla Commissione', 'Withdrawn by the commission'),
      end('expired', 'Scaduta senza risposta', 'Expired without an answer'),
    ],
  },
  {
    key: 'hotline_first_contact',
    name: { it: 'Numero Verde: primo contatto entro 24 ore', en: 'Hotline report: first contact within 24 hours' },
    description: {
      it: 'L’ente competente per la provincia, ricevuta la segnalazione dal Numero Verde, prende contatto entro 24 ore e valuta entro 5 giorni lavorativi.',
      en: 'The body competent for the province, on receiving the hotline’s report, makes contact within 24 hours and assesses within 5 working days.',
    },
    appliesTo: { subject: 'hotline_call' },
    steps: [
      { key: 'first_contact', name: { it: 'Primo contatto', en: 'First contact' }, actors: { side: 'receiver' }, next: ['assessment', 'not_reached'], deadline: hours(24), warnBefore: hours(6) },
      { key: 'assessment', name: { it: 'Valutazione e orientamento', en: 'Assessment and orientation' }, actors: { side: 'receiver' }, next: ['taken_in_charge', 'closed_no_action'], deadline: wd(5), warnBefore: wd(1) },
      end('taken_in_charge', 'Presa in carico', 'Taken in charge'),
      end('not_reached', 'Persona non raggiunta', 'Person not reached'),
      end('closed_no_action', 'Chiusa senza seguito', 'Closed with no follow-up'),
    ],
  },
];
