/**
 * Accommodation pages: the facilities list (and the form to register one), the facility page
 * (details, the confidential address when the API sends it, the beds grid free/occupied, place
 * and end forms, history, occupancy chart), the waiting list and the network's availability board.
 * The server decides what each role sees; the pages show what the API sends.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { MultiSelect, SelectField, TextArea, TextField, type Option } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type Translate } from '../../i18n/index.tsx';
import { provinceOptions, useProvinces } from '../../reference.ts';
import { useMe } from '../../session.tsx';
import {
  bedKindLabel,
  bedKindOptions,
  facilityTypeLabel,
  facilityTypeOptions,
  italianTodayInBrowser,
  leavingReasonLabel,
  leavingReasonOptions,
  needLabel,
  needOptions,
  targetGroupLabel,
  targetGroupOptions,
  waitlistStatusLabel,
  type Availability,
  type Bed,
  type Facility,
  type FacilitySummary,
  type Occupancy,
  type Placement,
  type WaitlistEntry,
} from './model.ts';
import { BedStatusButton, FacilityEditForm } from './FacilityEdit.tsx';

function useProvinceName(): (code: string) => string {
  const provinces = useProvinces();
  return useMemo(() => {
    const names = new Map((provinces.data ?? []).map((p) => [p.code, p.name]));
    return (code: string) => names.get(code) ?? code;
  }, [provinces.data]);
}

/** Finds a person the caller's organisation can see by their code (GET /api/persons?q=code). */
async function personIdByCode(code: string): Promise<string | null> {
  const answer = await api.get<{ items: Array<{ id: string; code: string }> }>('/api/persons', { q: code.trim().toUpperCase(), limit: 5 });
  return answer.items.find((p) => p.code === code.trim().toUpperCase())?.id ?? null;
}

// =============================================================================================
// Facilities list

