/**
 * The SLA board: open, due soon and overdue procedure steps, and how long steps took (median and
 * 90th percentile), by step and by body. Coordinators see the network, others their own body
 * (the server decides). Charts are SVG with the same figures in a table beside each.
 */
import { useState } from 'react';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, Loading, Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { BarChart, type BarSeries } from './charts.tsx';

interface Figures {
  open: number;
  dueSoon: number;
  overdue: number;
  completed: number;
  completedLate: number;
  medianHours: number | null;
  p90Hours: number | null;
}

interface SlaAnswer {
  scope: 'network' | 'organisation';
  orgId: string | null;
  procedure: string | null;
  from: string;
  to: string;
  generatedAt: string;
  steps: ({ procedureKey: string; procedureName: { it: string; en: string }; stepKey: string; stepName: { it: string; en: string } } & Figures)[];
  organisations: ({ orgId: string | null; name: string | null } & Figures)[];
  total: Figures;
}

interface Filters {
  procedure: string;
  orgId: string;
  from: string;
  to: string;
}

export function SlaPage() {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Filters>({ procedure: '', orgId: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const procedures = useLoad((signal) => api.get<{ items: { key: string; name: { it: string; en: string } }[] }>('/api/procedures', undefined, signal), 'procedures');
  const board = useLoad((signal) => api.get<SlaAnswer>('/api/sla', { ...filters }, signal), JSON.stringify(filters));
  const [orgOptions, setOrgOptions] = useState<{ value: string; label: string }[]>([]);
  const data = board.data;
  if (data && data.scope === 'network' && !filters.orgId && data.organisations.length > 0) {
    const opts = data.organisations.flatMap((o) => (o.orgId ? [{ value: o.orgId, label: o.name ?? o.orgId }] : []));
    if (opts.length !== orgOptions.length || opts.some((o, i) => o.value !== orgOptions[i]?.value)) setOrgOptions(opts);
  }

  const counts: BarSeries[] = [
    { key: 'onTime', label: t('sla.onTime'), className: 'bar-on-time' },
    { key: 'dueSoon', label: t('sla.dueSoon'), className: 'bar-due-soon' },
    { key: 'overdue', label: t('sla.overdue'), className: 'bar-overdue' },
  ];
  const times: BarSeries[] = [
    { key: 'median', label: t('sla.median'), className: 'bar-median' },
    { key: 'p90', label: t('sla.p90'), className: 'bar-p90' },
  ];
  const countValues = (f: Figures) => ({ onTime: f.open - f.dueSoon - f.overdue, dueSoon: f.dueSoon, overdue: f.overdue });
  const stepLabel = (s: SlaAnswer['steps'][number]) => (filters.procedure ? s.stepName[locale] : `${s.procedureName[locale]} · ${s.stepName[locale]}`);

  return (
    <Page title={t('sla.title')} lead={data ? (data.scope === 'network' ? t('sla.leadNetwork') : t('sla.leadOrg')) : undefined}>
      <form
        className="filters"
        aria-label={t('sla.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div className="row">
          <div className="col-md-3">
            <SelectField
              id="sla-procedure"
              label={t('sla.procedure')}
              value={draft.procedure}
              onChange={(v) => setDraft({ ...draft, procedure: v })}
              options={[{ value: '', label: t('common.all') }, ...(procedures.data?.items ?? []).map((p) => ({ value: p.key, label: p.name[locale] }))]}
            />
          </div>
          {data?.scope === 'network' ? (
            <div className="col-md-3">
              <SelectField id="sla-org" label={t('sla.organisation')} value={draft.orgId} onChange={(v) => setDraft({ ...draft, orgId: v })} options={[{ value: '', label: t('common.all') }, ...orgOptions]} />
            </div>
          ) : null}
          <div className="col-md-2">
            <TextField id="sla-from" type="date" label={t('sla.from')} value={draft.from} onChange={(v) => setDraft({ ...draft, from: v })} />
          </div>
          <div className="col-md-2">
            <TextField id="sla-to" type="date" label={t('sla.to')} value={draft.to} onChange={(v) => setDraft({ ...draft, to: v })} />
          </div>
          <div className="col-md-2 d-flex align-items-start">
            <Button color="primary" type="submit">
              {t('sla.apply')}
            </Button>
          </div>
        </div>
      </form>
      <ErrorAlert error={board.error} />
      {board.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <dl className="row" id="sla-total">
            <dt className="col-6 col-md-2">{t('sla.open')}</dt>
            <dd className="col-6 col-md-1">{data.total.open}</dd>
            <dt className="col-6 col-md-2">{t('sla.dueSoon')}</dt>
            <dd className="col-6 col-md-1">{data.total.dueSoon}</dd>
            <dt className="col-6 col-md-2">{t('sla.overdue')}</dt>
            <dd className="col-6 col-md-1">{data.total.overdue}</dd>
            <dt className="col-6 col-md-2">{t('sla.completed')}</dt>
            <dd className="col-6 col-md-1">{data.total.completed}</dd>
          </dl>
          {data.steps.length === 0 ? (
            <p>{t('sla.empty')}</p>
          ) : (
            <>
              <h2 className="h4">{t('sla.byStep')}</h2>
              <BarChart title={t('sla.chartOpen')} tableCaption={`${t('sla.dataTable')}: ${t('sla.chartOpen')}`} series={counts} mode="stacked" rows={data.steps.map((s) => ({ label: stepLabel(s), values: countValues(s) }))} />
              <BarChart
                title={t('sla.chartTimes')}
                tableCaption={`${t('sla.dataTable')}: ${t('sla.chartTimes')}`}
                series={times}
                mode="grouped"
                rows={data.steps.filter((s) => s.completed > 0).map((s) => ({ label: stepLabel(s), values: { median: s.medianHours, p90: s.p90Hours } }))}
              />
              {data.scope === 'network' ? (
                <>
                  <h2 className="h4">{t('sla.byOrg')}</h2>
                  <BarChart
                    title={t('sla.chartOrg')}
                    tableCaption={`${t('sla.dataTable')}: ${t('sla.chartOrg')}`}
                    series={counts}
                    mode="stacked"
                    rows={data.organisations.map((o) => ({ label: o.name ?? t('sla.unassigned'), values: countValues(o) }))}
                  />
                </>
              ) : null}
            </>
          )}
        </>
      ) : null}
    </Page>
  );
}
