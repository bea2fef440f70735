/** The on-duty roster of the hotline station: running and future shifts editable, ended ones listed. */
import { useEffect, useState } from 'react';
import { Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { Checkbox, MultiSelect, SelectField, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { provinceOptions, useOrganisations, useProvinces } from '../../reference.ts';
import { isoToLocal, localToIso, type Shift } from './model.ts';

interface Row {
  key: number;
  orgId: string;
  allProvinces: boolean;
  provinces: string[];
  startsAt: string;
  endsAt: string;
  note: string;
}

let nextKey = 1;
const toRow = (s: Shift): Row => ({
  key: nextKey++, orgId: s.organisation.id, allProvinces: s.allProvinces, provinces: s.provinces, startsAt: isoToLocal(s.startsAt), endsAt: isoToLocal(s.endsAt), note: s.note ?? '',
});

export function HotlineRosterPage() {
  const { t, formatDateTime } = useI18n();
  const provinces = useProvinces();
  const organisations = useOrganisations();
  const loaded = useLoad((signal) => api.get<{ items: Shift[] }>('/api/hotline/roster', undefined, signal), 'roster');
  const submit = useSubmit();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) setRows(loaded.data.items.filter((s) => !s.past).map(toRow));
  }, [loaded.data]);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data || !rows) return <ErrorAlert error={loaded.error} />;
  const past = loaded.data.items.filter((s) => s.past);
  const bodies = (organisations.data ?? []).filter((o) => o.isActive && o.type !== 'hotline').map((o) => ({ value: o.id, label: o.name }));
  const provinceOpts = provinceOptions(provinces.data);
  const provinceName = (code: string) => provinceOpts.find((o) => o.value === code)?.label ?? code;
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const err = submit.fieldErrors;

  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    rows.forEach((r, i) => {
      if (!r.orgId) e[`shifts.${i}.orgId`] = t('common.required');
      if (!r.startsAt) e[`shifts.${i}.startsAt`] = t('common.required');
      if (!r.endsAt) e[`shifts.${i}.endsAt`] = t('common.required');
      if (!r.allProvinces && r.provinces.length === 0) e[`shifts.${i}.provinces`] = t('common.required');
    });
    return e;
  };
  const save = () =>
    submit.run(validate, async () => {
      setNotice(null);
      const answer = await api.put<{ items: Shift[] }>('/api/hotline/roster', {
        shifts: rows.map((r) => ({
          orgId: r.orgId,
          allProvinces: r.allProvinces,
          provinces: r.allProvinces ? [] : r.provinces,
          startsAt: localToIso(r.startsAt),
          endsAt: localToIso(r.endsAt),
          ...(r.note.trim() ? { note: r.note.trim() } : {}),
        })),
      });
      setRows(answer.items.filter((s) => !s.past).map(toRow));
      setNotice(t('roster.saved'));
    });

  return (
    <Page title={t('roster.title')} lead={t('roster.lead')}>
      <Notice text={notice} />
      <ErrorAlert error={submit.error} />
      <form
        id="roster-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {rows.length === 0 ? <p>{t('roster.none')}</p> : null}
        {rows.map((r, i) => (
          <fieldset key={r.key} className="border rounded p-3 mb-3" id={`roster-shift-${i}`}>
            <legend className="fs-6 fw-semibold float-none w-auto px-1">{t('roster.shift', { n: i + 1 })}</legend>
            <div className="row g-3">
              <div className="col-md-4">
                <SelectField id={`roster-${i}-org`} label={t('roster.body')} value={r.orgId} onChange={(v) => update(i, { orgId: v })} options={bodies} placeholder="—" error={err[`shifts.${i}.orgId`]} required />
              </div>
              <div className="col-md-4">
                <TextField id={`roster-${i}-starts`} type="datetime-local" label={t('roster.startsAt')} value={r.startsAt} onChange={(v) => update(i, { startsAt: v })} error={err[`shifts.${i}.startsAt`]} required />
              </div>
              <div className="col-md-4">
                <TextField id={`roster-${i}-ends`} type="datetime-local" label={t('roster.endsAt')} value={r.endsAt} onChange={(v) => update(i, { endsAt: v })} error={err[`shifts.${i}.endsAt`]} required />
              </div>
            </div>
            <Checkbox id={`roster-${i}-all`} label={t('roster.allProvinces')} checked={r.allProvinces} onChange={(v) => update(i, { allProvinces: v })} />
            {!r.allProvinces ? (
              <MultiSelect id={`roster-${i}-provinces`} className="mt-3" label={t('roster.provinces')} values={r.provinces} onChange={(v) => update(i, { provinces: v })} options={provinceOpts} error={err[`shifts.${i}.provinces`]} />
            ) : null}
            <TextField id={`roster-${i}-note`} label={t('roster.note')} value={r.note} onChange={(v) => update(i, { note: v })} error={err[`shifts.${i}.note`]} maxLength={300} />
            <Button color="secondary" outline type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t('roster.remove', { n: i + 1 })}
            </Button>
          </fieldset>
        ))}
        <div className="d-flex gap-2 mb-4">
          <Button
            color="secondary"
            type="button"
            onClick={() => setRows([...rows, { key: nextKey++, orgId: '', allProvinces: true, provinces: [], startsAt: '', endsAt: '', note: '' }])}
          >
            {t('roster.add')}
          </Button>
          <Button color="primary" type="submit" disabled={submit.busy}>
            {t('roster.save')}
          </Button>
        </div>
      </form>
      <h2 className="h4">{t('roster.past')}</h2>
      {past.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <div className="table-responsive">
          <Table id="roster-past">
            <caption className="visually-hidden">{t('roster.past')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('roster.body')}</th>
                <th scope="col">{t('roster.provinces')}</th>
                <th scope="col">{t('roster.startsAt')}</th>
                <th scope="col">{t('roster.endsAt')}</th>
              </tr>
            </thead>
            <tbody>
              {past.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.organisation.name}</th>
                  <td>{s.allProvinces ? t('roster.allProvinces') : s.provinces.map(provinceName).join(', ')}</td>
                  <td>{formatDateTime(s.startsAt)}</td>
                  <td>{formatDateTime(s.endsAt)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </Page>
  );
}