export function FacilityListPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const list = useLoad((signal) => api.get<{ items: FacilitySummary[] }>('/api/accommodation/facilities', undefined, signal), 'facilities');
  const provinceName = useProvinceName();
  return (
    <Page title={t('acc.list.title')} lead={t('acc.list.lead')}>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('acc.list.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-responsive mb-5">
          <table className="table">
            <caption className="visually-hidden">{t('acc.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acc.col.name')}</th>
                <th scope="col">{t('acc.col.organisation')}</th>
                <th scope="col">{t('acc.col.type')}</th>
                <th scope="col">{t('acc.col.province')}</th>
                <th scope="col" className="text-end">{t('acc.col.beds')}</th>
                <th scope="col" className="text-end">{t('acc.board.occupied')}</th>
                <th scope="col" className="text-end">{t('acc.col.free')}</th>
                <th scope="col">{t('acc.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link to={`/accommodation/facilities/${f.id}`}>{f.name}</Link>
                  </td>
                  <td>{f.organisationName}</td>
                  <td>{facilityTypeLabel(f.type, locale)}</td>
                  <td>{provinceName(f.province)}</td>
                  <td className="text-end">{f.beds}</td>
                  <td className="text-end">{Math.max(0, f.beds - f.occupied)}</td>
                  <td>{f.active ? t('acc.active') : t('acc.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {can(me, 'accommodation.manage') ? <NewFacilityForm onCreated={list.reload} /> : null}
    </Page>
  );
}

function NewFacilityForm(props: { onCreated: () => void }) {
  const { t, locale } = useI18n();
  const provinces = useProvinces();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [type, setType] = useState('escape_house');
  const [province, setProvince] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const [beds, setBeds] = useState('4');
  const [done, setDone] = useState<string | null>(null);
  const form = useSubmit();
  const submit = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!name.trim()) e.name = t('validation.required');
        if (!province) e.province = t('validation.required');
        if (!/^[0-9]{1,3}$/.test(beds.trim())) e.beds = t('validation.required');
        return e;
      },
      async () => {
        const count = Math.min(200, Number(beds.trim()));
        await api.post('/api/accommodation/facilities', {
          type,
          name,
          address: address.trim() || null,
          province,
          municipality: municipality.trim() || null,
          targetGroups: groups,
          beds: Array.from({ length: count }, (_, i) => ({ label: `${t('acc.history.bed')} ${i + 1}` })),
        });
        setName('');
        setAddress('');
        setMunicipality('');
        setDone(t('acc.new.created'));
        props.onCreated();
      },
    );
  return (
    <section aria-labelledby="new-facility-title" className="mt-4">
      <h2 id="new-facility-title" className="h4">
        {t('acc.new.title')}
      </h2>
      <Notice text={done} />
      <ErrorAlert error={form.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          void submit();
        }}
      >
        <div className="row">
          <div className="col-md-6">
            <TextField id="facility-name" label={t('acc.new.name')} hint={t('acc.new.nameHint')} value={name} onChange={setName} required error={form.fieldErrors.name} maxLength={120} />
          </div>
          <div className="col-md-6">
            <SelectField id="facility-type" label={t('acc.new.type')} value={type} onChange={setType} options={facilityTypeOptions(locale)} required error={form.fieldErrors.type} />
          </div>
        </div>
        <TextField id="facility-address" label={t('acc.new.address')} hint={t('acc.new.addressHint')} value={address} onChange={setAddress} error={form.fieldErrors.address} maxLength={500} />
        <div className="row">
          <div className="col-md-4">
            <SelectField id="facility-province" label={t('acc.new.province')} value={province} onChange={setProvince} options={provinceOptions(provinces.data)} placeholder="—" required error={form.fieldErrors.province} />
          </div>
          <div className="col-md-4">
            <TextField id="facility-municipality" label={t('acc.new.municipality')} value={municipality} onChange={setMunicipality} inputMode="numeric" maxLength={6} error={form.fieldErrors.municipality} />
          </div>
          <div className="col-md-4">
            <TextField id="facility-beds" label={t('acc.new.beds')} value={beds} onChange={setBeds} inputMode="numeric" maxLength={3} required error={form.fieldErrors.beds} />
          </div>
        </div>
        <MultiSelect label={t('acc.new.targetGroups')} values={groups} onChange={setGroups} options={targetGroupOptions(locale)} error={form.fieldErrors.targetGroups} />
        <button type="submit" className="btn btn-primary" disabled={form.busy}>
          {form.busy ? t('common.saving') : t('acc.new.submit')}
        </button>
      </form>
    </section>
  );
}

// =============================================================================================
// Facility page

export function FacilityPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const facility = useLoad((signal) => api.get<Facility>(`/api/accommodation/facilities/${id}`, undefined, signal), id);
  const provinceName = useProvinceName();
  const [changed, setChanged] = useState(0);
  const f = facility.data;
  const reload = () => {
    facility.reload();
    setChanged((n) => n + 1);
  };
  if (facility.error?.status === 404) return <Page title={t('notFound.title')}><p>{t('notFound.text')}</p></Page>;
  if (!f) return <Page title={t('acc.list.title')}>{facility.loading ? <Loading /> : <ErrorAlert error={facility.error} />}</Page>;
  const inUse = f.beds.filter((b) => b.active);
  const free = inUse.filter((b) => !b.occupied);
  return (
    <Page title={f.name} lead={`${facilityTypeLabel(f.type, locale)} · ${provinceName(f.province)} · ${f.organisationName}`}>
      <section aria-labelledby="facility-details" className="mb-4">
        <h2 id="facility-details" className="h4">
          {t('acc.page.details')}
        </h2>
        <dl className="row">
          <dt className="col-sm-3">{t('acc.col.type')}</dt>
          <dd className="col-sm-9">{facilityTypeLabel(f.type, locale)}</dd>
          <dt className="col-sm-3">{t('acc.col.province')}</dt>
          <dd className="col-sm-9">{provinceName(f.province)}</dd>
          {f.municipality ? (
            <>
              <dt className="col-sm-3">{t('acc.page.municipality')}</dt>
              <dd className="col-sm-9">{f.municipality}</dd>
            </>
          ) : null}
          <dt className="col-sm-3">{t('acc.new.targetGroups')}</dt>
          <dd className="col-sm-9">{f.targetGroups.length ? f.targetGroups.map((g) => targetGroupLabel(g, locale)).join(', ') : t('common.none')}</dd>
          {f.address !== undefined ? (
            <>
              <dt className="col-sm-3">{t('acc.page.address')}</dt>
              <dd className="col-sm-9" data-testid="facility-address">{f.address ?? t('acc.page.noAddress')}</dd>
            </>
          ) : null}
          <dt className="col-sm-3">{t('acc.col.status')}</dt>
          <dd className="col-sm-9">{f.active ? t('acc.active') : t('acc.inactive')}</dd>
        </dl>
      </section>

      {f.canManage ? <FacilityEditForm facility={f} onSaved={reload} /> : null}
      <section aria-labelledby="facility-beds" className="mb-4">
        <h2 id="facility-beds" className="h4">
          {t('acc.page.beds')}
        </h2>
        <p>{t('acc.page.bedsLead', { free: free.length, total: inUse.length })}</p>
        <ul className="bed-grid list-unstyled row g-3">
          {f.beds.map((b) => (
            <BedCard key={b.id} bed={b} facilityId={f.id} canManage={f.canManage} onChanged={reload} />
          ))}
        </ul>
        {f.canManage ? <AddBedForm facilityId={f.id} onAdded={reload} /> : null}
      </section>

      {f.canManage ? <PlaceForm facility={f} freeBeds={free} onPlaced={reload} /> : null}
      {f.canManage ? <PlacementHistory facilityId={f.id} version={changed} /> : null}
      <OccupancyChart facilityId={f.id} version={changed} />
    </Page>
  );
}

