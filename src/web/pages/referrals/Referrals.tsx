/**
 * Referrals: the boxes (incoming and outgoing, as the user's permissions allow, with a status
 * filter) and the referral page (header, what was shared with the receiver while open, the moves
 * of the caller's side, taking the person in charge, the timeline and messages). The server
 * decides everything: this page shows `allowedMoves` and what the answer holds.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { forgetWaitingReferrals } from '../../referrals-count.ts';
import { serviceOptions } from '../../services.ts';
import { referralOutcomes } from '../../../domain/referrals/index.ts';
import { items, type CaseListItem } from '../cases/model.ts';
import { SharedFieldsView, SubjectView } from './Shared.tsx';
import { FirstContactPanel } from './FirstContact.tsx';
import { inCatalogueOrder, reasonLabel, referralStatusList, shareFieldLabel, statusColor, type Referral, type ReferralList } from './model.ts';

/** Tells the navigation's badge that the in-box may have changed. */
export function referralsChanged(): void {
  forgetWaitingReferrals();
}

export function StatusBadge(props: { status: string }) {
  const { t } = useI18n();
  return (
    <Badge color={statusColor(props.status)} className="referral-status">
      {t(`ref.status.${props.status}` as MessageKey)}
    </Badge>
  );
}

export function ReferralBoxesPage() {
  const { t, locale, formatDateTime } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const boxes = [...(can(me, 'referrals.receive') ? (['in'] as const) : []), ...(can(me, 'referrals.send') ? (['out'] as const) : [])];
  const requested = params.get('box');
  const box = boxes.find((b) => b === requested) ?? boxes[0] ?? 'in';
  const status = params.get('status') ?? '';
  const list = useLoad((signal) => api.get<ReferralList>('/api/referrals', { box, status, limit: 100 }, signal), `${box}:${status}`);
  const set = (next: { box?: string; status?: string }) => {
    const merged = { box, status, ...next };
    const p: Record<string, string> = { box: merged.box };
    if (merged.status) p.status = merged.status;
    setParams(p, { replace: true });
  };
  const data = list.data;
  return (
    <Page
      title={t('ref.title')}
      actions={
        can(me, 'referrals.send') && !can(me, 'cases.read') ? (
          <Link className="btn btn-primary" to="/referrals/new">
            {t('ref.new')}
          </Link>
        ) : undefined
      }
    >
      <p className="text-secondary">{t('ref.lead')}</p>
      {boxes.length > 1 ? (
        <ul className="nav nav-tabs mb-3" id="referral-boxes">
          {boxes.map((b) => (
            <li className="nav-item" key={b}>
              <Link
                className={`nav-link${b === box ? ' active' : ''}`}
                aria-current={b === box ? 'page' : undefined}
                to={`/referrals?box=${b}${status ? `&status=${status}` : ''}`}
                replace
              >
                {t(b === 'in' ? 'ref.box.in' : 'ref.box.out')}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <h2 className="h4">{t(box === 'in' ? 'ref.box.in' : 'ref.box.out')}</h2>
      <div className="row">
        <div className="col-md-4">
          <SelectField
            id="referral-status-filter"
            label={t('ref.statusFilter')}
            value={status}
            onChange={(v) => set({ status: v })}
            options={referralStatusList.map((s) => ({ value: s, label: t(`ref.status.${s}` as MessageKey) }))}
            placeholder={t('common.all')}
          />
        </div>
      </div>
      <ErrorAlert error={list.error} />
      {list.loading && !data ? <Loading /> : null}
      {data ? (
        <div className="table-responsive">
          <p className="small text-secondary" role="status">
            {t('common.results', { count: data.total })}
          </p>
          <Table hover id="referral-table">
            <caption className="visually-hidden">{t(box === 'in' ? 'ref.box.in' : 'ref.box.out')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.code')}</th>
                <th scope="col">{t('ref.reason')}</th>
                <th scope="col">{t('ref.urgency')}</th>
                <th scope="col">{t(box === 'in' ? 'ref.from' : 'ref.to')}</th>
                <th scope="col">{t('ref.personCode')}</th>
                <th scope="col">{t('ref.sentAt')}</th>
                <th scope="col">{t('ref.answerDueAt')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id} className={r.overdue ? 'table-danger' : undefined}>
                  <th scope="row">
                    <Link to={`/referrals/${r.id}`}>{r.code}</Link>
                  </th>
                  <td>{reasonLabel(r.reason, locale)}</td>
                  <td>{r.urgency === 'routine' ? t('ref.urgency.routine') : <strong>{t(`ref.urgency.${r.urgency}` as MessageKey)}</strong>}</td>
                  <td>{r.otherOrganisation.name}</td>
                  <td>{r.personCode ?? '—'}</td>
                  <td>{formatDateTime(r.sentAt)}</td>
                  <td>
                    {formatDateTime(r.answerDueAt)}
                    {r.overdue ? (
                      <Badge color="danger" className="ms-2">
                        {t('ref.overdue')}
                      </Badge>
                    ) : null}
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {data.items.length === 0 ? <p>{t('ref.empty')}</p> : null}
        </div>
      ) : null}
    </Page>
  );
}

export function ReferralPage() {
  const { id = '' } = useParams();
  const loaded = useLoad((signal) => api.get<Referral>(`/api/referrals/${encodeURIComponent(id)}`, undefined, signal), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorAlert error={loaded.error} />;
  return (
    <ReferralView
      r={loaded.data}
      onChanged={() => {
        loaded.reload();
        referralsChanged();
      }}
    />
  );
}

function Facts(props: { rows: Array<[string, ReactNode]>; id?: string }) {
  return (
    <dl className="row" id={props.id}>
      {props.rows.map(([k, v]) => (
        <div key={k} className="col-12 row mb-1">
          <dt className="col-sm-3">{k}</dt>
          <dd className="col-sm-9 mb-0">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function ReferralView(props: { r: Referral; onChanged: () => void }) {
  const { t, locale, formatDateTime } = useI18n();
  const me = useMe();
  const r = props.r;
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const receiver = r.side === 'receiver';
  const overdue = r.status === 'sent' && new Date(r.answerDueAt).getTime() < Date.now();
  const service = r.requestedService ? (serviceOptions(locale, [r.requestedService]).find((o) => o.value === r.requestedService)?.label ?? r.requestedService) : '—';
  const rows: Array<[string, ReactNode]> = [
    [t('common.status'), <StatusBadge key="s" status={r.status} />],
    [t('ref.reason'), reasonLabel(r.reason, locale)],
    [t('ref.urgency'), t(`ref.urgency.${r.urgency}` as MessageKey)],
    [t('ref.requestedService'), service],
    [
      t('ref.fromTo'),
      <span key="ft">
        {r.from.organisation.name}
        {r.from.user.displayName ? ` (${r.from.user.displayName})` : ''} → {r.to.organisation.name}
        {r.to.user?.displayName ? ` (${r.to.user.displayName})` : ''}
      </span>,
    ],
    [t('ref.sentAt'), formatDateTime(r.sentAt)],
    [
      t('ref.answerDueAt'),
      <span key="due" className={overdue ? 'text-danger fw-semibold' : undefined}>
        {formatDateTime(r.answerDueAt)}
        {overdue ? ` — ${t('ref.overdue')}` : ''}
      </span>,
    ],
  ];
  if (r.answeredAt) rows.push([t('ref.answeredAt'), formatDateTime(r.answeredAt)]);
  if (r.closedAt) rows.push([t('ref.closedAt'), formatDateTime(r.closedAt)]);
  rows.push([t('ref.consentBasis'), t(`ref.basis.${r.consentBasis}` as MessageKey)]);
  if (!receiver && r.caseId) rows.push([t('ref.case'), <Link key="c" to={`/cases/${r.caseId}`}>{r.caseCode ?? r.caseId}</Link>]);
  if (r.personCode) rows.push([t('ref.personCode'), r.personCode]);
  if (!receiver && r.overrideReason) rows.push([t('ref.overrideReason'), r.overrideReason]);
  if (r.message) rows.push([t('ref.message'), <span key="m" className="pre-wrap">{r.message}</span>]);
  if (r.declineReason) rows.push([t('ref.declineReason'), r.declineReason]);
  if (r.outcome) rows.push([t('ref.outcome'), t(`ref.outcome.${r.outcome}` as MessageKey)]);
  if (r.feedback) rows.push([t('ref.feedback'), r.feedback]);
  if (receiver && r.receiverCaseId) rows.push([t('ref.receiverCase'), <Link key="rc" to={`/cases/${r.receiverCaseId}`}>{t('ref.openCase')}</Link>]);
  if (!receiver) {
    rows.push([t('ref.sharedFieldsSent'), r.shareFields.length ? inCatalogueOrder(r.shareFields).map((f) => shareFieldLabel(f, locale)).join(', ') : t('common.none')]);
    rows.push([t('ref.sharedDocumentsSent'), String(r.shareDocumentIds.length)]);
  }
  return (
    <Page title={t('ref.pageTitle', { code: r.code })} lead={receiver ? t('ref.leadReceiver', { org: r.from.organisation.name }) : t('ref.leadSender', { org: r.to.organisation.name })}>
      <Notice text={notice} />
      <section aria-labelledby="ref-facts-title">
        <h2 id="ref-facts-title" className="visually-hidden">
          {t('ref.facts')}
        </h2>
        <Facts rows={rows} id="referral-facts" />
      </section>
      {receiver && r.source === 'hotline' ? <FirstContactPanel referralId={r.id} /> : null}
      {receiver && !r.open ? (
        <div className="alert alert-info" role="status" id="referral-access-ended">
          {t('ref.accessEnded')}
        </div>
      ) : null}
      {receiver && r.shared ? (
        <section aria-labelledby="ref-shared-title" className="mt-4" id="referral-shared">
          <h2 id="ref-shared-title" className="h4">
            {t('ref.sharedWithYou')}
          </h2>
          <p className="small text-secondary">{t('ref.sharedHint')}</p>
          <SharedFieldsView fields={r.shared.fields} />
          {r.shared.documents.length > 0 ? (
            <>
              <h3 className="h5">{t('ref.sharedDocuments')}</h3>
              <ul id="referral-documents">
                {r.shared.documents.map((d) => (
                  <li key={d.id}>
                    <a href={`/api/referrals/${r.id}/documents/${d.id}`} download={d.fileName}>
                      {d.fileName}
                    </a>{' '}
                    <span className="small text-secondary">
                      ({Math.max(1, Math.round(d.sizeBytes / 1024))} KB · {formatDateTime(d.uploadedAt)})
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {r.subject ? (
        <section aria-labelledby="ref-subject-title" className="mt-4">
          <h2 id="ref-subject-title" className="h4">
            {t('ref.subjectTitle')}
          </h2>
          <SubjectView subject={r.subject} />
        </section>
      ) : null}
      {r.allowedMoves.length > 0 ? <Moves r={r} onDone={(text) => { setNotice(text); props.onChanged(); }} /> : null}
      {receiver && r.open && (r.status === 'accepted' || r.status === 'in_progress') && !r.receiverCaseId ? (
        <TakeInCharge r={r} onLinked={(text) => { setNotice(text); props.onChanged(); }} />
      ) : null}
      <Timeline r={r} />
      {r.open && (receiver || can(me, 'referrals.send')) ? <MessageForm r={r} onSent={props.onChanged} /> : null}
    </Page>
  );
}

const moveNeeds: Record<string, 'reason' | 'outcome' | null> = { accepted: null, in_progress: null, declined: 'reason', revoked: 'reason', completed: 'outcome' };

function Moves(props: { r: Referral; onDone: (notice: string) => void }) {
  const { t } = useI18n();
  const r = props.r;
  const [pending, setPending] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState('');
  const [feedback, setFeedback] = useState('');
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (pending) formRef.current?.querySelector<HTMLElement>('textarea, select')?.focus();
  }, [pending]);
  const send = (to: string) =>
    submit.run(
      () => {
        const e: FieldErrors = {};
        const need = moveNeeds[to];
        if (need === 'reason' && !reason.trim()) e.reason = t('validation.required');
        if (need === 'outcome') {
          if (!outcome) e.outcome = t('validation.required');
          if (!feedback.trim()) e.feedback = t('validation.required');
        }
        return e;
      },
      async () => {
        const need = moveNeeds[to];
        await api.post(`/api/referrals/${r.id}/transitions`, {
          to,
          version: r.version,
          ...(need === 'reason' ? { reason: reason.trim() } : {}),
          ...(need === 'outcome' ? { outcome, feedback: feedback.trim() } : {}),
        });
        setPending(null);
        setReason('');
        setFeedback('');
        setOutcome('');
        props.onDone(t('ref.moved', { status: t(`ref.status.${to}` as MessageKey) }));
      },
    );
  return (
    <section aria-labelledby="ref-moves-title" className="mt-4" id="referral-moves">
      <h2 id="ref-moves-title" className="h4">
        {t('ref.moves')}
      </h2>
      <ErrorAlert error={submit.error} />
      <div className="d-flex flex-wrap gap-2 mb-3">
        {r.allowedMoves.map((to) => (
          <Button
            key={to}
            type="button"
            color={to === 'declined' || to === 'revoked' ? 'danger' : 'primary'}
            outline={pending !== null && pending !== to}
            disabled={submit.busy}
            aria-expanded={moveNeeds[to] ? pending === to : undefined}
            onClick={() => {
              if (moveNeeds[to]) {
                submit.clear();
                setPending(pending === to ? null : to);
              } else void send(to);
            }}
          >
            {t(`ref.move.${to}` as MessageKey)}
          </Button>
        ))}
      </div>
      {pending ? (
        <form
          ref={formRef}
          noValidate
          className="border rounded p-3"
          aria-label={t(`ref.move.${pending}` as MessageKey)}
          onSubmit={(e) => {
            e.preventDefault();
            void send(pending);
          }}
        >
          {moveNeeds[pending] === 'reason' ? (
            <TextArea id="move-reason" label={t(pending === 'declined' ? 'ref.declineReason' : 'ref.revokeReason')} value={reason} onChange={setReason} required error={submit.fieldErrors.reason} />
          ) : null}
          {moveNeeds[pending] === 'outcome' ? (
            <>
              <SelectField
                id="move-outcome"
                label={t('ref.outcome')}
                value={outcome}
                onChange={setOutcome}
                options={referralOutcomes.map((o) => ({ value: o, label: t(`ref.outcome.${o}` as MessageKey) }))}
                placeholder={t('common.choose')}
                required
                error={submit.fieldErrors.outcome}
              />
              <TextArea id="move-feedback" label={t('ref.feedback')} hint={t('ref.feedbackHint')} value={feedback} onChange={setFeedback} required error={submit.fieldErrors.feedback} />
            </>
          ) : null}
          <div className="d-flex gap-2">
            <Button color="primary" type="submit" disabled={submit.busy}>
              {t('ref.confirmMove', { move: t(`ref.move.${pending}` as MessageKey) })}
            </Button>
            <Button color="secondary" outline type="button" onClick={() => setPending(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function TakeInCharge(props: { r: Referral; onLinked: (notice: string) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const r = props.r;
  const submit = useSubmit();
  const [code, setCode] = useState('');
  if (!can(me, 'cases.read')) return null;
  const open = () =>
    submit.run(
      () => ({}),
      async () => {
        const c = await api.post<{ id: string }>('/api/cases', { personId: r.personId, referralId: r.id });
        referralsChanged();
        void navigate(`/cases/${c.id}`, { state: { notice: t('ref.takenInCharge') } });
      },
    );
  const link = () =>
    submit.run(
      (): FieldErrors => (code.trim() ? {} : { caseId: t('validation.required') }),
      async () => {
        const found = items(await api.get<{ items: CaseListItem[] } | CaseListItem[]>('/api/cases', { q: code.trim(), limit: 20 }));
        const c = found.find((x) => x.code.toLowerCase() === code.trim().toLowerCase()) ?? (found.length === 1 ? found[0] : undefined);
        if (!c) {
          submit.setFieldErrors({ caseId: t('ref.caseNotFound') });
          return;
        }
        await api.post(`/api/referrals/${r.id}/link-case`, { caseId: c.id });
        setCode('');
        props.onLinked(t('ref.linked', { code: c.code }));
      },
    );
  return (
    <section aria-labelledby="ref-take-title" className="mt-4" id="referral-take">
      <h2 id="ref-take-title" className="h4">
        {t('ref.takeTitle')}
      </h2>
      <ErrorAlert error={submit.error} />
      {r.personId && can(me, 'cases.write') ? (
        <>
          <p>{t('ref.takeHint')}</p>
          <Button color="primary" type="button" disabled={submit.busy} onClick={() => void open()} id="referral-take-button">
            {t('ref.take')}
          </Button>
        </>
      ) : null}
      {r.source !== 'case' ? (
        <form
          noValidate
          className="mt-3"
          onSubmit={(e) => {
            e.preventDefault();
            void link();
          }}
        >
          <p>{t('ref.linkHint')}</p>
          <div className="row align-items-end">
            <div className="col-md-5">
              <TextField id="link-case-code" label={t('ref.linkCaseCode')} hint={t('ref.linkCaseHint')} value={code} onChange={setCode} error={submit.fieldErrors.caseId} autoComplete="off" />
            </div>
            <div className="col-md-3 mb-4">
              <Button color="primary" outline type="submit" disabled={submit.busy}>
                {t('ref.link')}
              </Button>
            </div>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function Timeline(props: { r: Referral }) {
  const { t, formatDateTime } = useI18n();
  const r = props.r;
  const sideName = (side: string) =>
    side === 'sender' ? r.from.organisation.name : side === 'receiver' ? r.to.organisation.name : t('ref.system');
  return (
    <section aria-labelledby="ref-timeline-title" className="mt-4">
      <h2 id="ref-timeline-title" className="h4">
        {t('ref.timeline')}
      </h2>
      <ol className="list-unstyled referral-timeline" id="referral-timeline">
        {r.timeline.map((e) => (
          <li key={e.id} className={`border-start border-4 ps-3 mb-2${e.kind === 'message' ? ' border-primary' : ''}`} data-kind={e.kind}>
            <strong>
              {e.kind === 'message'
                ? t('ref.event.message')
                : e.kind === 'access_ended'
                  ? t('ref.event.accessEnded')
                  : e.fromStatus === null && e.toStatus === 'sent'
                    ? t('ref.event.sent')
                    : t('ref.event.status', { status: t(`ref.status.${e.toStatus ?? 'sent'}` as MessageKey) })}
            </strong>{' '}
            · {sideName(e.side)}
            {e.user?.displayName ? ` (${e.user.displayName})` : ''} · <span className="small">{formatDateTime(e.at)}</span>
            {e.note ? <p className="mb-0 pre-wrap">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function MessageForm(props: { r: Referral; onSent: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const submit = useSubmit();
  const id = useId();
  return (
    <form
      noValidate
      aria-labelledby={id}
      className="mt-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(
          (): FieldErrors => (text.trim() ? {} : { text: t('validation.required') }),
          async () => {
            await api.post(`/api/referrals/${props.r.id}/messages`, { text: text.trim() });
            setText('');
            setSent(t('ref.messageSent'));
            props.onSent();
          },
        );
      }}
    >
      <h2 id={id} className="h5">
        {t('ref.writeMessage')}
      </h2>
      <Notice text={sent} />
      <ErrorAlert error={submit.error} />
      <TextArea id="referral-message" label={t('ref.messageText')} hint={t('ref.messageHint')} value={text} onChange={setText} required error={submit.fieldErrors.text} />
      <Button color="primary" type="submit" disabled={submit.busy}>
        {t('ref.sendMessage')}
      </Button>
    </form>
  );
}
