/**
 * The small controls of the outreach forms, shared by the field app and the online staff pages:
 * the province list, value labels, the +/- stepper and a group of steppers for counts.
 */
import type { ReactNode } from 'react';
import { useI18n, type MessageKey, type Translate } from '../../i18n/index.tsx';
import { provinces } from '../../../domain/provinces.ts';
import type { Counts } from './model.ts';

export const provinceOptions = [...provinces]
  .sort((a, b) => a.name.localeCompare(b.name, 'it'))
  .map((p) => ({ value: p.code, label: `${p.name} (${p.abbreviation})` }));

export function label(t: Translate, prefix: string, value: string): string {
  return t(`${prefix}.${value}` as MessageKey);
}

/** A count with big − and + buttons around a number field. */
export function Stepper(props: { id: string; label: string; value: number; onChange: (v: number) => void; max: number; error?: string | undefined }) {
  const { t } = useI18n();
  const errorId = `${props.id}-error`;
  const set = (v: number) => props.onChange(Math.min(props.max, Math.max(0, v)));
  return (
    <div className="field-stepper">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="field-stepper-row">
        <button type="button" className="btn btn-outline-primary field-step" aria-label={t('field.step.less', { label: props.label })} onClick={() => set(props.value - 1)} disabled={props.value <= 0}>
          <span aria-hidden="true">−</span>
        </button>
        <input
          id={props.id}
          type="number"
          inputMode="numeric"
          min={0}
          max={props.max}
          className={`form-control field-count${props.error ? ' is-invalid' : ''}`}
          value={props.value}
          onChange={(e) => {
            const n = Number.parseInt(e.target.value, 10);
            props.onChange(Number.isFinite(n) ? n : 0);
          }}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? errorId : undefined}
        />
        <button type="button" className="btn btn-outline-primary field-step" aria-label={t('field.step.more', { label: props.label })} onClick={() => set(props.value + 1)} disabled={props.value >= props.max}>
          <span aria-hidden="true">+</span>
        </button>
      </div>
      {props.error ? (
        <div id={errorId} className="invalid-feedback d-block" role="alert">
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

export function CountGroup(props: {
  name: string;
  legend: string;
  keys: readonly string[];
  labelPrefix: string;
  counts: Counts;
  max: number;
  onChange: (counts: Counts) => void;
  errors: Record<string, string>;
  footer?: ReactNode;
}) {
  const { t } = useI18n();
  const groupError = props.errors[props.name];
  return (
    <fieldset className="field-group" aria-describedby={groupError ? `${props.name}-group-error` : undefined}>
      <legend className="h6">{props.legend}</legend>
      <div className="field-steppers">
        {props.keys.map((k) => (
          <Stepper
            key={k}
            id={`${props.name}-${k}`}
            label={label(t, props.labelPrefix, k)}
            value={props.counts[k] ?? 0}
            max={props.max}
            onChange={(v) => props.onChange({ ...props.counts, [k]: v })}
            error={props.errors[`${props.name}.${k}`]}
          />
        ))}
      </div>
      {props.footer}
      {groupError ? (
        <div id={`${props.name}-group-error`} className="invalid-feedback d-block" role="alert">
          {groupError}
        </div>
      ) : null}
    </fieldset>
  );
}
