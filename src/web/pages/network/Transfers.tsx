/**
 * Transfers of a whole case (features/transfers): the request from the case page, the incoming and
 * outgoing boxes (accept or decline with a note, withdraw), and the former owner's read-only view
 * of what it wrote while it held the case. Lists name cases and persons by code only.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { SelectField, TextArea } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useOrganisations } from '../../reference.ts';
import { can } from '../../access.ts';
import { useMe } from '../../session.tsx';

export const transferReasons = ['safety', 'change_of_location', 'specialised_programme', 'other'] as const;
type TransferStatus = 'requested' | 'accepted' | 'declined' | 'withdrawn';

export interface Transfer {
  id: string;
  caseId: string;
  caseCode: string;
  personCode: string;
  casePhase: string;
  side: 'sender' | 'receiver';
  from: { id: string; name: string };
  to: { id: string; name: string };
  reason: (typeof transferReasons)[number];
  explanation: string;
  consentBasis: 'consent' | 'guardian_consent' | 'override';
  overrideReason: string | null;
  status: TransferStatus;
  requestedBy: { id: string; displayName: string | null };
  requestedAt: string;
  decidedBy: { id: string; displayName: string | null } | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

interface FormerRecords {
  transferId: string;
  caseCode: string;
  window: { from: string; to: string };
  notes: { id: string; text: string; authorName: string | null; createdAt: string }[];
  services: { id: string; type: string; status: string; startsOn: string | null; endsOn: string | null; notes: string | null; createdAt: string }[];
  goals: { id: string; title: string; status: string; createdAt: string }[];
  documents: { id: string; fileName: string; mediaType: string; sizeBytes: number; uploadedAt: string }[];
}

const reasonKey = (r: string) => `transfer.reason.${r}` as MessageKey;
const statusKey = (s: string) => `transfer.status.${s}` as MessageKey;
const statusColor: Record<TransferStatus, string> = { requested: 'warning', accepted: 'success', declined: 'danger', withdrawn: 'secondary' };

/** The request form: /cases/:id/transfer. */
export function TransferRequestPage() {
  const { t } = useI18n();
  const me = useMe();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const orgs = useOrganisations();
  const [toOrgId, setToOrgId] = useState('');
  const [reason, setReason] = useState('');
  const [explanation, setExplanation] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const form = useSubmit();
  const mayOverride = can(me, 'referrals.override_consent');
  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!toOrgId) e.toOrgId = t('validation.required');
    if (!reason) e.reason = t('validation.required');
    if (explanation.trim().length < 10) e.explanation = t('transfer.min10');
    if (overrideReason && overrideReason.trim().length < 10) e.overrideReason = t('transfer.min10');
    return e;
  };
  const options = (orgs.data ?? []).filter((o) => o.id !== me.organisation?.id).map((o) => ({ value: o.id, label: o.name }));
  return (
    <Page title={t('transfer.requestTitle')} lead={t('transfer.requestLead')} narrow>
      <ErrorAlert error={orgs.error ?? form.error} />
      {orgs.loading && !orgs.data ? <Loading /> : null}
      <form
        noValidate
        id="transfer-form"
        onSubmit={(e) => {
          e.preventDefault();
          void form.run(validate, async () => {
            await api.post(`/api/cases/${encodeURIComponent(id)}/transfers`, {
              toOrgId,
              reason,
              explanation: explanation.trim(),
              ...(overrideReason.trim() ? { overrideReason: overrideReason.trim() } : {}),
            });
            void navigate('/transfers?box=out&sent=1');
          });
        }}
      >
        <SelectField id="transfer-to" label={t('transfer.to')} value={toOrgId} onChange={setToOrgId} options={options} placeholder={t('transfer.choose')} required error={form.fieldErrors.toOrgId} />
        <SelectField
          id="transfer-reason"
          label={t('transfer.reason')}
          value={reason}
          onChange={setReason}
          options={transferReasons.map((r) => ({ value: r, label: t(reasonKey(r)) }))}
          placeholder={t('transfer.choose')}
          required
          error={form.fieldErrors.reason}
        />
        <TextArea id="transfer-explanation" label={t('transfer.explanation')} hint={t('transfer.explanationHint')} value={explanation} onChange={setExplanation} required error={form.fieldErrors.explanation} />
        {mayOverride ? (
          <TextArea id="transfer-override" label={t('transfer.overrideReason')} hint={t('transfer.overrideHint')} value={overrideReason} onChange={setOverrideReason} error={form.fieldErrors.overrideReason} />
        ) : (
          <p className="small text-secondary">{t('transfer.consentNote')}</p>
        )}
        <Button color="primary" type="submit" disabled={form.busy}>
          {t('transfer.send')}
        </Button>{' '}
        <Link className="btn btn-outline-secondary" to={`/cases/${encodeURIComponent(id)}`}>
          {t('common.cancel')}
        </Link>
      </form>
    </Page>
  );
}

