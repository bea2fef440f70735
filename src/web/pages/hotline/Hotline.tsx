/**
 * The hotline pages: the list of calls (filters: days, province, outcome), the call form made for
 * typing during a call (province first with suggestions, the routing proposal shown as soon as the
 * province is known, sensible defaults, one submit), and the page of one call.
 */
import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useOrganisations, useProvinces } from '../../reference.ts';
import { htcdsLabel, htcdsOptions } from '../../../domain/htcds/index.ts';
import { callOutcomes, callSubjectAges, callUrgencies, callerTypes, hotlineLimits } from '../../../domain/hotline/index.ts';
import { nationalityGroups, sexGenders } from '../../../domain/outreach/lists.ts';
import { label } from '../field/controls.tsx';
import {
  callerTypeLabel,
  languageLabel,
  languageOptions,
  localToIso,
  outcomeLabel,
  provinceLabel,
  resolveProvince,
  ruleLabel,
  urgencyLabel,
  type CallDetail,
  type CallListItem,
  type RoutingProposal,
} from './model.ts';

export function HotlineCallsPage() {
  const { t, locale, formatDateTime } = useI18n();
  const provinces = useProvinces();
  const [params, setParams] = useSearchParams();
  const current = { from: params.get('from') ?? '', to: params.get('to') ?? '', province: params.get('province') ?? '', outcome: params.get('outcome') ?? '' };
  const [draft, setDraft] = useState(current);
  const list = useLoad(
    (signal) => api.get<{ items: CallListItem[]; total: number }>('/api/hotline/calls', { ...current, limit: 100 }, signal),
    params.toString(),
  );
  const provinceOpts = [
    { value: 'unknown', label: t('hotline.provinceUnknown') },
    { value: 'abroad', label: t('hotline.provinceAbroad') },
    ...(provinces.data ?? []).map((p) => ({ value: p.code, label: `${p.name} (${p.abbreviation})` })),
  ];
  return (
    <Page
      title={t('hotline.listTitle')}
      lead={t('hotline.listLead')}
      actions={
        <>
          <Link className="btn btn-primary" to="/hotline/new">
            {t('hotline.newCall')}
          </Link>
          <Link className="btn btn-outline-primary" to="/hotline/roster">
            {t('hotline.roster')}
          </Link>
          <Link className="btn btn-outline-primary" to="/transfer-coordinations">
            {t('coord.link')}
          </Link>
        </>
      }
    >
      <form
        className="filters row g-3"
        role="search"
        aria-label={t('common.filter')}
        onSubmit={(e) => {
          e.preventDefault();
          setParams(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)));
        }}
      >
        <div className="col-md-2">
          <TextField id="call-from" type="date" label={t('hotline.from')} value={draft.from} onChange={(v) => setDraft({ ...draft, from: v })} />
        </div>
        <div className="col-md-2">
          <TextField id="call-to" type="date" label={t('hotline.to')} value={draft.to} onChange={(v) => setDraft({ ...draft, to: v })} />
        </div>
        <div className="col-md-4">
          <SelectField id="call-province-filter" label={t('hotline.province')} value={draft.province} onChange={(v) => setDraft({ ...draft, province: v })} options={provinceOpts} placeholder={t('common.all')} />
        </div>
        <div className="col-md-4">
          <SelectField
            id="call-outcome-filter"
            label={t('hotline.outcome')}
            value={draft.outcome}
            onChange={(v) => setDraft({ ...draft, outcome: v })}
            options={callOutcomes.map((o) => ({ value: o.key, label: o.name[locale] }))}
            placeholder={t('common.all')}
          />
        </div>
        <div className="col-12">
          <Button color="primary" type="submit">
            {t('common.filter')}
          </Button>
        </div>
      </form>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-responsive mt-3">
          <Table hover id="call-table">
            <caption className="visually-hidden">{t('hotline.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.code')}</th>
                <th scope="col">{t('hotline.receivedAt')}</th>
                <th scope="col">{t('hotline.province')}</th>
                <th scope="col">{t('hotline.language')}</th>
                <th scope="col">{t('hotline.callerType')}</th>
                <th scope="col">{t('hotline.urgency')}</th>
                <th scope="col">{t('hotline.outcome')}</th>
                <th scope="col">{t('hotline.routedTo')}</th>
                <th scope="col">{t('hotline.referral')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/hotline/calls/${c.id}`}>{c.code}</Link>
                  </th>
                  <td>{formatDateTime(c.receivedAt)}</td>
                  <td>{provinceLabel(c.province, provinces.data, t)}</td>
                  <td>{languageLabel(c.language, locale)}</td>
                  <td>{callerTypeLabel(c.callerType, locale)}</td>
                  <td>{urgencyLabel(c.urgency, locale)}</td>
                  <td>{outcomeLabel(c.outcome, locale)}</td>
                  <td>{c.routing?.organisation ? `${c.routing.organisation.name} (${ruleLabel(c.routing.rule, t)})` : '—'}</td>
                  <td>{c.referralCode ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {list.data.items.length === 0 ? <p>{t('common.noResults')}</p> : null}
        </div>
      ) : null}
    </Page>
  );
}

const OTHER = '__other__';

export function HotlineCallFormPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const provinces = useProvinces();
  const organisations = useOrganisations();
  const submit = useSubmit();
  const [f, setF] = useState({
    province: '',
    municipality: '',
    language: 'it',
    callerType: 'potential_victim',
    subjectSex: '',
    subjectAge: '',
    subjectNationality: '',
    exploitationTypes: [] as string[],
    urgency: 'routine',
    anonymous: true,
    name: '',
    phone: '',
    bestTime: '',
    contactAgreed: false,
    summary: '',
    duration: '',
    receivedAt: '',
    outcome: 'routed',
    routeTo: '',
    otherOrgId: '',
    overrideReason: '',
    message: '',
  });
  const set = (patch: Partial<typeof f>) => setF((prev) => ({ ...prev, ...patch }));
  const province = resolveProvince(f.province, provinces.data);
  const routing = useLoad(
    async (signal) => (province ? api.get<RoutingProposal>('/api/hotline/routing', { province }, signal) : null),
    `routing:${province ?? ''}`,
  );
  const proposal = routing.data;
  const proposedName = proposal?.candidates.find((c) => c.orgId === proposal.orgId)?.name ?? null;
  const chosen = f.routeTo === OTHER ? f.otherOrgId : f.routeTo || proposal?.orgId || '';
  const overridden = f.outcome === 'routed' && !!chosen && chosen !== proposal?.orgId;
  const languages = useMemo(() => languageOptions(locale), [locale]);
  const provinceSuggestions = [t('hotline.provinceUnknown'), t('hotline.provinceAbroad'), ...(provinces.data ?? []).map((p) => `${p.name} (${p.abbreviation})`)];
  const otherBodies = (organisations.data ?? []).filter((o) => o.isActive && o.type !== 'hotline').map((o) => ({ value: o.id, label: o.name }));

  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!province) e.province = f.province.trim() ? t('hotline.provinceNotFound') : t('common.required');
    if (!f.anonymous && !f.name.trim()) e['caller.name'] = t('common.required');
    if (f.summary.length > hotlineLimits.summary) e.summary = t('hotline.summaryHint', { max: hotlineLimits.summary });
    if (f.outcome === 'routed' && f.routeTo === OTHER && !f.otherOrgId) e['routing.orgId'] = t('common.required');
    if (overridden && !f.overrideReason.trim()) e['routing.overrideReason'] = t('common.required');
    return e;
  };

  const onSubmit = (): Promise<void> =>
    submit.run(validate, async () => {
      const minutes = f.duration.trim() ? Math.round(Number(f.duration.replace(',', '.')) * 60) : undefined;
      const body = {
        province,
        ...(f.municipality.trim() ? { municipality: f.municipality.trim() } : {}),
        language: f.language,
        callerType: f.callerType,
        ...(f.subjectSex ? { subjectSex: f.subjectSex } : {}),
        ...(f.subjectAge ? { subjectAge: f.subjectAge } : {}),
        ...(f.subjectNationality ? { subjectNationality: f.subjectNationality } : {}),
        exploitationTypes: f.exploitationTypes,
        urgency: f.urgency,
        anonymous: f.anonymous,
        ...(f.anonymous
          ? {}
          : {
              caller: {
                name: f.name,
                ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
                ...(f.bestTime.trim() ? { bestTime: f.bestTime.trim() } : {}),
                contactAgreed: f.contactAgreed,
              },
            }),
        ...(f.summary.trim() ? { summary: f.summary } : {}),
        ...(minutes !== undefined && Number.isFinite(minutes) ? { durationSeconds: minutes } : {}),
        ...(localToIso(f.receivedAt) ? { receivedAt: localToIso(f.receivedAt) } : {}),
        outcome: f.outcome,
        ...(f.outcome === 'routed'
          ? {
              routing: {
                ...(chosen ? { orgId: chosen } : {}),
                ...(overridden ? { overrideReason: f.overrideReason } : {}),
                ...(f.message.trim() ? { message: f.message } : {}),
              },
            }
          : {}),
      };
      const created = await api.post<CallDetail>('/api/hotline/calls', body);
      const notice = created.referral
        ? t('hotline.createdRouted', { code: created.code, name: created.routing?.organisation?.name ?? '', referral: created.referral.code })
        : t('hotline.created', { code: created.code });
      void navigate(`/hotline/calls/${created.id}`, { state: { notice } });
    });

  const err = submit.fieldErrors;
  return (
    <Page title={t('hotline.newCall')}>
      <form
        id="call-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
      >
        <ErrorAlert error={submit.error} />
        <div className="row g-3">
          <div className="col-md-6">
            <TextField
              id="call-province"
              label={t('hotline.province')}
              hint={t('hotline.provinceHint')}
              value={f.province}
              onChange={(v) => set({ province: v, routeTo: '' })}
              error={err.province}
              required
              autoFocus
              autoComplete="off"
              list="call-province-list"
            />
            <datalist id="call-province-list">
              {provinceSuggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            <p id="call-province-resolved" className="small" aria-live="polite">
              {province ? t('hotline.provinceResolved', { name: provinceLabel(province, provinces.data, t) }) : f.province.trim() ? t('hotline.provinceNotFound') : ''}
            </p>
          </div>
          <div className="col-md-3">
            <SelectField id="call-language" label={t('hotline.language')} value={f.language} onChange={(v) => set({ language: v })} options={languages} error={err.language} />
          </div>
          <div className="col-md-3">
            <SelectField
              id="call-caller-type"
              label={t('hotline.callerType')}
              value={f.callerType}
              onChange={(v) => set({ callerType: v })}
              options={callerTypes.map((c) => ({ value: c.key, label: c.name[locale] }))}
            />
          </div>
        </div>

        <fieldset className="mb-3" id="call-subject" aria-describedby="call-subject-hint">
          <legend className="fs-6 fw-semibold">{t('hotline.subject')}</legend>
          <p id="call-subject-hint" className="small">
            {t('hotline.subjectHint')}
          </p>
          <div className="row g-3">
            <div className="col-md-4">
              <SelectField
                id="call-subject-sex"
                label={t('hotline.subjectSex')}
                value={f.subjectSex}
                onChange={(v) => set({ subjectSex: v })}
                options={sexGenders.map((k) => ({ value: k, label: label(t, 'hotline.sex', k) }))}
                placeholder={t('hotline.notRecorded')}
                error={err.subjectSex}
              />
            </div>
            <div className="col-md-4">
              <SelectField
                id="call-subject-age"
                label={t('hotline.subjectAge')}
                value={f.subjectAge}
                onChange={(v) => set({ subjectAge: v })}
                options={callSubjectAges.map((k) => ({ value: k, label: label(t, 'hotline.age', k) }))}
                placeholder={t('hotline.notRecorded')}
                error={err.subjectAge}
              />
            </div>
            <div className="col-md-4">
              <SelectField
                id="call-subject-nationality"
                label={t('hotline.subjectNationality')}
                value={f.subjectNationality}
                onChange={(v) => set({ subjectNationality: v })}
                options={nationalityGroups.map((k) => ({ value: k, label: label(t, 'field.nat', k) }))}
                placeholder={t('hotline.notRecorded')}
                error={err.subjectNationality}
              />
            </div>
          </div>
        </fieldset>

        <fieldset className="mb-3">
          <legend className="fs-6 fw-semibold">{t('hotline.urgency')}</legend>
          <div className="d-flex gap-4 flex-wrap">
            {callUrgencies.map((u) => (
              <div className="form-check form-check-inline" key={u.key}>
                <input type="radio" id={`call-urgency-${u.key}`} name="call-urgency" checked={f.urgency === u.key} onChange={() => set({ urgency: u.key })} />
                <label htmlFor={`call-urgency-${u.key}`}>{u.name[locale]}</label>
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset className="mb-3" id="call-exploitation">
          <legend className="fs-6 fw-semibold">{t('hotline.exploitation')}</legend>
          <div className="d-flex gap-3 flex-wrap">
            {htcdsOptions({ field: 'vic_TypeOfExploitation', locale }).map((o) => (
              <Checkbox
                key={o.value}
                id={`call-exploitation-${o.value}`}
                label={o.label}
                checked={f.exploitationTypes.includes(o.value)}
                onChange={(on) => set({ exploitationTypes: on ? [...f.exploitationTypes, o.value] : f.exploitationTypes.filter((x) => x !== o.value) })}
              />
            ))}
          </div>
        </fieldset>

        <Checkbox id="call-anonymous" label={t('hotline.anonymous')} checked={f.anonymous} onChange={(v) => set({ anonymous: v })} />
        {!f.anonymous ? (
          <fieldset className="row g-3 mt-1" id="call-caller">
            <legend className="visually-hidden">{t('hotline.caller')}</legend>
            <div className="col-md-4">
              <TextField id="call-caller-name" label={t('hotline.callerName')} value={f.name} onChange={(v) => set({ name: v })} error={err['caller.name'] ?? err.caller} required autoComplete="off" />
            </div>
            <div className="col-md-4">
              <TextField id="call-caller-phone" type="tel" label={t('hotline.callerPhone')} value={f.phone} onChange={(v) => set({ phone: v })} error={err['caller.phone']} autoComplete="off" />
            </div>
            <div className="col-md-4">
              <TextField id="call-caller-best-time" label={t('hotline.callerBestTime')} value={f.bestTime} onChange={(v) => set({ bestTime: v })} error={err['caller.bestTime']} autoComplete="off" />
            </div>
            <div className="col-12">
              <Checkbox id="call-contact-agreed" label={t('hotline.contactAgreed')} hint={t('hotline.contactAgreedHint')} checked={f.contactAgreed} onChange={(v) => set({ contactAgreed: v })} />
            </div>
          </fieldset>
        ) : null}

        <TextArea
          id="call-summary"
          className="mt-3"
          label={t('hotline.summary')}
          hint={t('hotline.summaryHint', { max: hotlineLimits.summary })}
          value={f.summary}
          onChange={(v) => set({ summary: v })}
          error={err.summary}
          rows={4}
        />
        <div className="row g-3">
          <div className="col-md-3">
            <TextField id="call-duration" label={t('hotline.duration')} inputMode="decimal" value={f.duration} onChange={(v) => set({ duration: v })} error={err.durationSeconds} />
          </div>
          <div className="col-md-4">
            <TextField id="call-received-at" type="datetime-local" label={t('hotline.receivedAt')} hint={t('hotline.receivedAtHint')} value={f.receivedAt} onChange={(v) => set({ receivedAt: v })} error={err.receivedAt} />
          </div>
          <div className="col-md-5">
            <TextField id="call-municipality" label={t('hotline.municipality')} inputMode="numeric" value={f.municipality} onChange={(v) => set({ municipality: v })} error={err.municipality} maxLength={6} />
          </div>
        </div>

        <SelectField
          id="call-outcome"
          label={t('hotline.outcome')}
          value={f.outcome}
          onChange={(v) => set({ outcome: v })}
          options={callOutcomes.map((o) => ({ value: o.key, label: o.name[locale] }))}
          error={err.outcome}
        />

        {f.outcome === 'routed' ? (
          <section aria-labelledby="call-routing-title" className="border rounded p-3 mb-4">
            <h2 id="call-routing-title" className="h5">
              {t('hotline.routing')}
            </h2>
            <p id="call-routing-proposal" aria-live="polite">
              {!province
                ? t('hotline.routingPickProvince')
                : routing.loading && !proposal
                  ? t('hotline.routingLoading')
                  : proposal?.orgId
                    ? t('hotline.routingProposal', { name: proposedName ?? '', rule: ruleLabel(proposal.rule, t) })
                    : t('hotline.routingNone')}
            </p>
            <ErrorAlert error={routing.error} />
            {proposal ? (
              <SelectField
                id="call-route-to"
                label={t('hotline.routeTo')}
                value={f.routeTo || proposal.orgId || ''}
                onChange={(v) => set({ routeTo: v })}
                options={[...proposal.candidates.map((c) => ({ value: c.orgId, label: `${c.name} — ${ruleLabel(c.rule, t)}` })), { value: OTHER, label: t('hotline.routeToOther') }]}
                placeholder={proposal.orgId ? undefined : '—'}
                error={f.routeTo === OTHER ? undefined : err['routing.orgId']}
              />
            ) : null}
            {f.routeTo === OTHER ? (
              <SelectField id="call-other-body" label={t('hotline.otherBody')} value={f.otherOrgId} onChange={(v) => set({ otherOrgId: v })} options={otherBodies} placeholder="—" error={err['routing.orgId']} required />
            ) : null}
            {overridden ? (
              <TextArea id="call-override-reason" label={t('hotline.overrideReason')} value={f.overrideReason} onChange={(v) => set({ overrideReason: v })} error={err['routing.overrideReason']} required rows={2} />
            ) : null}
            <TextArea id="call-message" label={t('hotline.message')} value={f.message} onChange={(v) => set({ message: v })} error={err['routing.message']} rows={2} />
          </section>
        ) : null}

        <Button color="primary" type="submit" disabled={submit.busy}>
          {t('hotline.submit')}
        </Button>
      </form>
    </Page>
  );
}

export function HotlineCallPage() {
  const { id = '' } = useParams();
  const { t, locale, formatDateTime } = useI18n();
  const location = useLocation();
  const provinces = useProvinces();
  const loaded = useLoad((signal) => api.get<CallDetail>(`/api/hotline/calls/${encodeURIComponent(id)}`, undefined, signal), id);
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  if (loaded.loading && !loaded.data) return <Loading />;
  const c = loaded.data;
  if (!c) return <ErrorAlert error={loaded.error} />;
  const row = (label: string, value: string) => (
    <>
      <dt className="col-sm-4">{label}</dt>
      <dd className="col-sm-8">{value}</dd>
    </>
  );
  return (
    <Page
      title={t('hotline.callTitle', { code: c.code })}
      actions={
        <Link className="btn btn-outline-primary" to="/hotline">
          {t('hotline.back')}
        </Link>
      }
    >
      <Notice text={notice} />
      {c.view === 'network' ? <Notice kind="info" text={t('hotline.networkView')} /> : null}
      <dl className="row" id="call-detail">
        {row(t('hotline.receivedAt'), formatDateTime(c.receivedAt))}
        {row(t('hotline.duration'), c.durationSeconds === null ? '—' : t('hotline.minutes', { n: Math.round(c.durationSeconds / 60) }))}
        {row(t('hotline.province'), provinceLabel(c.province, provinces.data, t) + (c.municipality ? ` — ${c.municipality}` : ''))}
        {row(t('hotline.language'), languageLabel(c.language, locale))}
        {row(t('hotline.callerType'), callerTypeLabel(c.callerType, locale))}
        {row(t('hotline.subjectSex'), c.subjectSex ? label(t, 'hotline.sex', c.subjectSex) : t('hotline.notRecorded'))}
        {row(t('hotline.subjectAge'), c.subjectAge ? label(t, 'hotline.age', c.subjectAge) : t('hotline.notRecorded'))}
        {row(t('hotline.subjectNationality'), c.subjectNationality ? label(t, 'field.nat', c.subjectNationality) : t('hotline.notRecorded'))}
        {row(t('hotline.exploitation'), c.exploitationTypes.map((v) => htcdsLabel({ field: 'vic_TypeOfExploitation', value: v, locale }) ?? v).join(', ') || '—')}
        {row(t('hotline.urgency'), urgencyLabel(c.urgency, locale))}
        {c.view === 'hotline'
          ? row(t('hotline.caller'), c.caller ? [c.caller.name, c.caller.phone, c.caller.bestTime].filter(Boolean).join(' · ') : t('hotline.noCaller'))
          : null}
        {c.view === 'hotline' ? row(t('hotline.summary'), c.summary ?? '—') : null}
        {row(t('hotline.outcome'), outcomeLabel(c.outcome, locale))}
        {c.routing ? row(t('hotline.routedTo'), c.routing.organisation?.name ?? '—') : null}
        {c.routing ? row(t('hotline.rule'), ruleLabel(c.routing.rule, t)) : null}
        {c.routing?.rule === 'override' ? row(t('hotline.proposed'), c.routing.proposedOrganisation?.name ?? '—') : null}
        {c.routing?.overrideReason ? row(t('hotline.overrideReasonShown'), c.routing.overrideReason) : null}
        {c.referral ? row(t('hotline.referral'), c.referral.code) : null}
        {c.operator ? row(t('hotline.operator'), c.operator.displayName ?? '—') : null}
      </dl>
    </Page>
  );
}
