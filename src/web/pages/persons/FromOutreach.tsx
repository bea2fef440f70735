/**
 * The "possible victim" path from an outreach contact (/persons/new?outreachContact=<id>): what the
 * contact holds fills the duplicate check (nickname as alias, sex, age band as an estimated birth
 * range, nationality group where it is one country); the worker confirms that the person agreed
 * and how; the contact is then linked to the person found or created (PATCH
 * /api/contacts/:id/person), and the page offers the screening: the case's screening tab when the
 * person has a case the caller sees, a new case for those who open cases, otherwise who to ask.
 */
import { Link, useNavigate } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { Checkbox, SelectField } from '../../components/Field.tsx';
import { ErrorAlert } from '../../components/Page.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { linkConsentMethods, personDraftFromContact, type AgeBand, type LinkConsentMethod, type NationalityGroup, type SexGender } from '../../../domain/outreach/index.ts';
import { emptyPerson, type PersonFormState } from './PersonForm.tsx';
import type { PersonDetail } from './model.ts';

export interface OutreachContact {
  id: string;
  version: number;
  outingId: string;
  nickname: string | null;
  sexGender: SexGender;
  ageBand: AgeBand;
  nationalityGroup: NationalityGroup;
  possibleVictim: boolean;
  consentToFollowUp: boolean;
  personCode: string | null;
  cancelled: { at: string } | null;
}

export interface Consent {
  confirmed: boolean;
  method: LinkConsentMethod | '';
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The person form filled with what the contact holds. */
export function personStateFromContact(c: OutreachContact): PersonFormState {
  const draft = personDraftFromContact({ contact: c, today: todayIso() });
  const s = emptyPerson();
  if (draft.alias) s.names = [{ kind: 'alias', given: '', family: '', full: draft.alias }];
  if (draft.sex) s.sex = draft.sex;
  if (draft.birthRange) Object.assign(s, { birthMode: 'range', estimatedFrom: draft.birthRange.estimatedFrom, estimatedTo: draft.birthRange.estimatedTo });
  if (draft.citizenship) s.citizenships = [draft.citizenship];
  return s;
}

export function consentErrors(consent: Consent, t: (k: MessageKey) => string): FieldErrors {
  const e: FieldErrors = {};
  if (!consent.confirmed) e.consentConfirmed = t('outreachLink.consentRequired');
  if (!consent.method) e.consentMethod = t('outreachLink.methodRequired');
  return e;
}

/** Links the contact to the person with the given code, with the confirmed agreement. */
export async function linkContact(contact: OutreachContact, personCode: string, consent: Consent): Promise<OutreachContact> {
  return api.patch<OutreachContact>(`/api/contacts/${contact.id}/person`, {
    version: contact.version,
    personCode,
    consentConfirmed: consent.confirmed,
    consentMethod: consent.method,
  });
}

/** What the contact brought, and the person's agreement (required before linking). */
export function ContactConsent(props: { contact: OutreachContact; consent: Consent; onChange: (c: Consent) => void; errors: FieldErrors }) {
  const { t } = useI18n();
  const c = props.contact;
  const label = (prefix: string, v: string) => t(`${prefix}.${v}` as MessageKey);
  return (
    <section className="border rounded p-3 mb-4" aria-labelledby="from-contact-title" id="from-contact">
      <h2 id="from-contact-title" className="h5">
        {t('outreachLink.fromContact')}
      </h2>
      <p className="small">
        {[c.nickname ?? t('field.contact.noName'), label('field.sex', c.sexGender), label('field.age', c.ageBand), label('field.nat', c.nationalityGroup)].join(' · ')}
      </p>
      <p className="small">{t('outreachLink.prefilled')}</p>
      <fieldset>
        <legend className="h6">{t('outreachLink.consentLegend')}</legend>
        <Checkbox id="link-consent" label={t('outreachLink.consentLabel')} checked={props.consent.confirmed} onChange={(v) => props.onChange({ ...props.consent, confirmed: v })} />
        {props.errors.consentConfirmed ? (
          <div className="invalid-feedback d-block" role="alert" id="link-consent-error">
            {props.errors.consentConfirmed}
          </div>
        ) : null}
        <SelectField
          id="link-consent-method"
          label={t('outreachLink.method')}
          value={props.consent.method}
          onChange={(v) => props.onChange({ ...props.consent, method: v as LinkConsentMethod | '' })}
          options={linkConsentMethods.map((m) => ({ value: m, label: t(`outreachLink.method.${m}` as MessageKey) }))}
          placeholder={t('outreachLink.chooseMethod')}
          required
          error={props.errors.consentMethod}
        />
      </fieldset>
    </section>
  );
}

/** After the link: the person's code and the way to the screening. */
export function LinkDone(props: { person: { id: string; code: string }; outingId: string }) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const opener = useSubmit();
  const person = useLoad((signal) => api.get<PersonDetail>(`/api/persons/${props.person.id}`, undefined, signal), props.person.id);
  const cases = person.data ? (person.data.cases ?? []) : person.error ? [] : null;
  const open = (cases ?? []).find((c) => c.status !== 'closed');
  const openCase = () =>
    opener.run(
      () => ({}),
      async () => {
        const c = await api.post<{ id: string }>('/api/cases', { personId: props.person.id });
        void navigate(`/cases/${c.id}?tab=screening`);
      },
    );
  return (
    <section aria-labelledby="link-done-title" id="link-done" className="alert alert-success">
      <h2 id="link-done-title" className="h5" tabIndex={-1}>
        {t('outreachLink.linked', { code: props.person.code })}
      </h2>
      <ErrorAlert error={opener.error} />
      {cases === null ? null : open && can(me, 'cases.read') ? (
        <p>
          <Link className="btn btn-primary" to={`/cases/${open.id}?tab=screening`} id="open-screening">
            {t('outreachLink.screenCase', { code: open.code })}
          </Link>
        </p>
      ) : can(me, 'cases.write') ? (
        <p>
          <Button color="primary" type="button" id="open-screening" disabled={opener.busy} onClick={() => void openCase()}>
            {t('outreachLink.openCaseAndScreen')}
          </Button>
        </p>
      ) : (
        <p id="screening-ask">{t('outreachLink.askCaseWorker', { code: props.person.code })}</p>
      )}
      <p className="mb-0 d-flex flex-wrap gap-3">
        <Link to={`/persons/${props.person.id}`}>{t('outreachLink.openPerson', { code: props.person.code })}</Link>
        <Link to={`/outreach/outings/${props.outingId}`}>{t('outreachLink.backToOuting')}</Link>
      </p>
    </section>
  );
}

