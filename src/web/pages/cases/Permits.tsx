/**
 * Residence permits: the case's tab (requests and permits, their steps with dates, a form for a
 * new request, one button per step the machine allows) and the person's legal-status history.
 * Labels of types, statuses and proposers come from src/domain/permits; the server decides who
 * may write (permits.write) and checks every step again.
 */
import { useState } from 'react';
import { Badge, Button, Table } from 'design-react-kit';
import { Link } from 'react-router-dom';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice } from '../../components/Page.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import {
  conversionTargetLabels,
  conversionTargets,
  findPermitStep,
  permitStatusLabels,
  permitTypeCodes,
  permitTypes,
  proposerKindLabels,
  type PermitStatus,
  type PermitType,
  type ProposerKind,
} from '../../../domain/permits/index.ts';

interface PermitEvent {
  id: string;
  fromStatus: PermitStatus | null;
  toStatus: PermitStatus;
  on: string;
  expiresOn: string | null;
  userName: string | null;
  userId: string | null;
  note: string | null;
}
export interface Permit {
  id: string;
  caseId: string;
  caseCode: string;
  type: PermitType;
  proposerKind: ProposerKind | null;
  proposerOrganisationName: string | null;
  questuraOrganisationName: string | null;
  status: PermitStatus;
  requestedOn: string;
  expiresOn: string | null;
  convertedTo: 'work' | 'study' | null;
  permitNumber: string | null;
  note: string | null;
  renewalDue: boolean;
  nextSteps: PermitStatus[];
  events: PermitEvent[];
  version: number;
}

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function StatusBadge(props: { p: Permit }) {
  const { locale, t } = useI18n();
  const color = props.p.status === 'issued' || props.p.status === 'renewed' ? 'success' : props.p.status === 'refused' || props.p.status === 'revoked' || props.p.status === 'expired' ? 'danger' : 'secondary';
  return (
    <>
      <Badge color={color}>{permitStatusLabels[props.p.status][locale]}</Badge>
      {props.p.renewalDue ? (
        <>
          {' '}
          <Badge color="warning">{t('permit.renewalDue')}</Badge>
        </>
      ) : null}
    </>
  );
}

