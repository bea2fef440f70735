/**
 * Case-record tabs: the individual plan (goals and actions), services, notes (never edited: a
 * correction is a new note) and documents (PDF, PNG or JPEG; upload and download). Forms are
 * offered to case workers and, for notes, services and documents, to staff who read cases
 * (specialists on the team); the server decides who may write.
 */
import { useState } from 'react';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice } from '../../components/Page.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { caseServiceStatuses, caseServiceTypes } from '../../../domain/case-services.ts';
import { amountPattern, normaliseAmount, formatEuro } from '../../validate.ts';
import { items, labelOr } from './model.ts';

interface PlanAction {
  id: string;
  what: string;
  ownerName?: string | null;
  dueOn?: string | null;
  reviewOn?: string | null;
  status: string;
  overdue?: boolean;
}
interface PlanGoal {
  id: string;
  title: string;
  description?: string | null;
  status?: string;
  actions?: PlanAction[];
}
interface CaseService {
  id: string;
  type: string;
  providerOrganisationName?: string | null;
  providerName?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
  status: string;
  cost?: string | null;
  notes?: string | null;
}
interface CaseNote {
  id: string;
  text: string;
  category?: string | null;
  authorName?: string | null;
  createdAt: string;
}
interface CaseDocument {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  category?: string | null;
  uploadedByName?: string | null;
  uploadedAt: string;
}

const actionStatuses = ['open', 'done', 'dropped'] as const;
const goalStatuses = ['open', 'achieved', 'dropped'] as const;