/** Incoming and outgoing transfers: /transfers?box=in|out. */
export function TransfersPage() {
  const { t } = useI18n();
  const params = new URLSearchParams(window.location.search);
  const [box, setBox] = useState<'in' | 'out'>(params.get('box') === 'out' ? 'out' : 'in');
  const [notice, setNotice] = useState<string | null>(params.get('sent') ? t('transfer.sent') : null);
  const list = useLoad(async (signal) => (await api.get<{ items: Transfer[] }>('/api/case-transfers', { box }, signal)).items, `transfers-${box}`);
  return (
    <Page title={t('transfer.title')} lead={t('transfer.lead')}>
      <Notice text={notice} />
      <ul className="nav nav-tabs mb-3">
        {(['in', 'out'] as const).map((b) => (
          <li className="nav-item" key={b}>
            <button type="button" className={`nav-link${box === b ? ' active' : ''}`} aria-pressed={box === b} onClick={() => setBox(b)} id={`transfers-box-${b}`}>
              {t(b === 'in' ? 'transfer.boxIn' : 'transfer.boxOut')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p>{t('transfer.none')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <div id="transfer-list">
          {list.data.map((tr) => (
            <TransferItem
              key={tr.id}
              transfer={tr}
              onDone={(text) => {
                setNotice(text);
                list.reload();
              }}
            />
          ))}
        </div>
      ) : null}
    </Page>
  );
}

function TransferItem(props: { transfer: Transfer; onDone(text: string): void }) {
  const { t, formatDateTime } = useI18n();
  const tr = props.transfer;
  const [note, setNote] = useState('');
  const form = useSubmit();
  const open = tr.status === 'requested';
  const decide = (decision: 'accept' | 'decline') =>
    void form.run(
      (): FieldErrors => (decision === 'decline' && !note.trim() ? { note: t('transfer.noteRequired') } : {}),
      async () => {
        await api.post(`/api/case-transfers/${tr.id}/decision`, { decision, ...(note.trim() ? { note: note.trim() } : {}) });
        props.onDone(t(decision === 'accept' ? 'transfer.accepted' : 'transfer.declined'));
      },
    );
  return (
    <article className="card card-bg mb-3 transfer-item" aria-labelledby={`transfer-${tr.id}`}>
      <div className="card-body">
        <h2 className="h5" id={`transfer-${tr.id}`}>
          {tr.caseCode} · {tr.personCode} <Badge color={statusColor[tr.status]}>{t(statusKey(tr.status))}</Badge>
        </h2>
        <dl className="row mb-2">
          <dt className="col-sm-3">{t('transfer.from')}</dt>
          <dd className="col-sm-9">{tr.from.name}</dd>
          <dt className="col-sm-3">{t('transfer.to')}</dt>
          <dd className="col-sm-9">{tr.to.name}</dd>
          <dt className="col-sm-3">{t('transfer.reason')}</dt>
          <dd className="col-sm-9">{t(reasonKey(tr.reason))}</dd>
          <dt className="col-sm-3">{t('transfer.explanation')}</dt>
          <dd className="col-sm-9">{tr.explanation}</dd>
          <dt className="col-sm-3">{t('transfer.consent')}</dt>
          <dd className="col-sm-9">
            {t(`transfer.basis.${tr.consentBasis}` as MessageKey)}
            {tr.overrideReason ? ` — ${tr.overrideReason}` : ''}
          </dd>
          <dt className="col-sm-3">{t('transfer.requestedAt')}</dt>
          <dd className="col-sm-9">
            {formatDateTime(tr.requestedAt)}
            {tr.requestedBy.displayName ? ` · ${tr.requestedBy.displayName}` : ''}
          </dd>
          {tr.decidedAt ? (
            <>
              <dt className="col-sm-3">{t('transfer.decidedAt')}</dt>
              <dd className="col-sm-9">
                {formatDateTime(tr.decidedAt)}
                {tr.decidedBy?.displayName ? ` · ${tr.decidedBy.displayName}` : ''}
                {tr.decisionNote ? ` — ${tr.decisionNote}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        <ErrorAlert error={form.error} />
        {open && tr.side === 'receiver' ? (
          <div>
            <TextArea id={`transfer-note-${tr.id}`} label={t('transfer.note')} hint={t('transfer.noteHint')} value={note} onChange={setNote} rows={2} error={form.fieldErrors.note} />
            <Button color="primary" disabled={form.busy} onClick={() => decide('accept')}>
              {t('transfer.accept')}
            </Button>{' '}
            <Button color="danger" outline disabled={form.busy} onClick={() => decide('decline')}>
              {t('transfer.decline')}
            </Button>
          </div>
        ) : null}
        {open && tr.side === 'sender' ? (
          <Button
            color="secondary"
            outline
            disabled={form.busy}
            onClick={() =>
              void form.run(
                () => ({}),
                async () => {
                  await api.post(`/api/case-transfers/${tr.id}/withdraw`, {});
                  props.onDone(t('transfer.withdrawn'));
                },
              )
            }
          >
            {t('transfer.withdraw')}
          </Button>
        ) : null}
        {tr.status === 'accepted' && tr.side === 'sender' ? (
          <Link to={`/transfers/${tr.id}/records`}>{t('transfer.formerRecords')}</Link>
        ) : null}
        {tr.status === 'accepted' && tr.side === 'receiver' ? <Link to={`/cases/${tr.caseId}`}>{t('transfer.openCase')}</Link> : null}
      </div>
    </article>
  );
}

/** The former owner's read-only view: /transfers/:id/records. */
export function FormerRecordsPage() {
  const { t, formatDateTime, formatDate } = useI18n();
  const { id = '' } = useParams();
  const data = useLoad((signal) => api.get<FormerRecords>(`/api/case-transfers/${encodeURIComponent(id)}/records`, undefined, signal), `former-${id}`);
  const r = data.data;
  return (
    <Page title={r ? t('transfer.formerTitle', { code: r.caseCode }) : t('transfer.formerRecords')} lead={t('transfer.formerLead')}>
      <ErrorAlert error={data.error} />
      {data.loading && !r ? <Loading /> : null}
      {r ? (
        <>
          <p>{t('transfer.window', { from: formatDateTime(r.window.from), to: formatDateTime(r.window.to) })}</p>
          <section aria-labelledby="former-notes" className="mb-4">
            <h2 id="former-notes" className="h4">{t('transfer.notes')}</h2>
            {r.notes.length === 0 ? <p>{t('transfer.nothing')}</p> : (
              <ul id="former-notes-list">
                {r.notes.map((n) => (
                  <li key={n.id}>
                    <span className="small text-secondary">{formatDateTime(n.createdAt)}{n.authorName ? ` · ${n.authorName}` : ''}</span>: {n.text}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="former-services" className="mb-4">
            <h2 id="former-services" className="h4">{t('transfer.services')}</h2>
            {r.services.length === 0 ? <p>{t('transfer.nothing')}</p> : (
              <div className="table-responsive">
                <Table>
                  <caption className="visually-hidden">{t('transfer.services')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('transfer.serviceType')}</th>
                      <th scope="col">{t('transfer.serviceStatus')}</th>
                      <th scope="col">{t('transfer.serviceFrom')}</th>
                      <th scope="col">{t('transfer.serviceTo')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.services.map((s) => (
                      <tr key={s.id}>
                        <td>{s.type}</td>
                        <td>{s.status}</td>
                        <td>{s.startsOn ? formatDate(s.startsOn) : '—'}</td>
                        <td>{s.endsOn ? formatDate(s.endsOn) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            )}
          </section>
          <section aria-labelledby="former-goals" className="mb-4">
            <h2 id="former-goals" className="h4">{t('transfer.goals')}</h2>
            {r.goals.length === 0 ? <p>{t('transfer.nothing')}</p> : (
              <ul>
                {r.goals.map((g) => (
                  <li key={g.id}>
                    {g.title} · {g.status}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="former-docs" className="mb-4">
            <h2 id="former-docs" className="h4">{t('transfer.documents')}</h2>
            {r.documents.length === 0 ? <p>{t('transfer.nothing')}</p> : (
              <ul>
                {r.documents.map((d) => (
                  <li key={d.id}>
                    <a href={`/api/case-transfers/${encodeURIComponent(r.transferId)}/documents/${encodeURIComponent(d.id)}`}>{d.fileName}</a> · {formatDateTime(d.uploadedAt)}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <Link to="/transfers?box=out">{t('transfer.back')}</Link>
        </>
      ) : null}
    </Page>
  );
}
