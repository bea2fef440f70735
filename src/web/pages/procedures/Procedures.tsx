/**
 * The procedure editor for administrators (procedures.manage): the list, one procedure (steps as
 * a table and as a graph, its versions), and editing a definition as JSON with the domain's checks
 * run as you type and every problem shown next to its step; the server checks again on save.
 */
import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Badge, Button, Table } from 'design-react-kit';
import { organisationTypes } from '../../../domain/organisations.ts';
import { referralReason } from '../../../domain/referrals/reasons.ts';
import { parseProcedure, procedureDefinitionSchema, type ProcedureDefinition, type ProcedureStep } from '../../../domain/procedures/definition.ts';
import { api } from '../../api.ts';
import { Checkbox, TextArea } from '../../components/Field.tsx';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { useLoad, useSubmit } from '../../hooks.ts';
import { useI18n, type MessageKey, type Translate } from '../../i18n/index.tsx';
import { StepGraph } from './charts.tsx';

interface ProcedureItem {
  key: string;
  version: number;
  active: boolean;
  name: { it: string; en: string };
  subjectType: 'referral' | 'case' | 'hotline_call';
  steps: number;
  updatedAt: string;
}

interface ProcedureDetail {
  key: string;
  version: number;
  active: boolean;
  current: boolean;
  definition: ProcedureDefinition;
  createdAt: string;
  versions: { version: number; active: boolean; createdAt: string }[];
}

type Locale = 'it' | 'en';

function durationText(t: Translate, d: ProcedureStep['deadline']): string {
  return d ? t(`proc.unit.${d.unit}` as MessageKey, { amount: d.amount }) : '—';
}

function actorsText(t: Translate, locale: Locale, step: ProcedureStep): string {
  if (step.next.length === 0) return t('proc.end');
  const parts: string[] = [];
  if (step.actors.side) parts.push(t(`proc.side.${step.actors.side}` as MessageKey));
  for (const k of step.actors.orgTypes ?? []) parts.push(organisationTypes.find((o) => o.key === k)?.name[locale] ?? k);
  return parts.length > 0 ? parts.join(', ') : t('proc.anyBody');
}

function appliesText(t: Translate, locale: Locale, d: ProcedureDefinition): string {
  const a = d.appliesTo;
  const base = t(`proc.subject.${a.subject}` as MessageKey);
  if (a.subject !== 'referral') return base;
  const reasons = a.reasons.map((r) => referralReason(r)?.name[locale] ?? r).join(', ');
  const senders = a.senderOrgTypes ? ` ${t('proc.senders', { types: a.senderOrgTypes.map((k) => organisationTypes.find((o) => o.key === k)?.name[locale] ?? k).join(', ') })}` : '';
  return `${base}. ${t('proc.reasons', { reasons })}.${senders}`;
}