/** A compact status select that saves on change (goal or action of the plan). */
function StatusSelect(props: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange: (value: string) => void }) {
  return (
    <div className="d-inline-flex align-items-center gap-2 ms-2">
      <label htmlFor={props.id} className="visually-hidden">
        {props.label}
      </label>
      <select id={props.id} className="form-select form-select-sm w-auto" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PlanTab(props: { caseId: string }) {
  const { t, formatDate } = useI18n();
  const me = useMe();
  const plan = useLoad(async (signal) => {
    const answer = await api.get<{ goals: PlanGoal[] } | PlanGoal[]>(`/api/cases/${props.caseId}/plan`, undefined, signal);
    return Array.isArray(answer) ? answer : (answer.goals ?? []);
  }, props.caseId);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const form = useSubmit();
  const writer = can(me, 'cases.write');
  const statusForm = useSubmit();
  const changeStatus = (path: string, status: string) =>
    statusForm.run(
      () => ({}),
      async () => {
        await api.patch(path, { status });
        plan.reload();
      },
    );
  const addGoal = () =>
    form.run(
      (): FieldErrors => (title.trim() ? {} : { title: t('validation.required') }),
      async () => {
        await api.post(`/api/cases/${props.caseId}/plan/goals`, { title: title.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
        setTitle('');
        setDescription('');
        plan.reload();
      },
    );
  return (
    <>
      <h2 className="h4">{t('case.tab.plan')}</h2>
      <ErrorAlert error={plan.error ?? statusForm.error} />
      {plan.loading && !plan.data ? <Loading /> : null}
      {plan.data && plan.data.length === 0 ? <p>{t('rec.noGoals')}</p> : null}
      {(plan.data ?? []).map((g) => (
        <section key={g.id} className="border rounded p-3 mb-3" aria-labelledby={`goal-${g.id}`}>
          <h3 id={`goal-${g.id}`} className="h5">
            {g.title}
          </h3>
          {g.description ? <p className="text-prewrap">{g.description}</p> : null}
          {writer ? (
            <StatusSelect
              id={`goal-status-${g.id}`}
              label={t('plan.goalStatus', { title: g.title })}
              value={g.status ?? 'open'}
              options={goalStatuses.map((v) => ({ value: v, label: t(`plan.goalStatus.${v}`) }))}
              onChange={(status) => void changeStatus(`/api/cases/${props.caseId}/plan/goals/${g.id}`, status)}
            />
          ) : g.status ? (
            <p className="small">{t(`plan.goalStatus.${g.status as (typeof goalStatuses)[number]}`)}</p>
          ) : null}
          {(g.actions ?? []).length ? (
            <ul>
              {(g.actions ?? []).map((a) => (
                <li key={a.id} className="mb-2">
                  {a.what} · {labelOr(t, `rec.actionStatus.${a.status}`, a.status)}
                  {a.dueOn ? ` · ${t('rec.due')} ${formatDate(a.dueOn)}` : ''}
                  {a.overdue ? ` · ${t('rec.overdue')}` : ''}
                  {a.ownerName ? ` · ${a.ownerName}` : ''}
                  {writer ? (
                    <StatusSelect
                      id={`action-status-${a.id}`}
                      label={t('plan.actionStatus', { what: a.what })}
                      value={a.status}
                      options={actionStatuses.map((v) => ({ value: v, label: labelOr(t, `rec.actionStatus.${v}`, v) }))}
                      onChange={(status) => void changeStatus(`/api/cases/${props.caseId}/plan/actions/${a.id}`, status)}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {writer ? <AddAction caseId={props.caseId} goalId={g.id} onDone={plan.reload} /> : null}
        </section>
      ))}
      {writer ? (
        <form
          noValidate
          className="mt-4"
          aria-labelledby="goal-new"
          onSubmit={(e) => {
            e.preventDefault();
            void addGoal();
          }}
        >
          <h3 id="goal-new" className="h5">
            {t('rec.newGoal')}
          </h3>
          <ErrorAlert error={form.error} />
          <TextField id="goal-title" label={t('rec.goalTitle')} value={title} onChange={setTitle} required error={form.fieldErrors.title} />
          <TextArea id="goal-description" label={t('common.description')} value={description} onChange={setDescription} rows={2} error={form.fieldErrors.description} />
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('rec.addGoal')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

function AddAction(props: { caseId: string; goalId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [what, setWhat] = useState('');
  const [due, setDue] = useState('');
  const form = useSubmit();
  const add = () =>
    form.run(
      (): FieldErrors => (what.trim() ? {} : { what: t('validation.required') }),
      async () => {
        await api.post(`/api/cases/${props.caseId}/plan/goals/${props.goalId}/actions`, { what: what.trim(), ...(due ? { dueOn: due } : {}), status: actionStatuses[0] });
        setWhat('');
        setDue('');
        props.onDone();
      },
    );
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-6">
          <TextField id={`action-what-${props.goalId}`} label={t('rec.actionWhat')} value={what} onChange={setWhat} required error={form.fieldErrors.what} />
        </div>
        <div className="col-md-3">
          <TextField id={`action-due-${props.goalId}`} type="date" label={t('rec.due')} value={due} onChange={setDue} error={form.fieldErrors.dueOn} />
        </div>
        <div className="col-md-3 pt-md-4">
          <Button color="primary" outline size="sm" type="submit" disabled={form.busy}>
            {t('rec.addAction')}
          </Button>
        </div>
      </div>
    </form>
  );
}

export function ServicesTab(props: { caseId: string }) {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const list = useLoad(async (signal) => items(await api.get<{ items: CaseService[] } | CaseService[]>(`/api/cases/${props.caseId}/services`, undefined, signal)), props.caseId);
  const options = caseServiceTypes.map((x) => ({ value: x.code, label: x.name[locale] }));
  const label = new Map(options.map((o) => [o.value, o.label]));
  const [type, setType] = useState('');
  const [provider, setProvider] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [status, setStatus] = useState<string>('planned');
  const [cost, setCost] = useState('');
  const [notes, setNotes] = useState('');
  const form = useSubmit();
  const add = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!type) e.type = t('validation.required');
        if (start && end && end < start) e.endsOn = t('validation.dateOrder');
        if (cost.trim() && normaliseAmount(cost) === null) e.cost = t('validation.amount');
        return e;
      },
      async () => {
        const amount = cost.trim() ? normaliseAmount(cost) : null;
        await api.post(`/api/cases/${props.caseId}/services`, {
          type,
          status,
          ...(provider.trim() ? { providerName: provider.trim() } : {}),
          ...(start ? { startsOn: start } : {}),
          ...(end ? { endsOn: end } : {}),
          ...(amount && amountPattern.test(amount) ? { cost: amount } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        });
        setType('');
        setProvider('');
        setStart('');
        setEnd('');
        setCost('');
        setNotes('');
        list.reload();
      },
    );
  return (
    <>
      <h2 className="h4">{t('case.tab.services')}</h2>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.length === 0 ? (
          <p>{t('rec.noServices')}</p>
        ) : (
          <div className="table-responsive">
            <Table id="service-table">
              <caption className="visually-hidden">{t('case.tab.services')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rec.serviceType')}</th>
                  <th scope="col">{t('rec.provider')}</th>
                  <th scope="col">{t('rec.period')}</th>
                  <th scope="col">{t('common.status')}</th>
                  <th scope="col">{t('rec.cost')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((s) => (
                  <tr key={s.id}>
                    <td>{label.get(s.type) ?? s.type}</td>
                    <td>{s.providerOrganisationName ?? s.providerName ?? '—'}</td>
                    <td>
                      {formatDate(s.startsOn)} – {formatDate(s.endsOn)}
                    </td>
                    <td>{labelOr(t, `rec.serviceStatus.${s.status}`, s.status)}</td>
                    <td>{s.cost ? formatEuro(s.cost, locale) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {can(me, 'cases.read') ? (
        <form
          noValidate
          className="mt-4"
          aria-labelledby="service-new"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3 id="service-new" className="h5">
            {t('rec.newService')}
          </h3>
          <ErrorAlert error={form.error} />
          <div className="row">
            <div className="col-md-4">
              <SelectField id="service-type" label={t('rec.serviceType')} value={type} onChange={setType} options={options} placeholder={t('common.choose')} required error={form.fieldErrors.type} />
            </div>
            <div className="col-md-4">
              <TextField id="service-provider" label={t('rec.provider')} value={provider} onChange={setProvider} error={form.fieldErrors.providerName} />
            </div>
            <div className="col-md-4">
              <SelectField
                id="service-status"
                label={t('common.status')}
                value={status}
                onChange={setStatus}
                options={caseServiceStatuses.map((s) => ({ value: s, label: t(`rec.serviceStatus.${s}`) }))}
              />
            </div>
            <div className="col-md-4">
              <TextField id="service-start" type="date" label={t('rec.start')} value={start} onChange={setStart} error={form.fieldErrors.startsOn} />
            </div>
            <div className="col-md-4">
              <TextField id="service-end" type="date" label={t('rec.end')} value={end} onChange={setEnd} error={form.fieldErrors.endsOn} />
            </div>
            <div className="col-md-4">
              <TextField id="service-cost" label={t('rec.cost')} inputMode="decimal" value={cost} onChange={setCost} error={form.fieldErrors.cost} />
            </div>
          </div>
          <TextArea id="service-notes" label={t('person.notes')} value={notes} onChange={setNotes} rows={2} error={form.fieldErrors.notes} />
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('rec.addService')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

export function NotesTab(props: { caseId: string }) {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const list = useLoad(async (signal) => items(await api.get<{ items: CaseNote[] } | CaseNote[]>(`/api/cases/${props.caseId}/notes`, undefined, signal)), props.caseId);
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();
  const add = () =>
    form.run(
      (): FieldErrors => (text.trim() ? {} : { text: t('validation.required') }),
      async () => {
        setNotice(null);
        await api.post(`/api/cases/${props.caseId}/notes`, { text: text.trim() });
        setText('');
        setNotice(t('rec.noteAdded'));
        list.reload();
      },
    );
  return (
    <>
      <h2 className="h4">{t('case.tab.notes')}</h2>
      <p className="small">{t('rec.notesLead')}</p>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p>{t('rec.noNotes')}</p> : null}
      <ul className="list-unstyled" id="note-list">
        {(list.data ?? []).map((n) => (
          <li key={n.id} className="border-start border-4 ps-3 mb-3">
            <p className="small text-secondary mb-1">
              {formatDateTime(n.createdAt)}
              {n.authorName ? ` · ${n.authorName}` : ''}
              {n.category ? (
                <Badge color="secondary" className="ms-2">
                  {n.category}
                </Badge>
              ) : null}
            </p>
            <p className="text-prewrap mb-0">{n.text}</p>
          </li>
        ))}
      </ul>
      {can(me, 'cases.read') ? (
        <form
          noValidate
          aria-labelledby="note-new"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3 id="note-new" className="h5">
            {t('rec.newNote')}
          </h3>
          <Notice text={notice} />
          <ErrorAlert error={form.error} />
          <TextArea id="note-text" label={t('rec.noteText')} value={text} onChange={setText} required rows={4} error={form.fieldErrors.text} />
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('rec.addNote')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

const acceptedTypes = ['application/pdf', 'image/png', 'image/jpeg'];

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function DocumentsTab(props: { caseId: string }) {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const list = useLoad(async (signal) => items(await api.get<{ items: CaseDocument[] } | CaseDocument[]>(`/api/cases/${props.caseId}/documents`, undefined, signal)), props.caseId);
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();
  const upload = () =>
    form.run(
      (): FieldErrors => {
        if (!file) return { file: t('validation.required') };
        if (!acceptedTypes.includes(file.type)) return { file: t('rec.fileType') };
        return {};
      },
      async () => {
        if (!file) return;
        setNotice(null);
        const contentBase64 = toBase64(await file.arrayBuffer());
        await api.post(`/api/cases/${props.caseId}/documents`, { fileName: file.name, mediaType: file.type, contentBase64 });
        setFile(null);
        setInputKey((k) => k + 1);
        setNotice(t('rec.uploaded'));
        list.reload();
      },
    );
  const fileError = form.fieldErrors.file ?? form.fieldErrors.contentBase64 ?? form.fieldErrors.mediaType;
  return (
    <>
      <h2 className="h4">{t('case.tab.documents')}</h2>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.length === 0 ? (
          <p>{t('rec.noDocuments')}</p>
        ) : (
          <div className="table-responsive">
            <Table id="document-table">
              <caption className="visually-hidden">{t('case.tab.documents')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rec.fileName')}</th>
                  <th scope="col">{t('rec.size')}</th>
                  <th scope="col">{t('rec.uploadedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <a href={`/api/cases/${props.caseId}/documents/${d.id}/content`} download={d.fileName}>
                        {d.fileName}
                      </a>
                    </td>
                    <td>{t('rec.kb', { kb: Math.max(1, Math.round(d.sizeBytes / 1024)) })}</td>
                    <td>
                      {formatDateTime(d.uploadedAt)}
                      {d.uploadedByName ? ` · ${d.uploadedByName}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {can(me, 'cases.read') ? (
        <form
          noValidate
          aria-labelledby="document-new"
          onSubmit={(e) => {
            e.preventDefault();
            void upload();
          }}
        >
          <h3 id="document-new" className="h5">
            {t('rec.upload')}
          </h3>
          <Notice text={notice} />
          <ErrorAlert error={form.error} />
          <div className="mb-3">
            <label htmlFor="document-file" className="form-label d-block">
              {t('rec.file')}
            </label>
            <input
              key={inputKey}
              id="document-file"
              type="file"
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              className="form-control"
              aria-describedby={`document-file-hint${fileError ? ' document-file-error' : ''}`}
              aria-invalid={fileError ? true : undefined}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            <small id="document-file-hint" className="form-text d-block">
              {t('rec.fileHint')}
            </small>
            {fileError ? (
              <div id="document-file-error" className="invalid-feedback d-block" role="alert">
                {fileError}
              </div>
            ) : null}
          </div>
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('rec.uploadButton')}
          </Button>
        </form>
      ) : null}
    </>
  );
}
