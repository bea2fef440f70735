/**
 * Editing a case from its summary: the case worker and the team (users of the organisation from
 * /api/case-staff), the trafficking status and who decided it, and the exploitation (HTCDS value
 * lists, countries, provinces, period). One PATCH carrying the case's version: a stale form is
 * refused by the server and the page reloads the case.
 */
import { useMemo, useState } from 'react';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/Page.tsx';
import { MultiSelect, SelectField, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { provinceOptions, useProvinces } from '../../reference.ts';
import { htcdsOptions } from '../../../domain/htcds/index.ts';
import { countryOptions } from '../persons/model.ts';
import type { CaseDetail } from './model.ts';

interface Staff {
  id: string;
  displayName: string;
  roleKey: string;
  roleName: { it: string; en: string };
  readsCases: boolean;
}

interface TeamRow {
  userId: string;
  teamRole: string;
}

export function CaseEditForm(props: { c: CaseDetail; onChanged: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const c = props.c;
  const x = c.exploitation ?? {};
  const staff = useLoad(async (signal) => api.get<{ items: Staff[] }>('/api/case-staff', undefined, signal), 'case-staff');
  const provinces = useProvinces();
  const countries = useMemo(() => countryOptions(locale), [locale]);
  const opts = (field: Parameters<typeof htcdsOptions>[0]['field']) => htcdsOptions({ field, locale });

  const [caseWorkerId, setCaseWorkerId] = useState(c.caseWorker?.id ?? '');
  const [team, setTeam] = useState<TeamRow[]>((c.team ?? []).map((m) => ({ userId: m.userId, teamRole: m.teamRole ?? '' })));
  const [status, setStatus] = useState(c.traffickingStatus ?? '');
  const [decidedBy, setDecidedBy] = useState(c.traffickingStatusDecidedBy ?? '');
  const [decidedOn, setDecidedOn] = useState(c.traffickingStatusDecidedOn ?? '');
  const [types, setTypes] = useState<string[]>(x.types ?? []);
  const [sexTypes, setSexTypes] = useState<string[]>(x.sexExploitationTypes ?? []);
  const [sectors, setSectors] = useState<string[]>(x.labourSectors ?? []);
  const [countryCodes, setCountryCodes] = useState<string[]>(x.countries ?? []);
  const [provinceCodes, setProvinceCodes] = useState<string[]>(x.provinces ?? []);
  const [from, setFrom] = useState(x.from ?? '');
  const [to, setTo] = useState(x.to ?? '');
  const [means, setMeans] = useState<string[]>(x.meansOfControl ?? []);
  const [recruitment, setRecruitment] = useState<string[]>(x.recruitmentMethods ?? []);
  const [relations, setRelations] = useState<string[]>(x.recruiterRelations ?? []);
  const form = useSubmit();

  const assignable = (staff.data?.items ?? []).filter((s) => s.readsCases);
  const staffOptions = assignable.map((s) => ({ value: s.id, label: `${s.displayName} (${s.roleName[locale]})` }));
  // Someone already on the case stays selectable even if their role changed since.
  for (const known of [c.caseWorker, ...(c.team ?? []).map((m) => ({ id: m.userId, displayName: m.displayName }))]) {
    if (known && !staffOptions.some((o) => o.value === known.id)) staffOptions.push({ value: known.id, label: known.displayName });
  }

  const save = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (from && to && to < from) e.exploitationTo = t('validation.dateOrder');
        team.forEach((m, i) => {
          if (!m.userId) e[`team.${i}.userId`] = t('validation.required');
          if (!m.teamRole.trim()) e[`team.${i}.teamRole`] = t('validation.required');
        });
        return e;
      },
      async () => {
        await api.patch(`/api/cases/${c.id}`, {
          version: c.version,
          caseWorkerId: caseWorkerId || null,
          team: team.map((m) => ({ userId: m.userId, teamRole: m.teamRole.trim() })),
          traffickingStatus: status || null,
          traffickingStatusDecidedBy: decidedBy || null,
          traffickingStatusDecidedOn: decidedOn || null,
          exploitationTypes: types,
          sexExploitationTypes: sexTypes,
          labourSectors: sectors,
          exploitationCountries: countryCodes,
          exploitationProvinces: provinceCodes,
          exploitationFrom: from || null,
          exploitationTo: to || null,
          meansOfControl: means,
          recruitmentMethods: recruitment,
          recruiterRelations: relations,
        });
        props.onChanged();
      },
    );

  return (
    <form
      noValidate
      className="mt-3"
      aria-labelledby="case-edit-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="case-edit-title" className="h5">
        {t('caseEdit.title')}
      </h3>
      <ErrorAlert error={form.error ?? staff.error} />
      <fieldset className="mb-3">
        <legend className="h6">{t('caseEdit.people')}</legend>
        <SelectField id="edit-case-worker" label={t('case.caseWorker')} value={caseWorkerId} onChange={setCaseWorkerId} options={staffOptions} placeholder={t('caseEdit.nobody')} error={form.fieldErrors.caseWorkerId} />
        <p className="fw-semibold mb-2">{t('case.team')}</p>
        {team.length === 0 ? <p>{t('caseEdit.noTeam')}</p> : null}
        {team.map((m, i) => (
          <div className="row align-items-end" key={i}>
            <div className="col-md-5">
              <SelectField
                id={`edit-team-${i}-user`}
                label={t('caseEdit.member', { n: String(i + 1) })}
                value={m.userId}
                onChange={(v) => setTeam(team.map((r, k) => (k === i ? { ...r, userId: v } : r)))}
                options={staffOptions}
                placeholder={t('common.choose')}
                required
                error={form.fieldErrors[`team.${i}.userId`]}
              />
            </div>
            <div className="col-md-5">
              <TextField
                id={`edit-team-${i}-role`}
                label={t('caseEdit.teamRole', { n: String(i + 1) })}
                hint={t('caseEdit.teamRoleHint')}
                value={m.teamRole}
                onChange={(v) => setTeam(team.map((r, k) => (k === i ? { ...r, teamRole: v } : r)))}
                required
                error={form.fieldErrors[`team.${i}.teamRole`]}
              />
            </div>
            <div className="col-md-2 mb-4">
              <Button color="secondary" outline type="button" onClick={() => setTeam(team.filter((_, k) => k !== i))}>
                {t('caseEdit.remove', { n: String(i + 1) })}
              </Button>
            </div>
          </div>
        ))}
        <Button color="secondary" outline type="button" className="mb-3" onClick={() => setTeam([...team, { userId: '', teamRole: '' }])}>
          {t('caseEdit.addMember')}
        </Button>
      </fieldset>
      <fieldset className="mb-3">
        <legend className="h6">{t('case.trafficking')}</legend>
        <div className="row">
          <div className="col-md-4">
            <SelectField id="edit-trafficking-status" label={t('case.traffickingStatus')} value={status} onChange={setStatus} options={opts('vic_TraffickingStatus')} placeholder={t('caseEdit.notDecided')} error={form.fieldErrors.traffickingStatus} />
          </div>
          <div className="col-md-4">
            <SelectField id="edit-decided-by" label={t('case.decidedBy')} value={decidedBy} onChange={setDecidedBy} options={opts('vic_TraffickingStatusDecisionMakingOrg')} placeholder={t('common.choose')} error={form.fieldErrors.traffickingStatusDecidedBy} />
          </div>
          <div className="col-md-4">
            <TextField id="edit-decided-on" type="date" label={t('caseEdit.decidedOn')} value={decidedOn} onChange={setDecidedOn} error={form.fieldErrors.traffickingStatusDecidedOn} />
          </div>
        </div>
        <MultiSelect id="edit-exploitation-types" label={t('case.exploitationTypes')} values={types} onChange={setTypes} options={opts('vic_TypeOfExploitation')} error={form.fieldErrors.exploitationTypes} />
        <MultiSelect id="edit-sex-types" label={t('case.sexExploitationTypes')} values={sexTypes} onChange={setSexTypes} options={opts('vic_TypeOfSexExploitation')} error={form.fieldErrors.sexExploitationTypes} />
        <MultiSelect id="edit-sectors" label={t('case.labourSectors')} values={sectors} onChange={setSectors} options={opts('vic_ForcedLabourIndustry')} error={form.fieldErrors.labourSectors} />
        <MultiSelect id="edit-countries" label={t('case.countries')} values={countryCodes} onChange={setCountryCodes} options={countries} error={form.fieldErrors.exploitationCountries} />
        <MultiSelect id="edit-provinces" label={t('case.provinces')} values={provinceCodes} onChange={setProvinceCodes} options={provinceOptions(provinces.data)} error={form.fieldErrors.exploitationProvinces} />
        <div className="row">
          <div className="col-md-4">
            <TextField id="edit-from" type="date" label={t('caseEdit.from')} value={from} onChange={setFrom} error={form.fieldErrors.exploitationFrom} />
          </div>
          <div className="col-md-4">
            <TextField id="edit-to" type="date" label={t('caseEdit.to')} value={to} onChange={setTo} error={form.fieldErrors.exploitationTo} />
          </div>
        </div>
        <MultiSelect id="edit-means" label={t('case.meansOfControl')} values={means} onChange={setMeans} options={opts('vic_MethodsOfControl')} error={form.fieldErrors.meansOfControl} />
        <MultiSelect id="edit-recruitment" label={t('case.recruitment')} values={recruitment} onChange={setRecruitment} options={opts('vic_MethodOfRecruitment')} error={form.fieldErrors.recruitmentMethods} />
        <MultiSelect id="edit-relations" label={t('case.recruiterRelation')} values={relations} onChange={setRelations} options={opts('vic_RelationshipToTrafficker')} error={form.fieldErrors.recruiterRelations} />
      </fieldset>
      <Button color="primary" type="submit" disabled={form.busy}>
        {t('common.save')}
      </Button>{' '}
      <Button color="secondary" outline type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </Button>
    </form>
  );
}
