/**
 * Desk pages (outreach.write): the organisation's desks with kind, place and opening hours; a form
 * to open or change a desk (opening hours per weekday, checked as the server checks them; an edit
 * carries the version read, and a conflict says so); and a desk's page with its sessions, newest
 * first, a form to record a session (interviews and advice with +/- steppers, persons met by code),
 * and the correction or cancellation of a session recorded by mistake. One column at 360 px.
 */
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import type { z } from 'zod';
import { api, ApiError } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { useLoad, useSubmit } from '../../hooks.ts';
import { usePagedList } from '../../paged-list.ts';
import { useI18n, type Locale, type MessageKey, type Translate } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { italianIssueMessage } from '../../../domain/issue-messages.ts';
import { provinces } from '../../../domain/provinces.ts';
import {
  adviceKinds,
  ageBands,
  deskFieldsSchema,
  deskKinds,
  deskSessionFieldsSchema,
  nationalityGroups,
  outreachLimits,
  sexGenders,
  sumOf,
  weekdays,
  zeroCounts,
  type AdviceKind,
  type DeskKind,
  type OpeningSlot,
} from '../../../domain/outreach/index.ts';
import { CountGroup, Stepper, label, provinceOptions } from '../field/FieldScreens.tsx';
import { OutreachTabs } from './Outreach.tsx';
import '../field/field.css';
import './outreach.css';

interface Desk {
  id: string;
  version: number;
  name: string;
  kind: DeskKind;
  provinceCode: string;
  municipality: string;
  openingHours: OpeningSlot[];
  sessions: number;
  interviews: number;
}

/** Sessions are shown a page at a time, newest first; older ones on request. */
const sessionPage = 50;

interface SessionPage {
  items: Session[];
  hasMore: boolean;
}

interface Session {
  id: string;
  version: number;
  deskId: string;
  date: string;
  startTime: string;
  endTime: string;
  workerUserId: string;
  workerName: string | null;
  interviews: number;
  advice: Record<AdviceKind, number>;
  bySex: Record<string, number> | null;
  byAge: Record<string, number> | null;
  byNationality: Record<string, number> | null;
  personCodes: string[];
  cancelledAt: string | null;
}

interface TeamMember {
  userId: string;
  displayName: string;
}

const provinceName = new Map(provinces.map((p) => [p.code, p.name]));

/** Field errors from a zod check, keyed by path, in the user's language (our rule messages have both). */
function zodErrors(t: Translate, locale: Locale, error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const italian = italianIssueMessage(issue.message);
    out[path] ??= italian ? (locale === 'it' ? italian : issue.message) : t('desks.invalid');
  }
  return out;
}

function hoursText(t: Translate, slots: readonly OpeningSlot[]): string {
  if (slots.length === 0) return t('desks.noHours');
  return slots.map((s) => `${t(`desks.weekday.${s.weekday}` as MessageKey)} ${s.from}–${s.to}`).join('; ');
}

