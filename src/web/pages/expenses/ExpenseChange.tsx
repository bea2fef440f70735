/**
 * Correcting and cancelling an expense (issue 7): the row's "Modifica" and "Annulla spesa" buttons
 * open one panel below the table. The edit sends the version read: when someone changed the
 * expense meanwhile the server answers 409 and its message (reload and try again) is shown; when
 * the corrected amount takes the line over its amount, the 409 over_budget figures are shown and
 * the form asks for the reason, as when recording. Cancelling asks for the reason; a cancelled
 * expense stays listed, marked, and counts in no total.
 */
import { useState } from 'react';
import { Badge, Button } from 'design-react-kit';
import { api, ApiError } from '../../api.ts';
import { ErrorAlert } from '../../components/Page.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatEuro, parseCents } from '../../../domain/expenses/index.ts';
import type { ChargeableProject, Expense } from './model.ts';

export type ExpenseAction = { kind: 'edit' | 'cancel'; expense: Expense } | null;

/** The buttons of a row: none for a cancelled expense or a caller who may not write. */
export function ExpenseRowActions(props: { expense: Expense; canWrite: boolean; onChoose: (action: ExpenseAction) => void }) {
  const { t, formatDate } = useI18n();
  const e = props.expense;
  if (e.cancelledAt) return <Badge color="secondary">{t('expense.cancelled')}</Badge>;
  if (!props.canWrite) return null;
  const what = t('expense.rowLabel', { date: formatDate(e.spentOn), amount: e.amount });
  return (
    <span className="d-inline-flex flex-wrap gap-1">
      <Button color="primary" outline size="sm" type="button" aria-label={`${t('expense.edit')}: ${what}`} onClick={() => props.onChoose({ kind: 'edit', expense: e })}>
        {t('expense.edit')}
      </Button>
      <Button color="danger" outline size="sm" type="button" aria-label={`${t('expense.cancel')}: ${what}`} onClick={() => props.onChoose({ kind: 'cancel', expense: e })}>
        {t('expense.cancel')}
      </Button>
    </span>
  );
}

/** The text a cancelled expense carries in the lists. */
export function CancelledNote(props: { expense: Expense }) {
  const { t, formatDate } = useI18n();
  const e = props.expense;
  if (!e.cancelledAt) return null;
  return (
    <span className="d-block small">
      {t('expense.cancelledOn', { date: formatDate(e.cancelledAt.slice(0, 10)) })}
      {e.cancelReason ? ` — ${e.cancelReason}` : ''}
    </span>
  );
}

export function ExpenseChangePanel(props: { action: NonNullable<ExpenseAction>; project: ChargeableProject | undefined; onDone: (message: string) => void; onClose: () => void }) {
  return props.action.kind === 'edit' ? (
    <EditForm key={props.action.expense.id} expense={props.action.expense} project={props.project} onDone={props.onDone} onClose={props.onClose} />
  ) : (
    <CancelForm key={props.action.expense.id} expense={props.action.expense} onDone={props.onDone} onClose={props.onClose} />
  );
}

