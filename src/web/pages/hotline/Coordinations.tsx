/**
 * Transfers coordinated by the hotline (/transfer-coordinations). The hotline operator proposes a
 * receiving body for a case named by its code and follows the status; the body holding the case
 * confirms (which opens the ordinary transfer request) or refuses with a reason.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { api, ApiError } from '../../api.ts';
import { can } from '../../access.ts';
import { useLoad } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { forgetInboxCounts } from '../../inbox-count.ts';
import { useMe } from '../../session.tsx';
import { useOrganisations } from '../../reference.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { labelOr } from '../cases/model.ts';

const reasons = ['safety', 'change_of_location', 'specialised_programme', 'other'] as const;
const refusals = ['no_consent', 'person_unavailable', 'handled_locally', 'other'] as const;

interface Coordination {
  id: string;
  side: 'hotline' | 'sender';
  caseCode: string;
  caseId: string | null;
  personCode: string | null;
  from: { id: string; name: string };
  to: { id: string; name: string };
  reason: string;
  message: string | null;
  status: string;
  open: boolean;
  refusalReason: string | null;
  proposedAt: string;
}

function asError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ status: 500, code: 'internal', message: String(e) });
}

function ProposeForm(props: { onDone: () => void }) {
  const { t } = useI18n();
  const organisations = useOrganisations();
  const [caseCode, setCaseCode] = useState('');
  const [fromOrgId, setFrom] = useState('');
  const [toOrgId, setTo] = useState('');
  const [reason, setReason] = useState<string>('safety');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const bodies = (organisations.data ?? []).filter((o) => o.isActive && o.type !== 'hotline').map((o) => ({ value: o.id, label: o.name }));
  const issue = (path: string) => error?.issues.find((i) => i.path === path)?.message;
  const submit = async (e: { preventDefault(): void }) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/transfer-coordinations', { caseCode: caseCode.trim(), fromOrgId, toOrgId, reason, ...(message.trim() ? { message: message.trim() } : {}) });
      setCaseCode('');
      setMessage('');
      props.onDone();
    } catch (err) {
      setError(asError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="coord-propose-title" className="mb-5" id="coord-propose">
      <h2 id="coord-propose-title" className="h4">
        {t('coord.propose')}
      </h2>
      <ErrorAlert error={error} />
      <div className="row">
        <TextField className="col-md-4" label={t('coord.caseCode')} hint={t('coord.caseCodeHint')} value={caseCode} onChange={setCaseCode} required error={issue('caseCode')} />
        <SelectField className="col-md-4" label={t('coord.fromOrg')} value={fromOrgId} onChange={setFrom} options={bodies} placeholder="—" required error={issue('fromOrgId')} />
        <SelectField className="col-md-4" label={t('coord.toOrg')} value={toOrgId} onChange={setTo} options={bodies} placeholder="—" required error={issue('toOrgId')} />
      </div>
      <SelectField label={t('coord.reason')} value={reason} onChange={setReason} options={reasons.map((r) => ({ value: r, label: t(`transfer.reason.${r}` as MessageKey) }))} />
      <TextArea label={t('coord.message')} value={message} onChange={setMessage} rows={2} error={issue('message')} />
      <Button color="primary" type="submit" disabled={busy}>
        {t('coord.send')}
      </Button>
    </form>
  );
}

function SenderActions(props: { c: Coordination; onDone: (text: string) => void }) {
  const { t } = useI18n();
  const [explanation, setExplanation] = useState('');
  const [refusal, setRefusal] = useState<string>('');
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (path: 'confirm' | 'refuse', body: object) => {
    setError(null);
    try {
      await api.post(`/api/transfer-coordinations/${props.c.id}/${path}`, body);
      forgetInboxCounts();
      props.onDone(t('coord.answered'));
    } catch (err) {
      setError(asError(err));
    }
  };
  return (
    <div className="mt-2">
      <ErrorAlert error={error} />
      <TextArea label={t('coord.explanation')} value={explanation} onChange={setExplanation} rows={2} error={error?.issues.find((i) => i.path === 'explanation')?.message} />
      <Button color="primary" size="sm" type="button" onClick={() => void act('confirm', { explanation })}>
        {t('coord.confirm')}
      </Button>
      <div className="d-flex flex-wrap gap-2 align-items-end mt-3">
        <SelectField className="mb-0" label={t('coord.refusalReason')} value={refusal} onChange={setRefusal} placeholder="—" options={refusals.map((r) => ({ value: r, label: t(`coord.refusal.${r}` as MessageKey) }))} />
        <Button color="secondary" outline size="sm" type="button" disabled={!refusal} onClick={() => void act('refuse', { reason: refusal })}>
          {t('coord.refuse')}
        </Button>
      </div>
    </div>
  );
}

export function CoordinationsPage() {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const hotline = can(me, 'hotline.write');
  const list = useLoad((signal) => api.get<{ items: Coordination[] }>('/api/transfer-coordinations', undefined, signal), 'coordinations');
  const [notice, setNotice] = useState<string | null>(null);
  const withdraw = async (id: string) => {
    await api.post(`/api/transfer-coordinations/${id}/withdraw`).catch(() => undefined);
    forgetInboxCounts();
    list.reload();
  };
  return (
    <Page title={t('coord.title')} lead={t('coord.lead')}>
      <Notice text={notice} />
      {hotline ? (
        <ProposeForm
          onDone={() => {
            setNotice(t('coord.sent'));
            forgetInboxCounts();
            list.reload();
          }}
        />
      ) : null}
      <ErrorAlert error={list.error} />
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p>{t('coord.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <ul className="list-unstyled" id="coord-list">
          {list.data.items.map((c) => (
            <li key={c.id} className={`border-start border-4 ps-3 mb-4 ${c.open ? 'border-primary' : ''}`}>
              <strong>{c.caseCode}</strong>
              {c.personCode ? ` (${c.personCode})` : ''} · {c.from.name} → {c.to.name} · {t(`transfer.reason.${c.reason}` as MessageKey)}
              <div>
                {t('coord.status')}: <span className="fw-semibold">{labelOr(t, `coord.status.${c.status}`, c.status)}</span>
                {c.refusalReason ? ` — ${labelOr(t, `coord.refusal.${c.refusalReason}`, c.refusalReason)}` : ''}
                <span className="small text-secondary"> · {t('coord.proposedAt')} {formatDateTime(c.proposedAt)}</span>
              </div>
              {c.message ? <p className="mb-1 pre-wrap">{c.message}</p> : null}
              {c.side === 'sender' && c.caseId ? <Link to={`/cases/${c.caseId}`}>{t('coord.case')}</Link> : null}
              {c.side === 'sender' && c.status === 'proposed' && can(me, 'cases.write') ? (
                <SenderActions
                  c={c}
                  onDone={(text) => {
                    setNotice(text);
                    list.reload();
                  }}
                />
              ) : null}
              {c.side === 'hotline' && c.status === 'proposed' ? (
                <Button color="secondary" outline size="sm" type="button" className="mt-1" onClick={() => void withdraw(c.id)}>
                  {t('coord.withdraw')}
                  <span className="visually-hidden"> {c.caseCode}</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