function placeText(d: { municipality: string; provinceCode: string }): string {
  return `${d.municipality} (${provinceName.get(d.provinceCode) ?? d.provinceCode})`;
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// --- the desks ---------------------------------------------------------------------------------

export function DesksPage() {
  const { t } = useI18n();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const desks = useLoad((signal) => api.get<{ items: Desk[] }>('/api/outreach/desks', undefined, signal), 'desks');
  return (
    <Page
      title={t('desks.title')}
      lead={t('desks.lead')}
      actions={
        <Link className="btn btn-primary field-big-btn" to="/outreach/desks/new">
          {t('desks.new')}
        </Link>
      }
    >
      <OutreachTabs />
      <Notice text={notice} />
      <ErrorAlert error={desks.error} />
      {desks.loading && !desks.data ? <Loading /> : null}
      {desks.data && desks.data.items.length === 0 ? <p>{t('desks.none')}</p> : null}
      {desks.data && desks.data.items.length > 0 ? (
        <ul className="field-list list-unstyled" id="desks-list">
          {desks.data.items.map((d) => (
            <li key={d.id} className="field-card">
              <Link className="h5 d-inline-block desk-link" to={`/outreach/desks/${d.id}`} aria-label={t('desks.open', { name: d.name })}>
                {d.name}
              </Link>
              <span className="d-block">{`${label(t, 'desks.kind', d.kind)} · ${placeText(d)}`}</span>
              <span className="d-block small">{`${t('desks.hours')}: ${hoursText(t, d.openingHours)}`}</span>
              <span className="d-block small">{t('desks.totals', { sessions: d.sessions, interviews: d.interviews })}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

// --- open or change a desk ---------------------------------------------------------------------

interface DeskForm {
  name: string;
  kind: string;
  provinceCode: string;
  municipality: string;
  openingHours: Array<{ weekday: string; from: string; to: string }>;
}

function formOf(d?: Desk): DeskForm {
  if (!d) return { name: '', kind: '', provinceCode: '', municipality: '', openingHours: [{ weekday: '1', from: '09:00', to: '13:00' }] };
  return { name: d.name, kind: d.kind, provinceCode: d.provinceCode, municipality: d.municipality, openingHours: d.openingHours.map((s) => ({ weekday: String(s.weekday), from: s.from, to: s.to })) };
}

export function DeskFormPage() {
  const { id } = useParams();
  const desk = useLoad((signal) => (id ? api.get<Desk>(`/api/outreach/desks/${id}`, undefined, signal) : Promise.resolve(null)), id ?? 'new');
  const { t } = useI18n();
  if (id && desk.error) {
    return (
      <Page title={t('desks.edit')}>
        <ErrorAlert error={desk.error} />
      </Page>
    );
  }
  if (id && !desk.data) return <Loading />;
  // A new key after a reload: the form starts again from the version just read.
  return <DeskEditor key={desk.data ? `${desk.data.id}:${desk.data.version}` : 'new'} desk={desk.data ?? undefined} reload={desk.reload} />;
}

function DeskEditor(props: { desk: Desk | undefined; reload: () => void }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [form, setForm] = useState<DeskForm>(() => formOf(props.desk));
  const submitter = useSubmit();
  const set = <K extends keyof DeskForm>(k: K, v: DeskForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setSlot = (i: number, k: 'weekday' | 'from' | 'to', v: string) => set('openingHours', form.openingHours.map((s, j) => (j === i ? { ...s, [k]: v } : s)));
  const body = () => ({
    name: form.name.trim(),
    kind: form.kind,
    provinceCode: form.provinceCode,
    municipality: form.municipality.trim(),
    openingHours: form.openingHours.map((s) => ({ weekday: Number(s.weekday), from: s.from.trim(), to: s.to.trim() })),
  });
  const submit = () =>
    submitter.run(
      () => {
        const e: Record<string, string> = {};
        const b = body();
        const parsed = deskFieldsSchema.safeParse(b);
        if (!parsed.success) Object.assign(e, zodErrors(t, locale, parsed.error));
        if (!b.name) e.name = t('field.issue.required');
        if (!b.kind) e.kind = t('field.issue.required');
        if (!b.provinceCode) e.provinceCode = t('field.issue.required');
        if (!b.municipality) e.municipality = t('field.issue.required');
        return e;
      },
      async () => {
        if (props.desk) {
          const saved = await api.patch<Desk>(`/api/outreach/desks/${props.desk.id}`, { ...body(), version: props.desk.version });
          void navigate(`/outreach/desks/${saved.id}`, { state: { notice: t('desks.saved') } });
        } else {
          const created = await api.post<Desk>('/api/outreach/desks', body());
          void navigate(`/outreach/desks/${created.id}`, { state: { notice: t('desks.created') } });
        }
      },
    );
  const errors = submitter.fieldErrors;
  const conflict = submitter.error?.status === 409;
  const title = props.desk ? t('desks.editTitle', { name: props.desk.name }) : t('desks.new');
  return (
    <Page title={title}>
      <p>
        <Link to={props.desk ? `/outreach/desks/${props.desk.id}` : '/outreach/desks'}>{props.desk ? t('desks.backToDesk') : t('desks.back')}</Link>
      </p>
      {conflict ? (
        <div className="alert alert-warning" role="alert" id="desk-conflict">
          <p>{t('desks.conflict')}</p>
          <button type="button" className="btn btn-outline-primary field-big-btn" onClick={props.reload}>
            {t('desks.reload')}
          </button>
        </div>
      ) : (
        <ErrorAlert error={submitter.error} />
      )}
      <form
        noValidate
        className="outreach-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField id="desk-name" label={t('desks.name')} value={form.name} onChange={(v) => set('name', v)} required maxLength={100} error={errors.name} />
        <SelectField id="desk-kind" label={t('desks.kind')} value={form.kind} onChange={(v) => set('kind', v)} placeholder="—" options={deskKinds.map((k) => ({ value: k, label: label(t, 'desks.kind', k) }))} required error={errors.kind} />
        <SelectField id="desk-province" label={t('field.outing.province')} value={form.provinceCode} onChange={(v) => set('provinceCode', v)} options={provinceOptions} placeholder={t('field.outing.chooseProvince')} required error={errors.provinceCode} />
        <TextField id="desk-municipality" label={t('field.outing.municipality')} value={form.municipality} onChange={(v) => set('municipality', v)} required maxLength={100} error={errors.municipality} />
        <fieldset className="field-group" aria-describedby="desk-hours-hint">
          <legend className="h5">{t('desks.hours')}</legend>
          <p id="desk-hours-hint" className="small">
            {t('desks.hoursHint')}
          </p>
          {errors.openingHours ? (
            <div className="invalid-feedback d-block" role="alert">
              {errors.openingHours}
            </div>
          ) : null}
          <ol className="list-unstyled desk-slots">
            {form.openingHours.map((s, i) => (
              <li key={i} className="field-card mb-3">
                <p className="fw-semibold mb-2">{t('desks.slot', { n: i + 1 })}</p>
                <SelectField
                  id={`slot-${i}-weekday`}
                  label={t('desks.weekday')}
                  value={s.weekday}
                  onChange={(v) => setSlot(i, 'weekday', v)}
                  options={weekdays.map((d) => ({ value: String(d), label: t(`desks.weekday.${d}` as MessageKey) }))}
                  error={errors[`openingHours.${i}.weekday`]}
                />
                <div className="field-two">
                  <TextField id={`slot-${i}-from`} label={t('desks.from')} value={s.from} onChange={(v) => setSlot(i, 'from', v)} inputMode="numeric" maxLength={5} hint="HH:MM" error={errors[`openingHours.${i}.from`]} />
                  <TextField id={`slot-${i}-to`} label={t('desks.to')} value={s.to} onChange={(v) => setSlot(i, 'to', v)} inputMode="numeric" maxLength={5} hint="HH:MM" error={errors[`openingHours.${i}.to`]} />
                </div>
                <button type="button" className="btn btn-outline-secondary field-big-btn" onClick={() => set('openingHours', form.openingHours.filter((_, j) => j !== i))}>
                  {t('desks.removeSlot', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ol>
          {form.openingHours.length < outreachLimits.openingSlots ? (
            <button type="button" className="btn btn-outline-primary field-big-btn" onClick={() => set('openingHours', [...form.openingHours, { weekday: '1', from: '09:00', to: '13:00' }])}>
              {t('desks.addSlot')}
            </button>
          ) : null}
        </fieldset>
        <button type="submit" className="btn btn-primary field-big-btn w-100" disabled={submitter.busy}>
          {props.desk ? t('desks.save') : t('desks.create')}
        </button>
      </form>
    </Page>
  );
}

// --- one desk, its sessions ----------------------------------------------------------------------

export function DeskPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const location = useLocation();
  const desk = useLoad((signal) => api.get<Desk>(`/api/outreach/desks/${id}`, undefined, signal), id);
  // After a correction or a cancellation the list is read again as long as it was shown (several
  // pages of the server's largest if need be), so an older session just changed stays in view.
  const sessions = usePagedList<Session, string>(
    async ({ before, limit, signal }) => {
      const page = await api.get<SessionPage>(`/api/outreach/desks/${id}/sessions`, before ? { limit, before } : { limit }, signal);
      const last = page.items[page.items.length - 1];
      return { items: page.items, next: page.hasMore && last ? last.id : null };
    },
    id,
    { pageSize: sessionPage, maxPage: 500 },
  );
  const team = useLoad((signal) => api.get<{ items: TeamMember[] }>('/api/outreach/team', undefined, signal), 'team');
  const [notice, setNotice] = useState<string | null>(() => (location.state as { notice?: string } | null)?.notice ?? null);
  const [formKey, setFormKey] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const reload = () => {
    desk.reload();
    sessions.reload();
  };
  const shown = sessions.items;
  if (desk.error) {
    return (
      <Page title={t('desks.title')}>
        <ErrorAlert error={desk.error} />
      </Page>
    );
  }
  if (!desk.data) return <Loading />;
  const d = desk.data;
  return (
    <Page
      title={d.name}
      actions={
        <Link className="btn btn-outline-primary field-big-btn" to={`/outreach/desks/${d.id}/edit`}>
          {t('desks.edit')}
        </Link>
      }
    >
      <p>
        <Link to="/outreach/desks">{t('desks.back')}</Link>
      </p>
      <Notice text={notice} />
      <section aria-labelledby="desk-summary">
        <h2 id="desk-summary" className="h5">
          {t('desks.summary')}
        </h2>
        <dl className="outreach-dl">
          <dt>{t('desks.kind')}</dt>
          <dd id="desk-kind-view">{label(t, 'desks.kind', d.kind)}</dd>
          <dt>{t('desks.place')}</dt>
          <dd>{placeText(d)}</dd>
          <dt>{t('desks.hours')}</dt>
          <dd id="desk-hours-view">{hoursText(t, d.openingHours)}</dd>
          <dt>{t('desks.counted')}</dt>
          <dd id="desk-totals">{t('desks.totals', { sessions: d.sessions, interviews: d.interviews })}</dd>
        </dl>
      </section>

      <section className="mt-4" aria-labelledby="session-new-title">
        <h2 id="session-new-title" className="h5">
          {t('desks.session.new')}
        </h2>
        <ErrorAlert error={team.error} />
        <SessionForm
          key={formKey}
          idPrefix="session"
          desk={d}
          team={team.data?.items ?? []}
          onSaved={() => {
            setNotice(t('desks.session.saved'));
            setFormKey((k) => k + 1);
            reload();
          }}
        />
      </section>

      <section className="mt-4" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="h5">
          {t('desks.sessions')}
        </h2>
        <ErrorAlert error={sessions.error} />
        {sessions.loading && !sessions.loaded ? <Loading /> : null}
        {sessions.loaded && shown.length === 0 ? <p>{t('desks.noSessions')}</p> : null}
        <ul className="field-list list-unstyled" id="sessions-list">
          {shown.map((s) =>
            editing === s.id ? (
              <li key={s.id} className="field-card">
                <h3 className="h6">{t('desks.session.correctTitle', { date: s.date })}</h3>
                <SessionForm
                  idPrefix={`fix-${s.id}`}
                  desk={d}
                  team={team.data?.items ?? []}
                  session={s}
                  onCancel={() => setEditing(null)}
                  onStale={() => {
                    setEditing(null);
                    setNotice(t('desks.session.stale'));
                    reload();
                  }}
                  onSaved={() => {
                    setEditing(null);
                    setNotice(t('desks.session.fixed'));
                    reload();
                  }}
                />
              </li>
            ) : (
              <SessionItem
                key={s.id}
                session={s}
                onCorrect={() => setEditing(s.id)}
                onCancelled={(text) => {
                  setNotice(text);
                  reload();
                }}
              />
            ),
          )}
        </ul>
        <ErrorAlert error={sessions.moreError} />
        {sessions.hasMore ? (
          <button type="button" className="btn btn-outline-primary field-big-btn" onClick={() => void sessions.loadMore()}>
            {t('desks.olderSessions')}
          </button>
        ) : null}
      </section>
    </Page>
  );
}

function adviceText(t: Translate, advice: Record<string, number>): string {
  return adviceKinds
    .filter((k) => (advice[k] ?? 0) > 0)
    .map((k) => `${label(t, 'desks.advice', k)}: ${advice[k]}`)
    .join(', ');
}

function SessionItem(props: { session: Session; onCorrect: () => void; onCancelled: (notice: string) => void }) {
  const { t } = useI18n();
  const s = props.session;
  const [asking, setAsking] = useState(false);
  const submitter = useSubmit();
  const cancel = () =>
    submitter.run(
      () => ({}),
      async () => {
        try {
          await api.post(`/api/outreach/desk-sessions/${s.id}/cancel`, { version: s.version });
          props.onCancelled(t('desks.session.cancelled'));
        } catch (e) {
          if ((e as ApiError).status === 409) props.onCancelled(t('desks.session.stale'));
          else throw e;
        }
      },
    );
  const advice = adviceText(t, s.advice);
  return (
    <li className={`field-card${s.cancelledAt ? ' desk-session-cancelled' : ''}`}>
      <strong>{`${s.date} · ${s.startTime}–${s.endTime}`}</strong>
      {s.cancelledAt ? <span className="badge bg-secondary ms-2">{t('desks.session.cancelledBadge')}</span> : null}
      <span className="d-block">{[t('desks.session.interviewsCount', { count: s.interviews }), s.workerName ? t('desks.session.by', { name: s.workerName }) : null].filter(Boolean).join(' · ')}</span>
      {advice ? <span className="d-block small">{advice}</span> : null}
      {s.personCodes.length > 0 ? <span className="d-block small">{t('desks.session.personsMet', { codes: s.personCodes.join(', ') })}</span> : null}
      <ErrorAlert error={submitter.error} />
      {s.cancelledAt ? null : asking ? (
        <div className="mt-2" role="group" aria-labelledby={`cancel-q-${s.id}`}>
          <p id={`cancel-q-${s.id}`}>{t('desks.session.cancelQuestion', { date: s.date })}</p>
          <div className="d-flex flex-wrap gap-2">
            <button type="button" className="btn btn-danger field-big-btn" disabled={submitter.busy} onClick={() => void cancel()}>
              {t('desks.session.confirmCancel')}
            </button>
            <button type="button" className="btn btn-outline-secondary field-big-btn" onClick={() => setAsking(false)}>
              {t('desks.session.keep')}
            </button>
          </div>
        </div>
      ) : (
        <div className="d-flex flex-wrap gap-2 mt-2">
          <button type="button" className="btn btn-outline-primary field-big-btn" aria-label={t('desks.session.correctLabel', { date: s.date })} onClick={props.onCorrect}>
            {t('desks.session.correct')}
          </button>
          <button type="button" className="btn btn-outline-danger field-big-btn" aria-label={t('desks.session.cancelLabel', { date: s.date })} onClick={() => setAsking(true)}>
            {t('desks.session.cancel')}
          </button>
        </div>
      )}
    </li>
  );
}

interface SessionDraft {
  date: string;
  startTime: string;
  endTime: string;
  workerUserId: string;
  interviews: number;
  advice: Record<string, number>;
  /** Optional breakdowns of the interviews: a group left at zero is sent as not recorded (null). */
  bySex: Record<string, number>;
  byAge: Record<string, number>;
  byNationality: Record<string, number>;
  personCodes: string;
}

const breakdownGroups = [
  { field: 'bySex', keys: sexGenders, legend: 'field.outing.bySex', labelPrefix: 'field.sex' },
  { field: 'byAge', keys: ageBands, legend: 'field.outing.byAge', labelPrefix: 'field.age' },
  { field: 'byNationality', keys: nationalityGroups, legend: 'field.outing.byNationality', labelPrefix: 'field.nat' },
] as const;

/** A breakdown as the API takes it: null (not recorded) when nothing was counted in it. */
function givenOrNull(counts: Record<string, number>): Record<string, number> | null {
  return sumOf(counts) > 0 ? counts : null;
}

/** Today's opening slot of the desk, if any (ISO weekday), as the default time span. */
function defaultDraft(desk: Desk, userId: string): SessionDraft {
  const now = new Date();
  const weekday = ((now.getDay() + 6) % 7) + 1;
  const slot = desk.openingHours.find((s) => s.weekday === weekday) ?? desk.openingHours[0];
  return { date: localDate(now), startTime: slot?.from ?? '09:00', endTime: slot?.to ?? '12:00', workerUserId: userId, interviews: 0, advice: zeroCounts(adviceKinds),
    bySex: zeroCounts(sexGenders), byAge: zeroCounts(ageBands), byNationality: zeroCounts(nationalityGroups), personCodes: '' };
}

function draftOf(s: Session): SessionDraft {
  return {
    date: s.date, startTime: s.startTime, endTime: s.endTime, workerUserId: s.workerUserId, interviews: s.interviews, advice: { ...s.advice },
    bySex: { ...zeroCounts(sexGenders), ...s.bySex }, byAge: { ...zeroCounts(ageBands), ...s.byAge }, byNationality: { ...zeroCounts(nationalityGroups), ...s.byNationality },
    personCodes: s.personCodes.join(' '),
  };
}

function codesOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c.length > 0);
}

function SessionForm(props: { idPrefix: string; desk: Desk; team: TeamMember[]; session?: Session; onSaved: () => void; onCancel?: () => void; onStale?: () => void }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const [draft, setDraft] = useState<SessionDraft>(() => (props.session ? draftOf(props.session) : defaultDraft(props.desk, me?.user.id ?? '')));
  const submitter = useSubmit();
  const set = <K extends keyof SessionDraft>(k: K, v: SessionDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const p = props.idPrefix;
  const body = () => ({
    ...draft, startTime: draft.startTime.trim(), endTime: draft.endTime.trim(), personCodes: codesOf(draft.personCodes),
    bySex: givenOrNull(draft.bySex), byAge: givenOrNull(draft.byAge), byNationality: givenOrNull(draft.byNationality),
  });
  const hasBreakdown = (s?: Session) => !!s && (s.bySex !== null || s.byAge !== null || s.byNationality !== null);
  const [showBreakdowns, setShowBreakdowns] = useState(() => hasBreakdown(props.session));
  const submit = () =>
    submitter.run(
      () => {
        const parsed = deskSessionFieldsSchema.safeParse(body());
        const e: Record<string, string> = parsed.success ? {} : zodErrors(t, locale, parsed.error);
        if (!draft.date) e.date = t('field.issue.required');
        if (!draft.workerUserId) e.workerUserId = t('field.issue.required');
        if (breakdownGroups.some((g) => Object.keys(e).some((k) => k === g.field || k.startsWith(`${g.field}.`)))) setShowBreakdowns(true);
        return e;
      },
      async () => {
        if (props.session) {
          try {
            await api.patch(`/api/outreach/desk-sessions/${props.session.id}`, { ...body(), version: props.session.version });
          } catch (e) {
            if ((e as ApiError).status === 409 && props.onStale) {
              props.onStale();
              return;
            }
            throw e;
          }
        } else {
          await api.post(`/api/outreach/desks/${props.desk.id}/sessions`, body());
        }
        props.onSaved();
      },
    );
  const errors = submitter.fieldErrors;
  const codeError = errors.personCodes ?? Object.entries(errors).find(([k]) => k.startsWith('personCodes.'))?.[1];
  const workers = props.team.some((m) => m.userId === draft.workerUserId) || !props.session ? props.team : [...props.team, { userId: draft.workerUserId, displayName: props.session.workerName ?? '—' }];
  return (
    <form
      noValidate
      className="outreach-form"
      aria-label={props.session ? t('desks.session.correctTitle', { date: props.session.date }) : t('desks.session.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorAlert error={submitter.error} />
      <TextField id={`${p}-date`} type="date" label={t('desks.session.date')} value={draft.date} onChange={(v) => set('date', v)} required error={errors.date} />
      <div className="field-two">
        <TextField id={`${p}-start`} label={t('desks.session.start')} value={draft.startTime} onChange={(v) => set('startTime', v)} inputMode="numeric" maxLength={5} hint="HH:MM" required error={errors.startTime} />
        <TextField id={`${p}-end`} label={t('desks.session.end')} value={draft.endTime} onChange={(v) => set('endTime', v)} inputMode="numeric" maxLength={5} hint="HH:MM" required error={errors.endTime} />
      </div>
      <SelectField
        id={`${p}-worker`}
        label={t('desks.session.worker')}
        value={draft.workerUserId}
        onChange={(v) => set('workerUserId', v)}
        placeholder="—"
        options={workers.map((m) => ({ value: m.userId, label: m.displayName }))}
        required
        error={errors.workerUserId}
      />
      <Stepper id={`${p}-interviews`} label={t('desks.session.interviews')} value={draft.interviews} max={outreachLimits.interviewsPerSession} onChange={(v) => set('interviews', v)} error={errors.interviews} />
      <div className="mt-3">
        <CountGroup name={`${p}-advice`} legend={t('desks.session.advice')} keys={adviceKinds} labelPrefix="desks.advice" counts={draft.advice} max={outreachLimits.interviewsPerSession} onChange={(v) => set('advice', v)} errors={prefixed(errors, 'advice', `${p}-advice`)} />
      </div>
      <details
        className="field-group mt-3"
        open={showBreakdowns}
        onToggle={(e) => setShowBreakdowns(e.currentTarget.open)}
      >
        <summary className="h6">{t('desks.session.breakdowns')}</summary>
        <p className="small" id={`${p}-breakdowns-hint`}>
          {t('desks.session.breakdownsHint')}
        </p>
        {breakdownGroups.map((g) => (
          <CountGroup
            key={g.field}
            name={`${p}-${g.field}`}
            legend={t(g.legend)}
            keys={g.keys}
            labelPrefix={g.labelPrefix}
            counts={draft[g.field]}
            max={outreachLimits.interviewsPerSession}
            onChange={(v) => set(g.field, v)}
            errors={prefixed(errors, g.field, `${p}-${g.field}`)}
            footer={<p className="small mb-0">{t('desks.session.breakdownGiven', { given: sumOf(draft[g.field]), count: draft.interviews })}</p>}
          />
        ))}
      </details>
      <TextField id={`${p}-persons`} label={t('desks.session.persons')} hint={t('desks.session.personsHint')} value={draft.personCodes} onChange={(v) => set('personCodes', v)} maxLength={2000} spellCheck={false} error={codeError} />
      <div className="d-flex flex-wrap gap-2">
        <button type="submit" className="btn btn-primary field-big-btn" disabled={submitter.busy}>
          {props.session ? t('desks.session.saveFix') : t('desks.session.save')}
        </button>
        {props.onCancel ? (
          <button type="button" className="btn btn-outline-secondary field-big-btn" onClick={props.onCancel}>
            {t('desks.session.close')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Errors under `from.` renamed to `to.` (the count group's ids differ from the body's field name). */
function prefixed(errors: Record<string, string>, from: string, to: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) if (k === from || k.startsWith(`${from}.`)) out[to + k.slice(from.length)] = v;
  return out;
}
