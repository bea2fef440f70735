/**
 * Spent vs budget of a project: per budget line (amount, spent in the period, spent to date,
 * remaining, percent), per month and per paying body, with SVG bar charts whose figures are in
 * the tables beside them; the funder's export (CSV, XLSX); the expenses of the period; and the
 * form for project costs (budget.write). The lead body sees the whole project, a partner what it
 * paid (the server decides). Every amount is an exact decimal string, formatted without floats.
 */
import { useId, useState } from 'react';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { expenseCategoryLabels, formatEuro, toCents } from '../../../domain/expenses/index.ts';
import { ExpenseForm } from './ExpenseForm.tsx';
import { CancelledNote, ExpenseChangePanel, ExpenseRowActions, type ExpenseAction } from './ExpenseChange.tsx';
import { can } from '../../access.ts';
import { useMe } from '../../session.tsx';
import type { ChargeableProject, Expense, Spending } from './model.ts';

interface ChartRow {
  label: string;
  /** Exact decimal strings; widths are the only place they become numbers. */
  budget?: string;
  spent: string;
  text: string;
}

/** Horizontal bars: the budget (when given) behind the amount spent. */
function SpendChart(props: { title: string; rows: readonly ChartRow[]; budgetLabel?: string; spentLabel: string }) {
  const id = useId();
  const labelW = 200;
  const chartW = 380;
  const rowH = 26;
  const width = (v: string) => Math.max(0, Number(toCents(v)));
  const max = Math.max(1, ...props.rows.flatMap((r) => [width(r.spent), r.budget ? width(r.budget) : 0]));
  const scale = (v: string) => (width(v) / max) * chartW;
  const height = props.rows.length * rowH + 8;
  return (
    <figure className="mb-2">
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${labelW + chartW + 10} ${height}`} className="w-100" style={{ maxHeight: `${Math.max(80, height)}px` }}>
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.rows.map((r) => `${r.label}: ${r.text}`).join('; ')}</desc>
        {props.rows.map((r, i) => {
          const y = i * rowH + 4;
          return (
            <g key={`${r.label}-${i}`}>
              <text x={labelW - 8} y={y + 14} textAnchor="end" className="sla-chart-label">
                {r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label}
              </text>
              {r.budget ? <rect x={labelW} y={y} width={scale(r.budget)} height={18} className="bar-p90" opacity={0.35} /> : null}
              <rect x={labelW} y={y + 4} width={scale(r.spent)} height={10} className={r.budget && toCents(r.spent) > toCents(r.budget) ? 'bar-overdue' : 'bar-on-time'} />
            </g>
          );
        })}
      </svg>
      <figcaption className="small" aria-hidden="true">
        {props.budgetLabel ? (
          <span className="me-3">
            <svg width="12" height="12" className="me-1" focusable="false">
              <rect width="12" height="12" className="bar-p90" opacity={0.35} />
            </svg>
            {props.budgetLabel}
          </span>
        ) : null}
        <span>
          <svg width="12" height="12" className="me-1" focusable="false">
            <rect width="12" height="12" className="bar-on-time" />
          </svg>
          {props.spentLabel}
        </span>
      </figcaption>
    </figure>
  );
}

function monthLabel(month: string, locale: 'it' | 'en'): string {
  const [y, m] = month.split('-');
  const names = locale === 'it' ? ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'] : ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(m) - 1] ?? m} ${y}`;
}

function SpendingView(props: { project: ChargeableProject; from: string; to: string; reloadKey: number; onChanged: (message: string) => void }) {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  // The server decides on each expense (its case, its payer); the buttons follow the permissions.
  const canWrite = can(me, 'budget.write') || can(me, 'cases.write');
  const [action, setAction] = useState<ExpenseAction>(null);
  const query = { from: props.from, to: props.to };
  const key = `${props.project.id}|${props.from}|${props.to}|${props.reloadKey}`;
  const spending = useLoad((signal) => api.get<Spending>(`/api/projects/${props.project.id}/spending`, query, signal), key);
  const expenses = useLoad((signal) => api.get<{ items: Expense[]; total: string }>(`/api/projects/${props.project.id}/expenses`, query, signal), key);
  const s = spending.data;
  const euro = (v: string) => formatEuro(v, locale);
  const exportUrl = (format: 'csv' | 'xlsx') => {
    const p = new URLSearchParams({ format, ...(props.from ? { from: props.from } : {}), ...(props.to ? { to: props.to } : {}) });
    return `/api/projects/${props.project.id}/expenses/export?${p.toString()}`;
  };
  return (
    <>
      <ErrorAlert error={spending.error ?? expenses.error} />
      {spending.loading && !s ? <Loading /> : null}
      {s ? (
        <>
          <p id="spending-summary">
            {t('spending.summary', { total: euro(s.total), from: formatDate(s.from), to: formatDate(s.to) })}
            {s.scope === 'organisation' ? <span className="d-block small">{t('spending.scopeOrganisation')}</span> : null}
          </p>
          <p className="d-flex flex-wrap gap-2">
            <a className="btn btn-outline-primary btn-sm" href={exportUrl('csv')} download>
              {t('spending.exportCsv')}
            </a>
            <a className="btn btn-outline-primary btn-sm" href={exportUrl('xlsx')} download>
              {t('spending.exportXlsx')}
            </a>
          </p>

          <h2 className="h4 mt-4">{t('spending.byLine')}</h2>
          <SpendChart
            title={t('spending.byLineChart')}
            budgetLabel={t('spending.lineAmount')}
            spentLabel={t('spending.spentToDate')}
            rows={s.lines.map((l) => ({ label: `${l.code} ${l.label}`, budget: l.amount, spent: l.spentToDate, text: t('spending.chartLineText', { spent: euro(l.spentToDate), amount: euro(l.amount), percent: l.percent ?? '—' }) }))}
          />
          <div className="table-responsive" tabIndex={0} role="region" aria-label={t('spending.byLine')}>
            <Table size="sm" id="spending-lines">
              <caption>{t('spending.byLineCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('expense.line')}</th>
                  <th scope="col" className="text-end">{t('spending.lineAmount')}</th>
                  <th scope="col" className="text-end">{t('spending.spentPeriod')}</th>
                  <th scope="col" className="text-end">{t('spending.spentToDate')}</th>
                  <th scope="col" className="text-end">{t('spending.remaining')}</th>
                  <th scope="col" className="text-end">{t('spending.percent')}</th>
                </tr>
              </thead>
              <tbody>
                {s.lines.map((l) => (
                  <tr key={l.id}>
                    <th scope="row" className="fw-normal">
                      {l.code} – {l.label}
                      {l.overBudget ? (
                        <>
                          {' '}
                          <Badge color="danger">{t('spending.overBudget')}</Badge>
                        </>
                      ) : null}
                    </th>
                    <td className="text-end text-nowrap">{euro(l.amount)}</td>
                    <td className="text-end text-nowrap">{euro(l.spent)}</td>
                    <td className="text-end text-nowrap">{euro(l.spentToDate)}</td>
                    <td className="text-end text-nowrap">{euro(l.remaining)}</td>
                    <td className="text-end text-nowrap">{l.percent === null ? '—' : `${l.percent.replace('.', locale === 'it' ? ',' : '.')} %`}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>

          <h2 className="h4 mt-4">{t('spending.byMonth')}</h2>
          <SpendChart title={t('spending.byMonthChart')} spentLabel={t('spending.spentPeriod')} rows={s.months.map((m) => ({ label: monthLabel(m.month, locale), spent: m.spent, text: euro(m.spent) }))} />
          <div className="table-responsive" tabIndex={0} role="region" aria-label={t('spending.byMonth')}>
            <Table size="sm" id="spending-months">
              <caption>{t('spending.byMonthCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('spending.month')}</th>
                  <th scope="col" className="text-end">{t('spending.spentPeriod')}</th>
                </tr>
              </thead>
              <tbody>
                {s.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row" className="fw-normal">{monthLabel(m.month, locale)}</th>
                    <td className="text-end text-nowrap">{euro(m.spent)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>

          <h2 className="h4 mt-4">{t('spending.byPartner')}</h2>
          {s.partners.length === 0 ? (
            <p>{t('spending.nothing')}</p>
          ) : (
            <div className="table-responsive">
              <Table size="sm" id="spending-partners">
                <caption>{t('spending.byPartnerCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('expense.paidBy')}</th>
                    <th scope="col" className="text-end">{t('spending.spentPeriod')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.partners.map((p) => (
                    <tr key={p.organisationId}>
                      <th scope="row" className="fw-normal">{p.organisationName}</th>
                      <td className="text-end text-nowrap">{euro(p.spent)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </>
      ) : null}

      <h2 className="h4 mt-4">{t('spending.expenses')}</h2>
      {expenses.data ? (
        expenses.data.items.length === 0 ? (
          <p>{t('spending.nothing')}</p>
        ) : (
          <div className="table-responsive" tabIndex={0} role="region" aria-label={t('spending.expenses')}>
            <Table size="sm" id="spending-expenses">
              <caption>{t('spending.expensesCaption', { count: expenses.data.items.length, total: euro(expenses.data.total) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('expense.date')}</th>
                  <th scope="col">{t('expense.line')}</th>
                  <th scope="col">{t('expense.category')}</th>
                  <th scope="col">{t('expense.paidBy')}</th>
                  <th scope="col">{t('expense.case')}</th>
                  <th scope="col" className="text-end">{t('expense.amount')}</th>
                  <th scope="col">{t('expense.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {expenses.data.items.map((e) => (
                  <tr key={e.id} className={e.cancelledAt ? 'text-muted' : undefined}>
                    <td className="text-nowrap">{formatDate(e.spentOn)}</td>
                    <td>{e.budgetLineCode}</td>
                    <td>{expenseCategoryLabels[e.category][locale]}</td>
                    <td>{e.paidByOrganisationName}</td>
                    <td>{e.caseCode ?? '—'}</td>
                    <td className="text-end text-nowrap">
                      {euro(e.amount)}
                      {e.overBudget ? (
                        <span className="d-block small">
                          <Badge color="warning">{t('expense.overBudget')}</Badge> {e.overBudgetReason}
                        </span>
                      ) : null}
                      <CancelledNote expense={e} />
                    </td>
                    <td>
                      <ExpenseRowActions expense={e} canWrite={canWrite} onChoose={setAction} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {action ? (
        <ExpenseChangePanel
          action={action}
          project={props.project}
          onClose={() => setAction(null)}
          onDone={(message) => {
            setAction(null);
            props.onChanged(message);
          }}
        />
      ) : null}
    </>
  );
}

export function SpendingPage() {
  const { t } = useI18n();
  const projects = useLoad(async (signal) => (await api.get<{ items: ChargeableProject[] }>('/api/expenses/projects', undefined, signal)).items, 'projects');
  const [chosen, setChosen] = useState('');
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [period, setPeriod] = useState({ from: '', to: '' });
  const [reloadKey, setReloadKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const items = projects.data ?? [];
  const project = items.find((p) => p.id === chosen) ?? (items.length === 1 ? items[0] : undefined);
  return (
    <Page title={t('spending.title')} lead={t('spending.lead')}>
      <ErrorAlert error={projects.error} />
      {projects.loading && !projects.data ? <Loading /> : null}
      {projects.data && items.length === 0 ? <p>{t('expense.noProjects')}</p> : null}
      {items.length > 0 ? (
        <form
          className="row align-items-end"
          aria-label={t('spending.filters')}
          onSubmit={(e) => {
            e.preventDefault();
            setPeriod(draft);
          }}
        >
          <div className="col-md-5">
            <SelectField id="spending-project" label={t('expense.project')} value={project?.id ?? ''} onChange={setChosen} options={items.map((p) => ({ value: p.id, label: p.name }))} placeholder={t('common.choose')} />
          </div>
          <div className="col-md-3">
            <TextField id="spending-from" type="date" label={t('spending.from')} hint={project ? t('spending.periodHint', { from: project.periodStart, to: project.periodEnd }) : undefined} value={draft.from} onChange={(v) => setDraft({ ...draft, from: v })} />
          </div>
          <div className="col-md-2">
            <TextField id="spending-to" type="date" label={t('spending.to')} value={draft.to} onChange={(v) => setDraft({ ...draft, to: v })} />
          </div>
          <div className="col-md-2 mb-3">
            <Button color="primary" type="submit">
              {t('spending.show')}
            </Button>
          </div>
        </form>
      ) : null}
      <Notice text={notice} kind="success" />
      {project ? (
        <>
          <SpendingView
            key={project.id}
            project={project}
            from={period.from}
            to={period.to}
            reloadKey={reloadKey}
            onChanged={(message) => {
              setNotice(message);
              setReloadKey((n) => n + 1);
            }}
          />
          {project.canRecordProjectExpenses ? (
            <ExpenseForm
              key={`form-${project.id}`}
              idPrefix="project-expense"
              projects={[project]}
              onSaved={() => {
                setNotice(t('expense.saved'));
                setReloadKey((n) => n + 1);
              }}
            />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