export function ProcedureListPage() {
  const { t, locale, formatDate } = useI18n();
  const location = useLocation();
  const list = useLoad((signal) => api.get<{ items: ProcedureItem[] }>('/api/procedures', undefined, signal), 'procedures');
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  return (
    <Page
      title={t('proc.listTitle')}
      lead={t('proc.listLead')}
      actions={
        <Link className="btn btn-primary" to="/procedures/new">
          {t('proc.new')}
        </Link>
      }
    >
      <Notice text={notice} />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-responsive">
          <Table hover id="procedure-table">
            <caption className="visually-hidden">{t('proc.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('proc.appliesTo')}</th>
                <th scope="col">{t('proc.steps')}</th>
                <th scope="col">{t('proc.version')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.key}>
                  <th scope="row">
                    <Link to={`/procedures/${p.key}`}>{p.name[locale]}</Link>
                    <div className="small fw-normal">
                      <code>{p.key}</code>
                    </div>
                  </th>
                  <td>{t(`proc.subject.${p.subjectType}` as MessageKey)}</td>
                  <td>{t('proc.stepsCount', { count: p.steps })}</td>
                  <td>
                    {p.version} <span className="small text-secondary">· {formatDate(p.updatedAt)}</span>
                  </td>
                  <td>{p.active ? <Badge color="success">{t('common.active')}</Badge> : <Badge color="secondary">{t('common.inactive')}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </Page>
  );
}

/** The steps as a table; `issues` (by step index) are shown in the step's row. */
function StepsTable(props: { definition: ProcedureDefinition; issues?: Map<number, string[]>; caption: string }) {
  const { t, locale } = useI18n();
  const { definition } = props;
  return (
    <div className="table-responsive">
      <Table id="steps-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('proc.step')}</th>
            <th scope="col">{t('proc.actors')}</th>
            <th scope="col">{t('proc.next')}</th>
            <th scope="col">{t('proc.deadline')}</th>
            <th scope="col">{t('proc.warn')}</th>
          </tr>
        </thead>
        <tbody>
          {definition.steps.map((s, i) => (
            <tr key={`${s.key}-${i}`}>
              <td>{i + 1}</td>
              <th scope="row">
                {s.name[locale]}
                <div className="small fw-normal">
                  <code>{s.key}</code>
                </div>
                {(props.issues?.get(i) ?? []).map((m, j) => (
                  <div key={j} className="small proc-issue">
                    {m}
                  </div>
                ))}
              </th>
              <td>{actorsText(t, locale, s)}</td>
              <td>{s.next.length > 0 ? s.next.map((n) => definition.steps.find((x) => x.key === n)?.name[locale] ?? n).join(', ') : '—'}</td>
              <td>{durationText(t, s.deadline)}</td>
              <td>{durationText(t, s.warnBefore)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

export function ProcedureViewPage() {
  const { key = '' } = useParams();
  const [search] = useSearchParams();
  const version = search.get('version') ?? undefined;
  const { t, locale, formatDateTime } = useI18n();
  const location = useLocation();
  const loaded = useLoad((signal) => api.get<ProcedureDetail>(`/api/procedures/${key}`, { version }, signal), `${key}@${version ?? ''}`);
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorAlert error={loaded.error} />;
  const p = loaded.data;
  const d = p.definition;
  return (
    <Page
      title={`${d.name[locale]} — ${t('proc.version')} ${p.version}`}
      lead={d.description?.[locale]}
      actions={
        p.current ? (
          <Link className="btn btn-primary" to={`/procedures/${p.key}/edit`}>
            {t('proc.edit')}
          </Link>
        ) : null
      }
    >
      <Notice text={notice} />
      <dl className="row">
        <dt className="col-sm-3">{t('proc.key')}</dt>
        <dd className="col-sm-9">
          <code>{p.key}</code>
        </dd>
        <dt className="col-sm-3">{t('proc.appliesTo')}</dt>
        <dd className="col-sm-9">{appliesText(t, locale, d)}</dd>
        <dt className="col-sm-3">{t('common.status')}</dt>
        <dd className="col-sm-9">{p.active ? t('common.active') : t('common.inactive')}</dd>
      </dl>
      <h2 className="h4">{t('proc.steps')}</h2>
      <StepsTable definition={d} caption={t('proc.steps')} />
      <h2 className="h4 mt-4">{t('proc.graph')}</h2>
      <StepGraph definition={d} locale={locale} title={t('proc.graph')} description={t('proc.graphDesc')} />
      <h2 className="h4 mt-4">{t('proc.versions')}</h2>
      <ul id="procedure-versions">
        {p.versions.map((v) => (
          <li key={v.version}>
            {v.version === p.version ? (
              <strong>{t('proc.versionLabel', { version: v.version, date: formatDateTime(v.createdAt) })}</strong>
            ) : (
              <Link to={`/procedures/${p.key}?version=${v.version}`} aria-label={t('proc.viewVersion', { version: v.version })}>
                {t('proc.versionLabel', { version: v.version, date: formatDateTime(v.createdAt) })}
              </Link>
            )}
            {v === p.versions[0] ? ` (${t('proc.current')})` : ''}
          </li>
        ))}
      </ul>
    </Page>
  );
}

const template: ProcedureDefinition = {
  key: 'nuova_procedura',
  name: { it: 'Nuova procedura', en: 'New procedure' },
  appliesTo: { subject: 'case' },
  steps: [
    { key: 'primo_passo', name: { it: 'Primo passo', en: 'First step' }, actors: { orgTypes: ['ngo'] }, next: ['concluso'], deadline: { amount: 5, unit: 'working_days' }, warnBefore: { amount: 1, unit: 'working_days' } },
    { key: 'concluso', name: { it: 'Concluso', en: 'Done' }, actors: {}, next: [] },
  ],
};

export function ProcedureEditPage() {
  const { key } = useParams();
  const loaded = useLoad(async (signal) => (key ? api.get<ProcedureDetail>(`/api/procedures/${key}`, undefined, signal) : null), key ?? 'new');
  if (key && loaded.loading && !loaded.data) return <Loading />;
  if (key && !loaded.data) return <ErrorAlert error={loaded.error} />;
  return <ProcedureForm key={key ?? 'new'} existing={loaded.data} />;
}

function ProcedureForm(props: { existing: ProcedureDetail | null }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { existing } = props;
  const [text, setText] = useState(() => JSON.stringify(existing?.definition ?? template, null, 2));
  const [active, setActive] = useState(existing?.active ?? true);
  const form = useSubmit();

  const checked = useMemo(() => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return { jsonError: e instanceof Error ? e.message : String(e), issues: [], definition: null };
    }
    const r = parseProcedure(raw);
    const loose = procedureDefinitionSchema.safeParse(raw);
    return { jsonError: null, issues: r.ok ? [] : r.issues, definition: r.ok ? r.definition : loose.success ? loose.data : null };
  }, [text]);

  const issuesByStep = useMemo(() => {
    const m = new Map<number, string[]>();
    for (const i of checked.issues) {
      const match = /^steps\.(\d+)/.exec(i.path);
      if (match) m.set(Number(match[1]), [...(m.get(Number(match[1])) ?? []), i.message[locale]]);
    }
    return m;
  }, [checked.issues, locale]);

  const serverIssues = Object.entries(form.fieldErrors);
  const problems = checked.jsonError ? 1 : checked.issues.length;

  const save = () =>
    form.run(
      (): Record<string, string> => (problems > 0 ? { definition: checked.jsonError ? t('proc.invalidJson', { message: checked.jsonError }) : t('proc.problems', { count: problems }) } : {}),
      async () => {
        const definition = JSON.parse(text) as unknown;
        const saved = existing
          ? await api.put<ProcedureDetail>(`/api/procedures/${existing.key}`, { definition, active, baseVersion: existing.version })
          : await api.post<ProcedureDetail>('/api/procedures', { definition, active });
        void navigate(`/procedures/${saved.key}`, { state: { notice: t('proc.saved', { version: saved.version }) } });
      },
    );

  return (
    <Page title={existing ? t('proc.editTitle', { name: existing.definition.name[locale] }) : t('proc.newTitle')}>
      <ErrorAlert error={form.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <TextArea
          id="procedure-definition"
          className="proc-json"
          label={t('proc.definition')}
          hint={t('proc.definitionHint')}
          value={text}
          onChange={setText}
          rows={18}
          required
          error={form.fieldErrors.definition ?? (serverIssues.length > 0 ? serverIssues.map(([p, m]) => `${m} (${t('proc.at', { path: p.replace(/^definition\.?/, '') })})`).join(' · ') : undefined)}
        />
        <Checkbox id="procedure-active" label={t('proc.activeLabel')} checked={active} onChange={setActive} />
        <h2 className="h4 mt-3">{t('proc.preview')}</h2>
        <div id="procedure-check" aria-live="polite">
          {checked.jsonError ? (
            <p className="proc-issue">{t('proc.invalidJson', { message: checked.jsonError })}</p>
          ) : checked.issues.length > 0 ? (
            <>
              <p className="proc-issue">{t('proc.problems', { count: checked.issues.length })}</p>
              <ul>
                {checked.issues
                  .filter((i) => !/^steps\.\d+/.test(i.path))
                  .map((i, n) => (
                    <li key={n} className="proc-issue">
                      {i.message[locale]} {i.path ? t('proc.at', { path: i.path }) : ''}
                    </li>
                  ))}
              </ul>
            </>
          ) : (
            <p className="text-success">{t('proc.noProblems')}</p>
          )}
        </div>
        {checked.definition ? (
          <>
            <StepsTable definition={checked.definition} issues={issuesByStep} caption={t('proc.steps')} />
            <StepGraph definition={checked.definition} locale={locale} title={t('proc.graph')} description={t('proc.graphDesc')} />
          </>
        ) : null}
        <div className="d-flex gap-2 mt-3">
          <Button color="primary" type="submit" disabled={form.busy}>
            {form.busy ? t('common.saving') : t('common.save')}
          </Button>
          <Link className="btn btn-outline-primary" to={existing ? `/procedures/${existing.key}` : '/procedures'}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </Page>
  );
}
