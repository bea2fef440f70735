/**
 * Cases: the list with filters (phase, status, mine, minors, code), the case page with its tabs
 * (summary, path and transitions, screening, plan, services, notes, documents, audit), and the
 * approvals inbox of coordinators.
 */
import { Fragment, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { casePhases, closureReasons, findTransition, isCasePhase, minorStatuses, nextPhases } from '../../../domain/cases/index.ts';
import { htcdsOptions } from '../../../domain/htcds/index.ts';
import type { AuditItem } from '../../types.ts';
import {
  closureLabel,
  htcds,
  htcdsList,
  items,
  labelOr,
  minorLabel,
  phaseLabel,
  type ApprovalRequest,
  type CaseDetail,
  type CaseListItem,
  type HistoryEntry,
} from './model.ts';
import { ScreeningTab } from './Screening.tsx';
import { DocumentsTab, NotesTab, PlanTab, ServicesTab } from './Records.tsx';
import { ConsentsTab, TasksTab } from './ConsentsTasks.tsx';
import { CaseEditForm } from './CaseEdit.tsx';
import { PermitsTab } from './Permits.tsx';
import { CriminalTab } from './Criminal.tsx';
import { CaseExpensesTab } from '../expenses/CaseExpenses.tsx';
import { InclusionTab } from '../inclusion/InclusionTab.tsx';
import { MergeInbox } from '../persons/Merges.tsx';
import { CasePlacements } from '../accommodation/CasePlacements.tsx';

export function CaseListPage() {
  const { t, locale, formatDate } = useI18n();
  const [params, setParams] = useSearchParams();
  const current = {
    phase: params.get('phase') ?? '',
    status: params.get('status') ?? '',
    mine: params.get('mine') === 'true',
    minor: params.get('minor') ?? '',
    q: params.get('q') ?? '',
  };
  const [draft, setDraft] = useState(current);
  const key = params.toString();
  const list = useLoad(
    async (signal) =>
      items(
        await api.get<{ items: CaseListItem[] } | CaseListItem[]>(
          '/api/cases',
          { phase: current.phase, status: current.status, mine: current.mine ? 'true' : undefined, minor: current.minor, q: current.q, limit: 100 },
          signal,
        ),
      ),
    key,
  );
  const showNames = (list.data ?? []).some((c) => c.personName);
  const apply = () => {
    const next: Record<string, string> = {};
    if (draft.phase) next.phase = draft.phase;
    if (draft.status) next.status = draft.status;
    if (draft.mine) next.mine = 'true';
    if (draft.minor) next.minor = draft.minor;
    if (draft.q.trim()) next.q = draft.q.trim();
    setParams(next);
  };

  return (
    <Page title={t('case.listTitle')}>
      <form
        className="filters row g-3"
        role="search"
        aria-label={t('common.filter')}
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <div className="col-md-3">
          <TextField id="case-q" type="search" label={t('case.searchLabel')} value={draft.q} onChange={(v) => setDraft({ ...draft, q: v })} autoComplete="off" />
        </div>
        <div className="col-md-3">
          <SelectField
            id="case-phase-filter"
            label={t('case.phase')}
            value={draft.phase}
            onChange={(v) => setDraft({ ...draft, phase: v })}
            options={casePhases.map((p) => ({ value: p, label: phaseLabel(p, locale) }))}
            placeholder={t('common.all')}
          />
        </div>
        <div className="col-md-2">
          <SelectField
            id="case-status-filter"
            label={t('common.status')}
            value={draft.status}
            onChange={(v) => setDraft({ ...draft, status: v })}
            options={htcdsOptions({ field: 'cas_Status', locale })}
            placeholder={t('common.all')}
          />
        </div>
        <div className="col-md-2">
          <SelectField
            id="case-minor-filter"
            label={t('case.minor')}
            value={draft.minor}
            onChange={(v) => setDraft({ ...draft, minor: v })}
            options={minorStatuses.map((m) => ({ value: m, label: minorLabel(m, locale) }))}
            placeholder={t('common.all')}
          />
        </div>
        <div className="col-md-2 pt-md-4">
          <Checkbox id="case-mine" label={t('case.mine')} checked={draft.mine} onChange={(v) => setDraft({ ...draft, mine: v })} />
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
          <Table hover id="case-table">
            <caption className="visually-hidden">{t('case.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.code')}</th>
                <th scope="col">{t('case.person')}</th>
                {showNames ? <th scope="col">{t('common.name')}</th> : null}
                <th scope="col">{t('case.phase')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('case.caseWorker')}</th>
                <th scope="col">{t('case.minor')}</th>
                <th scope="col">{t('case.openedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/cases/${c.id}`}>{c.code}</Link>
                    {c.pendingApproval ? (
                      <Badge color="warning" className="ms-2">
                        {t('case.pendingApproval')}
                      </Badge>
                    ) : null}
                  </th>
                  <td>{c.personCode}</td>
                  {showNames ? <td>{c.personName ?? '—'}</td> : null}
                  <td>{phaseLabel(c.phase, locale)}</td>
                  <td>{htcds('cas_Status', c.status, locale)}</td>
                  <td>{c.caseWorker?.displayName ?? '—'}</td>
                  <td>{c.minorStatus && c.minorStatus !== 'adult' ? minorLabel(c.minorStatus, locale) : '—'}</td>
                  <td>{formatDate(c.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {list.data.length === 0 ? <p>{t('common.noResults')}</p> : null}
        </div>
      ) : null}
    </Page>
  );
}

const tabIds = ['summary', 'path', 'screening', 'plan', 'services', 'permits', 'criminal', 'inclusion', 'expenses', 'notes', 'documents', 'consents', 'tasks', 'audit'] as const;
type TabId = (typeof tabIds)[number];

export function CaseViewPage() {
  const { id = '' } = useParams();
  const loaded = useLoad((signal) => api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, undefined, signal), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorAlert error={loaded.error} />;
  return <CaseView c={loaded.data} onChanged={loaded.reload} />;
}

function CaseView(props: { c: CaseDetail; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const c = props.c;
  const shown = tabIds.filter((id) => (id !== 'audit' || can(me, 'audit.read')) && (id !== 'expenses' || can(me, 'budget.read')) && (id !== 'criminal' || can(me, 'criminal.read')));
  const requested = params.get('tab') as TabId | null;
  const tab: TabId = requested && shown.includes(requested) ? requested : 'summary';
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());
  const select = (next: TabId, focus = false) => {
    setParams(next === 'summary' ? {} : { tab: next }, { replace: true });
    if (focus) tabRefs.current.get(next)?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = shown.indexOf(tab);
    let next: TabId | undefined;
    if (e.key === 'ArrowRight') next = shown[(i + 1) % shown.length];
    else if (e.key === 'ArrowLeft') next = shown[(i - 1 + shown.length) % shown.length];
    else if (e.key === 'Home') next = shown[0];
    else if (e.key === 'End') next = shown[shown.length - 1];
    if (next) {
      e.preventDefault();
      select(next, true);
    }
  };
  const [editing, setEditing] = useState(false);
  // The version the edit was saved from: the notice shows once the reloaded case (a newer version) is on screen,
  // never next to the summary as it was before the change.
  const [editedFrom, setEditedFrom] = useState<number | null>(null);
  const edited = editedFrom !== null && c.version > editedFrom ? t('caseEdit.saved') : null;
  const minor = c.minor?.status === 'minor' || c.minor?.status === 'possibly_minor';
  const person = c.person.displayName ? `${c.person.displayName} (${c.person.code})` : c.person.code;

  return (
    <Page
      title={t('case.title', { code: c.code })}
      lead={`${t('case.person')}: ${person} · ${phaseLabel(c.phase, locale)} · ${htcds('cas_Status', c.status, locale)}`}
      actions={
        can(me, 'referrals.send') || can(me, 'cases.write') ? (
          <>
            {can(me, 'referrals.send') ? (
              <Link className="btn btn-primary" to={`/cases/${c.id}/refer`} id="case-refer">
                {t('ref.referButton')}
              </Link>
            ) : null}{' '}
            {can(me, 'cases.write') && c.phase !== 'closed' ? (
              <Link className="btn btn-outline-primary" to={`/cases/${c.id}/transfer`} id="case-transfer">
                {t('transfer.caseButton')}
              </Link>
            ) : null}
          </>
        ) : undefined
      }
    >
      <Notice text={notice} />
      {minor ? (
        <div className="alert alert-warning" role="status" id="case-minor-banner">
          <strong>{minorLabel(c.minor?.status, locale)}</strong>. {t('case.minorBanner')}{' '}
          {c.guardian?.name ? t('case.guardianIs', { name: c.guardian.name }) : t('case.guardianMissing')}{' '}
          {c.juvenileCourt ? t('case.courtRecorded') : t('case.courtMissing')}
        </div>
      ) : null}
      {c.pendingApproval ? (
        <div className="alert alert-info" role="status">
          {t('case.approvalPending', { phase: phaseLabel(c.pendingApproval.toPhase, locale) })}
        </div>
      ) : null}
      <div role="tablist" aria-label={t('case.tabs')} className="nav nav-tabs case-tabs mb-3">
        {shown.map((id) => (
          <button
            key={id}
            ref={(el) => {
              if (el) tabRefs.current.set(id, el);
            }}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className={`nav-link${tab === id ? ' active' : ''}`}
            onClick={() => select(id)}
            onKeyDown={onKey}
          >
            {t(`case.tab.${id}` as MessageKey)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={0} className="case-panel">
        {tab === 'summary' ? <Notice text={edited} /> : null}
        {tab === 'summary' && !editing ? <SummaryTab c={c} /> : null}
        {tab === 'summary' && !editing && can(me, 'cases.write') ? (
          <Button color="primary" outline type="button" className="mt-2" onClick={() => { setEditedFrom(null); setEditing(true); }}>
            {t('caseEdit.open')}
          </Button>
        ) : null}
        {tab === 'summary' && editing ? (
          <CaseEditForm
            key={c.version}
            c={c}
            onCancel={() => setEditing(false)}
            onChanged={() => {
              setEditedFrom(c.version);
              setEditing(false);
              props.onChanged();
            }}
          />
        ) : null}
        {tab === 'summary' && can(me, 'cases.write') && (minor || c.guardian || c.juvenileCourt) ? <GuardianForm key={c.version} c={c} onChanged={props.onChanged} /> : null}
        {tab === 'summary' ? <CasePlacements caseId={c.id} /> : null}
        {tab === 'path' ? <PathTab c={c} onChanged={props.onChanged} /> : null}
        {tab === 'screening' ? <ScreeningTab c={c} onChanged={props.onChanged} /> : null}
        {tab === 'plan' ? <PlanTab caseId={c.id} /> : null}
        {tab === 'services' ? <ServicesTab caseId={c.id} /> : null}
        {tab === 'permits' ? <PermitsTab caseId={c.id} /> : null}
        {tab === 'criminal' ? <CriminalTab caseId={c.id} /> : null}
        {tab === 'expenses' ? <CaseExpensesTab caseId={c.id} /> : null}
        {tab === 'inclusion' ? <InclusionTab caseId={c.id} /> : null}
        {tab === 'notes' ? <NotesTab caseId={c.id} /> : null}
        {tab === 'documents' ? <DocumentsTab caseId={c.id} /> : null}
        {tab === 'consents' ? <ConsentsTab c={c} /> : null}
        {tab === 'tasks' ? <TasksTab c={c} /> : null}
        {tab === 'audit' ? <AuditTab caseId={c.id} /> : null}
      </div>
    </Page>
  );
}

function Facts(props: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="row">
      {props.rows.map(([k, v]) => (
        <Fragment key={k}>
          <dt className="col-sm-4">{k}</dt>
          <dd className="col-sm-8">{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function SummaryTab(props: { c: CaseDetail }) {
  const { t, locale, formatDate } = useI18n();
  const c = props.c;
  const x = c.exploitation ?? {};
  const courtText = c.juvenileCourt ?? '—';
  const decidedBy = c.traffickingStatusDecidedBy ?? null;
  return (
    <>
      <h2 className="h4">{t('case.tab.summary')}</h2>
      <Facts
        rows={[
          [t('case.person'), <Link key="p" to={`/persons/${c.person.id}`}>{c.person.displayName ? `${c.person.displayName} (${c.person.code})` : c.person.code}</Link>],
          [t('person.organisation'), c.organisation?.name ?? '—'],
          [t('case.phase'), phaseLabel(c.phase, locale)],
          [t('common.status'), htcds('cas_Status', c.status, locale)],
          ...(c.closureReason ? ([[t('case.closureReason'), closureLabel(c.closureReason, locale)]] as Array<[string, ReactNode]>) : []),
          [t('case.caseWorker'), c.caseWorker?.displayName ?? '—'],
          [t('case.team'), (c.team ?? []).map((m) => m.displayName).join(', ') || '—'],
          [t('case.openedAt'), formatDate(c.openedAt)],
          ...(c.closedAt ? ([[t('case.closedAt'), formatDate(c.closedAt)]] as Array<[string, ReactNode]>) : []),
        ]}
      />
      <h3 className="h5 mt-3">{t('case.trafficking')}</h3>
      <Facts
        rows={[
          [t('case.traffickingStatus'), htcds('vic_TraffickingStatus', c.traffickingStatus, locale)],
          ...(decidedBy || c.traffickingStatusDecidedOn
            ? ([[t('case.decidedBy'), `${decidedBy ?? '—'}${c.traffickingStatusDecidedOn ? `, ${formatDate(c.traffickingStatusDecidedOn)}` : ''}`]] as Array<[string, ReactNode]>)
            : []),
          [t('case.exploitationTypes'), htcdsList('vic_TypeOfExploitation', x.types, locale)],
          [t('case.sexExploitationTypes'), htcdsList('vic_TypeOfSexExploitation', x.sexExploitationTypes, locale)],
          [t('case.labourSectors'), (x.labourSectors ?? []).join(', ') || '—'],
          [t('case.countries'), (x.countries ?? []).join(', ') || '—'],
          [t('case.provinces'), (x.provinces ?? []).join(', ') || '—'],
          [t('case.period'), x.from || x.to ? `${formatDate(x.from)} – ${formatDate(x.to)}` : '—'],
          [t('case.meansOfControl'), htcdsList('vic_MethodsOfControl', x.meansOfControl, locale)],
          [t('case.recruitment'), htcdsList('vic_MethodOfRecruitment', x.recruitmentMethods, locale)],
          [t('case.recruiterRelation'), htcdsList('vic_RelationshipToTrafficker', x.recruiterRelations, locale)],
        ]}
      />
      <h3 className="h5 mt-3">{t('case.minorSection')}</h3>
      <Facts
        rows={[
          [t('case.minor'), minorLabel(c.minor?.status, locale)],
          ...(c.minor?.adultFrom ? ([[t('case.adultFrom'), formatDate(c.minor.adultFrom)]] as Array<[string, ReactNode]>) : []),
          ...(c.minor?.adultBy ? ([[t('case.adultBy'), formatDate(c.minor.adultBy)]] as Array<[string, ReactNode]>) : []),
          [t('case.guardian'), c.guardian?.name ? `${c.guardian.name}${c.guardian.contact ? `, ${c.guardian.contact}` : ''}${c.guardian.appointedOn ? ` (${formatDate(c.guardian.appointedOn)})` : ''}` : '—'],
          [t('case.juvenileCourt'), courtText],
        ]}
      />
    </>
  );
}

/** Guardian and juvenile court of a (possible) minor: expected, never blocking. */
function GuardianForm(props: { c: CaseDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const c = props.c;
  const [name, setName] = useState(c.guardian?.name ?? '');
  const [contact, setContact] = useState(c.guardian?.contact ?? '');
  const [appointedOn, setAppointedOn] = useState(c.guardian?.appointedOn ?? '');
  const [court, setCourt] = useState(c.juvenileCourt ?? '');
  const form = useSubmit();
  const save = () =>
    form.run(
      (): FieldErrors => (!name.trim() && (contact.trim() || appointedOn) ? { 'guardian.name': t('validation.required') } : {}),
      async () => {
        const guardian = name.trim() ? { name: name.trim(), ...(contact.trim() ? { contact: contact.trim() } : {}), ...(appointedOn ? { appointedOn } : {}) } : null;
        await api.patch(`/api/cases/${c.id}`, { version: c.version, guardian, juvenileCourt: court.trim() || null });
        props.onChanged();
      },
    );
  return (
    <form
      noValidate
      className="mt-3"
      aria-labelledby="guardian-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="guardian-title" className="h5">
        {t('case.guardianForm')}
      </h3>
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-4">
          <TextField id="guardian-name" label={t('case.guardianName')} value={name} onChange={setName} error={form.fieldErrors['guardian.name']} autoComplete="off" />
        </div>
        <div className="col-md-4">
          <TextField id="guardian-contact" label={t('case.guardianContact')} value={contact} onChange={setContact} error={form.fieldErrors['guardian.contact']} autoComplete="off" />
        </div>
        <div className="col-md-4">
          <TextField id="guardian-appointed" type="date" label={t('case.guardianAppointed')} value={appointedOn} onChange={setAppointedOn} error={form.fieldErrors['guardian.appointedOn']} />
        </div>
        <div className="col-md-8">
          <TextField id="juvenile-court" label={t('case.juvenileCourt')} value={court} onChange={setCourt} error={form.fieldErrors.juvenileCourt} />
        </div>
      </div>
      <Button color="primary" outline type="submit" disabled={form.busy}>
        {t('common.save')}
      </Button>
    </form>
  );
}

/** The phase timeline (history), the allowed next phases and the transition form. */
function PathTab(props: { c: CaseDetail; onChanged: () => void }) {
  const { t, locale, formatDateTime } = useI18n();
  const me = useMe();
  const c = props.c;
  const history = useLoad(async (signal) => items(await api.get<{ items: HistoryEntry[] } | HistoryEntry[]>(`/api/cases/${c.id}/history`, undefined, signal)), `${c.id}:${c.version}`);
  const options = c.nextPhases ?? (isCasePhase(c.phase) ? nextPhases({ from: c.phase }) : []);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [closure, setClosure] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();
  const rule = isCasePhase(c.phase) && isCasePhase(to) ? findTransition({ from: c.phase, to }) : undefined;
  const allowedClosures = rule?.closureReasons ?? (to === 'closed' ? closureReasons : []);

  const submit = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!to) e.to = t('validation.required');
        if (rule?.reasonRequired && !reason.trim()) e.reason = t('case.reasonRequired');
        if (to === 'closed' && !closure) e.closureReason = t('validation.required');
        return e;
      },
      async () => {
        setNotice(null);
        const body: Record<string, string> = { to };
        if (reason.trim()) body.reason = reason.trim();
        if (to === 'closed' && closure) body.closureReason = closure;
        const answer = await api.post<{ approvalRequest?: unknown } | CaseDetail>(`/api/cases/${c.id}/transitions`, body);
        setNotice(answer && typeof answer === 'object' && 'approvalRequest' in answer ? t('case.transitionRequested') : t('case.transitionDone', { phase: phaseLabel(to, locale) }));
        setTo('');
        setReason('');
        setClosure('');
        props.onChanged();
      },
    );

  return (
    <>
      <h2 className="h4">{t('case.timeline')}</h2>
      <ErrorAlert error={history.error} />
      {history.loading && !history.data ? <Loading /> : null}
      {history.data ? (
        <ol className="phase-timeline" id="phase-timeline">
          {history.data.map((h, i) => (
            <li key={h.id ?? i}>
              <strong>{phaseLabel(h.toPhase, locale)}</strong>
              <span className="text-secondary small">
                {' '}
                · {formatDateTime(h.changedAt)}
                {h.changedBy?.displayName ? ` · ${h.changedBy.displayName}` : ''}
              </span>
              {h.closureReason ? <div className="small">{closureLabel(h.closureReason, locale)}</div> : null}
              {h.reason ? <div className="small text-prewrap">{h.reason}</div> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {can(me, 'cases.write') ? (
        <section aria-labelledby="transition-title" className="mt-4">
          <h2 id="transition-title" className="h4">
            {t('case.transitionTitle')}
          </h2>
          <Notice text={notice} />
          <ErrorAlert error={form.error} />
          {c.pendingApproval ? (
            <p>{t('case.transitionBlocked')}</p>
          ) : options.length === 0 ? (
            <p>{t('case.noNextPhase')}</p>
          ) : (
            <form
              noValidate
              id="transition-form"
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <div className="row">
                <div className="col-md-6">
                  <SelectField
                    id="transition-to"
                    label={t('case.nextPhase')}
                    value={to}
                    onChange={setTo}
                    options={options.map((p) => ({ value: p, label: phaseLabel(p, locale) }))}
                    placeholder={t('common.choose')}
                    required
                    error={form.fieldErrors.to}
                  />
                </div>
                {to === 'closed' ? (
                  <div className="col-md-6">
                    <SelectField
                      id="transition-closure"
                      label={t('case.closureReason')}
                      value={closure}
                      onChange={setClosure}
                      options={allowedClosures.map((r) => ({ value: r, label: closureLabel(r, locale) }))}
                      placeholder={t('common.choose')}
                      required
                      error={form.fieldErrors.closureReason}
                    />
                  </div>
                ) : null}
              </div>
              <TextArea id="transition-reason" label={t('case.reason')} value={reason} onChange={setReason} required={rule?.reasonRequired ?? false} rows={3} error={form.fieldErrors.reason} />
              {rule?.approvalRequired ? (
                <p className="alert alert-info" id="approval-notice">
                  {t('case.approvalNeeded')}
                </p>
              ) : null}
              <Button color="primary" type="submit" disabled={form.busy}>
                {rule?.approvalRequired ? t('case.requestTransition') : t('case.applyTransition')}
              </Button>
            </form>
          )}
        </section>
      ) : null}
    </>
  );
}

function AuditTab(props: { caseId: string }) {
  const { t, formatDateTime } = useI18n();
  const audit = useLoad(async (signal) => items(await api.get<{ items: AuditItem[] }>(`/api/audit/records/case/${props.caseId}`, undefined, signal)), props.caseId);
  return (
    <>
      <h2 className="h4">{t('case.tab.audit')}</h2>
      <ErrorAlert error={audit.error} />
      {audit.loading && !audit.data ? <Loading /> : null}
      {audit.data ? (
        <div className="table-responsive">
          <Table id="case-audit">
            <caption className="visually-hidden">{t('audit.whoAccessed')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.fields')}</th>
                <th scope="col">{t('audit.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.at)}</td>
                  <td>{a.actorEmail ?? a.actorUserId ?? '—'}</td>
                  <td>
                    <code>{a.action}</code>
                  </td>
                  <td>{(a.fields ?? []).join(', ') || '—'}</td>
                  <td>{a.outcome}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {audit.data.length === 0 ? <p>{t('common.noResults')}</p> : null}
        </div>
      ) : null}
    </>
  );
}

/** The coordinators' inbox: pending closures and reopenings to approve or reject. */
export function ApprovalsPage() {
  const { t, locale, formatDateTime } = useI18n();
  const [status, setStatus] = useState('pending');
  const list = useLoad(async (signal) => items(await api.get<{ items: ApprovalRequest[] } | ApprovalRequest[]>('/api/case-approvals', { status }, signal)), status);
  return (
    <Page title={t('approval.title')} lead={t('approval.lead')}>
      <div className="row">
        <div className="col-md-4">
          <SelectField
            id="approval-status"
            label={t('common.status')}
            value={status}
            onChange={setStatus}
            options={(['pending', 'approved', 'rejected', 'withdrawn'] as const).map((s) => ({ value: s, label: t(`approval.status.${s}`) }))}
          />
        </div>
      </div>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p>{t('approval.none')}</p> : null}
      <ul className="list-unstyled" id="approval-list">
        {(list.data ?? []).map((a) => (
          <li key={a.id} className="border rounded p-3 mb-3">
            <p className="mb-1">
              <Link to={`/cases/${a.caseId}?tab=path`}>{a.caseCode ?? a.caseId}</Link>:{' '}
              {t('approval.move', { from: phaseLabel(a.casePhase, locale), to: phaseLabel(a.toPhase, locale) })}
              {a.closureReason ? ` (${closureLabel(a.closureReason, locale)})` : ''}
            </p>
            <p className="small text-secondary mb-1">
              {a.requestedBy?.displayName ?? '—'} · {formatDateTime(a.requestedAt)}
            </p>
            {a.reason ? <p className="text-prewrap">{a.reason}</p> : null}
            {a.status === 'pending' ? (
              <Decision request={a} onDone={list.reload} />
            ) : (
              <p>
                {labelOr(t, `approval.status.${a.status}`, a.status)}
                {a.decidedBy?.displayName ? ` · ${a.decidedBy.displayName}` : ''}
                {a.decisionNote ? ` — ${a.decisionNote}` : ''}
              </p>
            )}
          </li>
        ))}
      </ul>
      <MergeInbox />
    </Page>
  );
}

function Decision(props: { request: ApprovalRequest; onDone: () => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const form = useSubmit();
  const decide = (decision: 'approve' | 'reject') =>
    form.run(
      (): FieldErrors => (decision === 'reject' && !note.trim() ? { note: t('approval.noteRequired') } : {}),
      async () => {
        await api.post(`/api/case-approvals/${props.request.id}/decision`, { decision, ...(note.trim() ? { note: note.trim() } : {}) });
        props.onDone();
      },
    );
  return (
    <form noValidate onSubmit={(e) => e.preventDefault()}>
      <ErrorAlert error={form.error} />
      <TextArea id={`note-${props.request.id}`} label={t('approval.note')} value={note} onChange={setNote} rows={2} error={form.fieldErrors.note} />
      <div className="d-flex gap-2">
        <Button color="success" type="button" disabled={form.busy} onClick={() => void decide('approve')}>
          {t('approval.approve')}
        </Button>
        <Button color="danger" outline type="button" disabled={form.busy} onClick={() => void decide('reject')}>
          {t('approval.reject')}
        </Button>
      </div>
    </form>
  );
}