function EditForm(props: { expense: Expense; project: ChargeableProject | undefined; onDone: (message: string) => void; onClose: () => void }) {
  const { t, locale } = useI18n();
  const e = props.expense;
  const [lineId, setLineId] = useState(e.budgetLineId);
  const [spentOn, setSpentOn] = useState(e.spentOn);
  const [amount, setAmount] = useState(e.amount);
  const [description, setDescription] = useState(e.description ?? '');
  const [overBudget, setOverBudget] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const form = useSubmit();
  const lines = props.project?.lines ?? [{ id: e.budgetLineId, code: e.budgetLineCode, label: e.budgetLineLabel, amount: '' }];
  const save = () =>
    form.run(
      (): FieldErrors => {
        const errors: FieldErrors = {};
        const cents = parseCents(amount.trim().replace(',', '.'));
        if (!amount.trim()) errors.amount = t('validation.required');
        else if (cents === undefined || cents <= 0n) errors.amount = t('expense.amountInvalid');
        if (!spentOn) errors.spentOn = t('validation.required');
        if (overBudget !== null && !reason.trim()) errors.overBudgetReason = t('validation.required');
        return errors;
      },
      async () => {
        const text = description.trim();
        try {
          await api.patch(`/api/expenses/${e.id}`, {
            version: e.version,
            budgetLineId: lineId,
            spentOn,
            amount: amount.trim().replace(',', '.'),
            // A description hidden from the caller is left as it is.
            ...(e.descriptionHidden ? {} : { description: text ? text : null }),
            ...(overBudget !== null ? { overBudgetReason: reason.trim() } : {}),
          });
        } catch (err) {
          if (err instanceof ApiError && err.code === 'over_budget') {
            setOverBudget(err.message);
            return;
          }
          throw err;
        }
        props.onDone(t('expense.updated'));
      },
    );
  return (
    <form
      noValidate
      className="mt-3 p-3 border rounded"
      id="expense-edit"
      aria-labelledby="expense-edit-title"
      onSubmit={(ev) => {
        ev.preventDefault();
        void save();
      }}
    >
      <h3 id="expense-edit-title" className="h5">
        {t('expense.editTitle', { line: e.budgetLineCode, amount: formatEuro(e.amount, locale) })}
      </h3>
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-6">
          <SelectField
            id="expense-edit-line"
            label={t('expense.line')}
            value={lineId}
            onChange={(v) => {
              setLineId(v);
              setOverBudget(null);
            }}
            options={lines.map((l) => ({ value: l.id, label: l.amount ? `${l.code} – ${l.label} (${formatEuro(l.amount, locale)})` : `${l.code} – ${l.label}` }))}
            required
            error={form.fieldErrors.budgetLineId}
          />
        </div>
        <div className="col-md-3">
          <TextField id="expense-edit-date" type="date" label={t('expense.date')} value={spentOn} onChange={setSpentOn} required error={form.fieldErrors.spentOn} />
        </div>
        <div className="col-md-3">
          <TextField
            id="expense-edit-amount"
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
      </div>
      {e.descriptionHidden ? null : <TextArea id="expense-edit-description" label={t('expense.description')} value={description} onChange={setDescription} error={form.fieldErrors.description} />}
      {overBudget !== null ? (
        <div className="alert alert-warning" role="alert" id="expense-edit-over-budget">
          <p className="fw-semibold mb-1">{t('expense.overBudgetTitle')}</p>
          <p className="mb-2">{overBudget}</p>
          <TextArea id="expense-edit-reason" label={t('expense.overBudgetReason')} value={reason} onChange={setReason} required error={form.fieldErrors.overBudgetReason} />
        </div>
      ) : null}
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" type="submit" disabled={form.busy}>
          {overBudget !== null ? t('expense.saveOverBudget') : t('expense.saveChanges')}
        </Button>
        <Button color="secondary" outline type="button" onClick={props.onClose}>
          {t('expense.closePanel')}
        </Button>
      </div>
    </form>
  );
}

function CancelForm(props: { expense: Expense; onDone: (message: string) => void; onClose: () => void }) {
  const { t, locale, formatDate } = useI18n();
  const e = props.expense;
  const [reason, setReason] = useState('');
  const form = useSubmit();
  const save = () =>
    form.run(
      (): FieldErrors => (reason.trim() ? {} : { reason: t('validation.required') }),
      async () => {
        await api.post(`/api/expenses/${e.id}/cancel`, { version: e.version, reason: reason.trim() });
        props.onDone(t('expense.cancelledDone'));
      },
    );
  return (
    <form
      noValidate
      className="mt-3 p-3 border rounded"
      id="expense-cancel"
      aria-labelledby="expense-cancel-title"
      onSubmit={(ev) => {
        ev.preventDefault();
        void save();
      }}
    >
      <h3 id="expense-cancel-title" className="h5">
        {t('expense.cancelTitle', { date: formatDate(e.spentOn), amount: formatEuro(e.amount, locale) })}
      </h3>
      <p>{t('expense.cancelLead')}</p>
      <ErrorAlert error={form.error} />
      <TextArea id="expense-cancel-reason" label={t('expense.cancelReason')} value={reason} onChange={setReason} required error={form.fieldErrors.reason} />
      <div className="d-flex flex-wrap gap-2">
        <Button color="danger" type="submit" disabled={form.busy}>
          {t('expense.cancelConfirm')}
        </Button>
        <Button color="secondary" outline type="button" onClick={props.onClose}>
          {t('expense.closePanel')}
        </Button>
      </div>
    </form>
  );
}
