/**
 * Editing a facility and taking beds out of use (issue 7), for its managers (accommodation.manage
 * in the owner organisation; the API sends canManage). The confidential address is edited only by
 * those who may read it (the API sends the field); the others never see or send it. A bed with a
 * current or future placement cannot be taken out of use: the server refuses with a clear message,
 * shown next to the bed.
 */
import { useState } from 'react';
import { api } from '../../api.ts';
import { ErrorAlert, Notice } from '../../components/Page.tsx';
import { Checkbox, MultiSelect, SelectField, TextField } from '../../components/Field.tsx';
import { useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { provinceOptions, useProvinces } from '../../reference.ts';
import { facilityTypeOptions, targetGroupOptions, type Bed, type Facility } from './model.ts';

export function FacilityEditForm(props: { facility: Facility; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const f = props.facility;
  const provinces = useProvinces();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(f.name);
  const [type, setType] = useState(f.type);
  const [address, setAddress] = useState(f.address ?? '');
  const [province, setProvince] = useState(f.province);
  const [municipality, setMunicipality] = useState(f.municipality ?? '');
  const [groups, setGroups] = useState<string[]>(f.targetGroups);
  const [active, setActive] = useState(f.active);
  const [done, setDone] = useState<string | null>(null);
  const form = useSubmit();
  const seesAddress = f.address !== undefined;
  const submit = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!name.trim()) e.name = t('validation.required');
        if (!province) e.province = t('validation.required');
        return e;
      },
      async () => {
        await api.patch(`/api/accommodation/facilities/${f.id}`, {
          type,
          name: name.trim(),
          province,
          municipality: municipality.trim() || null,
          targetGroups: groups,
          active,
          ...(seesAddress ? { address: address.trim() || null } : {}),
        });
        setOpen(false);
        setDone(t('acc.edit.saved'));
        props.onSaved();
      },
    );
  // The form starts from the facility as last read.
  const start = () => {
    setName(f.name);
    setType(f.type);
    setAddress(f.address ?? '');
    setProvince(f.province);
    setMunicipality(f.municipality ?? '');
    setGroups(f.targetGroups);
    setActive(f.active);
    setDone(null);
    setOpen(true);
  };
  if (!open) {
    return (
      <div className="mb-4">
        <Notice text={done} />
        <button type="button" className="btn btn-outline-primary btn-sm" id="facility-edit-open" onClick={start}>
          {t('acc.edit.open')}
        </button>
      </div>
    );
  }
  return (
    <section aria-labelledby="facility-edit-title" className="mb-4 p-3 border rounded">
      <h2 id="facility-edit-title" className="h5">
        {t('acc.edit.title')}
      </h2>
      <ErrorAlert error={form.error} />
      <form
        noValidate
        id="facility-edit"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="row">
          <div className="col-md-6">
            <TextField id="facility-edit-name" label={t('acc.new.name')} hint={t('acc.new.nameHint')} value={name} onChange={setName} required maxLength={120} error={form.fieldErrors.name} />
          </div>
          <div className="col-md-6">
            <SelectField id="facility-edit-type" label={t('acc.new.type')} value={type} onChange={setType} options={facilityTypeOptions(locale)} required error={form.fieldErrors.type} />
          </div>
        </div>
        {seesAddress ? (
          <TextField id="facility-edit-address" label={t('acc.new.address')} hint={t('acc.new.addressHint')} value={address} onChange={setAddress} maxLength={500} error={form.fieldErrors.address} />
        ) : null}
        <div className="row">
          <div className="col-md-6">
            <SelectField id="facility-edit-province" label={t('acc.new.province')} value={province} onChange={setProvince} options={provinceOptions(provinces.data)} required error={form.fieldErrors.province} />
          </div>
          <div className="col-md-6">
            <TextField id="facility-edit-municipality" label={t('acc.new.municipality')} value={municipality} onChange={setMunicipality} inputMode="numeric" maxLength={6} error={form.fieldErrors.municipality} />
          </div>
        </div>
        <MultiSelect label={t('acc.new.targetGroups')} values={groups} onChange={setGroups} options={targetGroupOptions(locale)} error={form.fieldErrors.targetGroups} />
        <Checkbox id="facility-edit-active" label={t('acc.edit.active')} hint={t('acc.edit.activeHint')} checked={active} onChange={setActive} />
        <div className="d-flex flex-wrap gap-2 mt-3">
          <button type="submit" className="btn btn-primary" disabled={form.busy}>
            {form.busy ? t('common.saving') : t('acc.edit.save')}
          </button>
          <button type="button" className="btn btn-outline-secondary" onClick={() => setOpen(false)}>
            {t('acc.edit.close')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Take a bed out of use, or back into use; the server refuses a bed with open placements. */
export function BedStatusButton(props: { facilityId: string; bed: Bed; onChanged: () => void }) {
  const { t } = useI18n();
  const b = props.bed;
  const form = useSubmit();
  const toggle = () =>
    form.run(
      () => ({}),
      async () => {
        await api.patch(`/api/accommodation/facilities/${props.facilityId}/beds/${b.id}`, { active: !b.active });
        props.onChanged();
      },
    );
  return (
    <div className="mt-2">
      <ErrorAlert error={form.error} />
      <button
        type="button"
        className="btn btn-outline-secondary btn-sm"
        disabled={form.busy}
        aria-label={`${b.active ? t('acc.bed.retire') : t('acc.bed.restore')}: ${b.label}`}
        onClick={() => void toggle()}
      >
        {b.active ? t('acc.bed.retire') : t('acc.bed.restore')}
      </button>
    </div>
  );
}
