/**
 * Form fields in Bootstrap Italia markup: a visible label tied to the control, an optional hint,
 * and the error (client-side or from the server) announced next to the field.
 */
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';

interface BaseProps {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  className?: string;
  id?: string;
}

function describedBy(hintId: string, errorId: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? hintId : null, error ? errorId : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function LabelText(props: { label: string; required?: boolean | undefined }) {
  const { t } = useI18n();
  return (
    <>
      {props.label}
      {props.required ? (
        <span className="text-danger" aria-hidden="true">
          {' *'}
        </span>
      ) : null}
      {props.required ? <span className="visually-hidden"> {t('common.requiredMark')}</span> : null}
    </>
  );
}

function Feedback(props: { hintId: string; errorId: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <small id={props.hintId} className="form-text d-block">
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <div id={props.errorId} className="invalid-feedback d-block" role="alert">
          {props.error}
        </div>
      ) : null}
    </>
  );
}

export function TextField(
  props: BaseProps & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'email' | 'password' | 'date' | 'tel' | 'url' | 'search' | 'datetime-local';
    autoComplete?: string;
    inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel' | 'url' | 'search';
    maxLength?: number;
    autoFocus?: boolean;
    readOnly?: boolean;
    spellCheck?: boolean;
    /** id of a <datalist> of suggestions (type-ahead) */
    list?: string;
  },
) {
  const autoId = useId();
  const id = props.id ?? autoId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`form-group ${props.className ?? ''}`}>
      <label htmlFor={id} className="active">
        <LabelText label={props.label} required={props.required} />
      </label>
      <input
        id={id}
        type={props.type ?? 'text'}
        className={`form-control${props.error ? ' is-invalid' : ''}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, props.hint, props.error)}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        autoFocus={props.autoFocus}
        readOnly={props.readOnly}
        spellCheck={props.spellCheck}
        list={props.list}
      />
      <Feedback hintId={hintId} errorId={errorId} hint={props.hint} error={props.error} />
    </div>
  );
}

export function TextArea(props: BaseProps & { value: string; onChange: (value: string) => void; rows?: number }) {
  const autoId = useId();
  const id = props.id ?? autoId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`form-group ${props.className ?? ''}`}>
      <label htmlFor={id} className="active">
        <LabelText label={props.label} required={props.required} />
      </label>
      <textarea
        id={id}
        className={`form-control${props.error ? ' is-invalid' : ''}`}
        rows={props.rows ?? 3}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, props.hint, props.error)}
      />
      <Feedback hintId={hintId} errorId={errorId} hint={props.hint} error={props.error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(
  props: BaseProps & { value: string; onChange: (value: string) => void; options: readonly Option[]; placeholder?: string },
) {
  const autoId = useId();
  const id = props.id ?? autoId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`select-wrapper mb-4 ${props.className ?? ''}`}>
      <label htmlFor={id}>
        <LabelText label={props.label} required={props.required} />
      </label>
      <select
        id={id}
        className={props.error ? 'is-invalid' : undefined}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, props.hint, props.error)}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Feedback hintId={hintId} errorId={errorId} hint={props.hint} error={props.error} />
    </div>
  );
}

export function Checkbox(props: { label: ReactNode; checked: boolean; onChange(checked: boolean): void; id?: string; hint?: string }) {
  const autoId = useId();
  const id = props.id ?? autoId;
  return (
    <div className="form-check">
      <input id={id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? <small className="form-text d-block ms-5">{props.hint}</small> : null}
    </div>
  );
}

/**
 * Several choices out of a long list (e.g. the 107 provinces): a fieldset with a filter box and a
 * scrolling list of checkboxes; the count of selected items is announced.
 */
export function MultiSelect(
  props: BaseProps & { values: readonly string[]; onChange: (values: string[]) => void; options: readonly Option[]; filterable?: boolean; readOnly?: boolean },
) {
  if (props.readOnly) return <ReadOnlyList label={props.label} values={props.values} options={props.options} />;
  return <EditableMultiSelect {...props} />;
}

/** What was chosen, as a plain list (read-only views: nothing to scroll through or tick). */
function ReadOnlyList(props: { label: string; values: readonly string[]; options: readonly Option[] }) {
  const { t } = useI18n();
  const id = useId();
  const labels = new Map(props.options.map((o) => [o.value, o.label]));
  return (
    <div className="mb-4">
      <p id={id} className="fw-semibold mb-2">
        {props.label}
      </p>
      {props.values.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul className="read-only-list" aria-labelledby={id}>
          {props.values.map((v) => (
            <li key={v}>{labels.get(v) ?? v}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EditableMultiSelect(
  props: BaseProps & { values: readonly string[]; onChange: (values: string[]) => void; options: readonly Option[]; filterable?: boolean },
) {
  const { t } = useI18n();
  const autoId = useId();
  const id = props.id ?? autoId;
  const [filter, setFilter] = useState('');
  const selected = useMemo(() => new Set(props.values), [props.values]);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    if (!f) return props.options;
    return props.options.filter((o) => o.label.toLowerCase().includes(f) || selected.has(o.value));
  }, [filter, props.options, selected]);
  const toggle = (value: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(value);
    else next.delete(value);
    props.onChange(props.options.map((o) => o.value).filter((v) => next.has(v)));
  };
  const filterable = props.filterable ?? props.options.length > 12;
  return (
    <fieldset
      className={`mb-4 ${props.className ?? ''}`}
      aria-describedby={props.error ? `${id}-error` : undefined}
      aria-invalid={props.error ? true : undefined}
    >
      <legend className="fs-6 fw-semibold mb-2">
        <LabelText label={props.label} required={props.required} />
        <span className="ms-2 fw-normal text-secondary" aria-live="polite">
          ({t('common.selectedCount', { count: selected.size })})
        </span>
      </legend>
      {props.hint ? <small className="form-text d-block mb-2">{props.hint}</small> : null}
      {filterable ? (
        <div className="form-group mb-2 mt-4">
          <label htmlFor={`${id}-filter`} className="active">
            {t('common.filterList')}
          </label>
          <input id={`${id}-filter`} type="search" className="form-control" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      ) : null}
      <div className="multi-select-list border rounded px-2 pt-2">
        {shown.map((o) => (
          <Checkbox key={o.value} id={`${id}-${o.value}`} label={o.label} checked={selected.has(o.value)} onChange={(on) => toggle(o.value, on)} />
        ))}
      </div>
      {props.error ? (
        <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
          {props.error}
        </div>
      ) : null}
    </fieldset>
  );
}
