/**
 * "Sostegno economico" tab of the case page: the economic support given within the case (fees,
 * health, transport, pocket money, rent, training) on the projects' budget lines, with the exact
 * total, and the form to record a new one for those who may (budget.write or cases.write).
 */
import { useState } from 'react';
import { Badge, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice } from '../../components/Page.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { expenseCategoryLabels, formatEuro } from '../../../domain/expenses/index.ts';
import { ExpenseForm } from './ExpenseForm.tsx';
import { CancelledNote, ExpenseChangePanel, ExpenseRowActions, type ExpenseAction } from './ExpenseChange.tsx';
import type { ChargeableProject, Expense } from './model.ts';

export function CaseExpensesTab(props: { caseId: string }) {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const canWrite = can(me, 'budget.write') || can(me, 'cases.write');
  const list = useLoad((signal) => api.get<{ items: Expense[]; total: string }>(`/api/cases/${props.caseId}/expenses`, undefined, signal), props.caseId);
  const projects = useLoad(
    async (signal) => (canWrite ? (await api.get<{ items: ChargeableProject[] }>('/api/expenses/projects', undefined, signal)).items : []),
    `projects-${canWrite}`,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [action, setAction] = useState<ExpenseAction>(null);
  return (
    <>
      <h2 className="h4">{t('expense.caseTitle')}</h2>
      <p>{t('expense.caseLead')}</p>
      <Notice text={notice} kind="success" />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p>{t('expense.none')}</p>
        ) : (
          <div className="table-responsive">
            <Table size="sm" id="case-expenses">
              <caption>{t('expense.caseCaption', { total: formatEuro(list.data.total, locale) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('expense.date')}</th>
                  <th scope="col">{t('expense.category')}</th>
                  <th scope="col">{t('expense.line')}</th>
                  <th scope="col">{t('expense.paidBy')}</th>
                  <th scope="col" className="text-end">
                    {t('expense.amount')}
                  </th>
                  <th scope="col">{t('expense.description')}</th>
                  <th scope="col">{t('expense.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
                  <tr key={e.id} className={e.cancelledAt ? 'text-muted' : undefined}>
                    <td>{formatDate(e.spentOn)}</td>
                    <td>{expenseCategoryLabels[e.category][locale]}</td>
                    <td>
                      {e.projectCode} · {e.budgetLineCode}
                    </td>
                    <td>{e.paidByOrganisationName}</td>
                    <td className="text-end text-nowrap">
                      {formatEuro(e.amount, locale)}
                      {e.overBudget ? (
                        <>
                          {' '}
                          <Badge color="warning">{t('expense.overBudget')}</Badge>
                        </>
                      ) : null}
                    </td>
                    <td className="text-prewrap">
                      {e.description ?? '—'}
                      {e.receiptRef ? <span className="d-block small text-muted">{t('expense.receiptShort', { ref: e.receiptRef })}</span> : null}
                      {e.overBudgetReason ? <span className="d-block small">{t('expense.reasonShort', { reason: e.overBudgetReason })}</span> : null}
                      <CancelledNote expense={e} />
                    </td>
                    <td>
                      <ExpenseRowActions expense={e} canWrite={canWrite} onChoose={setAction} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4}>
                    {t('expense.total')}
                  </th>
                  <td className="text-end text-nowrap fw-semibold" id="case-expenses-total">
                    {formatEuro(list.data.total, locale)}
                  </td>
                  <td colSpan={2} />
                </tr>
              </tfoot>
            </Table>
          </div>
        )
      ) : null}
      {action ? (
        <ExpenseChangePanel
          action={action}
          project={projects.data?.find((p) => p.id === action.expense.projectId)}
          onClose={() => setAction(null)}
          onDone={(message) => {
            setAction(null);
            setNotice(message);
            list.reload();
          }}
        />
      ) : null}
      {canWrite && projects.data ? (
        <ExpenseForm
          idPrefix="case-expense"
          projects={projects.data}
          caseId={props.caseId}
          onSaved={() => {
            setNotice(t('expense.saved'));
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}
