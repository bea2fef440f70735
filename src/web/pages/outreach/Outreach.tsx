/**
 * Outreach staff pages (online): the organisation's outings with filters, the outing form (team,
 * place and named zones, counts with +/- steppers, individual contacts), the zones, and contacts
 * by zone and month as a table and a chart. Big touch targets and one column at 360 px, like the
 * field app, whose steppers and labels these pages share.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type ApiError } from '../../api.ts';
import { can } from '../../access.ts';
import { Checkbox, SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { useLoad, useSubmit } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { provinces } from '../../../domain/provinces.ts';
import { linkConsentMethods } from '../../../domain/outreach/index.ts';
import { personCodePattern } from '../../../domain/persons/codes.ts';
import { RadioGroup, issuesToErrors } from '../field/FieldScreens.tsx';
import { label, provinceOptions } from '../field/controls.tsx';
import { OutingFields } from '../field/OutingFields.tsx';
import { keepZonesOf, zonesOfPlace, zonesSumError } from '../field/pickers.tsx';
import {
  accompanimentKinds,
  ageBands,
  checkContact,
  checkOuting,
  contactHistories,
  emptyContact,
  emptyOuting,
  nationalityGroups,
  normaliseOuting,
  offerKinds,
  sexGenders,
  unitKinds,
  type ContactForm,
  type Counts,
  type OutingForm,
} from '../field/model.ts';
import '../field/field.css';
import './outreach.css';

interface OutingSummary {
  id: string;
  unitKind: string;
  unitName: string;
  date: string;
  startTime: string;
  endTime: string;
  provinceCode: string;
  municipality: string;
  totalContacts: number;
  individualContacts: number;
  possibleVictims: number;
}

interface Zone {
  id: string;
  version: number;
  name: string;
  provinceCode: string;
  municipality: string;
}

interface TeamMember {
  userId: string;
  displayName: string;
}

interface Contact extends ContactForm {
  id: string;
  version: number;
  screeningPath: string | null;
  link: { consentMethod: string; linkedAt: string } | null;
  cancelled: { at: string; reason: string | null } | null;
}

interface OutingDetail extends OutingForm {
  id: string;
  version: number;
  contacts: Contact[];
}

interface ByZone {
  months: string[];
  rows: Array<{ zoneId: string | null; zoneName: string | null; provinceCode: string; municipality: string; organisationName: string | null; months: Record<string, number | null>; total: number | null }>;
  totals: Record<string, number | null>;
  total: number | null;
  scope: 'organisation' | 'network';
  k: number | null;
}

const provinceName = new Map(provinces.map((p) => [p.code, p.name]));

/** The sections of outreach, for the staff who record (outreach.write). */
export function OutreachTabs() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!can(me, 'outreach.write')) return null;
  const items = [
    { to: '/outreach', label: t('outreach.outings') },
    { to: '/outreach/zones', label: t('outreach.zones') },
    { to: '/outreach/contacts-by-zone', label: t('outreach.byZone') },
    { to: '/outreach/desks', label: t('desks.title') },
  ];
  return (
    <nav aria-label={t('outreach.tabs')} className="mb-3">
      <ul className="nav nav-tabs outreach-tabs">
        {items.map((i) => (
          <li className="nav-item" key={i.to}>
            <NavLink end className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`} to={i.to}>
              {i.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function useZones() {
  return useLoad((signal) => api.get<{ items: Zone[] }>('/api/outreach/zones', undefined, signal), 'zones');
}

// --- outings list --------------------------------------------------------------------------------

export function OutreachOutingsPage() {
  const { t } = useI18n();
  const zones = useZones();
  const [draft, setDraft] = useState({ from: '', to: '', unitKind: '', unit: '', zoneId: '' });
  const [filters, setFilters] = useState(draft);
  const key = JSON.stringify(filters);
  const outings = useLoad(
    (signal) =>
      api.get<{ items: OutingSummary[] }>(
        '/api/outings',
        { from: filters.from || undefined, to: filters.to || undefined, unitKind: filters.unitKind || undefined, unit: filters.unit.trim() || undefined, zoneId: filters.zoneId || undefined },
        signal,
      ),
    key,
  );
  const set = (k: keyof typeof draft, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <Page
      title={t('outreach.outings')}
      lead={t('outreach.outingsLead')}
      actions={
        <Link className="btn btn-primary field-big-btn" to="/outreach/outings/new">
          {t('outreach.newOuting')}
        </Link>
      }
    >
      <OutreachTabs />
      <form
        className="outreach-filters mb-3"
        aria-label={t('outreach.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <TextField id="filter-from" type="date" label={t('outreach.from')} value={draft.from} onChange={(v) => set('from', v)} />
        <TextField id="filter-to" type="date" label={t('outreach.to')} value={draft.to} onChange={(v) => set('to', v)} />
        <SelectField id="filter-kind" label={t('field.outing.unitKind')} value={draft.unitKind} onChange={(v) => set('unitKind', v)} placeholder={t('outreach.anyKind')} options={unitKinds.map((k) => ({ value: k, label: label(t, 'field.unit', k) }))} />
        <TextField id="filter-unit" label={t('outreach.unitFilter')} value={draft.unit} onChange={(v) => set('unit', v)} maxLength={100} />
        <SelectField
          id="filter-zone"
          label={t('outreach.zoneFilter')}
          value={draft.zoneId}
          onChange={(v) => set('zoneId', v)}
          placeholder={t('outreach.anyZone')}
          options={(zones.data?.items ?? []).map((z) => ({ value: z.id, label: `${z.name} (${z.municipality})` }))}
        />
        <div className="outreach-filter-submit">
          <button type="submit" className="btn btn-outline-primary field-big-btn">
            {t('outreach.apply')}
          </button>
        </div>
      </form>
      <ErrorAlert error={outings.error} />
      {outings.loading && !outings.data ? <Loading /> : null}
      {outings.data && outings.data.items.length === 0 ? <p>{t('outreach.none')}</p> : null}
      {outings.data && outings.data.items.length > 0 ? (
        <div className="table-responsive">
          <table className="table outreach-table" id="outings-table">
            <thead>
              <tr>
                <th scope="col">{t('outreach.col.date')}</th>
                <th scope="col">{t('outreach.col.unit')}</th>
                <th scope="col">{t('outreach.col.place')}</th>
                <th scope="col" className="text-end">{t('outreach.col.contacts')}</th>
                <th scope="col" className="text-end">{t('outreach.col.individuals')}</th>
                <th scope="col" className="text-end">{t('outreach.col.victims')}</th>
              </tr>
            </thead>
            <tbody>
              {outings.data.items.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/outreach/outings/${o.id}`} aria-label={t('outreach.open', { date: o.date, unit: o.unitName })}>
                      {o.date}
                    </Link>
                    <span className="d-block small">{`${o.startTime}–${o.endTime}`}</span>
                  </td>
                  <td>
                    {o.unitName}
                    <span className="d-block small">{label(t, 'field.unit', o.unitKind)}</span>
                  </td>
                  <td>{`${o.municipality} (${provinceName.get(o.provinceCode) ?? o.provinceCode})`}</td>
                  <td className="text-end">{o.totalContacts}</td>
                  <td className="text-end">{o.individualContacts}</td>
                  <td className="text-end">{o.possibleVictims}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}

// --- new outing, or an outing changed online --------------------------------------------------

/** A 409 (changed meanwhile, or cancelled): the server's message and a way to the current version. */
function ConflictAlert(props: { error: ApiError | null; onReload: () => void }) {
  const { t } = useI18n();
  if (props.error?.status !== 409) return <ErrorAlert error={props.error} />;
  return (
    <div className="alert alert-warning" role="alert">
      <p>{t('outreachEdit.conflict')}</p>
      <p className="small">{props.error.message}</p>
      <button type="button" className="btn btn-outline-primary field-big-btn" onClick={props.onReload}>
        {t('outreachEdit.reload')}
      </button>
    </div>
  );
}

/** The fields of an outing as the form holds them. */
function outingFormOf(o: OutingDetail): OutingForm {
  return {
    unitKind: o.unitKind, unitName: o.unitName, teamUserIds: [...o.teamUserIds], date: o.date, startTime: o.startTime, endTime: o.endTime,
    provinceCode: o.provinceCode, municipality: o.municipality, zones: o.zones.map((z) => ({ ...z })), totalContacts: o.totalContacts,
    bySex: { ...o.bySex }, byAge: { ...o.byAge }, byNationality: { ...o.byNationality }, byHistory: { ...o.byHistory },
    offered: { ...o.offered }, accompaniments: { ...o.accompaniments }, notes: o.notes,
  };
}

export function OutreachOutingFormPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const existing = useLoad(async (signal) => (id ? api.get<OutingDetail>(`/api/outings/${id}`, undefined, signal) : null), id ?? 'new');
  if (!id) return <OutingFormPage />;
  if (existing.error) return <Page title={t('outreach.outings')}><ErrorAlert error={existing.error} /></Page>;
  if (!existing.data) return <Loading />;
  return <OutingFormPage key={`${existing.data.id}:${existing.data.version}`} existing={existing.data} onReload={existing.reload} />;
}

function OutingFormPage(props: { existing?: OutingDetail; onReload?: () => void }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const zones = useZones();
  const team = useLoad((signal) => api.get<{ items: TeamMember[] }>('/api/outreach/team', undefined, signal), 'team');
  const { existing } = props;
  const [form, setForm] = useState<OutingForm>(() => (existing ? outingFormOf(existing) : emptyOuting(me?.user.id ?? '', new Date())));
  const submitter = useSubmit();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof OutingForm>(k: K, v: OutingForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const here = useMemo(() => zonesOfPlace(zones.data?.items ?? [], form.provinceCode, form.municipality), [zones.data, form.provinceCode, form.municipality]);
  const individuals = existing ? existing.contacts.filter((c) => !c.cancelled).length : 0;

  const submit = () =>
    submitter.run(
      () => {
        // Zones that are not of the chosen municipality any more are dropped before checking.
        const normalised = normaliseOuting({ ...form, zones: keepZonesOf(form.zones, here) });
        const found = issuesToErrors(t, locale, checkOuting(normalised, individuals));
        const zonesOff = zonesSumError(normalised.zones, normalised.totalContacts);
        if (zonesOff) found.zones = t('outreach.zonesSum', zonesOff);
        setErrors(found);
        return found;
      },
      async () => {
        const body = normaliseOuting({ ...form, zones: keepZonesOf(form.zones, here) });
        if (existing) {
          await api.patch(`/api/outings/${existing.id}`, { ...body, version: existing.version });
          void navigate(`/outreach/outings/${existing.id}`, { state: { edited: true } });
          return;
        }
        const created = await api.post<{ id: string }>('/api/outings', body);
        void navigate(`/outreach/outings/${created.id}`, { state: { saved: true } });
      },
    );
  const allErrors = { ...errors, ...submitter.fieldErrors };

  return (
    <Page title={existing ? t('outreachEdit.editTitle', { date: existing.date }) : t('outreach.newOuting')}>
      <p>
        <Link to={existing ? `/outreach/outings/${existing.id}` : '/outreach'}>{t('outreach.back')}</Link>
      </p>
      <ConflictAlert error={submitter.error} onReload={() => props.onReload?.()} />
      {Object.keys(errors).length > 0 ? (
        <div className="alert alert-danger" role="alert">
          {t('outreach.fix')}
        </div>
      ) : null}
      <form
        noValidate
        className="outreach-form"
        id="outing-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <OutingFields form={form} set={set} errors={allErrors} here={here} team={team.data?.items ?? []} beforeTeam={<ErrorAlert error={team.error} />} />
        <button type="submit" className="btn btn-primary field-big-btn w-100" disabled={submitter.busy}>
          {t('outreach.save')}
        </button>
      </form>
    </Page>
  );
}

// --- one outing, with its individual contacts ---------------------------------------------------

export function OutreachOutingPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const outing = useLoad((signal) => api.get<OutingDetail>(`/api/outings/${id}`, undefined, signal), id);
  const zones = useZones();
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>(() => {
    const state = location.state as { saved?: boolean; edited?: boolean } | null;
    return state?.saved ? t('outreach.saved') : state?.edited ? t('outreachEdit.saved') : null;
  });
  const [editing, setEditing] = useState<{ id: string; mode: 'edit' | 'cancel' | 'link' } | null>(null);
  if (outing.error) return <Page title={t('outreach.outings')}><ErrorAlert error={outing.error} /></Page>;
  if (!outing.data) return <Loading />;
  const o = outing.data;
  const zoneName = new Map((zones.data?.items ?? []).map((z) => [z.id, z.name]));
  const counts = (prefix: string, keys: readonly string[], c: Counts) =>
    keys
      .filter((k) => (c[k] ?? 0) > 0)
      .map((k) => `${label(t, prefix, k)}: ${c[k]}`)
      .join(', ') || '—';
  return (
    <Page
      title={t('outreach.outingTitle', { date: o.date })}
      actions={
        <Link className="btn btn-outline-primary field-big-btn" to={`/outreach/outings/${o.id}/edit`} id="edit-outing">
          {t('outreachEdit.edit')}
        </Link>
      }
    >
      <p>
        <Link to="/outreach">{t('outreach.back')}</Link>
      </p>
      <Notice text={notice} />
      <section aria-labelledby="outing-summary">
        <h2 id="outing-summary" className="h5">
          {t('outreach.summary')}
        </h2>
        <dl className="outreach-dl">
          <dt>{t('field.outing.unitName')}</dt>
          <dd>{`${o.unitName} (${label(t, 'field.unit', o.unitKind)})`}</dd>
          <dt>{t('outreach.time')}</dt>
          <dd>{`${o.startTime}–${o.endTime}`}</dd>
          <dt>{t('outreach.place')}</dt>
          <dd>{`${o.municipality} (${provinceName.get(o.provinceCode) ?? o.provinceCode})`}</dd>
          <dt>{t('field.outing.zones')}</dt>
          <dd>{o.zones.length === 0 ? '—' : o.zones.map((z) => `${zoneName.get(z.zoneId) ?? '…'}: ${z.contacts}`).join(', ')}</dd>
          <dt>{t('outreach.total')}</dt>
          <dd id="outing-total-view">{o.totalContacts}</dd>
          <dt>{t('field.outing.bySex')}</dt>
          <dd>{counts('field.sex', sexGenders, o.bySex)}</dd>
          <dt>{t('field.outing.byAge')}</dt>
          <dd>{counts('field.age', ageBands, o.byAge)}</dd>
          <dt>{t('field.outing.byNationality')}</dt>
          <dd>{counts('field.nat', nationalityGroups, o.byNationality)}</dd>
          <dt>{t('field.outing.offered')}</dt>
          <dd>{counts('field.offer', offerKinds, o.offered)}</dd>
          <dt>{t('field.outing.accompaniments')}</dt>
          <dd>{counts('field.acc', accompanimentKinds, o.accompaniments)}</dd>
          <dt>{t('outreach.notes')}</dt>
          <dd>{o.notes ?? '—'}</dd>
        </dl>
      </section>
      <section className="mt-4" aria-labelledby="outing-individuals">
        <h2 id="outing-individuals" className="h5">
          {t('outreach.individuals')}
        </h2>
        {o.contacts.length === 0 ? <p>{t('outreach.noIndividuals')}</p> : null}
        <ul className="field-list list-unstyled">
          {o.contacts.map((c) => {
            const name = c.nickname ?? t('field.contact.noName');
            const done = (message: string) => {
              setEditing(null);
              setNotice(message);
              outing.reload();
            };
            return (
              <li key={c.id} className={`field-card${c.cancelled ? ' outreach-cancelled' : ''}`} id={`contact-${c.id}`}>
                {c.cancelled ? <s>{name}</s> : <strong>{name}</strong>}
                <span className="d-block small">
                  {[label(t, 'field.sex', c.sexGender), label(t, 'field.age', c.ageBand), label(t, 'field.nat', c.nationalityGroup), label(t, 'field.history', c.history)].join(' · ')}
                </span>
                {c.traits ? <span className="d-block small">{c.traits}</span> : null}
                {c.cancelled ? <span className="d-block badge bg-secondary text-wrap text-start">{t('outreachEdit.cancelled', { reason: c.cancelled.reason ?? '—' })}</span> : null}
                {c.possibleVictim ? (
                  <span className="d-block">
                    <span className="badge bg-warning text-dark">{t('outreach.possibleVictim')}</span> {c.consentToFollowUp ? t('outreach.consented') : null}
                  </span>
                ) : null}
                {c.personCode ? <span className="d-block contact-person">{t('outreach.linkedTo', { code: c.personCode })}</span> : null}
                {c.screeningPath ? (
                  <Link className="btn btn-outline-primary btn-sm mt-2 me-2" to={c.screeningPath}>
                    {t('outreach.openScreening')}
                  </Link>
                ) : null}
                {!c.cancelled ? (
                  <span className="d-inline-flex flex-wrap gap-2 mt-2">
                    <button type="button" className="btn btn-outline-primary btn-sm outreach-touch" aria-expanded={editing?.id === c.id && editing.mode === 'edit'} onClick={() => setEditing(editing?.id === c.id && editing.mode === 'edit' ? null : { id: c.id, mode: 'edit' })}>
                      {t('outreachEdit.editContact', { name })}
                    </button>
                    {c.possibleVictim && c.consentToFollowUp && !c.personCode ? (
                      <button type="button" className="btn btn-outline-primary btn-sm outreach-touch" aria-expanded={editing?.id === c.id && editing.mode === 'link'} onClick={() => setEditing(editing?.id === c.id && editing.mode === 'link' ? null : { id: c.id, mode: 'link' })}>
                        {t('outreachLink.linkExisting', { name })}
                      </button>
                    ) : null}
                    <button type="button" className="btn btn-outline-danger btn-sm outreach-touch" aria-expanded={editing?.id === c.id && editing.mode === 'cancel'} onClick={() => setEditing(editing?.id === c.id && editing.mode === 'cancel' ? null : { id: c.id, mode: 'cancel' })}>
                      {t('outreachEdit.cancelContact', { name })}
                    </button>
                  </span>
                ) : null}
                {editing?.id === c.id && editing.mode === 'edit' ? (
                  <ContactEditor outingId={o.id} contact={c} onSaved={() => done(t('outreachEdit.contactSaved'))} onClose={() => setEditing(null)} onReload={outing.reload} />
                ) : null}
                {editing?.id === c.id && editing.mode === 'link' ? (
                  <ContactLinker contact={c} name={name} onDone={(code) => done(t('outreachLink.linked', { code }))} onClose={() => setEditing(null)} onReload={outing.reload} />
                ) : null}
                {editing?.id === c.id && editing.mode === 'cancel' ? (
                  <ContactCanceller contact={c} name={name} onDone={() => done(t('outreachEdit.contactCancelled'))} onClose={() => setEditing(null)} onReload={outing.reload} />
                ) : null}
              </li>
            );
          })}
        </ul>
        {o.contacts.filter((c) => !c.cancelled).length < o.totalContacts ? (
          <ContactEditor
            outingId={o.id}
            onSaved={() => {
              setNotice(t('outreach.contactSaved'));
              outing.reload();
            }}
          />
        ) : null}
      </section>
    </Page>
  );
}

/** A new contact of the outing, or one changed online (with the version it was read at). */
function ContactEditor(props: { outingId: string; contact?: Contact; onSaved: () => void; onClose?: () => void; onReload?: () => void }) {
  const { t, locale } = useI18n();
  const { contact } = props;
  const initial = (): ContactForm =>
    contact
      ? {
          outingId: props.outingId, nickname: contact.nickname, traits: contact.traits, sexGender: contact.sexGender, ageBand: contact.ageBand, nationalityGroup: contact.nationalityGroup,
          history: contact.history, possibleVictim: contact.possibleVictim, consentToFollowUp: contact.consentToFollowUp, personCode: contact.personCode,
        }
      : emptyContact(props.outingId);
  const [form, setForm] = useState<ContactForm>(initial);
  const submitter = useSubmit();
  const set = <K extends keyof ContactForm>(k: K, v: ContactForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const trimmed = (): ContactForm => ({ ...form, nickname: form.nickname?.trim() || null, traits: form.traits?.trim() || null });
  const submit = () =>
    submitter.run(
      () => issuesToErrors(t, locale, checkContact(trimmed())),
      async () => {
        const { outingId: _outing, ...body } = trimmed();
        if (contact) {
          const { personCode: _code, ...changes } = body;
          await api.patch(`/api/contacts/${contact.id}`, { ...changes, version: contact.version });
        } else {
          await api.post(`/api/outings/${props.outingId}/contacts`, body);
          setForm(emptyContact(props.outingId));
        }
        props.onSaved();
      },
    );
  const errors = submitter.fieldErrors;
  const prefix = contact ? `contact-${contact.id}` : 'contact';
  const titleId = `${prefix}-form-title`;
  return (
    <form
      noValidate
      className="outreach-form field-card mt-3"
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={titleId} className="h6">
        {contact ? t('outreachEdit.editContactTitle', { name: contact.nickname ?? t('field.contact.noName') }) : t('outreach.addContact')}
      </h3>
      <ConflictAlert error={submitter.error} onReload={() => props.onReload?.()} />
      <TextField id={`${prefix}-nickname`} label={t('field.contact.nickname')} hint={t('field.contact.nicknameHint')} value={form.nickname ?? ''} onChange={(v) => set('nickname', v)} maxLength={60} error={errors.nickname} />
      <TextField id={`${prefix}-traits`} label={t('field.contact.traits')} value={form.traits ?? ''} onChange={(v) => set('traits', v)} maxLength={200} error={errors.traits} />
      <RadioGroup name={`${prefix}-sex`} legend={t('field.contact.sexGender')} value={form.sexGender} options={sexGenders.map((k) => ({ value: k, label: label(t, 'field.sex', k) }))} onChange={(v) => set('sexGender', v)} />
      <SelectField id={`${prefix}-age`} label={t('field.contact.ageBand')} value={form.ageBand} onChange={(v) => set('ageBand', v)} options={ageBands.map((k) => ({ value: k, label: label(t, 'field.age', k) }))} />
      <SelectField id={`${prefix}-nat`} label={t('field.contact.nationality')} value={form.nationalityGroup} onChange={(v) => set('nationalityGroup', v)} options={nationalityGroups.map((k) => ({ value: k, label: label(t, 'field.nat', k) }))} />
      <RadioGroup name={`${prefix}-history`} legend={t('field.contact.history')} value={form.history} options={contactHistories.map((k) => ({ value: k, label: label(t, 'field.history', k) }))} onChange={(v) => set('history', v)} />
      <Checkbox id={`${prefix}-victim`} label={t('field.contact.possibleVictim')} checked={form.possibleVictim} onChange={(v) => setForm((f) => ({ ...f, possibleVictim: v, consentToFollowUp: v ? f.consentToFollowUp : false }))} />
      {form.possibleVictim ? <Checkbox id={`${prefix}-consent`} label={t('field.contact.consent')} checked={form.consentToFollowUp} onChange={(v) => set('consentToFollowUp', v)} /> : null}
      {errors.consentToFollowUp || errors.outingId || errors.personCode ? (
        <div className="invalid-feedback d-block" role="alert">
          {errors.consentToFollowUp ?? errors.outingId ?? errors.personCode}
        </div>
      ) : null}
      <div className="d-flex flex-wrap gap-2 mt-2">
        <button type="submit" className="btn btn-primary field-big-btn" disabled={submitter.busy}>
          {t('field.contact.save')}
        </button>
        {props.onClose ? (
          <button type="button" className="btn btn-outline-secondary field-big-btn" onClick={props.onClose}>
            {t('outreachEdit.close')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Cancelling a contact recorded by mistake: a reason is required; the contact stays, marked. */
function ContactCanceller(props: { contact: Contact; name: string; onDone: () => void; onClose: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const submitter = useSubmit();
  const prefix = `cancel-${props.contact.id}`;
  const submit = () =>
    submitter.run(
      (): Record<string, string> => (reason.trim() ? {} : { reason: t('field.issue.required') }),
      async () => {
        await api.post(`/api/contacts/${props.contact.id}/cancel`, { version: props.contact.version, reason: reason.trim() });
        props.onDone();
      },
    );
  return (
    <ContactActionForm
      prefix={prefix}
      title={t('outreachEdit.cancelTitle', { name: props.name })}
      error={submitter.error}
      busy={submitter.busy}
      onSubmit={() => void submit()}
      onReload={props.onReload}
      onClose={props.onClose}
      submitLabel={t('outreachEdit.cancelConfirm')}
      submitClass="btn-danger"
      closeLabel={t('outreachEdit.keep')}
    >
      <TextField id={`${prefix}-reason`} label={t('outreachEdit.cancelReason')} value={reason} onChange={setReason} required maxLength={500} error={submitter.fieldErrors.reason} />
    </ContactActionForm>
  );
}

/** The frame of an action on one contact of the outing page: title, conflict alert, fields, confirm and close. */
function ContactActionForm(props: {
  prefix: string;
  title: string;
  error: ApiError | null;
  busy: boolean;
  onSubmit: () => void;
  onReload: () => void;
  onClose: () => void;
  submitLabel: string;
  submitClass: string;
  closeLabel: string;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      className="outreach-form field-card mt-3"
      aria-labelledby={`${props.prefix}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <h3 id={`${props.prefix}-title`} className="h6">
        {props.title}
      </h3>
      <ConflictAlert error={props.error} onReload={props.onReload} />
      {props.children}
      <div className="d-flex flex-wrap gap-2">
        <button type="submit" className={`btn ${props.submitClass} field-big-btn`} disabled={props.busy}>
          {props.submitLabel}
        </button>
        <button type="button" className="btn btn-outline-secondary field-big-btn" onClick={props.onClose}>
          {props.closeLabel}
        </button>
      </div>
    </form>
  );
}

/**
 * Linking a possible victim's contact to a person already registered, by the person's code, with
 * the person's agreement and how it was given (PATCH /api/contacts/:id/person). For outreach
 * workers who may not register persons themselves; the code is checked by the server against the
 * persons the organisation sees.
 */
function ContactLinker(props: { contact: Contact; name: string; onDone: (code: string) => void; onClose: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [method, setMethod] = useState('');
  const submitter = useSubmit();
  const prefix = `link-${props.contact.id}`;
  const personCode = code.trim().toUpperCase();
  const submit = () =>
    submitter.run(
      (): Record<string, string> => ({
        ...(personCodePattern.test(personCode) ? {} : { personCode: t('outreachLink.personCodeFormat') }),
        ...(agreed ? {} : { consentConfirmed: t('outreachLink.consentRequired') }),
        ...(method ? {} : { consentMethod: t('outreachLink.methodRequired') }),
      }),
      async () => {
        await api.patch(`/api/contacts/${props.contact.id}/person`, { version: props.contact.version, personCode, consentConfirmed: agreed, consentMethod: method });
        props.onDone(personCode);
      },
    );
  return (
    <ContactActionForm
      prefix={prefix}
      title={t('outreachLink.linkExistingTitle', { name: props.name })}
      error={submitter.error}
      busy={submitter.busy}
      onSubmit={() => void submit()}
      onReload={props.onReload}
      onClose={props.onClose}
      submitLabel={t('outreachLink.linkConfirm')}
      submitClass="btn-primary"
      closeLabel={t('outreachLink.linkClose')}
    >
      <TextField id={`${prefix}-code`} label={t('outreachLink.personCode')} hint={t('outreachLink.personCodeHint')} value={code} onChange={setCode} required maxLength={20} spellCheck={false} error={submitter.fieldErrors.personCode} />
      <fieldset className="mb-3">
        <legend className="h6">{t('outreachLink.consentLegend')}</legend>
        <Checkbox id={`${prefix}-agreed`} label={t('outreachLink.consentLabelExisting')} checked={agreed} onChange={setAgreed} />
        {submitter.fieldErrors.consentConfirmed ? (
          <p className="text-danger small" role="alert">
            {submitter.fieldErrors.consentConfirmed}
          </p>
        ) : null}
      </fieldset>
      <SelectField
        id={`${prefix}-method`}
        label={t('outreachLink.method')}
        value={method}
        onChange={setMethod}
        required
        placeholder={t('outreachLink.chooseMethod')}
        options={linkConsentMethods.map((v) => ({ value: v, label: t(`outreachLink.method.${v}`) }))}
        error={submitter.fieldErrors.consentMethod}
      />
    </ContactActionForm>
  );
}

// --- zones ---------------------------------------------------------------------------------------

export function OutreachZonesPage() {
  const { t } = useI18n();
  const zones = useZones();
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Page title={t('outreach.zonesTitle')} lead={t('outreach.zonesLead')}>
      <OutreachTabs />
      <Notice text={notice} />
      <ZoneForm
        key="new"
        onSaved={() => {
          setNotice(t('outreach.zoneAdded'));
          zones.reload();
        }}
      />
      <ErrorAlert error={zones.error} />
      {zones.data && zones.data.items.length === 0 ? <p>{t('outreach.noZones')}</p> : null}
      {zones.data && zones.data.items.length > 0 ? (
        <div className="table-responsive">
          <table className="table outreach-table" id="zones-table">
            <thead>
              <tr>
                <th scope="col">{t('outreach.col.zone')}</th>
                <th scope="col">{t('outreach.col.municipality')}</th>
                <th scope="col">{t('outreach.col.province')}</th>
                <th scope="col">{t('outreach.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {zones.data.items.map((z) =>
                editing === z.id ? (
                  <tr key={z.id}>
                    <td colSpan={4}>
                      <ZoneForm
                        zone={z}
                        onCancel={() => setEditing(null)}
                        onSaved={() => {
                          setEditing(null);
                          setNotice(t('outreach.zoneSaved'));
                          zones.reload();
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={z.id}>
                    <td>{z.name}</td>
                    <td>{z.municipality}</td>
                    <td>{provinceName.get(z.provinceCode) ?? z.provinceCode}</td>
                    <td>
                      <button type="button" className="btn btn-outline-primary btn-sm outreach-touch" aria-label={t('outreach.editZone', { name: z.name })} onClick={() => setEditing(z.id)}>
                        {t('outreach.rename')}
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}

function ZoneForm(props: { zone?: Zone; onSaved: () => void; onCancel?: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(props.zone?.name ?? '');
  const [provinceCode, setProvince] = useState(props.zone?.provinceCode ?? '');
  const [municipality, setMunicipality] = useState(props.zone?.municipality ?? '');
  const submitter = useSubmit();
  const prefix = props.zone ? `zone-${props.zone.id}` : 'zone-new';
  const submit = () =>
    submitter.run(
      () => {
        const e: Record<string, string> = {};
        if (!name.trim()) e.name = t('field.issue.required');
        if (!provinceCode) e.provinceCode = t('field.issue.required');
        if (!municipality.trim()) e.municipality = t('field.issue.required');
        return e;
      },
      async () => {
        const body = { name: name.trim(), provinceCode, municipality: municipality.trim() };
        if (props.zone) await api.patch(`/api/outreach/zones/${props.zone.id}`, { ...body, version: props.zone.version });
        else await api.post('/api/outreach/zones', body);
        if (!props.zone) {
          setName('');
        }
        props.onSaved();
      },
    );
  const errors = submitter.fieldErrors;
  return (
    <form
      noValidate
      className="outreach-form outreach-zone-form mb-3"
      aria-label={props.zone ? t('outreach.editZone', { name: props.zone.name }) : t('outreach.addZone')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorAlert error={submitter.error} />
      <TextField id={`${prefix}-name`} label={t('outreach.zoneName')} value={name} onChange={setName} required maxLength={100} error={errors.name} />
      <SelectField id={`${prefix}-province`} label={t('field.outing.province')} value={provinceCode} onChange={setProvince} options={provinceOptions} placeholder={t('field.outing.chooseProvince')} required error={errors.provinceCode} />
      <TextField id={`${prefix}-municipality`} label={t('field.outing.municipality')} value={municipality} onChange={setMunicipality} required maxLength={100} error={errors.municipality} />
      <div className="d-flex flex-wrap gap-2">
        <button type="submit" className="btn btn-primary field-big-btn" disabled={submitter.busy}>
          {props.zone ? t('outreach.saveZone') : t('outreach.addZone')}
        </button>
        {props.onCancel ? (
          <button type="button" className="btn btn-outline-secondary field-big-btn" onClick={props.onCancel}>
            {t('outreach.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

// --- contacts by zone and month -------------------------------------------------------------------

function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const palette = ['#0066cc', '#995c00', '#00804d', '#a61e4d', '#5c2d91', '#4d4d4d', '#00708f', '#8a6d00'];

/** A published count, or the "hidden" mark of small-cell protection. */
function Figure({ value }: { value: number | null | undefined }) {
  const { t } = useI18n();
  if (value === null) return <abbr title={t('monitoring.suppressedTitle')}>{t('monitoring.suppressed')}</abbr>;
  return <>{value ?? 0}</>;
}

export function ContactsByZonePage() {
  const { t, locale } = useI18n();
  const now = new Date();
  const [draft, setDraft] = useState({ from: monthOf(new Date(now.getFullYear(), now.getMonth() - 11, 1)), to: monthOf(now) });
  const [range, setRange] = useState(draft);
  const data = useLoad((signal) => api.get<ByZone>('/api/outreach/contacts-by-zone', range, signal), `${range.from}:${range.to}`);
  const rowName = (r: ByZone['rows'][number]): string => {
    const place = r.zoneName ? `${r.zoneName} (${r.municipality})` : t('outreach.wholeMunicipality', { municipality: r.municipality });
    return r.organisationName ? `${place} — ${r.organisationName}` : place;
  };
  const monthName = (m: string): string => {
    const [y, mo] = m.split('-').map(Number) as [number, number];
    return new Date(y, mo - 1, 1).toLocaleDateString(locale === 'it' ? 'it-IT' : 'en-GB', { month: 'short', year: 'numeric' });
  };
  const d = data.data;
  // The chart: one bar per month, stacked by zone (the eight largest rows; the table has them all).
  const charted = d ? d.rows.slice(0, 8) : [];
  const chartData = d ? d.months.map((m) => ({ month: monthName(m), ...Object.fromEntries(charted.map((r, i) => [`r${i}`, r.months[m] === undefined ? 0 : r.months[m]])) })) : [];
  return (
    <Page title={t('outreach.byZone')} lead={t('outreach.byZoneLead')}>
      <OutreachTabs />
      <form
        className="outreach-filters mb-3"
        aria-label={t('outreach.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setRange(draft);
        }}
      >
        <TextField id="byzone-from" label={t('outreach.fromMonth')} hint={t('outreach.monthHint')} value={draft.from} onChange={(v) => setDraft((x) => ({ ...x, from: v }))} maxLength={7} inputMode="numeric" />
        <TextField id="byzone-to" label={t('outreach.toMonth')} hint={t('outreach.monthHint')} value={draft.to} onChange={(v) => setDraft((x) => ({ ...x, to: v }))} maxLength={7} inputMode="numeric" />
        <div className="outreach-filter-submit">
          <button type="submit" className="btn btn-outline-primary field-big-btn">
            {t('outreach.show')}
          </button>
        </div>
      </form>
      <ErrorAlert error={data.error} />
      {data.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          {d.scope === 'network' ? <p>{t('outreach.networkScope', { k: d.k ?? '' })}</p> : null}
          {d.rows.length === 0 ? (
            <p>{t('outreach.noContacts')}</p>
          ) : (
            <>
              <div role="img" aria-label={t('outreach.chart')} className="outreach-chart" id="byzone-chart" style={{ width: '100%', height: 320 }}>
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={chartData} margin={{ left: 0, right: 8 }} accessibilityLayer={false}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="month" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    {charted.map((r, i) => (
                      <Bar key={`r${i}`} dataKey={`r${i}`} name={rowName(r)} stackId="z" fill={palette[i % palette.length]} isAnimationActive={false} />
                    ))}
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <div className="table-responsive" tabIndex={0} role="region" aria-label={t('outreach.table')}>
                <table className="table table-sm outreach-table" id="byzone-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('outreach.col.zone')}</th>
                      {d.months.map((m) => (
                        <th scope="col" key={m} className="text-end">
                          {monthName(m)}
                        </th>
                      ))}
                      <th scope="col" className="text-end">
                        {t('outreach.totalRow')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.rows.map((r) => (
                      <tr key={`${r.zoneId ?? r.municipality}:${r.organisationName ?? ''}`}>
                        <th scope="row">{rowName(r)}</th>
                        {d.months.map((m) => (
                          <td key={m} className="text-end">
                            <Figure value={r.months[m]} />
                          </td>
                        ))}
                        <td className="text-end fw-bold">
                          <Figure value={r.total} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('outreach.totalRow')}</th>
                      {d.months.map((m) => (
                        <td key={m} className="text-end fw-bold">
                          <Figure value={d.totals[m]} />
                        </td>
                      ))}
                      <td className="text-end fw-bold" id="byzone-total">
                        <Figure value={d.total} />
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            </>
          )}
          <p className="small">{t('outreach.noMap')}</p>
        </>
      ) : null}
    </Page>
  );
}