function BedCard(props: { bed: Bed; facilityId: string; canManage: boolean; onChanged: () => void }) {
  const { t, locale, formatDate } = useI18n();
  const b = props.bed;
  const [ending, setEnding] = useState(false);
  const state = !b.active ? t('acc.bed.outOfUse') : b.occupied ? t('acc.bed.occupied') : t('acc.bed.free');
  return (
    <li className="col-sm-6 col-lg-4">
      <div className={`card card-bg bed-card ${b.occupied ? 'bed-occupied' : 'bed-free'}`}>
        <div className="card-body">
          <h3 className="h6 mb-1">
            {b.label} <span className="fw-normal">({bedKindLabel(b.kind, locale)})</span>
          </h3>
          <p className="mb-1">
            <span className={`badge ${b.occupied ? 'bg-secondary' : b.active ? 'bg-success' : 'bg-light text-dark'}`}>{state}</span>
          </p>
          {b.placement ? (
            <p className="mb-1 small">
              {t('acc.bed.person')}: <Link to={`/persons/${b.placement.personId}`}>{b.placement.personName ? `${b.placement.personName} (${b.placement.personCode})` : b.placement.personCode}</Link>
              {b.placement.caseCode && b.placement.caseId ? (
                <>
                  {' · '}
                  {t('acc.bed.case')}: <Link to={`/cases/${b.placement.caseId}`}>{b.placement.caseCode}</Link>
                </>
              ) : null}
              <br />
              {t('acc.bed.since', { date: formatDate(b.placement.startsOn) })}
            </p>
          ) : null}
          {b.placement && props.canManage ? (
            ending ? (
              <EndPlacementForm facilityId={props.facilityId} placementId={b.placement.id} personCode={b.placement.personCode} onDone={() => { setEnding(false); props.onChanged(); }} onCancel={() => setEnding(false)} />
            ) : (
              <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => setEnding(true)} aria-label={`${t('acc.end.title')}: ${b.label}, ${b.placement.personCode}`}>
                {t('acc.end.button')}
              </button>
            )
          ) : null}
          {props.canManage ? <BedStatusButton facilityId={props.facilityId} bed={b} onChanged={props.onChanged} /> : null}
        </div>
      </div>
    </li>
  );
}

