/**
 * The fields of an outing — unit, date and times, place, team, contacts by sex/gender with the
 * total, by named zone, first time or known, age band, nationality group, what was offered,
 * accompaniments, notes — shared by the field app's outing form and the staff pages' new and
 * edit forms. The caller owns the form state, the checks and the submit.
 */
import type { ReactNode } from 'react';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { CountGroup, label, provinceOptions } from './controls.tsx';
import { TeamPicker, ZoneCounts, type TeamOption, type ZoneOption } from './pickers.tsx';
import { accompanimentKinds, ageBands, contactHistories, nationalityGroups, offerKinds, sexGenders, sumOf, unitKinds, type Counts, type OutingForm } from './model.ts';

export function OutingFields(props: {
  form: OutingForm;
  set: <K extends keyof OutingForm>(key: K, value: OutingForm[K]) => void;
  errors: Record<string, string>;
  /** The organisation's zones in the chosen municipality. */
  here: ZoneOption[];
  team: TeamOption[];
  /** The user recording, shown as "you" in the team (field app). */
  selfId?: string;
  /** Shown above the team picker (e.g. the team list's loading error). */
  beforeTeam?: ReactNode;
}) {
  const { t } = useI18n();
  const { form, set, errors } = props;
  const total = sumOf(form.bySex);
  const unassigned = (counts: Counts) => {
    const rest = total - sumOf(counts);
    return rest > 0 ? <p className="small mb-0">{t('field.outing.unassigned', { count: rest })}</p> : null;
  };
  return (
    <>
      <fieldset className="field-group">
        <legend className="h5">{t('field.outing.where')}</legend>
        <SelectField id="outing-unitKind" label={t('field.outing.unitKind')} value={form.unitKind} onChange={(v) => set('unitKind', v)} options={unitKinds.map((k) => ({ value: k, label: label(t, 'field.unit', k) }))} required />
        <TextField id="outing-unitName" label={t('field.outing.unitName')} value={form.unitName} onChange={(v) => set('unitName', v)} required maxLength={100} error={errors.unitName} />
        <TextField id="outing-date" label={t('field.outing.date')} type="date" value={form.date} onChange={(v) => set('date', v)} required error={errors.date} />
        <div className="field-two">
          <TextField id="outing-start" label={t('field.outing.start')} value={form.startTime} onChange={(v) => set('startTime', v)} inputMode="numeric" required error={errors.startTime} hint="HH:MM" />
          <TextField id="outing-end" label={t('field.outing.end')} value={form.endTime} onChange={(v) => set('endTime', v)} inputMode="numeric" required error={errors.endTime} hint="HH:MM" />
        </div>
        <SelectField
          id="outing-province"
          label={t('field.outing.province')}
          value={form.provinceCode}
          onChange={(v) => set('provinceCode', v)}
          options={provinceOptions}
          placeholder={t('field.outing.chooseProvince')}
          required
          error={errors.provinceCode}
        />
        <TextField id="outing-municipality" label={t('field.outing.municipality')} value={form.municipality} onChange={(v) => set('municipality', v)} required maxLength={100} error={errors.municipality} />
      </fieldset>
      {props.beforeTeam}
      <TeamPicker team={props.team} {...(props.selfId !== undefined ? { selfId: props.selfId } : {})} value={form.teamUserIds} onChange={(v) => set('teamUserIds', v)} error={errors['teamUserIds.0']} />

      <h2 className="h5 mt-4">{t('field.outing.contacts')}</h2>
      <CountGroup
        name="bySex"
        legend={t('field.outing.bySex')}
        keys={sexGenders}
        labelPrefix="field.sex"
        counts={form.bySex}
        max={500}
        onChange={(v) => set('bySex', v)}
        errors={errors}
        footer={
          <p className="fw-bold mb-0" id="outing-total" aria-live="polite">
            {t('field.outing.total', { count: total })}
          </p>
        }
      />
      {errors.totalContacts ? (
        <div className="invalid-feedback d-block" role="alert">
          {errors.totalContacts}
        </div>
      ) : null}
      <ZoneCounts here={props.here} municipality={form.municipality} value={form.zones} onChange={(v) => set('zones', v)} error={errors.zones ?? errors['zones.0.zoneId']} />
      <CountGroup name="byHistory" legend={t('field.outing.byHistory')} keys={contactHistories} labelPrefix="field.history" counts={form.byHistory} max={500} onChange={(v) => set('byHistory', v)} errors={errors} />
      <CountGroup name="byAge" legend={t('field.outing.byAge')} keys={ageBands} labelPrefix="field.age" counts={form.byAge} max={500} onChange={(v) => set('byAge', v)} errors={errors} footer={unassigned(form.byAge)} />
      <CountGroup
        name="byNationality"
        legend={t('field.outing.byNationality')}
        keys={nationalityGroups}
        labelPrefix="field.nat"
        counts={form.byNationality}
        max={500}
        onChange={(v) => set('byNationality', v)}
        errors={errors}
        footer={unassigned(form.byNationality)}
      />
      <CountGroup name="offered" legend={t('field.outing.offered')} keys={offerKinds} labelPrefix="field.offer" counts={form.offered} max={10_000} onChange={(v) => set('offered', v)} errors={errors} />
      <CountGroup name="accompaniments" legend={t('field.outing.accompaniments')} keys={accompanimentKinds} labelPrefix="field.acc" counts={form.accompaniments} max={500} onChange={(v) => set('accompaniments', v)} errors={errors} />
      <TextArea id="outing-notes" label={t('field.outing.notes')} value={form.notes ?? ''} onChange={(v) => set('notes', v)} rows={3} error={errors.notes} />
    </>
  );
}
