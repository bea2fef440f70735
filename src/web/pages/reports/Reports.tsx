/**
 * Reports: ask for the funder report or the SIRIT tables of a project and period (PDF or XLSX),
 * follow their preparation in the background (the list is polled while something is under way)
 * and download them. Only one's own reports are listed.
 */
import { useEffect, useState } from 'react';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

interface ReportJob {
  id: string;
  kind: 'funder' | 'sirit';
  format: 'pdf' | 'xlsx';
  projectCode: string | null;
  from: string;
  to: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  error: string | null;
  fileName: string | null;
  expiresAt: string | null;
  downloadable: boolean;
}

interface Draft {
  kind: 'funder' | 'sirit';
  project: string;
  from: string;
  to: string;
  format: 'pdf' | 'xlsx';
  lang: 'it' | 'en';
}

const pollMs = 1500;

function StatusCell(props: { job: ReportJob; name: string }) {
  const { t } = useI18n();
  const { job } = props;
  const label = t(`reports.status.${job.status}` as MessageKey);
  if (job.status === 'queued' || job.status === 'running') {
    return (
      <div>
        <span>{label}</span>
        <div className="progress mt-1" style={{ height: '0.75rem' }}>
          <div
            className="progress-bar"
            role="progressbar"
            aria-label={t('reports.progress', { name: props.name })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={job.progress}
            style={{ width: `${job.progress}%` }}
          />
        </div>
      </div>
    );
  }
  if (job.status === 'failed') return <span>{label}{job.error ? `: ${job.error}` : ''}</span>;
  return <span>{label}</span>;
}

export function ReportsPage() {
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const year = new Date().getFullYear();
  const [draft, setDraft] = useState<Draft>({ kind: 'funder', project: '', from: `${year}-01-01`, to: new Date().toISOString().slice(0, 10), format: 'pdf', lang: locale });
  const [notice, setNotice] = useState<string | null>(null);
  const submit = useSubmit();
  const projects = useLoad((signal) => api.get<{ items: { id: string; name: string; code: string }[] } | { id: string; name: string; code: string }[]>('/api/projects', undefined, signal), 'projects');
  const projectItems = Array.isArray(projects.data) ? projects.data : (projects.data?.items ?? []);
  const jobs = useLoad((signal) => api.get<{ items: ReportJob[] }>('/api/reports', undefined, signal), 'reports');
  const items = jobs.data?.items ?? [];
  const busy = items.some((j) => j.status === 'queued' || j.status === 'running');
  const { reload } = jobs;

  useEffect(() => {
    if (!busy) return undefined;
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [busy, reload]);

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {};
    if (!draft.project) errors.project = t('reports.required');
    if (!draft.from) errors.from = t('reports.required');
    if (!draft.to) errors.to = t('reports.required');
    if (draft.from && draft.to && draft.from > draft.to) errors.from = t('reports.order');
    return errors;
  };

  const name = (j: ReportJob) => `${t(`reports.kind.${j.kind}` as MessageKey)} ${j.projectCode ?? ''} (${j.format.toUpperCase()})`;

  return (
    <Page title={t('reports.title')} lead={t('reports.lead')}>
      <form
        aria-labelledby="reports-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setNotice(null);
          void submit.run(validate, async () => {
            await api.post<ReportJob>('/api/reports', draft);
            setNotice(t('reports.requested'));
            reload();
          });
        }}
      >
        <h2 className="h4" id="reports-form">{t('reports.form')}</h2>
        <ErrorAlert error={submit.error} />
        <div className="row">
          <div className="col-md-4">
            <SelectField id="rep-kind" label={t('reports.kind')} value={draft.kind} onChange={(v) => setDraft({ ...draft, kind: v === 'sirit' ? 'sirit' : 'funder' })}
              options={[{ value: 'funder', label: t('reports.kind.funder') }, { value: 'sirit', label: t('reports.kind.sirit') }]} />
          </div>
          <div className="col-md-8">
            <SelectField id="rep-project" label={t('reports.project')} required value={draft.project} onChange={(v) => setDraft({ ...draft, project: v })}
              placeholder={t('reports.chooseProject')} options={projectItems.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }))} error={submit.fieldErrors.project} />
          </div>
          <div className="col-md-3">
            <TextField id="rep-from" type="date" label={t('reports.from')} required value={draft.from} onChange={(v) => setDraft({ ...draft, from: v })} error={submit.fieldErrors.from} />
          </div>
          <div className="col-md-3">
            <TextField id="rep-to" type="date" label={t('reports.to')} required value={draft.to} onChange={(v) => setDraft({ ...draft, to: v })} error={submit.fieldErrors.to} />
          </div>
          <div className="col-md-3">
            <SelectField id="rep-format" label={t('reports.format')} value={draft.format} onChange={(v) => setDraft({ ...draft, format: v === 'xlsx' ? 'xlsx' : 'pdf' })}
              options={[{ value: 'pdf', label: t('reports.format.pdf') }, { value: 'xlsx', label: t('reports.format.xlsx') }]} />
          </div>
          <div className="col-md-3">
            <SelectField id="rep-lang" label={t('reports.lang')} value={draft.lang} onChange={(v) => setDraft({ ...draft, lang: v === 'en' ? 'en' : 'it' })}
              options={[{ value: 'it', label: t('reports.lang.it') }, { value: 'en', label: t('reports.lang.en') }]} />
          </div>
        </div>
        <Button color="primary" type="submit" disabled={submit.busy}>{t('reports.request')}</Button>
      </form>
      <Notice text={notice} kind="success" />

      <section aria-labelledby="reports-mine" className="mt-5">
        <h2 className="h4" id="reports-mine">{t('reports.mine')}</h2>
        <ErrorAlert error={jobs.error} />
        {jobs.loading && !jobs.data ? <Loading /> : null}
        {jobs.data && items.length === 0 ? <p>{t('reports.none')}</p> : null}
        {items.length > 0 ? (
          <div className="table-responsive" style={{ position: 'relative' }} tabIndex={0} role="region" aria-label={t('reports.mine')}>
            <table className="table table-sm">
              <caption className="visually-hidden">{t('reports.mine')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.col.report')}</th>
                  <th scope="col">{t('reports.col.period')}</th>
                  <th scope="col">{t('reports.col.status')}</th>
                  <th scope="col">{t('reports.col.file')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((j) => (
                  <tr key={j.id} data-report={j.id}>
                    <th scope="row">{name(j)}</th>
                    <td>{t('reports.periodText', { from: formatDate(j.from), to: formatDate(j.to) })}</td>
                    <td><StatusCell job={j} name={name(j)} /></td>
                    <td>
                      {j.downloadable ? (
                        <>
                          <a href={`/api/reports/${j.id}/download`} download={j.fileName ?? undefined}>
                            {t('reports.downloadShort')}<span className="visually-hidden"> {name(j)}</span>
                          </a>
                          <div className="small text-break">{j.fileName}</div>
                          {j.expiresAt ? <div className="small text-muted">{t('reports.expires', { date: formatDateTime(j.expiresAt) })}</div> : null}
                        </>
                      ) : j.status === 'done' ? t('reports.expired') : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </Page>
  );
}
