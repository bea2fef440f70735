/**
 * The field screens: the list of local records with their sync state, the outing form (counts
 * with +/- steppers), the contact form, and the conflict prompt (base / mine / theirs, field by
 * field). Big touch targets; one column at 360 px.
 */
import { useId, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { Loading, Notice, Page } from '../../components/Page.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useI18n, type Locale, type MessageKey, type Translate } from '../../i18n/index.tsx';
import { italianIssueMessage } from '../../../domain/issue-messages.ts';
import { resolveConflict, type Choice, type Fields, type LocalRecord, type RecordKind, type SyncState } from '../../offline/merge.ts';
import type { FieldStore } from '../../offline/store.ts';
import { FieldLogin } from './FieldLogin.tsx';
import { useField } from './context.ts';
import { keepZonesOf, zonesOfPlace, zonesSumError } from './pickers.tsx';
import { label, provinceOptions } from './controls.tsx';
import { OutingFields } from './OutingFields.tsx';

export { CountGroup, Stepper, label, provinceOptions } from './controls.tsx';
import {
  ageBands,
  checkContact,
  checkOuting,
  contactFromFields,
  contactHistories,
  contactsOf,
  emptyContact,
  emptyOuting,
  nationalityGroups,
  normaliseOuting,
  outingFromFields,
  sexGenders,
  type ContactForm,
  type Issue,
  type OutingForm,
} from './model.ts';

export function issuesToErrors(t: Translate, locale: Locale, issues: Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const text = i.key ? t(`field.issue.${i.key}` as MessageKey, i.params) : locale === 'it' ? (italianIssueMessage(i.message ?? '') ?? i.message ?? '') : (i.message ?? '');
    out[i.path] ??= text;
  }
  return out;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function nowIso(): string {
  return new Date().toISOString();
}

export function StateBadge(props: { state: SyncState }) {
  const { t } = useI18n();
  return <span className={`field-state field-state-${props.state}`}>{t(`field.state.${props.state}` as MessageKey)}</span>;
}

function StatusPanel() {
  const { t } = useI18n();
  const { records, online, sync, syncNow, logout } = useField();
  const [confirming, setConfirming] = useState(false);
  const unsent = records.filter((r) => r.state !== 'synced').length;
  const conflicts = records.filter((r) => r.state === 'conflict').length;
  let message: string;
  switch (sync.kind) {
    case 'syncing':
      message = t('field.status.syncing');
      break;
    case 'done':
      message = t('field.status.synced', { time: sync.at.toLocaleTimeString() });
      break;
    case 'retry':
      message = t('field.status.retry', { seconds: sync.seconds });
      break;
    default:
      message = '';
  }
  return (
    <section className="field-status" aria-labelledby="field-status-title">
      <h2 id="field-status-title" className="visually-hidden">
        {t('field.status.title')}
      </h2>
      <p className="mb-1">
        <span className={`field-net ${online ? 'field-net-on' : 'field-net-off'}`}>{online ? t('field.status.online') : t('field.status.offline')}</span>{' '}
        <span id="field-unsent">{unsent > 0 ? t('field.status.pending', { count: unsent }) : t('field.status.allSent')}</span>
        {conflicts > 0 ? <span className="ms-2">{t('field.status.conflicts', { count: conflicts })}</span> : null}
      </p>
      <p role="status" className="small mb-2" id="field-sync-message">
        {message}
      </p>
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" outline type="button" className="field-big-btn" disabled={!online || sync.kind === 'syncing'} onClick={() => void syncNow()}>
          {t('field.sync')}
        </Button>
        <Button
          color="danger"
          outline
          type="button"
          className="field-big-btn"
          onClick={() => {
            if (unsent > 0) setConfirming(true);
            else void logout();
          }}
        >
          {t('field.logout')}
        </Button>
      </div>
      {confirming ? (
        <div className="alert alert-warning mt-3" role="alert">
          <p>{t('field.logout.unsent', { count: unsent })}</p>
          <div className="d-flex flex-wrap gap-2">
            <Button color="danger" type="button" className="field-big-btn" onClick={() => void logout()}>
              {t('field.logout.confirm')}
            </Button>
            <Button
              color="primary"
              outline
              type="button"
              className="field-big-btn"
              disabled={!online}
              onClick={() => {
                setConfirming(false);
                void syncNow();
              }}
            >
              {t('field.logout.syncFirst')}
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

export function FieldHome(props: { onUnlocked: (store: FieldStore) => void }) {
  const { t } = useI18n();
  const { records, loaded, needsLogin } = useField();
  const outings = useMemo(
    () =>
      records
        .filter((r) => r.kind === 'outing')
        .sort((a, b) => str(b.local.date).localeCompare(str(a.local.date)) || b.updatedAt.localeCompare(a.updatedAt)),
    [records],
  );
  return (
    <Page title={t('field.title')} lead={t('field.lead')}>
      <StatusPanel />
      {needsLogin ? <FieldLogin reconnect onUnlocked={props.onUnlocked} /> : null}
      <p className="my-4">
        <Link className="btn btn-primary field-big-btn" to="/field/outing/new">
          {t('field.newOuting')}
        </Link>
      </p>
      <h2 className="h4">{t('field.list.title')}</h2>
      {!loaded ? <Loading /> : null}
      {loaded && outings.length === 0 ? <p>{t('field.list.none')}</p> : null}
      <ul className="field-list list-unstyled">
        {outings.map((o) => {
          const f = outingFromFields(o.local, '');
          const contacts = contactsOf(records, o.id);
          const unit = f.unitName || label(t, 'field.unit', f.unitKind);
          return (
            <li key={o.id} className="field-card">
              <div className="d-flex flex-wrap justify-content-between gap-2">
                <strong>
                  {f.date} · {unit}
                </strong>
                <StateBadge state={o.state} />
              </div>
              <div>
                {f.municipality} · {t('field.contactsCount', { count: f.totalContacts })}
              </div>
              {contacts.length > 0 ? (
                <ul className="field-sublist">
                  {contacts.map((c) => (
                    <li key={c.id}>
                      <Link to={`/field/contact/${c.id}`}>{typeof c.local.nickname === 'string' && c.local.nickname ? c.local.nickname : t('field.contact.noName')}</Link>{' '}
                      <StateBadge state={c.state} />
                      {c.state === 'conflict' ? (
                        <Link className="ms-2" to={`/field/conflict/contact/${c.id}`}>
                          {t('field.conflict.open')}
                        </Link>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              <div className="d-flex flex-wrap gap-2 mt-2">
                <Link className="btn btn-outline-primary field-big-btn" to={`/field/outing/${o.id}`} aria-label={t('field.openOuting', { date: f.date, unit })}>
                  {t('field.outing.editTitle', { date: f.date })}
                </Link>
                {o.state === 'conflict' ? (
                  <Link className="btn btn-warning field-big-btn" to={`/field/conflict/outing/${o.id}`}>
                    {t('field.conflict.open')}
                  </Link>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </Page>
  );
}

function NotOnDevice() {
  const { t } = useI18n();
  return (
    <Page title={t('field.notFound')}>
      <Link to="/field">{t('field.back')}</Link>
    </Page>
  );
}

function RejectedNotice(props: { record: LocalRecord | undefined }) {
  const { t } = useI18n();
  if (props.record?.state !== 'rejected' || !props.record.error) return null;
  const details = Object.entries(props.record.error.fields).map(([k, v]) => `${k}: ${v}`).join('; ');
  return (
    <div className="alert alert-danger" role="alert">
      {t('field.rejected', { message: details ? `${props.record.error.message} (${details})` : props.record.error.message })}
    </div>
  );
}

function ConflictNotice(props: { record: LocalRecord | undefined }) {
  const { t } = useI18n();
  if (props.record?.state !== 'conflict') return null;
  return (
    <div className="alert alert-warning" role="alert">
      <Link to={`/field/conflict/${props.record.kind}/${props.record.id}`}>{t('field.conflict.open')}</Link>
    </div>
  );
}

export function OutingPage() {
  const { records, loaded } = useField();
  const { id } = useParams();
  if (id && !loaded) return <Loading />;
  const existing = id ? records.find((r) => r.kind === 'outing' && r.id === id) : undefined;
  if (id && !existing) return <NotOnDevice />;
  return <OutingEditor key={id ?? 'new'} existing={existing} />;
}

function OutingEditor(props: { existing: LocalRecord | undefined }) {
  const { t, locale } = useI18n();
  const { records, userId, save, lists } = useField();
  const navigate = useNavigate();
  const location = useLocation();
  const { existing } = props;
  const [form, setForm] = useState<OutingForm>(() => {
    if (existing) return outingFromFields(existing.local, userId);
    const last = records.filter((r) => r.kind === 'outing').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    return emptyOuting(userId, new Date(), last ? outingFromFields(last.local, userId) : undefined);
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<boolean>(() => (location.state as { saved?: boolean } | null)?.saved === true);
  const contacts = existing ? contactsOf(records, existing.id) : [];
  const set = <K extends keyof OutingForm>(k: K, v: OutingForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };

  const here = zonesOfPlace(lists.zones, form.provinceCode, form.municipality);

  const submit = async () => {
    const normalised = normaliseOuting({ ...form, zones: keepZonesOf(form.zones, here) });
    const found = issuesToErrors(t, locale, checkOuting(normalised, contacts.length));
    const zonesOff = zonesSumError(normalised.zones, normalised.totalContacts);
    if (zonesOff) found.zones = t('outreach.zonesSum', zonesOff);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const local = normalised as unknown as Fields;
      const now = nowIso();
      const record: LocalRecord = existing
        ? { ...existing, local, state: existing.state === 'conflict' ? 'conflict' : 'pending', error: null, updatedAt: now }
        : { kind: 'outing', id: crypto.randomUUID(), version: null, server: null, local, state: 'pending', conflicts: [], error: null, updatedAt: now };
      await save([record]);
      setForm(normalised);
      setSaved(true);
      if (!existing) void navigate(`/field/outing/${record.id}`, { replace: true, state: { saved: true } });
    } finally {
      setBusy(false);
    }
  };

  const title = existing ? t('field.outing.editTitle', { date: form.date }) : t('field.outing.newTitle');
  return (
    <Page title={title}>
      <p>
        <Link to="/field">{t('field.back')}</Link>
      </p>
      <Notice text={saved ? t('field.outing.saved') : null} />
      <RejectedNotice record={existing} />
      <ConflictNotice record={existing} />
      {Object.keys(errors).length > 0 ? (
        <div className="alert alert-danger" role="alert">
          {t('field.outing.fix')}
        </div>
      ) : null}
      <form
        noValidate
        className="field-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <OutingFields form={form} set={set} errors={errors} here={here} team={lists.team} selfId={userId} />
        <Button color="primary" type="submit" className="field-big-btn w-100" disabled={busy || existing?.state === 'conflict'}>
          {t('field.outing.save')}
        </Button>
      </form>

      {existing ? (
        <section className="mt-5" aria-labelledby="field-individuals">
          <h2 id="field-individuals" className="h5">
            {t('field.individuals')}
          </h2>
          {contacts.length === 0 ? <p>{t('field.noIndividuals')}</p> : null}
          <ul className="field-list list-unstyled">
            {contacts.map((c) => (
              <li key={c.id} className="field-card d-flex flex-wrap justify-content-between gap-2">
                <Link to={`/field/contact/${c.id}`}>{typeof c.local.nickname === 'string' && c.local.nickname ? c.local.nickname : t('field.contact.noName')}</Link>
                <StateBadge state={c.state} />
              </li>
            ))}
          </ul>
          <Link className="btn btn-primary field-big-btn" to={`/field/outing/${existing.id}/contact/new`}>
            {t('field.addContact')}
          </Link>
        </section>
      ) : null}
    </Page>
  );
}

export function RadioGroup(props: { name: string; legend: string; value: string; options: Array<{ value: string; label: string }>; onChange: (v: string) => void }) {
  const base = useId();
  return (
    <fieldset className="field-group">
      <legend className="h6">{props.legend}</legend>
      <div className="field-radios">
        {props.options.map((o) => (
          <div className="form-check field-radio" key={o.value}>
            <input type="radio" id={`${base}-${o.value}`} name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
            <label htmlFor={`${base}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function ContactPage() {
  const { records, loaded } = useField();
  const { id, outingId } = useParams();
  if (!loaded) return <Loading />;
  const existing = id ? records.find((r) => r.kind === 'contact' && r.id === id) : undefined;
  const outingKey = existing ? str(existing.local.outingId) : (outingId ?? '');
  const outing = records.find((r) => r.kind === 'outing' && r.id === outingKey);
  if ((id && !existing) || !outing) return <NotOnDevice />;
  return <ContactEditor key={id ?? 'new'} existing={existing} outing={outing} />;
}

function ContactEditor(props: { existing: LocalRecord | undefined; outing: LocalRecord }) {
  const { t, locale } = useI18n();
  const { records, save } = useField();
  const navigate = useNavigate();
  const { existing, outing } = props;
  const [form, setForm] = useState<ContactForm>(() => (existing ? contactFromFields(existing.local) : emptyContact(outing.id)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ContactForm>(k: K, v: ContactForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const outingTotal = typeof outing.local.totalContacts === 'number' ? outing.local.totalContacts : 0;

  const submit = async () => {
    const trimmed: ContactForm = {
      ...form,
      nickname: form.nickname?.trim() ? form.nickname.trim() : null,
      traits: form.traits?.trim() ? form.traits.trim() : null,
    };
    const found = issuesToErrors(t, locale, checkContact(trimmed));
    if (!existing && contactsOf(records, outing.id).length + 1 > outingTotal) found.form = t('field.issue.contactsFull');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const local = trimmed as unknown as Fields;
      const now = nowIso();
      const record: LocalRecord = existing
        ? { ...existing, local, state: existing.state === 'conflict' ? 'conflict' : 'pending', error: null, updatedAt: now }
        : { kind: 'contact', id: crypto.randomUUID(), version: null, server: null, local, state: 'pending', conflicts: [], error: null, updatedAt: now };
      await save([record]);
      setForm(trimmed);
      setSaved(true);
      if (!existing) void navigate(`/field/outing/${outing.id}`);
    } finally {
      setBusy(false);
    }
  };

  const name = form.nickname || t('field.contact.noName');
  return (
    <Page title={existing ? t('field.contact.editTitle', { name }) : t('field.contact.newTitle')}>
      <p>
        <Link to={`/field/outing/${outing.id}`}>{t('field.backToOuting')}</Link>
      </p>
      <Notice text={saved ? t('field.contact.saved') : null} />
      <RejectedNotice record={existing} />
      <ConflictNotice record={existing} />
      {errors.form ? (
        <div className="alert alert-danger" role="alert">
          {errors.form}
        </div>
      ) : null}
      <form
        noValidate
        className="field-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField id="contact-nickname" label={t('field.contact.nickname')} hint={t('field.contact.nicknameHint')} value={form.nickname ?? ''} onChange={(v) => set('nickname', v)} maxLength={60} autoComplete="off" spellCheck={false} />
        <TextArea id="contact-traits" label={t('field.contact.traits')} value={form.traits ?? ''} onChange={(v) => set('traits', v)} rows={2} />
        <RadioGroup name="contact-sexGender" legend={t('field.contact.sexGender')} value={form.sexGender} onChange={(v) => set('sexGender', v)} options={sexGenders.map((k) => ({ value: k, label: label(t, 'field.sex', k) }))} />
        <RadioGroup name="contact-history" legend={t('field.contact.history')} value={form.history} onChange={(v) => set('history', v)} options={contactHistories.map((k) => ({ value: k, label: label(t, 'field.history', k) }))} />
        <SelectField id="contact-ageBand" label={t('field.contact.ageBand')} value={form.ageBand} onChange={(v) => set('ageBand', v)} options={ageBands.map((k) => ({ value: k, label: label(t, 'field.age', k) }))} />
        <SelectField id="contact-nationality" label={t('field.contact.nationality')} value={form.nationalityGroup} onChange={(v) => set('nationalityGroup', v)} options={nationalityGroups.map((k) => ({ value: k, label: label(t, 'field.nat', k) }))} />
        <div className="field-group">
          <Checkbox id="contact-possibleVictim" label={t('field.contact.possibleVictim')} checked={form.possibleVictim} onChange={(v) => set('possibleVictim', v)} />
          <Checkbox id="contact-consent" label={t('field.contact.consent')} checked={form.consentToFollowUp} onChange={(v) => set('consentToFollowUp', v)} />
          {errors.consentToFollowUp ? (
            <div className="invalid-feedback d-block" role="alert">
              {errors.consentToFollowUp}
            </div>
          ) : null}
        </div>
        <Button color="primary" type="submit" className="field-big-btn w-100" disabled={busy || existing?.state === 'conflict'}>
          {t('field.contact.save')}
        </Button>
      </form>
    </Page>
  );
}

const fieldLabelKeys: Record<RecordKind, Record<string, MessageKey>> = {
  outing: {
    unitKind: 'field.outing.unitKind',
    unitName: 'field.outing.unitName',
    teamUserIds: 'field.outing.team',
    date: 'field.outing.date',
    startTime: 'field.outing.start',
    endTime: 'field.outing.end',
    provinceCode: 'field.outing.province',
    municipality: 'field.outing.municipality',
    zones: 'field.outing.zones',
    totalContacts: 'field.outing.totalField',
    bySex: 'field.outing.bySex',
    byAge: 'field.outing.byAge',
    byNationality: 'field.outing.byNationality',
    byHistory: 'field.outing.byHistory',
    offered: 'field.outing.offered',
    accompaniments: 'field.outing.accompaniments',
    notes: 'field.outing.notes',
  },
  contact: {
    outingId: 'field.contact.outing',
    nickname: 'field.contact.nickname',
    traits: 'field.contact.traits',
    sexGender: 'field.contact.sexGender',
    ageBand: 'field.contact.ageBand',
    nationalityGroup: 'field.contact.nationality',
    history: 'field.contact.history',
    possibleVictim: 'field.contact.possibleVictim',
    consentToFollowUp: 'field.contact.consent',
    personCode: 'field.contact.personCode',
  },
};

/** Label prefixes of the fields holding a code or counts keyed by codes. */
const valuePrefixes: Record<string, string> = {
  unitKind: 'field.unit',
  bySex: 'field.sex',
  sexGender: 'field.sex',
  byAge: 'field.age',
  ageBand: 'field.age',
  byNationality: 'field.nat',
  nationalityGroup: 'field.nat',
  byHistory: 'field.history',
  history: 'field.history',
  offered: 'field.offer',
  accompaniments: 'field.acc',
};

export function formatValue(t: Translate, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('field.conflict.empty');
  if (typeof value === 'boolean') return value ? t('field.yes') : t('field.no');
  const prefix = valuePrefixes[field];
  if (typeof value === 'string') {
    if (field === 'provinceCode') return provinceOptions.find((p) => p.value === value)?.label ?? value;
    return prefix ? label(t, prefix, value) : value;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? t('field.conflict.empty') : value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => `${prefix ? label(t, prefix, k) : k}: ${String(v)}`)
      .join(', ') || '0';
  }
  return JSON.stringify(value);
}

export function ConflictPage() {
  const { t } = useI18n();
  const { records, loaded, save } = useField();
  const { kind, id } = useParams();
  const navigate = useNavigate();
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [error, setError] = useState<string | null>(null);
  if (!loaded) return <Loading />;
  const record = records.find((r) => r.kind === kind && r.id === id);
  if (!record) return <NotOnDevice />;
  const k = record.kind;
  const backTo = k === 'outing' ? `/field/outing/${record.id}` : `/field/contact/${record.id}`;
  if (record.state !== 'conflict') {
    return (
      <Page title={t('field.conflict.title')}>
        <p>
          <Link to={backTo}>{t('field.back')}</Link>
        </p>
      </Page>
    );
  }
  const fieldName = (f: string) => (fieldLabelKeys[k][f] ? t(fieldLabelKeys[k][f]) : f);

  const submit = async () => {
    if (record.conflicts.some((c) => !choices[c.field])) {
      setError(t('field.conflict.chooseAll'));
      return;
    }
    setError(null);
    await save([resolveConflict(record, choices, nowIso())]);
    // Back to the list, where the sending status shows the choice going out.
    void navigate('/field');
  };

  return (
    <Page title={t('field.conflict.title')}>
      <p>{t('field.conflict.intro')}</p>
      {error ? (
        <div className="alert alert-danger" role="alert">
          {error}
        </div>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {record.conflicts.map((c) => (
          <fieldset key={c.field} className="field-group field-conflict">
            <legend className="h5">{fieldName(c.field)}</legend>
            <dl className="field-conflict-values">
              <dt>{t('field.conflict.base')}</dt>
              <dd>{formatValue(t, c.field, c.base)}</dd>
              <dt>{t('field.conflict.mine')}</dt>
              <dd>{formatValue(t, c.field, c.mine)}</dd>
              <dt>{t('field.conflict.theirs')}</dt>
              <dd>{formatValue(t, c.field, c.theirs)}</dd>
            </dl>
            <div className="field-radios">
              {(['mine', 'theirs'] as const).map((choice) => (
                <div className="form-check field-radio" key={choice}>
                  <input
                    type="radio"
                    id={`conflict-${c.field}-${choice}`}
                    name={`conflict-${c.field}`}
                    checked={choices[c.field] === choice}
                    onChange={() => setChoices((all) => ({ ...all, [c.field]: choice }))}
                  />
                  <label htmlFor={`conflict-${c.field}-${choice}`}>
                    {choice === 'mine' ? t('field.conflict.keepMine') : t('field.conflict.keepTheirs')}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        ))}
        <Button color="primary" type="submit" className="field-big-btn w-100">
          {t('field.conflict.save')}
        </Button>
      </form>
    </Page>
  );
}
