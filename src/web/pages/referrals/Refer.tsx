/**
 * Sending a referral: the refer-from-case wizard (receiver and reason → share set with a preview
 * of exactly what the receiver will see → consent check and send) and the agency form for
 * senders who hold no case (e.g. the asylum commission's liaison), who describe the person.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { api, ApiError } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Page } from '../../components/Page.tsx';
import { Checkbox, MultiSelect, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { useOrganisations } from '../../reference.ts';
import { serviceOptions } from '../../services.ts';
import { organisationTypes } from '../../../domain/organisations.ts';
import { consentMethods } from '../../../domain/consent.ts';
import { htcdsOptions } from '../../../domain/htcds/index.ts';
import { referralReason, referralReasons, referralUrgencies, shareFields } from '../../../domain/referrals/index.ts';
import { items, labelOr, minorLabel, type CaseDetail } from '../cases/model.ts';
import { countryOptions, languageOptions, type PersonDetail } from '../persons/model.ts';
import { SharedFieldsView } from './Shared.tsx';
import { referralsChanged } from './Referrals.tsx';
import { isIdentifying, italianToday, previewShared, shareFieldLabel, type PlanGoalLike, type ServiceLike } from './model.ts';
import type { Organisation } from '../../types.ts';

/** The receiver: active organisations other than one's own, grouped by type. */
function ReceiverSelect(props: { value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const orgs = useOrganisations();
  const id = 'referral-to';
  const groups = useMemo(() => {
    const list = (orgs.data ?? []).filter((o: Organisation) => o.isActive && o.id !== me.organisation?.id);
    const known = new Set<string>(organisationTypes.map((ty) => ty.key));
    const out: Array<{ key: string; label: string; orgs: Organisation[] }> = [];
    for (const ty of organisationTypes) {
      const inType = list.filter((o) => o.type === ty.key).sort((a, b) => a.name.localeCompare(b.name, locale));
      if (inType.length > 0) out.push({ key: ty.key, label: ty.name[locale], orgs: inType });
    }
    const rest = list.filter((o) => !known.has(o.type));
    if (rest.length > 0) out.push({ key: 'other', label: t('ref.otherType'), orgs: rest });
    return out;
  }, [orgs.data, me.organisation?.id, locale, t]);
  return (
    <div className="select-wrapper mb-4">
      <label htmlFor={id}>
        {t('ref.receiver')}
        <span className="text-danger" aria-hidden="true">
          {' *'}
        </span>
        <span className="visually-hidden"> {t('common.requiredMark')}</span>
      </label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required
        className={props.error ? 'is-invalid' : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : `${id}-hint`}
      >
        <option value="">{t('common.choose')}</option>
        {groups.map((g) => (
          <optgroup key={g.key} label={g.label}>
            {g.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <small id={`${id}-hint`} className="form-text d-block">
        {t('ref.receiverHint')}
      </small>
      {props.error ? (
        <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
          {props.error}
        </div>
      ) : null}
      {orgs.error ? <ErrorAlert error={orgs.error} /> : null}
    </div>
  );
}

interface ConsentState {
  purpose: string;
  organisationId: string | null;
  status: string;
  allowed: boolean;
  date: string;
  consentId: string;
}
interface ConsentRecord {
  id: string;
  givenBy: string;
  guardianName: string | null;
}
interface CaseDocument {
  id: string;
  fileName: string;
  category?: string | null;
}

interface CaseData {
  c: CaseDetail;
  person: PersonDetail | null;
  plan: PlanGoalLike[] | null;
  services: ServiceLike[] | null;
  documents: CaseDocument[];
  consents: { current: ConsentState[]; history: ConsentRecord[] };
}

async function loadCase(id: string, signal: AbortSignal): Promise<CaseData> {
  const c = await api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, undefined, signal);
  const optional = <T,>(p: Promise<T>): Promise<T | null> => p.catch((e: unknown) => (e instanceof ApiError && e.status !== 0 ? null : Promise.reject(e as Error)));
  const [person, plan, services, documents, consents] = await Promise.all([
    optional(api.get<PersonDetail>(`/api/persons/${c.person.id}`, undefined, signal)),
    optional(api.get<{ goals: PlanGoalLike[] } | PlanGoalLike[]>(`/api/cases/${c.id}/plan`, undefined, signal)),
    optional(api.get<{ items: ServiceLike[] } | ServiceLike[]>(`/api/cases/${c.id}/services`, undefined, signal)),
    optional(api.get<{ items: CaseDocument[] } | CaseDocument[]>(`/api/cases/${c.id}/documents`, undefined, signal)),
    api.get<{ current: ConsentState[]; history: ConsentRecord[] }>(`/api/cases/${c.id}/consents`, undefined, signal),
  ]);
  return {
    c,
    person,
    plan: plan === null ? null : Array.isArray(plan) ? plan : plan.goals,
    services: services === null ? null : items(services),
    documents: documents === null ? [] : items(documents),
    consents,
  };
}

export function ReferFromCasePage() {
  const { id = '' } = useParams();
  const loaded = useLoad((signal) => loadCase(id, signal), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorAlert error={loaded.error} />;
  return <ReferWizard data={loaded.data} />;
}

const steps = ['receiver', 'share', 'consent'] as const;
type Step = (typeof steps)[number];

function ReferWizard(props: { data: CaseData }) {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { c, person, documents, consents } = props.data;
  const [step, setStep] = useState<Step>('receiver');
  const [toOrgId, setToOrgId] = useState('');
  const [reason, setReason] = useState('');
  const [urgency, setUrgency] = useState('routine');
  const [requestedService, setRequestedService] = useState('');
  const [message, setMessage] = useState('');
  const [fields, setFields] = useState<string[]>([]);
  const [docIds, setDocIds] = useState<string[]>([]);
  const [overrideReason, setOverrideReason] = useState('');
  const [stepErrors, setStepErrors] = useState<FieldErrors>({});
  const submit = useSubmit();
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  const orgs = useOrganisations();
  const receiverName = orgs.data?.find((o) => o.id === toOrgId)?.name ?? '';

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    stepHeading.current?.focus();
  }, [step]);

  const chooseReason = (key: string) => {
    setReason(key);
    setFields([...(referralReason(key)?.preset ?? [])]);
  };
  const stepIndex = steps.indexOf(step);
  const stepTitle = t(`ref.step.${step}` as MessageKey);

  const next = () => {
    if (step === 'receiver') {
      const e: FieldErrors = {};
      if (!toOrgId) e.toOrgId = t('validation.required');
      if (!reason) e.reason = t('validation.required');
      setStepErrors(e);
      if (Object.keys(e).length > 0) {
        window.setTimeout(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus(), 0);
        return;
      }
      setStep('share');
    } else if (step === 'share') {
      setStep('consent');
    }
  };

  const preview = previewShared({ keys: fields, person, c, plan: props.data.plan, services: props.data.services, today: italianToday() });
  const identifying = fields.some(isIdentifying) || docIds.length > 0;
  const consent = consents.current.find((s) => s.purpose === 'sharing' && s.organisationId === toOrgId) ?? null;
  const consentRecord = consent ? consents.history.find((h) => h.id === consent.consentId) : undefined;
  const minor = c.minor?.status === 'minor' || c.minor?.status === 'possibly_minor';
  const consentOk = !!consent?.allowed && (!minor || consentRecord?.givenBy === 'guardian');
  const mayOverride = can(me, 'referrals.override_consent');
  const blocked = identifying && !consentOk && !mayOverride;

  const send = () =>
    submit.run(
      (): FieldErrors => {
        if (identifying && !consentOk && mayOverride && overrideReason.trim().length < 10) return { overrideReason: t('ref.overrideTooShort') };
        return {};
      },
      async () => {
        const created = await api.post<{ id: string; code: string }>('/api/referrals', {
          caseId: c.id,
          toOrgId,
          reason,
          urgency,
          ...(requestedService ? { requestedService } : {}),
          ...(message.trim() ? { message: message.trim() } : {}),
          shareFields: fields,
          shareDocumentIds: docIds,
          ...(identifying && !consentOk && mayOverride ? { overrideReason: overrideReason.trim() } : {}),
        });
        referralsChanged();
        void navigate(`/referrals/${created.id}`, { state: { notice: t('ref.sent', { code: created.code }) } });
      },
    );

  const serverIssues = Object.entries(submit.fieldErrors).filter(([k]) => k !== 'overrideReason');

  return (
    <Page title={t('ref.referTitle', { code: c.code })} lead={t('ref.referLead')}>
      <p>
        <Link to={`/cases/${c.id}`}>{t('ref.backToCase', { code: c.code })}</Link>
      </p>
      <ol className="referral-steps list-inline" aria-label={t('ref.steps')}>
        {steps.map((s, i) => (
          <li key={s} className={`list-inline-item${s === step ? ' fw-bold' : ' text-secondary'}`} aria-current={s === step ? 'step' : undefined}>
            {i + 1}. {t(`ref.step.${s}` as MessageKey)}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite" id="referral-step-live">
        {t('ref.stepOf', { n: stepIndex + 1, total: steps.length, title: stepTitle })}
      </p>
      <h2 ref={stepHeading} tabIndex={-1} className="h4" id="referral-step-title">
        {t('ref.stepOf', { n: stepIndex + 1, total: steps.length, title: stepTitle })}
      </h2>
      <form
        noValidate
        aria-labelledby="referral-step-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 'consent') void send();
          else next();
        }}
      >
        {step === 'receiver' ? (
          <>
            <ReceiverSelect value={toOrgId} onChange={setToOrgId} error={stepErrors.toOrgId} />
            <SelectField
              id="referral-reason"
              label={t('ref.reason')}
              value={reason}
              onChange={chooseReason}
              options={referralReasons.filter((r) => r.key !== 'hotline_report').map((r) => ({ value: r.key, label: r.name[locale] }))}
              placeholder={t('common.choose')}
              required
              hint={t('ref.reasonHint')}
              error={stepErrors.reason}
            />
            <SelectField
              id="referral-urgency"
              label={t('ref.urgency')}
              value={urgency}
              onChange={setUrgency}
              options={referralUrgencies.map((u) => ({ value: u, label: t(`ref.urgency.${u}` as MessageKey) }))}
              required
            />
            <SelectField
              id="referral-service"
              label={t('ref.requestedService')}
              value={requestedService}
              onChange={setRequestedService}
              options={serviceOptions(locale)}
              placeholder={t('ref.noService')}
            />
            <TextArea id="referral-message-text" label={t('ref.message')} hint={t('ref.messageToReceiverHint')} value={message} onChange={setMessage} rows={4} />
          </>
        ) : null}
        {step === 'share' ? (
          <div className="row">
            <div className="col-lg-6">
              <fieldset className="mb-4" id="referral-share-fields">
                <legend className="fs-6 fw-semibold mb-2">
                  {t('ref.shareFields')}{' '}
                  <span className="fw-normal text-secondary" aria-live="polite">
                    ({t('common.selectedCount', { count: fields.length })})
                  </span>
                </legend>
                <small className="form-text d-block mb-2">{t('ref.shareHint')}</small>
                {shareFields.map((f) => (
                  <Checkbox
                    key={f}
                    id={`share-${f.replace('.', '-')}`}
                    label={
                      <>
                        {shareFieldLabel(f, locale)}
                        {isIdentifying(f) ? <span className="badge bg-warning text-dark ms-2">{t('ref.identifying')}</span> : null}
                      </>
                    }
                    checked={fields.includes(f)}
                    onChange={(on) => setFields(on ? shareFields.filter((x) => x === f || fields.includes(x)) : fields.filter((x) => x !== f))}
                  />
                ))}
                <Button color="secondary" outline size="sm" type="button" className="mt-2" onClick={() => setFields([...(referralReason(reason)?.preset ?? [])])}>
                  {t('ref.resetPreset')}
                </Button>
              </fieldset>
              <fieldset className="mb-4" id="referral-share-documents">
                <legend className="fs-6 fw-semibold mb-2">{t('ref.shareDocuments')}</legend>
                {documents.length === 0 ? <p>{t('ref.noDocuments')}</p> : null}
                {documents.map((d) => (
                  <Checkbox
                    key={d.id}
                    id={`share-doc-${d.id}`}
                    label={d.fileName}
                    checked={docIds.includes(d.id)}
                    onChange={(on) => setDocIds(on ? [...docIds, d.id] : docIds.filter((x) => x !== d.id))}
                  />
                ))}
              </fieldset>
            </div>
            <div className="col-lg-6">
              <section aria-labelledby="referral-preview-title" className="border rounded p-3 bg-light" id="referral-preview">
                <h3 id="referral-preview-title" className="h5">
                  {t('ref.preview', { org: receiverName })}
                </h3>
                <p className="small text-secondary">{t('ref.previewHint')}</p>
                <SharedFieldsView fields={preview} />
                {docIds.length > 0 ? (
                  <>
                    <h4 className="h6">{t('ref.sharedDocuments')}</h4>
                    <ul>
                      {documents
                        .filter((d) => docIds.includes(d.id))
                        .map((d) => (
                          <li key={d.id}>{d.fileName}</li>
                        ))}
                    </ul>
                  </>
                ) : null}
              </section>
            </div>
          </div>
        ) : null}
        {step === 'consent' ? (
          <div id="referral-consent">
            {consentOk && consent ? (
              <div className="alert alert-success" role="status" id="referral-consent-ok">
                {t(consentRecord?.givenBy === 'guardian' ? 'ref.consentGuardianOk' : 'ref.consentOk', { org: receiverName, date: formatDate(consent.date) })}
              </div>
            ) : (
              <div className={`alert ${identifying ? 'alert-warning' : 'alert-info'}`} role="status" id="referral-consent-missing">
                <p className="mb-2">
                  <strong>
                    {minor
                      ? t('ref.consentMissingMinor', { org: receiverName, status: minorLabel(c.minor?.status, locale) })
                      : consent
                        ? t('ref.consentNotGiven', { org: receiverName, status: labelOr(t, `consent.status.${consent.status}`, consent.status) })
                        : t('ref.consentMissing', { org: receiverName })}
                  </strong>
                </p>
                <p className="mb-2">{identifying ? t('ref.consentExplain') : t('ref.noPersonalData')}</p>
                {identifying ? (
                  <p className="mb-0">
                    <Link to={`/cases/${c.id}?tab=consents`}>{t('ref.toConsentTab')}</Link>
                    {' · '}
                    {t('ref.orNarrow')}
                  </p>
                ) : null}
              </div>
            )}
            {identifying && !consentOk && mayOverride ? (
              <TextArea
                id="referral-override"
                label={t('ref.overrideReason')}
                hint={t('ref.overrideHint')}
                value={overrideReason}
                onChange={setOverrideReason}
                required
                error={submit.fieldErrors.overrideReason}
              />
            ) : null}
            <h3 className="h5">{t('ref.summary')}</h3>
            <ul id="referral-summary">
              <li>
                {t('ref.receiver')}: {receiverName}
              </li>
              <li>
                {t('ref.reason')}: {referralReason(reason)?.name[locale] ?? reason}
              </li>
              <li>
                {t('ref.urgency')}: {t(`ref.urgency.${urgency}` as MessageKey)}
              </li>
              <li>
                {t('ref.shareFields')}: {fields.length ? fields.map((f) => shareFieldLabel(f, locale)).join(', ') : t('common.none')}
              </li>
              <li>
                {t('ref.shareDocuments')}: {docIds.length}
              </li>
            </ul>
            <ErrorAlert error={submit.error} />
            {submit.error && serverIssues.length > 0 ? (
              <ul className="text-danger">
                {serverIssues.map(([k, v]) => (
                  <li key={k}>{v}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <div className="d-flex gap-2 mt-3">
          {stepIndex > 0 ? (
            <Button color="secondary" outline type="button" onClick={() => setStep(steps[stepIndex - 1] ?? 'receiver')}>
              {t('common.back')}
            </Button>
          ) : null}
          {step !== 'consent' ? (
            <Button color="primary" type="submit">
              {t('ref.next')}
            </Button>
          ) : (
            <Button color="primary" type="submit" disabled={submit.busy || blocked} id="referral-send">
              {t('ref.send')}
            </Button>
          )}
        </div>
        {step === 'consent' && blocked ? (
          <p className="text-danger mt-2" id="referral-blocked">
            {t('ref.blocked')}
          </p>
        ) : null}
      </form>
    </Page>
  );
}

/** Senders without cases (external agencies): the person as the agency knows them, and its consent. */
export function AgencyReferralPage() {
  const { t } = useI18n();
  const me = useMe();
  const [params] = useSearchParams();
  const to = params.get('to') ?? '';
  if (can(me, 'cases.read')) {
    // Bodies that hold cases refer from the case (the server refuses a subject from them).
    return (
      <Page title={t('ref.agencyTitle')}>
        <div className="alert alert-info" role="status" id="referral-from-case">
          {t('ref.fromCaseOnly')}
        </div>
        <p>
          <Link to="/cases">{t('ref.toCases')}</Link>
        </p>
      </Page>
    );
  }
  return <AgencyReferralForm to={to} />;
}

function AgencyReferralForm(props: { to: string }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const submit = useSubmit();
  const dateId = useId();
  const [f, setF] = useState({
    toOrgId: props.to,
    reason: '',
    urgency: 'routine',
    requestedService: '',
    message: '',
    given: '',
    family: '',
    birthDate: '',
    birthYear: '',
    sex: '',
    citizenships: [] as string[],
    languages: [] as string[],
    contactPhone: '',
    fileReference: '',
    consentMethod: '',
    consentDate: '',
  });
  const set = (patch: Partial<typeof f>) => setF({ ...f, ...patch });
  const e = submit.fieldErrors;
  const err = (k: string) => e[k] ?? e[`subject.${k}`];
  const validate = (): FieldErrors => {
    const out: FieldErrors = {};
    if (!f.toOrgId) out.toOrgId = t('validation.required');
    if (!f.reason) out.reason = t('validation.required');
    if (!f.consentMethod) out['subject.consent.method'] = t('validation.required');
    if (!f.consentDate) out['subject.consent.date'] = t('validation.required');
    if (f.birthYear && !/^\d{4}$/.test(f.birthYear)) out['subject.birth'] = t('ref.yearFormat');
    return out;
  };
  const send = () =>
    submit.run(validate, async () => {
      const names = f.given.trim() || f.family.trim() ? [{ kind: 'primary', ...(f.given.trim() ? { given: f.given.trim() } : {}), ...(f.family.trim() ? { family: f.family.trim() } : {}) }] : undefined;
      const birth = f.birthDate ? { birthDate: f.birthDate } : f.birthYear ? { estimatedYear: Number(f.birthYear) } : undefined;
      const created = await api.post<{ id: string; code: string }>('/api/referrals', {
        toOrgId: f.toOrgId,
        reason: f.reason,
        urgency: f.urgency,
        ...(f.requestedService ? { requestedService: f.requestedService } : {}),
        ...(f.message.trim() ? { message: f.message.trim() } : {}),
        subject: {
          ...(names ? { names } : {}),
          ...(birth ? { birth } : {}),
          ...(f.sex ? { sex: f.sex } : {}),
          ...(f.citizenships.length ? { citizenships: f.citizenships } : {}),
          ...(f.languages.length ? { languages: f.languages } : {}),
          ...(f.contactPhone.trim() ? { contactPhone: f.contactPhone.trim() } : {}),
          ...(f.fileReference.trim() ? { fileReference: f.fileReference.trim() } : {}),
          consent: { method: f.consentMethod, date: f.consentDate },
        },
      });
      referralsChanged();
      void navigate(`/referrals/${created.id}`, { state: { notice: t('ref.sent', { code: created.code }) } });
    });
  return (
    <Page title={t('ref.agencyTitle')} lead={t('ref.agencyLead')}>
      <ErrorAlert error={submit.error} />
      <form
        noValidate
        onSubmit={(ev) => {
          ev.preventDefault();
          void send();
        }}
      >
        <h2 className="h4">{t('ref.step.receiver')}</h2>
        <ReceiverSelect value={f.toOrgId} onChange={(v) => set({ toOrgId: v })} error={e.toOrgId} />
        <SelectField
          id="agency-reason"
          label={t('ref.reason')}
          value={f.reason}
          onChange={(v) => set({ reason: v })}
          options={referralReasons.filter((r) => r.key !== 'hotline_report').map((r) => ({ value: r.key, label: r.name[locale] }))}
          placeholder={t('common.choose')}
          required
          error={e.reason}
        />
        <SelectField
          id="agency-urgency"
          label={t('ref.urgency')}
          value={f.urgency}
          onChange={(v) => set({ urgency: v })}
          options={referralUrgencies.map((u) => ({ value: u, label: t(`ref.urgency.${u}` as MessageKey) }))}
          required
        />
        <SelectField id="agency-service" label={t('ref.requestedService')} value={f.requestedService} onChange={(v) => set({ requestedService: v })} options={serviceOptions(locale)} placeholder={t('ref.noService')} />
        <TextArea id="agency-message" label={t('ref.message')} value={f.message} onChange={(v) => set({ message: v })} rows={4} error={e.message} />
        <h2 className="h4 mt-4">{t('ref.subjectTitle')}</h2>
        <p className="small text-secondary">{t('ref.subjectHint')}</p>
        <div className="row">
          <div className="col-md-6">
            <TextField id="agency-given" label={t('ref.subject.given')} value={f.given} onChange={(v) => set({ given: v })} autoComplete="off" error={err('names')} />
          </div>
          <div className="col-md-6">
            <TextField id="agency-family" label={t('ref.subject.family')} value={f.family} onChange={(v) => set({ family: v })} autoComplete="off" />
          </div>
          <div className="col-md-6">
            <TextField id="agency-birth-date" type="date" label={t('ref.subject.birth')} value={f.birthDate} onChange={(v) => set({ birthDate: v })} error={err('birth')} />
          </div>
          <div className="col-md-6">
            <TextField id="agency-birth-year" label={t('ref.subject.birthYear')} hint={t('ref.subject.birthYearHint')} value={f.birthYear} onChange={(v) => set({ birthYear: v })} inputMode="numeric" maxLength={4} />
          </div>
          <div className="col-md-6">
            <SelectField id="agency-sex" label={t('ref.subject.sex')} value={f.sex} onChange={(v) => set({ sex: v })} options={htcdsOptions({ field: 'prs_Gender', locale })} placeholder={t('common.choose')} error={err('sex')} />
          </div>
          <div className="col-md-6">
            <TextField id="agency-phone" type="tel" label={t('ref.subject.contactPhone')} value={f.contactPhone} onChange={(v) => set({ contactPhone: v })} autoComplete="off" error={err('contactPhone')} />
          </div>
          <div className="col-md-6">
            <MultiSelect id="agency-citizenships" label={t('ref.subject.citizenships')} values={f.citizenships} onChange={(v) => set({ citizenships: v })} options={countryOptions(locale)} error={err('citizenships')} />
          </div>
          <div className="col-md-6">
            <MultiSelect id="agency-languages" label={t('ref.subject.languages')} values={f.languages} onChange={(v) => set({ languages: v })} options={languageOptions(locale)} error={err('languages')} />
          </div>
          <div className="col-md-6">
            <TextField id="agency-file" label={t('ref.subject.fileReference')} value={f.fileReference} onChange={(v) => set({ fileReference: v })} autoComplete="off" error={err('fileReference')} />
          </div>
        </div>
        <fieldset className="mt-2" aria-describedby={dateId}>
          <legend className="h5">{t('ref.subject.consent')}</legend>
          <p id={dateId} className="small text-secondary">
            {t('ref.subject.consentHint')}
          </p>
          <div className="row">
            <div className="col-md-6">
              <SelectField
                id="agency-consent-method"
                label={t('consent.method')}
                value={f.consentMethod}
                onChange={(v) => set({ consentMethod: v })}
                options={consentMethods.map((m) => ({ value: m, label: t(`consent.method.${m}` as MessageKey) }))}
                placeholder={t('common.choose')}
                required
                error={err('consent.method')}
              />
            </div>
            <div className="col-md-6">
              <TextField id="agency-consent-date" type="date" label={t('consent.date')} value={f.consentDate} onChange={(v) => set({ consentDate: v })} required error={err('consent.date')} />
            </div>
          </div>
        </fieldset>
        <Button color="primary" type="submit" disabled={submit.busy} id="agency-send">
          {t('ref.send')}
        </Button>
      </form>
    </Page>
  );
}