function History(props: { p: Permit }) {
  const { t, locale, formatDate } = useI18n();
  return (
    <div className="table-responsive">
      <Table size="sm" className="permit-history">
        <caption>{t('permit.historyOf', { type: permitTypes[props.p.type].label[locale] })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('permit.stepDate')}</th>
            <th scope="col">{t('permit.status')}</th>
            <th scope="col">{t('permit.expiresOn')}</th>
            <th scope="col">{t('permit.note')}</th>
          </tr>
        </thead>
        <tbody>
          {props.p.events.map((e) => (
            <tr key={e.id}>
              <td>{formatDate(e.on)}</td>
              <td>
                {permitStatusLabels[e.toStatus][locale]}
                <span className="d-block small text-muted">{e.userId ? (e.userName ?? '') : t('permit.system')}</span>
              </td>
              <td>{e.expiresOn ? formatDate(e.expiresOn) : '—'}</td>
              <td className="text-prewrap">{e.note ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function StepForm(props: { p: Permit; to: PermitStatus; onDone: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const step = findPermitStep(props.p.status, props.to);
  const needsExpiry = !!step?.requires.includes('expiresOn');
  const needsTarget = !!step?.requires.includes('convertedTo');
  const [on, setOn] = useState(today());
  const [expiresOn, setExpiresOn] = useState('');
  const [convertedTo, setConvertedTo] = useState('');
  const [number, setNumber] = useState('');
  const [note, setNote] = useState('');
  const form = useSubmit();
  const idp = `step-${props.p.id}`;
  const save = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!on) e.on = t('validation.required');
        if (needsExpiry && !expiresOn) e.expiresOn = t('validation.required');
        if (needsExpiry && expiresOn && on && expiresOn <= on) e.expiresOn = t('validation.dateOrder');
        if (needsTarget && !convertedTo) e.convertedTo = t('validation.required');
        return e;
      },
      async () => {
        await api.post(`/api/permits/${props.p.id}/steps`, {
          version: props.p.version,
          to: props.to,
          on,
          ...(needsExpiry ? { expiresOn } : {}),
          ...(needsTarget ? { convertedTo } : {}),
          ...(number.trim() ? { permitNumber: number.trim() } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        props.onDone();
      },
    );
  const title = t('permit.stepFormTitle', { step: permitStatusLabels[props.to][locale] });
  return (
    <form
      noValidate
      className="mt-3 p-3 border rounded"
      aria-labelledby={`${idp}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h4 id={`${idp}-title`} className="h6">
        {title}
      </h4>
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-4">
          <TextField id={`${idp}-on`} type="date" label={t('permit.stepDate')} value={on} onChange={setOn} required error={form.fieldErrors.on} autoFocus />
        </div>
        {needsExpiry ? (
          <div className="col-md-4">
            <TextField id={`${idp}-expires`} type="date" label={t('permit.expiresOn')} value={expiresOn} onChange={setExpiresOn} required error={form.fieldErrors.expiresOn} />
          </div>
        ) : null}
        {needsTarget ? (
          <div className="col-md-4">
            <SelectField
              id={`${idp}-target`}
              label={t('permit.convertedTo')}
              value={convertedTo}
              onChange={setConvertedTo}
              placeholder={t('common.choose')}
              required
              options={conversionTargets.filter((c) => (permitTypes[props.p.type].convertibleTo as readonly string[]).includes(c)).map((c) => ({ value: c, label: conversionTargetLabels[c][locale] }))}
              error={form.fieldErrors.convertedTo}
            />
          </div>
        ) : null}
        {needsExpiry ? (
          <div className="col-md-4">
            <TextField id={`${idp}-number`} label={t('permit.number')} value={number} onChange={setNumber} maxLength={60} error={form.fieldErrors.permitNumber} />
          </div>
        ) : null}
      </div>
      <TextArea id={`${idp}-note`} label={t('permit.note')} value={note} onChange={setNote} error={form.fieldErrors.note} />
      <Button color="primary" type="submit" disabled={form.busy}>
        {t('permit.saveStep')}
      </Button>{' '}
      <Button color="secondary" outline type="button" onClick={props.onCancel}>
        {t('permit.cancel')}
      </Button>
    </form>
  );
}

function PermitCard(props: { p: Permit; canWrite: boolean; onChanged: () => void }) {
  const { t, locale, formatDate } = useI18n();
  const [stepTo, setStepTo] = useState<PermitStatus | null>(null);
  const { p } = props;
  const headingId = `permit-${p.id}`;
  return (
    <section className="card card-bg mb-4 permit-card" aria-labelledby={headingId}>
      <div className="card-body">
        <h3 id={headingId} className="h5">
          {permitTypes[p.type].label[locale]} <StatusBadge p={p} />
        </h3>
        <dl className="row mb-2">
          <dt className="col-sm-4">{t('permit.requestedOn')}</dt>
          <dd className="col-sm-8">{formatDate(p.requestedOn)}</dd>
          {p.proposerKind ? (
            <>
              <dt className="col-sm-4">{t('permit.proposer')}</dt>
              <dd className="col-sm-8">
                {proposerKindLabels[p.proposerKind][locale]}
                {p.proposerOrganisationName ? ` – ${p.proposerOrganisationName}` : ''}
              </dd>
            </>
          ) : null}
          {p.questuraOrganisationName ? (
            <>
              <dt className="col-sm-4">{t('permit.questura')}</dt>
              <dd className="col-sm-8">{p.questuraOrganisationName}</dd>
            </>
          ) : null}
          {p.expiresOn ? (
            <>
              <dt className="col-sm-4">{t('permit.expiresOn')}</dt>
              <dd className="col-sm-8">{formatDate(p.expiresOn)}</dd>
            </>
          ) : null}
          {p.convertedTo ? (
            <>
              <dt className="col-sm-4">{t('permit.convertedTo')}</dt>
              <dd className="col-sm-8">{conversionTargetLabels[p.convertedTo][locale]}</dd>
            </>
          ) : null}
          {p.permitNumber ? (
            <>
              <dt className="col-sm-4">{t('permit.number')}</dt>
              <dd className="col-sm-8">{p.permitNumber}</dd>
            </>
          ) : null}
          {p.note ? (
            <>
              <dt className="col-sm-4">{t('permit.note')}</dt>
              <dd className="col-sm-8 text-prewrap">{p.note}</dd>
            </>
          ) : null}
        </dl>
        <History p={p} />
        {props.canWrite && p.nextSteps.length > 0 ? (
          <div role="group" aria-label={t('permit.steps')} className="d-flex flex-wrap gap-2">
            {p.nextSteps.map((s) => (
              <Button key={s} color="primary" outline size="sm" type="button" aria-pressed={stepTo === s} onClick={() => setStepTo(s)}>
                {t('permit.stepTo', { step: permitStatusLabels[s][locale] })}
              </Button>
            ))}
          </div>
        ) : null}
        {stepTo ? (
          <StepForm
            key={`${stepTo}-${p.version}`}
            p={p}
            to={stepTo}
            onCancel={() => setStepTo(null)}
            onDone={() => {
              setStepTo(null);
              props.onChanged();
            }}
          />
        ) : null}
      </div>
    </section>
  );
}

export function PermitsTab(props: { caseId: string }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const canWrite = can(me, 'permits.write');
  const list = useLoad(async (signal) => (await api.get<{ items: Permit[] }>(`/api/cases/${props.caseId}/permits`, undefined, signal)).items, props.caseId);
  const [type, setType] = useState('');
  const [proposer, setProposer] = useState('');
  const [requestedOn, setRequestedOn] = useState(today());
  const [number, setNumber] = useState('');
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();
  const def = type ? permitTypes[type as PermitType] : undefined;
  const proposers: readonly ProposerKind[] = def?.proposers ?? [];
  const add = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!type) e.type = t('validation.required');
        if (def?.proposerRequired && !proposer) e.proposerKind = t('validation.required');
        if (!requestedOn) e.requestedOn = t('validation.required');
        return e;
      },
      async () => {
        await api.post(`/api/cases/${props.caseId}/permits`, {
          type,
          requestedOn,
          ...(proposer && proposers.includes(proposer as ProposerKind) ? { proposerKind: proposer } : {}),
          ...(number.trim() ? { permitNumber: number.trim() } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        setType('');
        setProposer('');
        setNumber('');
        setNote('');
        setNotice(t('permit.created'));
        list.reload();
      },
    );
  return (
    <>
      <h2 className="h4">{t('permit.title')}</h2>
      <p>{t('permit.lead')}</p>
      <Notice text={notice} kind="success" />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.length === 0 ? (
          <p>{t('permit.none')}</p>
        ) : (
          list.data.map((p) => (
            <PermitCard
              key={`${p.id}-${p.version}`}
              p={p}
              canWrite={canWrite}
              onChanged={() => {
                setNotice(t('permit.stepSaved'));
                list.reload();
              }}
            />
          ))
        )
      ) : null}
      {canWrite ? (
        <form
          noValidate
          className="mt-4"
          aria-labelledby="permit-new"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3 id="permit-new" className="h5">
            {t('permit.new')}
          </h3>
          <ErrorAlert error={form.error} />
          <div className="row">
            <div className="col-md-6">
              <SelectField
                id="permit-type"
                label={t('permit.type')}
                value={type}
                onChange={(v) => {
                  setType(v);
                  setProposer('');
                }}
                options={permitTypeCodes.map((c) => ({ value: c, label: permitTypes[c].label[locale] }))}
                placeholder={t('common.choose')}
                required
                error={form.fieldErrors.type}
              />
            </div>
            {proposers.length > 0 ? (
              <div className="col-md-6">
                <SelectField
                  id="permit-proposer"
                  label={t('permit.proposer')}
                  hint={t('permit.proposerHint')}
                  value={proposer}
                  onChange={setProposer}
                  options={proposers.map((k) => ({ value: k, label: proposerKindLabels[k][locale] }))}
                  placeholder={t('common.choose')}
                  required={!!def?.proposerRequired}
                  error={form.fieldErrors.proposerKind}
                />
              </div>
            ) : null}
            <div className="col-md-6">
              <TextField id="permit-requested" type="date" label={t('permit.requestedOn')} value={requestedOn} onChange={setRequestedOn} required error={form.fieldErrors.requestedOn} />
            </div>
            <div className="col-md-6">
              <TextField id="permit-number" label={t('permit.number')} value={number} onChange={setNumber} maxLength={60} error={form.fieldErrors.permitNumber} />
            </div>
          </div>
          <TextArea id="permit-note" label={t('permit.note')} value={note} onChange={setNote} error={form.fieldErrors.note} />
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('permit.create')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

/** The person's legal status: the permit in force and the history across the cases the caller sees. */
export function LegalStatus(props: { personId: string }) {
  const { t, locale, formatDate } = useI18n();
  const status = useLoad(
    async (signal) => api.get<{ current: Permit | null; items: Permit[] }>(`/api/persons/${props.personId}/legal-status`, undefined, signal),
    props.personId,
  );
  return (
    <section aria-labelledby="legal-status-title">
      <h2 id="legal-status-title" className="h4 mt-4">
        {t('permit.legalStatus')}
      </h2>
      {status.error && status.error.status !== 404 ? <ErrorAlert error={status.error} /> : null}
      {status.loading && !status.data ? <Loading /> : null}
      {status.data ? (
        <>
          <p>
            {status.data.current
              ? `${t('permit.current')}: ${permitTypes[status.data.current.type].label[locale]} – ${t('permit.until', { date: formatDate(status.data.current.expiresOn) })}`
              : t('permit.noCurrent')}
          </p>
          {status.data.items.length === 0 ? (
            <p>{t('permit.noHistory')}</p>
          ) : (
            <div className="table-responsive">
              <Table id="legal-status">
                <caption className="visually-hidden">{t('permit.legalStatus')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('permit.type')}</th>
                    <th scope="col">{t('permit.status')}</th>
                    <th scope="col">{t('permit.requestedOn')}</th>
                    <th scope="col">{t('permit.expiresOn')}</th>
                    <th scope="col">{t('permit.case')}</th>
                  </tr>
                </thead>
                <tbody>
                  {status.data.items.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{permitTypes[p.type].label[locale]}</th>
                      <td>
                        <StatusBadge p={p} />
                      </td>
                      <td>{formatDate(p.requestedOn)}</td>
                      <td>{p.expiresOn ? formatDate(p.expiresOn) : '—'}</td>
                      <td>
                        <Link to={`/cases/${p.caseId}?tab=permits`}>{p.caseCode}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
