/**
 * The case's consent tab (consent per purpose and, for sharing, per organisation: the record in
 * force, its history, recording a decision, withdrawing) and its task tab (tasks with assignee and
 * due date, marking them done, adding one). Referrals check the sharing consent recorded here
 * before any data leaves the body. The server decides who may write (cases.write).
 */
import { useState } from 'react';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice } from '../../components/Page.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { useOrganisations } from '../../reference.ts';
import { consentGivers, consentMethods, consentPurposes, needsGuardian } from '../../../domain/consent.ts';
import type { CaseDetail } from './model.ts';

interface ConsentState {
  purpose: string;
  organisationId: string | null;
  organisationName: string | null;
  status: string;
  allowed: boolean;
  date: string;
  consentId: string;
}
interface ConsentRecord {
  id: string;
  purpose: string;
  organisationName: string | null;
  status: string;
  date: string;
  method: string;
  givenBy: string;
  guardianName: string | null;
  interpreterLanguage: string | null;
  note: string | null;
  recordedByName: string | null;
  recordedAt: string;
}
interface CaseTask {
  id: string;
  title: string;
  assigneeId: string;
  assigneeName: string | null;
  dueOn: string | null;
  doneAt: string | null;
  overdue: boolean;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Who decides and how: shared by recording and withdrawing. */
function DecisionFields(props: {
  prefix: string;
  minor: boolean;
  date: string;
  setDate: (v: string) => void;
  method: string;
  setMethod: (v: string) => void;
  givenBy: string;
  setGivenBy: (v: string) => void;
  guardianName: string;
  setGuardianName: (v: string) => void;
  errors: FieldErrors;
}) {
  const { t } = useI18n();
  return (
    <div className="row">
      <div className="col-md-3">
        <TextField id={`${props.prefix}-date`} type="date" label={t('consent.date')} value={props.date} onChange={props.setDate} required error={props.errors.date} />
      </div>
      <div className="col-md-3">
        <SelectField
          id={`${props.prefix}-method`}
          label={t('consent.method')}
          value={props.method}
          onChange={props.setMethod}
          options={consentMethods.map((m) => ({ value: m, label: t(`consent.method.${m}` as MessageKey) }))}
          required
          error={props.errors.method}
        />
      </div>
      <div className="col-md-3">
        <SelectField
          id={`${props.prefix}-given-by`}
          label={t('consent.givenBy')}
          value={props.givenBy}
          onChange={props.setGivenBy}
          options={consentGivers.map((g) => ({ value: g, label: t(`consent.givenBy.${g}` as MessageKey) }))}
          hint={props.minor ? t('consent.minorHint') : undefined}
          required
          error={props.errors.givenBy}
        />
      </div>
      {props.givenBy === 'guardian' ? (
        <div className="col-md-3">
          <TextField id={`${props.prefix}-guardian`} label={t('consent.guardianName')} value={props.guardianName} onChange={props.setGuardianName} required error={props.errors.guardianName} />
        </div>
      ) : null}
    </div>
  );
}

export function ConsentsTab(props: { c: CaseDetail }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const caseId = props.c.id;
  const minor = needsGuardian(props.c.minor?.status ?? null);
  const list = useLoad(async (signal) => api.get<{ current: ConsentState[]; history: ConsentRecord[] }>(`/api/cases/${caseId}/consents`, undefined, signal), caseId);
  const organisations = useOrganisations();
  const orgOptions = (organisations.data ?? []).filter((o) => o.id !== props.c.organisation?.id).map((o) => ({ value: o.id, label: o.name }));
  const purposeLabel = (p: string) => t(`consent.purpose.${p}` as MessageKey);
  const statusLabel = (s: string) => t(`consent.status.${s}` as MessageKey);

  const [purpose, setPurpose] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [status, setStatus] = useState('given');
  const [date, setDate] = useState(today());
  const [method, setMethod] = useState('written');
  const [givenBy, setGivenBy] = useState(minor ? 'guardian' : 'person');
  const [guardianName, setGuardianName] = useState('');
  const [interpreter, setInterpreter] = useState('');
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();

  const [withdrawing, setWithdrawing] = useState<ConsentState | null>(null);
  const [wDate, setWDate] = useState(today());
  const [wMethod, setWMethod] = useState('written');
  const [wGivenBy, setWGivenBy] = useState(minor ? 'guardian' : 'person');
  const [wGuardian, setWGuardian] = useState('');
  const withdrawForm = useSubmit();

  const decisionErrors = (d: { date: string; givenBy: string; guardianName: string }): FieldErrors => {
    const e: FieldErrors = {};
    if (!d.date) e.date = t('validation.required');
    if (d.givenBy === 'guardian' && !d.guardianName.trim()) e.guardianName = t('validation.required');
    return e;
  };
  const record = () =>
    form.run(
      (): FieldErrors => {
        const e = decisionErrors({ date, givenBy, guardianName });
        if (!purpose) e.purpose = t('validation.required');
        if (purpose === 'sharing' && !organisationId) e.organisationId = t('validation.required');
        if (interpreter.trim() && !/^[a-z]{2,3}$/.test(interpreter.trim())) e.interpreterLanguage = t('consent.interpreterInvalid');
        return e;
      },
      async () => {
        setNotice(null);
        await api.post(`/api/cases/${caseId}/consents`, {
          purpose,
          ...(purpose === 'sharing' ? { organisationId } : {}),
          status,
          date,
          method,
          givenBy,
          ...(givenBy === 'guardian' ? { guardianName: guardianName.trim() } : {}),
          ...(interpreter.trim() ? { interpreterLanguage: interpreter.trim() } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        setPurpose('');
        setOrganisationId('');
        setNote('');
        setNotice(t('consent.saved'));
        list.reload();
      },
    );
  const withdraw = () =>
    withdrawForm.run(
      () => decisionErrors({ date: wDate, givenBy: wGivenBy, guardianName: wGuardian }),
      async () => {
        if (!withdrawing) return;
        await api.post(`/api/cases/${caseId}/consents/${withdrawing.consentId}/withdraw`, {
          date: wDate,
          method: wMethod,
          givenBy: wGivenBy,
          ...(wGivenBy === 'guardian' ? { guardianName: wGuardian.trim() } : {}),
        });
        setWithdrawing(null);
        setNotice(t('consent.withdrawn'));
        list.reload();
      },
    );

  const writer = can(me, 'cases.write');
  return (
    <>
      <h2 className="h4">{t('case.tab.consents')}</h2>
      <p className="small">{t('consent.lead')}</p>
      <Notice text={notice} />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <h3 className="h5">{t('consent.current')}</h3>
          {list.data.current.length === 0 ? (
            <p>{t('consent.none')}</p>
          ) : (
            <div className="table-responsive">
              <Table id="consent-current">
                <caption className="visually-hidden">{t('consent.current')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('consent.purpose')}</th>
                    <th scope="col">{t('consent.organisation')}</th>
                    <th scope="col">{t('consent.status')}</th>
                    <th scope="col">{t('consent.date')}</th>
                    {writer ? <th scope="col"><span className="visually-hidden">{t('consent.withdraw')}</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.data.current.map((c) => (
                    <tr key={c.consentId}>
                      <td>{purposeLabel(c.purpose)}</td>
                      <td>{c.organisationName ?? '—'}</td>
                      <td>
                        <Badge color={c.allowed ? 'success' : 'secondary'}>{statusLabel(c.status)}</Badge>
                      </td>
                      <td>{formatDate(c.date)}</td>
                      {writer ? (
                        <td>
                          {c.status === 'given' ? (
                            <Button color="secondary" outline size="xs" onClick={() => setWithdrawing(c)} aria-label={`${t('consent.withdraw')}: ${purposeLabel(c.purpose)}${c.organisationName ? ` – ${c.organisationName}` : ''}`}>
                              {t('consent.withdraw')}
                            </Button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
          {withdrawing ? (
            <form
              noValidate
              className="border rounded p-3 mb-4"
              aria-labelledby="consent-withdraw-title"
              onSubmit={(e) => {
                e.preventDefault();
                void withdraw();
              }}
            >
              <h3 id="consent-withdraw-title" className="h5">
                {t('consent.withdrawTitle', { purpose: `${purposeLabel(withdrawing.purpose)}${withdrawing.organisationName ? ` – ${withdrawing.organisationName}` : ''}` })}
              </h3>
              <ErrorAlert error={withdrawForm.error} />
              <DecisionFields
                prefix="withdraw"
                minor={minor}
                date={wDate}
                setDate={setWDate}
                method={wMethod}
                setMethod={setWMethod}
                givenBy={wGivenBy}
                setGivenBy={setWGivenBy}
                guardianName={wGuardian}
                setGuardianName={setWGuardian}
                errors={withdrawForm.fieldErrors}
              />
              <Button color="primary" type="submit" disabled={withdrawForm.busy}>
                {t('consent.withdrawConfirm')}
              </Button>{' '}
              <Button color="secondary" outline type="button" onClick={() => setWithdrawing(null)}>
                {t('common.cancel')}
              </Button>
            </form>
          ) : null}
          {list.data.history.length > 0 ? (
            <details className="mb-4">
              <summary>{t('consent.history')}</summary>
              <div className="table-responsive">
                <Table id="consent-history" size="sm">
                  <caption className="visually-hidden">{t('consent.history')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('consent.purpose')}</th>
                      <th scope="col">{t('consent.status')}</th>
                      <th scope="col">{t('consent.date')}</th>
                      <th scope="col">{t('consent.method')}</th>
                      <th scope="col">{t('consent.givenBy')}</th>
                      <th scope="col">{t('consent.recordedBy')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.history.map((h) => (
                      <tr key={h.id}>
                        <td>
                          {purposeLabel(h.purpose)}
                          {h.organisationName ? ` – ${h.organisationName}` : ''}
                        </td>
                        <td>{statusLabel(h.status)}</td>
                        <td>{formatDate(h.date)}</td>
                        <td>{t(`consent.method.${h.method}` as MessageKey)}</td>
                        <td>{h.givenBy === 'guardian' ? `${t('consent.givenBy.guardian')}${h.guardianName ? `: ${h.guardianName}` : ''}` : t('consent.givenBy.person')}</td>
                        <td>
                          {h.recordedByName ?? '—'} · {formatDateTime(h.recordedAt)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            </details>
          ) : null}
        </>
      ) : null}
      {writer ? (
        <form
          noValidate
          aria-labelledby="consent-new"
          onSubmit={(e) => {
            e.preventDefault();
            void record();
          }}
        >
          <h3 id="consent-new" className="h5">
            {t('consent.new')}
          </h3>
          <ErrorAlert error={form.error} />
          <div className="row">
            <div className="col-md-4">
              <SelectField
                id="consent-purpose"
                label={t('consent.purpose')}
                value={purpose}
                onChange={setPurpose}
                options={consentPurposes.map((p) => ({ value: p, label: purposeLabel(p) }))}
                placeholder={t('common.choose')}
                required
                error={form.fieldErrors.purpose}
              />
            </div>
            {purpose === 'sharing' ? (
              <div className="col-md-4">
                <SelectField id="consent-org" label={t('consent.organisation')} value={organisationId} onChange={setOrganisationId} options={orgOptions} placeholder={t('common.choose')} required error={form.fieldErrors.organisationId} />
              </div>
            ) : null}
            <div className="col-md-4">
              <SelectField
                id="consent-status"
                label={t('consent.status')}
                value={status}
                onChange={setStatus}
                options={(['given', 'refused'] as const).map((s) => ({ value: s, label: statusLabel(s) }))}
                required
                error={form.fieldErrors.status}
              />
            </div>
          </div>
          <DecisionFields
            prefix="consent"
            minor={minor}
            date={date}
            setDate={setDate}
            method={method}
            setMethod={setMethod}
            givenBy={givenBy}
            setGivenBy={setGivenBy}
            guardianName={guardianName}
            setGuardianName={setGuardianName}
            errors={form.fieldErrors}
          />
          <div className="row">
            <div className="col-md-4">
              <TextField id="consent-interpreter" label={t('consent.interpreter')} value={interpreter} onChange={setInterpreter} error={form.fieldErrors.interpreterLanguage} />
            </div>
          </div>
          <TextArea id="consent-note" label={t('consent.note')} value={note} onChange={setNote} rows={2} error={form.fieldErrors.note} />
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('consent.save')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

export function TasksTab(props: { c: CaseDetail }) {
  const { t, formatDate } = useI18n();
  const me = useMe();
  const caseId = props.c.id;
  const list = useLoad(async (signal) => api.get<{ items: CaseTask[] }>(`/api/cases/${caseId}/tasks`, undefined, signal), caseId);
  const people = new Map<string, string>();
  people.set(me.user.id, me.user.displayName);
  if (props.c.caseWorker) people.set(props.c.caseWorker.id, props.c.caseWorker.displayName);
  for (const m of props.c.team ?? []) people.set(m.userId, m.displayName);
  const assigneeOptions = [...people].map(([value, label]) => ({ value, label }));
  const [title, setTitle] = useState('');
  const [assigneeId, setAssigneeId] = useState(props.c.caseWorker?.id ?? me.user?.id ?? '');
  const [dueOn, setDueOn] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();
  const toggle = useSubmit();
  const writer = can(me, 'cases.write');
  const add = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!title.trim()) e.title = t('validation.required');
        if (!assigneeId) e.assigneeId = t('validation.required');
        return e;
      },
      async () => {
        setNotice(null);
        await api.post(`/api/cases/${caseId}/tasks`, { title: title.trim(), assigneeId, ...(dueOn ? { dueOn } : {}) });
        setTitle('');
        setDueOn('');
        setNotice(t('task.added'));
        list.reload();
      },
    );
  const setDone = (task: CaseTask, done: boolean) =>
    toggle.run(
      () => ({}),
      async () => {
        await api.patch(`/api/cases/${caseId}/tasks/${task.id}`, { done });
        list.reload();
      },
    );
  return (
    <>
      <h2 className="h4">{t('case.tab.tasks')}</h2>
      <p className="small">{t('task.lead')}</p>
      <Notice text={notice} />
      <ErrorAlert error={list.error ?? toggle.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p>{t('task.none')}</p>
        ) : (
          <div className="table-responsive">
            <Table id="task-table">
              <caption className="visually-hidden">{t('case.tab.tasks')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('task.done')}</th>
                  <th scope="col">{t('task.title')}</th>
                  <th scope="col">{t('task.assignee')}</th>
                  <th scope="col">{t('task.due')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((task) => (
                  <tr key={task.id}>
                    <td>
                      {writer ? (
                        <Checkbox id={`task-done-${task.id}`} label={<span className="visually-hidden">{t('task.markDone', { title: task.title })}</span>} checked={task.doneAt !== null} onChange={(v) => void setDone(task, v)} />
                      ) : task.doneAt ? (
                        t('task.done')
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className={task.doneAt ? 'text-decoration-line-through' : undefined}>{task.title}</td>
                    <td>{task.assigneeName ?? '—'}</td>
                    <td>
                      {formatDate(task.dueOn)}
                      {task.overdue ? (
                        <Badge color="danger" className="ms-2">
                          {t('task.overdue')}
                        </Badge>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {writer ? (
        <form
          noValidate
          className="mt-4"
          aria-labelledby="task-new"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3 id="task-new" className="h5">
            {t('task.new')}
          </h3>
          <ErrorAlert error={form.error} />
          <div className="row">
            <div className="col-md-6">
              <TextField id="task-title" label={t('task.title')} value={title} onChange={setTitle} required error={form.fieldErrors.title} />
            </div>
            <div className="col-md-3">
              <SelectField id="task-assignee" label={t('task.assignee')} value={assigneeId} onChange={setAssigneeId} options={assigneeOptions} required error={form.fieldErrors.assigneeId} />
            </div>
            <div className="col-md-3">
              <TextField id="task-due" type="date" label={t('task.due')} value={dueOn} onChange={setDueOn} error={form.fieldErrors.dueOn} />
            </div>
          </div>
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('task.add')}
          </Button>
        </form>
      ) : null}
    </>
  );
}
