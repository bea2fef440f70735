/**
 * Monitoring dashboards: the coordinator dashboard (the records the user may read, with links to
 * the lists) and the observatory view (aggregates only, hidden figures shown as "n.d."). Each
 * chart (recharts) has the same figures in a table beside it; names and definitions come from the
 * indicator registry (src/domain/monitoring).
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, Loading, Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { can } from '../../access.ts';
import { dimensions, indicatorById, type DimensionId } from '../../../domain/monitoring/indicators.ts';
import { provinces, regions } from '../../../domain/provinces.ts';
import { ExportsPanel } from './ExportsPanel.tsx';

type Figure = number | null;

interface IndicatorResult {
  id: string;
  kind: 'count' | 'median' | 'rate';
  unit: string;
  dimensions: string[];
  rows: string[];
  cols: string[] | null;
  cells: Figure[][];
  rowTotals: Figure[] | null;
  colTotals: Figure[] | null;
  total: Figure;
  value: string | null;
  drillDown: (string | null)[] | null;
}

interface Answer {
  view: 'observatory' | 'coordinator';
  k: number | null;
  from: string;
  to: string;
  indicators: IndicatorResult[];
  unavailable: string[];
}

interface Filters {
  from: string;
  to: string;
  region: string;
  province: string;
  project: string;
}

const palette = ['#0066cc', '#cc334d', '#008055', '#995c00', '#5c2e91', '#00738a'];

function FigureCell(props: { value: Figure }) {
  const { t } = useI18n();
  if (props.value === null) {
    return <abbr title={t('monitoring.suppressedTitle')}>{t('monitoring.suppressed')}</abbr>;
  }
  return <>{props.value}</>;
}

function IndicatorCard(props: { result: IndicatorResult }) {
  const { t, locale } = useI18n();
  const r = props.result;
  const def = indicatorById(r.id);
  const name = def?.name[locale] ?? r.id;
  const label = (dim: string | undefined, value: string) => (dim && dim in dimensions ? dimensions[dim as DimensionId].label(value, locale) : value);
  const [rowDim, colDim] = r.dimensions;
  const headingId = `ind-${r.id}`;
  if (r.kind !== 'count') {
    const unit = t(`monitoring.unit.${r.unit}` as 'monitoring.unit.persons');
    return (
      <section className="mb-4 pb-4" aria-labelledby={headingId} data-indicator={r.id}>
        <h3 className="h5" id={headingId}>{name}</h3>
        <p className="display-6 mb-1">{r.value === null ? <FigureCell value={null} /> : `${r.value} ${unit}`}</p>
        <p className="small text-muted">{def?.definition[locale]}</p>
      </section>
    );
  }
  // Rows with nothing in them are left out of the chart and the table (their zeros add nothing).
  const cell = (i: number, j: number): Figure => r.cells[i]?.[j] ?? null;
  const shown = r.rows.map((row, i) => ({ row, i })).filter(({ i }) => (r.cells[i] ?? []).some((v) => v !== 0));
  const cols = r.cols ?? ['all'];
  const colLabel = (c: string) => (r.cols ? label(colDim, c) : t('monitoring.total'));
  const data = shown.map(({ row, i }) => ({ name: label(rowDim, row), ...Object.fromEntries(cols.map((c, j) => [c, cell(i, j) ?? undefined])) }));
  return (
    <section className="mb-5 pb-4" aria-labelledby={headingId} data-indicator={r.id}>
      <h3 className="h5" id={headingId}>{name}</h3>
      <p className="small text-muted">{def?.definition[locale]}</p>
      {shown.length === 0 ? (
        <p>{t('monitoring.noValue')} ({t('monitoring.total')}: <FigureCell value={r.total} />)</p>
      ) : (
        <div className="row g-3">
          <div className="col-lg-6">
            <div role="img" aria-label={name} style={{ width: '100%', height: Math.max(160, 36 * shown.length + 60) }}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12 }} />
                  <Tooltip />
                  {r.cols ? <Legend /> : null}
                  {cols.map((c, j) => (
                    <Bar key={c} dataKey={c} name={colLabel(c)} stackId="a" fill={palette[j % palette.length]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
          </div>
          <div className="col-lg-6 table-responsive" tabIndex={0} role="region" aria-label={`${t('monitoring.dataTable')}: ${name}`}>
            <table className="table table-sm">
              <caption>{`${t('monitoring.dataTable')}: ${name}`}</caption>
              <thead>
                <tr>
                  <th scope="col">{rowDim ? dimensions[rowDim as DimensionId]?.name[locale] : ''}</th>
                  {r.cols ? cols.map((c) => <th scope="col" key={c}>{colLabel(c)}</th>) : <th scope="col">{t(`monitoring.unit.${r.unit}` as 'monitoring.unit.persons')}</th>}
                  {r.cols ? <th scope="col">{t('monitoring.total')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {shown.map(({ row, i }) => (
                  <tr key={row}>
                    <th scope="row">
                      {r.drillDown?.[i] ? (
                        <Link to={r.drillDown[i] ?? ''} title={t('monitoring.open')}>{label(rowDim, row)}</Link>
                      ) : (
                        label(rowDim, row)
                      )}
                    </th>
                    {cols.map((c, j) => (
                      <td key={c}><FigureCell value={cell(i, j)} /></td>
                    ))}
                    {r.cols ? <td><FigureCell value={r.rowTotals?.[i] ?? null} /></td> : null}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('monitoring.total')}</th>
                  {r.cols ? cols.map((c, j) => <td key={c}><FigureCell value={r.colTotals?.[j] ?? null} /></td>) : null}
                  <td><FigureCell value={r.total} /></td>
                </tr>
              </tfoot>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

export function MonitoringPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const coordinatorAllowed = can(me, 'cases.read');
  const view = coordinatorAllowed && params.get('view') !== 'observatory' ? 'coordinator' : 'observatory';
  const filters: Filters = {
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    region: params.get('region') ?? '',
    province: params.get('province') ?? '',
    project: params.get('project') ?? '',
  };
  const [draft, setDraft] = useState<Filters>(filters);
  const key = `${view}:${JSON.stringify(filters)}`;
  const answer = useLoad(
    (signal) =>
      api.get<Answer>(view === 'coordinator' ? '/api/monitoring/dashboard' : '/api/monitoring/observatory', Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), signal),
    key,
  );
  const projects = useLoad((signal) => api.get<{ items: { id: string; name: string }[] } | { id: string; name: string }[]>('/api/projects', undefined, signal), 'projects');
  const projectItems = Array.isArray(projects.data) ? projects.data : (projects.data?.items ?? []);
  const data = answer.data;
  const go = (next: Partial<Filters> & { view?: string }) => {
    const merged = { ...filters, view, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v)));
  };
  const provinceOptions = provinces.filter((p) => !draft.region || p.regionCode === draft.region).map((p) => ({ value: p.code, label: p.name }));

  return (
    <Page title={t('monitoring.title')} lead={view === 'coordinator' ? t('monitoring.leadCoordinator') : t('monitoring.leadObservatory', { k: String(data?.k ?? '') })}>
      {coordinatorAllowed ? (
        <nav aria-label={t('monitoring.views')} className="mb-3">
          <ul className="nav nav-tabs flex-wrap">
            <li className="nav-item">
              <Link className={`nav-link${view === 'coordinator' ? ' active' : ''}`} aria-current={view === 'coordinator' ? 'page' : undefined} to="/monitoring">
                {t('monitoring.coordinator')}
              </Link>
            </li>
            <li className="nav-item">
              <Link className={`nav-link${view === 'observatory' ? ' active' : ''}`} aria-current={view === 'observatory' ? 'page' : undefined} to="/monitoring?view=observatory">
                {t('monitoring.observatory')}
              </Link>
            </li>
          </ul>
        </nav>
      ) : null}
      <form
        className="filters"
        aria-label={t('monitoring.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          go(draft);
        }}
      >
        <div className="row">
          <div className="col-md-2">
            <TextField id="mon-from" type="date" label={t('monitoring.from')} value={draft.from} onChange={(v) => setDraft({ ...draft, from: v })} />
          </div>
          <div className="col-md-2">
            <TextField id="mon-to" type="date" label={t('monitoring.to')} value={draft.to} onChange={(v) => setDraft({ ...draft, to: v })} />
          </div>
          <div className="col-md-2">
            <SelectField id="mon-region" label={t('monitoring.region')} value={draft.region} onChange={(v) => setDraft({ ...draft, region: v, province: '' })} options={[{ value: '', label: t('monitoring.all') }, ...regions.map((r) => ({ value: r.code, label: r.name }))]} />
          </div>
          <div className="col-md-2">
            <SelectField id="mon-province" label={t('monitoring.province')} value={draft.province} onChange={(v) => setDraft({ ...draft, province: v })} options={[{ value: '', label: t('monitoring.all') }, ...provinceOptions]} />
          </div>
          <div className="col-md-2">
            <SelectField id="mon-project" label={t('monitoring.project')} value={draft.project} onChange={(v) => setDraft({ ...draft, project: v })} options={[{ value: '', label: t('monitoring.all') }, ...projectItems.map((p) => ({ value: p.id, label: p.name }))]} />
          </div>
          <div className="col-md-2 d-flex align-items-start">
            <Button color="primary" type="submit">{t('monitoring.apply')}</Button>
          </div>
        </div>
      </form>
      <ErrorAlert error={answer.error} />
      {answer.loading && !data ? <Loading /> : null}
      {data ? (
        <div id="monitoring-results">
          <h2 className="h4">{t('monitoring.period', { from: data.from, to: data.to })}</h2>
          {data.view === 'observatory' ? <p className="alert alert-info">{t('monitoring.suppressedNote', { k: String(data.k ?? '') })}</p> : null}
          {data.unavailable.length > 0 ? (
            <p className="small">{t('monitoring.unavailable', { list: data.unavailable.map((id) => indicatorById(id)?.name[locale] ?? id).join(', ') })}</p>
          ) : null}
          {data.indicators.map((r) => (
            <IndicatorCard key={r.id} result={r} />
          ))}
        </div>
      ) : null}
      <ExportsPanel />
    </Page>
  );
}
