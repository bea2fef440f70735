/**
 * The form that records an expense: project and budget line, category, date, amount (exact: parsed
 * to cents, never to a float), payer, description and receipt. When the server answers 409
 * over_budget, its message (line amount, already spent, this expense) is shown as a warning and
 * the form asks for the reason; sending again with the reason records the expense as over budget.
 */
import { useState } from 'react';
import { Button } from 'design-react-kit';
import { api, ApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/Page.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { expenseCategories, expenseCategoryLabels, formatEuro, parseCents } from '../../../domain/expenses/index.ts';
import { italianDay, type ChargeableProject } from './model.ts';

export function ExpenseForm(props: { idPrefix: string; projects: readonly ChargeableProject[]; caseId?: string; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const usable = props.projects.filter((p) => p.lines.length > 0 && (props.caseId || p.canRecordProjectExpenses));
  const [projectId, setProjectId] = useState(usable.length === 1 ? (usable[0]?.id ?? '') : '');
  const project = usable.find((p) => p.id === projectId);
  const [lineId, setLineId] = useState('');
  const [category, setCategory] = useState(props.caseId ? '' : 'other');
  const [spentOn, setSpentOn] = useState(italianDay());
  const [amount, setAmount] = useState('');
  const [payer, setPayer] = useState('');
  const [description, setDescription] = useState('');
  const [receipt, setReceipt] = useState('');
  const [overBudget, setOverBudget] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const form = useSubmit();
  const id = props.idPrefix;
  if (usable.length === 0) return <p>{t('expense.noProjects')}</p>;

  const save = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!projectId) e.projectId = t('validation.required');
        if (!lineId) e.budgetLineId = t('validation.required');
        if (!category) e.category = t('validation.required');
        if (!spentOn) e.spentOn = t('validation.required');
        const cents = parseCents(amount.replace(',', '.'));
        if (!amount.trim()) e.amount = t('validation.required');
        else if (cents === undefined || cents <= 0n) e.amount = t('expense.amountInvalid');
        if (overBudget !== null && !reason.trim()) e.overBudgetReason = t('validation.required');
        return e;
      },
      async () => {
        try {
          await api.post(`/api/projects/${projectId}/expenses`, {
            budgetLineId: lineId,
            ...(props.caseId ? { caseId: props.caseId } : {}),
            ...(payer ? { paidByOrganisationId: payer } : {}),
            category,
            spentOn,
            amount: amount.trim().replace(',', '.'),
            ...(description.trim() ? { description: description.trim() } : {}),
            ...(receipt.trim() ? { receiptRef: receipt.trim() } : {}),
            ...(overBudget !== null ? { overBudgetReason: reason.trim() } : {}),
          });
        } catch (err) {
          if (err instanceof ApiError && err.code === 'over_budget') {
            setOverBudget(err.message);
            return;
          }
          throw err;
        }
        setLineId('');
        setAmount('');
        setDescription('');
        setReceipt('');
        setReason('');
        setOverBudget(null);
        props.onSaved();
      },
    );

  return (
    <form
      noValidate
      className="mt-4 expense-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id={`${id}-title`} className="h5">
        {props.caseId ? t('expense.newSupport') : t('expense.newProjectCost')}
      </h3>
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-6">
          <SelectField
            id={`${id}-project`}
            label={t('expense.project')}
            value={projectId}
            onChange={(v) => {
              setProjectId(v);
              setLineId('');
              setPayer('');
              setOverBudget(null);
            }}
            options={usable.map((p) => ({ value: p.id, label: p.name }))}
            placeholder={t('common.choose')}
            required
            error={form.fieldErrors.projectId}
          />
        </div>
        <div className="col-md-6">
          <SelectField
            id={`${id}-line`}
            label={t('expense.line')}
            value={lineId}
            onChange={(v) => {
              setLineId(v);
              setOverBudget(null);
            }}
            options={(project?.lines ?? []).map((l) => ({ value: l.id, label: `${l.code} – ${l.label} (${formatEuro(l.amount, locale)})` }))}
            placeholder={t('common.choose')}
            required
            error={form.fieldErrors.budgetLineId}
          />
        </div>
        <div className="col-md-6">
          <SelectField
            id={`${id}-category`}
            label={t('expense.category')}
            value={category}
            onChange={setCategory}
            options={expenseCategories.map((c) => ({ value: c, label: expenseCategoryLabels[c][locale] }))}
            placeholder={t('common.choose')}
            required
            error={form.fieldErrors.category}
          />
        </div>
        <div className="col-md-3">
          <TextField id={`${id}-date`} type="date" label={t('expense.date')} value={spentOn} onChange={setSpentOn} required error={form.fieldErrors.spentOn} />
        </div>
        <div className="col-md-3">
          <TextField
            id={`${id}-amount`}
            label={t('expense.amountEur')}
            hint={t('expense.amountHint')}
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setOverBudget(null);
            }}
            inputMode="decimal"
            maxLength={16}
            required
            error={form.fieldErrors.amount}
          />
        </div>
        {project && project.payers.length > 1 ? (
          <div className="col-md-6">
            <SelectField
              id={`${id}-payer`}
              label={t('expense.paidBy')}
              value={payer}
              onChange={setPayer}
              options={project.payers.map((o) => ({ value: o.id, label: o.name }))}
              placeholder={t('expense.payerDefault')}
              error={form.fieldErrors.paidByOrganisationId}
            />
          </div>
        ) : null}
        <div className="col-md-6">
          <TextField id={`${id}-receipt`} label={t('expense.receipt')} value={receipt} onChange={setReceipt} maxLength={80} error={form.fieldErrors.receiptRef} />
        </div>
      </div>
      <TextArea id={`${id}-description`} label={t('expense.description')} hint={props.caseId ? t('expense.descriptionHint') : undefined} value={description} onChange={setDescription} error={form.fieldErrors.description} />
      {overBudget !== null ? (
        <div className="alert alert-warning" role="alert" id={`${id}-over-budget`}>
          <p className="fw-semibold mb-1">{t('expense.overBudgetTitle')}</p>
          <p className="mb-2">{overBudget}</p>
          <TextArea id={`${id}-reason`} label={t('expense.overBudgetReason')} value={reason} onChange={setReason} required error={form.fieldErrors.overBudgetReason} />
        </div>
      ) : null}
      <Button color="primary" type="submit" disabled={form.busy}>
        {overBudget !== null ? t('expense.saveOverBudget') : t('expense.save')}
      </Button>
    </form>
  );
}