function EndPlacementForm(props: { facilityId: string; placementId: string; personCode: string; onDone: () => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const [endsOn, setEndsOn] = useState(italianTodayInBrowser());
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const form = useSubmit();
  const submit = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!endsOn) e.endsOn = t('validation.required');
        if (!reason) e.reason = t('validation.required');
        return e;
      },
      async () => {
        await api.post(`/api/accommodation/facilities/${props.facilityId}/placements/${props.placementId}/end`, { endsOn, reason, note: note.trim() || null });
        props.onDone();
      },
    );
  return (
    <form
      noValidate
      aria-label={`${t('acc.end.title')} ${props.personCode}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorAlert error={form.error} />
      <TextField id={`end-${props.placementId}-date`} type="date" label={t('acc.end.endsOn')} value={endsOn} onChange={setEndsOn} required error={form.fieldErrors.endsOn} />
      <SelectField id={`end-${props.placementId}-reason`} label={t('acc.end.reason')} value={reason} onChange={setReason} options={leavingReasonOptions(locale)} placeholder="—" required error={form.fieldErrors.reason} />
      <TextArea id={`end-${props.placementId}-note`} label={t('acc.place.note')} value={note} onChange={setNote} rows={2} error={form.fieldErrors.note} />
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary btn-sm" disabled={form.busy}>
          {t('acc.end.button')}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function AddBedForm(props: { facilityId: string; onAdded: () => void }) {
  const { t, locale } = useI18n();
  const [label, setLabel] = useState('');
  const [kind, setKind] = useState('single');
  const [done, setDone] = useState<string | null>(null);
  const form = useSubmit();
  const submit = () =>
    form.run(
      (): FieldErrors => (label.trim() ? {} : { label: t('validation.required') }),
      async () => {
        await api.post(`/api/accommodation/facilities/${props.facilityId}/beds`, { label, kind });
        setLabel('');
        setDone(t('acc.bed.added'));
        props.onAdded();
      },
    );
  return (
    <form
      noValidate
      className="mt-3"
      aria-labelledby="add-bed-title"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        void submit();
      }}
    >
      <h3 id="add-bed-title" className="h6">
        {t('acc.bed.add')}
      </h3>
      <Notice text={done} />
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-5">
          <TextField id="bed-label" label={t('acc.bed.label')} value={label} onChange={setLabel} required maxLength={60} error={form.fieldErrors.label} />
        </div>
        <div className="col-md-4">
          <SelectField id="bed-kind" label={t('acc.bed.kind')} value={kind} onChange={setKind} options={bedKindOptions(locale)} error={form.fieldErrors.kind} />
        </div>
        <div className="col-md-3">
          <button type="submit" className="btn btn-outline-primary" disabled={form.busy}>
            {t('common.add')}
          </button>
        </div>
      </div>
    </form>
  );
}

function PlaceForm(props: { facility: Facility; freeBeds: Bed[]; onPlaced: () => void }) {
  const { t, locale } = useI18n();
  const waitlist = useLoad((signal) => api.get<{ items: WaitlistEntry[] }>('/api/accommodation/waitlist', { status: 'waiting' }, signal), `waitlist-${props.facility.id}`);
  const [bedId, setBedId] = useState('');
  const [personCode, setPersonCode] = useState('');
  const [waitlistId, setWaitlistId] = useState('');
  const [startsOn, setStartsOn] = useState(italianTodayInBrowser());
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useSubmit();
  const waiting = (waitlist.data?.items ?? []).filter((w) => w.facilityId === props.facility.id || (!w.facilityId && w.facilityType === props.facility.type));
  const waitOptions: Option[] = waiting.map((w) => ({ value: w.id, label: `${w.personCode} · ${t('acc.wait.priority')} ${w.priority}${w.needs.length ? ` · ${w.needs.map((n) => needLabel(n, locale)).join(', ')}` : ''}` }));
  const chooseWaiting = (id: string) => {
    setWaitlistId(id);
    const w = waiting.find((x) => x.id === id);
    if (w) setPersonCode(w.personCode);
  };
  const submit = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!bedId) e.bedId = t('validation.required');
        if (!personCode.trim()) e.personId = t('validation.required');
        if (!startsOn) e.startsOn = t('validation.required');
        return e;
      },
      async () => {
        const personId = waiting.find((w) => w.id === waitlistId)?.personId ?? (await personIdByCode(personCode));
        if (!personId) {
          form.setFieldErrors({ personId: t('acc.place.personNotFound') });
          throw new ApiError({ status: 404, code: 'not_found', message: t('acc.place.personNotFound') });
        }
        await api.post(`/api/accommodation/facilities/${props.facility.id}/placements`, { bedId, personId, startsOn, note: note.trim() || null, waitlistId: waitlistId || null });
        setBedId('');
        setPersonCode('');
        setWaitlistId('');
        setNote('');
        setDone(t('acc.place.done'));
        waitlist.reload();
        props.onPlaced();
      },
    );
  return (
    <section aria-labelledby="place-title" className="mb-4">
      <h2 id="place-title" className="h4">
        {t('acc.place.title')}
      </h2>
      <Notice text={done} />
      <ErrorAlert error={form.error} />
      {props.freeBeds.length === 0 ? (
        <p>{t('acc.place.noFreeBed')}</p>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setDone(null);
            void submit();
          }}
        >
          <div className="row">
            <div className="col-md-6">
              <SelectField id="place-bed" label={t('acc.place.bed')} value={bedId} onChange={setBedId} options={props.freeBeds.map((b) => ({ value: b.id, label: `${b.label} (${bedKindLabel(b.kind, locale)})` }))} placeholder="—" required error={form.fieldErrors.bedId} />
            </div>
            <div className="col-md-6">
              <SelectField id="place-waitlist" label={t('acc.place.fromWaitlist')} value={waitlistId} onChange={chooseWaiting} options={waitOptions} placeholder={t('acc.place.noWaitlist')} error={form.fieldErrors.waitlistId} />
            </div>
          </div>
          <div className="row">
            <div className="col-md-6">
              <TextField id="place-person" label={t('acc.place.person')} hint={t('acc.place.personHint')} value={personCode} onChange={(v) => { setPersonCode(v); setWaitlistId(''); }} required error={form.fieldErrors.personId} maxLength={20} spellCheck={false} />
            </div>
            <div className="col-md-6">
              <TextField id="place-starts" type="date" label={t('acc.place.startsOn')} value={startsOn} onChange={setStartsOn} required error={form.fieldErrors.startsOn} />
            </div>
          </div>
          <TextArea id="place-note" label={t('acc.place.note')} value={note} onChange={setNote} rows={2} error={form.fieldErrors.note} />
          <button type="submit" className="btn btn-primary" disabled={form.busy}>
            {t('acc.place.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

function PlacementHistory(props: { facilityId: string; version: number }) {
  const { t, locale, formatDate } = useI18n();
  const list = useLoad((signal) => api.get<{ items: Placement[] }>(`/api/accommodation/facilities/${props.facilityId}/placements`, undefined, signal), `${props.facilityId}-${props.version}`);
  return (
    <section aria-labelledby="history-title" className="mb-4">
      <h2 id="history-title" className="h4">
        {t('acc.history.title')}
      </h2>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('acc.history.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-responsive">
          <table className="table table-sm">
            <caption className="visually-hidden">{t('acc.history.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acc.bed.person')}</th>
                <th scope="col">{t('acc.history.bed')}</th>
                <th scope="col">{t('acc.history.from')}</th>
                <th scope="col">{t('acc.history.to')}</th>
                <th scope="col">{t('acc.history.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <td>{p.personName ? `${p.personName} (${p.personCode})` : p.personCode}</td>
                  <td>{p.bedLabel}</td>
                  <td>{formatDate(p.startsOn)}</td>
                  <td>{p.endsOn ? formatDate(p.endsOn) : t('acc.history.current')}</td>
                  <td>{p.endsOn ? leavingReasonLabel(p.leavingReason, locale) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function monthName(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

function percent(used: number, available: number): string {
  return available > 0 ? `${Math.round((used / available) * 100)}%` : '—';
}

/** Bed-nights used and available per month: an SVG bar chart (role img, described) and the same figures as a table. */
function OccupancyChart(props: { facilityId: string; version: number }) {
  const { t, locale } = useI18n();
  const data = useLoad((signal) => api.get<Occupancy>(`/api/accommodation/facilities/${props.facilityId}/occupancy`, undefined, signal), `${props.facilityId}-occ-${props.version}`);
  const months = data.data?.months ?? [];
  const max = Math.max(1, ...months.map((m) => Math.max(m.available, m.used)));
  const width = 640;
  const height = 200;
  const slot = months.length ? width / months.length : width;
  const barW = Math.max(4, slot / 2 - 4);
  const scale = (v: number) => Math.round((v / max) * (height - 30));
  return (
    <section aria-labelledby="occupancy-title" className="mb-4">
      <h2 id="occupancy-title" className="h4">
        {t('acc.occupancy.title')}
      </h2>
      {data.loading && !data.data ? <Loading /> : null}
      <ErrorAlert error={data.error} />
      {months.length > 0 ? (
        <>
          <svg className="occupancy-chart" viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-labelledby="occupancy-chart-title" width="100%" preserveAspectRatio="xMidYMid meet">
            <title id="occupancy-chart-title">{t('acc.occupancy.chartLabel')}</title>
            {months.map((m, i) => {
              const x = i * slot + 2;
              return (
                <g key={m.month}>
                  <rect x={x} y={height - scale(m.available)} width={barW} height={scale(m.available)} fill="#a9c6e8" />
                  <rect x={x + barW + 2} y={height - scale(m.used)} width={barW} height={scale(m.used)} fill="#0b4f8a" />
                  <text x={x + barW} y={height + 14} fontSize="11" textAnchor="middle" fill="#1a1a1a">
                    {monthName(m.month, locale)}
                  </text>
                </g>
              );
            })}
          </svg>
          <p className="small">
            <span className="legend-swatch legend-available" aria-hidden="true" /> {t('acc.occupancy.legendAvailable')}{' '}
            <span className="legend-swatch legend-used ms-3" aria-hidden="true" /> {t('acc.occupancy.legendUsed')}
          </p>
          <div className="table-responsive">
            <table className="table table-sm">
              <caption className="visually-hidden">{t('acc.occupancy.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('acc.occupancy.month')}</th>
                  <th scope="col" className="text-end">{t('acc.occupancy.used')}</th>
                  <th scope="col" className="text-end">{t('acc.occupancy.available')}</th>
                  <th scope="col" className="text-end">{t('acc.occupancy.rate')}</th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{monthName(m.month, locale)}</th>
                    <td className="text-end">{m.used}</td>
                    <td className="text-end">{m.available}</td>
                    <td className="text-end">{percent(m.used, m.available)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

// =============================================================================================
// Waiting list

function priorityLabel(t: Translate, n: number): string {
  const key = n === 1 ? 'acc.wait.p1' : n === 2 ? 'acc.wait.p2' : 'acc.wait.p3';
  return t('acc.wait.priorityN', { n, label: t(key) });
}

export function WaitlistPage() {
  const { t, locale, formatDate } = useI18n();
  const [status, setStatus] = useState('waiting');
  const list = useLoad((signal) => api.get<{ items: WaitlistEntry[] }>('/api/accommodation/waitlist', { status }, signal), `waitlist-${status}`);
  const facilities = useLoad((signal) => api.get<{ items: FacilitySummary[] }>('/api/accommodation/facilities', undefined, signal), 'facilities');
  const [done, setDone] = useState<string | null>(null);
  const withdraw = useSubmit();
  const doWithdraw = (id: string) =>
    withdraw.run(
      () => ({}),
      async () => {
        await api.patch(`/api/accommodation/waitlist/${id}`, { status: 'withdrawn' });
        setDone(t('acc.wait.withdrawn'));
        list.reload();
      },
    );
  const statusOptions: Option[] = [
    { value: 'waiting', label: waitlistStatusLabel('waiting', locale) },
    { value: 'placed', label: waitlistStatusLabel('placed', locale) },
    { value: 'withdrawn', label: waitlistStatusLabel('withdrawn', locale) },
    { value: '', label: t('acc.wait.all') },
  ];
  return (
    <Page title={t('acc.wait.title')} lead={t('acc.wait.lead')}>
      <Notice text={done} />
      <ErrorAlert error={withdraw.error} />
      <div className="row">
        <div className="col-md-4">
          <SelectField id="waitlist-status" label={t('acc.wait.filter')} value={status} onChange={setStatus} options={statusOptions} />
        </div>
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('acc.wait.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-responsive mb-5">
          <table className="table">
            <caption className="visually-hidden">{t('acc.wait.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acc.bed.person')}</th>
                <th scope="col">{t('acc.wait.priority')}</th>
                <th scope="col">{t('acc.wait.requestedOn')}</th>
                <th scope="col">{t('acc.wait.wanted')}</th>
                <th scope="col">{t('acc.wait.needs')}</th>
                <th scope="col">{t('acc.wait.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('acc.wait.withdraw')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((w) => (
                <tr key={w.id}>
                  <td>
                    <Link to={`/persons/${w.personId}`}>{w.personName ? `${w.personName} (${w.personCode})` : w.personCode}</Link>
                  </td>
                  <td>{priorityLabel(t, w.priority)}</td>
                  <td>{formatDate(w.requestedOn)}</td>
                  <td>{w.facilityName ?? facilityTypeLabel(w.facilityType, locale)}</td>
                  <td>{w.needs.length ? w.needs.map((n) => needLabel(n, locale)).join(', ') : '—'}</td>
                  <td>{waitlistStatusLabel(w.status, locale)}</td>
                  <td>
                    {w.status === 'waiting' ? (
                      <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => void doWithdraw(w.id)} aria-label={t('acc.wait.withdrawLabel', { code: w.personCode })}>
                        {t('acc.wait.withdraw')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <WaitlistForm facilities={(facilities.data?.items ?? []).filter((f) => f.canManage)} onAdded={() => { setDone(t('acc.wait.added')); list.reload(); }} />
    </Page>
  );
}

function WaitlistForm(props: { facilities: FacilitySummary[]; onAdded: () => void }) {
  const { t, locale } = useI18n();
  const [personCode, setPersonCode] = useState('');
  const [facilityId, setFacilityId] = useState('');
  const [facilityType, setFacilityType] = useState('escape_house');
  const [priority, setPriority] = useState('2');
  const [requestedOn, setRequestedOn] = useState(italianTodayInBrowser());
  const [needs, setNeeds] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const form = useSubmit();
  const submit = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!personCode.trim()) e.personId = t('validation.required');
        if (!requestedOn) e.requestedOn = t('validation.required');
        return e;
      },
      async () => {
        const personId = await personIdByCode(personCode);
        if (!personId) {
          form.setFieldErrors({ personId: t('acc.place.personNotFound') });
          throw new ApiError({ status: 404, code: 'not_found', message: t('acc.place.personNotFound') });
        }
        await api.post('/api/accommodation/waitlist', {
          personId,
          facilityId: facilityId || null,
          facilityType: facilityId ? null : facilityType,
          priority: Number(priority),
          requestedOn,
          needs,
          note: note.trim() || null,
        });
        setPersonCode('');
        setNote('');
        setNeeds([]);
        props.onAdded();
      },
    );
  return (
    <section aria-labelledby="waitlist-add-title">
      <h2 id="waitlist-add-title" className="h4">
        {t('acc.wait.add')}
      </h2>
      <ErrorAlert error={form.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="row">
          <div className="col-md-6">
            <TextField id="waitlist-person" label={t('acc.place.person')} hint={t('acc.place.personHint')} value={personCode} onChange={setPersonCode} required error={form.fieldErrors.personId} maxLength={20} spellCheck={false} />
          </div>
          <div className="col-md-3">
            <SelectField id="waitlist-priority" label={t('acc.wait.priority')} value={priority} onChange={setPriority} options={[1, 2, 3].map((n) => ({ value: String(n), label: priorityLabel(t, n) }))} required error={form.fieldErrors.priority} />
          </div>
          <div className="col-md-3">
            <TextField id="waitlist-requested" type="date" label={t('acc.wait.requestedOn')} value={requestedOn} onChange={setRequestedOn} required error={form.fieldErrors.requestedOn} />
          </div>
        </div>
        <div className="row">
          <div className="col-md-6">
            <SelectField id="waitlist-facility" label={t('acc.wait.facility')} value={facilityId} onChange={setFacilityId} options={props.facilities.map((f) => ({ value: f.id, label: f.name }))} placeholder={t('acc.wait.anyFacility')} error={form.fieldErrors.facilityId} />
          </div>
          <div className="col-md-6">
            {facilityId ? null : (
              <SelectField id="waitlist-type" label={t('acc.wait.type')} value={facilityType} onChange={setFacilityType} options={facilityTypeOptions(locale)} required error={form.fieldErrors.facilityType} />
            )}
          </div>
        </div>
        <MultiSelect label={t('acc.wait.needs')} values={needs} onChange={setNeeds} options={needOptions(locale)} error={form.fieldErrors.needs} />
        <TextArea id="waitlist-note" label={t('acc.wait.note')} value={note} onChange={setNote} rows={2} error={form.fieldErrors.note} />
        <button type="submit" className="btn btn-primary" disabled={form.busy}>
          {t('acc.wait.add')}
        </button>
      </form>
    </section>
  );
}

// =============================================================================================
// Availability board

export function AvailabilityPage() {
  const { t, locale, formatDate } = useI18n();
  const [group, setGroup] = useState('');
  const board = useLoad((signal) => api.get<Availability>('/api/accommodation/availability', { targetGroup: group }, signal), `board-${group}`);
  const provinceName = useProvinceName();
  return (
    <Page title={t('acc.board.title')} lead={t('acc.board.lead')}>
      <div className="row">
        <div className="col-md-4">
          <SelectField id="board-group" label={t('acc.board.filter')} value={group} onChange={setGroup} options={targetGroupOptions(locale)} placeholder={t('acc.board.anyone')} />
        </div>
      </div>
      {board.loading && !board.data ? <Loading /> : null}
      <ErrorAlert error={board.error} />
      {board.data ? <p>{t('acc.board.date', { date: formatDate(board.data.date) })}</p> : null}
      {board.data && board.data.items.length === 0 ? <p>{t('acc.board.empty')}</p> : null}
      {board.data && board.data.items.length > 0 ? (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{t('acc.board.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acc.col.type')}</th>
                <th scope="col">{t('acc.col.province')}</th>
                <th scope="col" className="text-end">{t('acc.board.facilities')}</th>
                <th scope="col" className="text-end">{t('acc.col.beds')}</th>
                <th scope="col" className="text-end">{t('acc.col.free')}</th>
              </tr>
            </thead>
            <tbody>
              {board.data.items.map((r) => (
                <tr key={`${r.facilityType}-${r.province}`}>
                  <td>{facilityTypeLabel(r.facilityType, locale)}</td>
                  <td>{provinceName(r.province)}</td>
                  <td className="text-end">{r.facilities}</td>
                  <td className="text-end"><BoardFigure value={r.beds} /></td>
                  <td className="text-end"><BoardFigure value={r.occupied} /></td>
                  <td className="text-end">
                    <strong>{r.free}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t('acc.board.total')}
                </th>
                <td className="text-end"><BoardFigure value={board.data.totals.beds} /></td>
                <td className="text-end"><BoardFigure value={board.data.totals.occupied} /></td>
                <td className="text-end">
                  <strong>{board.data.totals.free}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
          <p className="small" id="board-protected-note">{t('acc.board.protectedNote', { k: String(board.data.k) })}</p>
        </div>
      ) : null}
    </Page>
  );
}

/** A board count, or the mark of a count hidden to protect small cells. */
function BoardFigure(props: { value: number | null }) {
  const { t } = useI18n();
  return props.value === null ? <abbr title={t('acc.board.hiddenTitle')}>{t('acc.board.hidden')}</abbr> : <>{props.value}</>;
}
