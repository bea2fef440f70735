/**
 * Courses of the organisation: the list with a form for a new course, and a course's page with its
 * sessions, enrolment by case number and the attendance register (one select per session and
 * enrolled case, saved together). Only the enrolments of cases the user follows are shown; the
 * server filters them and checks every rule again.
 */
import { useState } from 'react';
import { Button, Table } from 'design-react-kit';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { attendanceLabels, attendanceStatuses, courseKindLabels, courseKinds, enrolmentOutcomeLabels, type AttendanceStatus } from '../../../domain/inclusion/index.ts';
import { moneyInput, percent, today, type Course, type CourseItem } from './model.ts';

function NewCourseForm(props: { onCreated: () => void }) {
  const { t, locale } = useI18n();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState('');
  const [provider, setProvider] = useState('');
  const [place, setPlace] = useState('');
  const [startsOn, setStartsOn] = useState(today());
  const [endsOn, setEndsOn] = useState('');
  const [hours, setHours] = useState('');
  const form = useSubmit();
  const save = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!title.trim()) e.title = t('validation.required');
        if (!kind) e.kind = t('validation.required');
        if (!startsOn) e.startsOn = t('validation.required');
        if (startsOn && endsOn && endsOn < startsOn) e.endsOn = t('validation.dateOrder');
        return e;
      },
      async () => {
        await api.post('/api/courses', {
          title: title.trim(), kind, startsOn,
          ...(provider.trim() ? { providerName: provider.trim() } : {}), ...(place.trim() ? { place: place.trim() } : {}),
          ...(endsOn ? { endsOn } : {}), ...(hours.trim() ? { plannedHours: moneyInput(hours) } : {}),
        });
        setTitle('');
        setKind('');
        setProvider('');
        setPlace('');
        setEndsOn('');
        setHours('');
        props.onCreated();
      },
    );
  return (
    <form
      noValidate
      className="mt-4 p-3 border rounded"
      aria-labelledby="course-new"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="course-new" className="h5">
        {t('course.new')}
      </h2>
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-6"><TextField id="course-title" label={t('course.title')} value={title} onChange={setTitle} required maxLength={200} error={form.fieldErrors.title} /></div>
        <div className="col-md-6">
          <SelectField id="course-kind" label={t('course.kind')} value={kind} onChange={setKind} required placeholder={t('common.choose')} options={courseKinds.map((k) => ({ value: k, label: courseKindLabels[k][locale] }))} error={form.fieldErrors.kind} />
        </div>
        <div className="col-md-6"><TextField id="course-provider" label={t('course.provider')} value={provider} onChange={setProvider} maxLength={200} error={form.fieldErrors.providerName} /></div>
        <div className="col-md-6"><TextField id="course-place" label={t('course.place')} value={place} onChange={setPlace} maxLength={200} error={form.fieldErrors.place} /></div>
        <div className="col-md-4"><TextField id="course-start" type="date" label={t('inc.startsOn')} value={startsOn} onChange={setStartsOn} required error={form.fieldErrors.startsOn} /></div>
        <div className="col-md-4"><TextField id="course-end" type="date" label={t('inc.endsOn')} value={endsOn} onChange={setEndsOn} error={form.fieldErrors.endsOn} /></div>
        <div className="col-md-4"><TextField id="course-hours" label={t('course.plannedHours')} value={hours} onChange={setHours} inputMode="decimal" error={form.fieldErrors.plannedHours} /></div>
      </div>
      <Button color="primary" type="submit" disabled={form.busy}>
        {t('course.create')}
      </Button>
    </form>
  );
}

export function CourseListPage() {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const list = useLoad(async (signal) => (await api.get<{ items: CourseItem[] }>('/api/courses', undefined, signal)).items, 'courses');
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Page title={t('course.listTitle')} lead={t('course.listLead')}>
      <Notice text={notice} kind="success" />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.length === 0 ? (
          <p>{t('course.none')}</p>
        ) : (
          <div className="table-responsive">
            <Table id="courses">
              <caption className="visually-hidden">{t('course.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('course.title')}</th>
                  <th scope="col">{t('course.kind')}</th>
                  <th scope="col">{t('course.place')}</th>
                  <th scope="col">{t('inc.startsOn')}</th>
                  <th scope="col">{t('inc.endsOn')}</th>
                  <th scope="col">{t('course.sessions')}</th>
                  <th scope="col">{t('course.enrolmentsCount')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/courses/${c.id}`}>{c.title}</Link>
                    </th>
                    <td>{courseKindLabels[c.kind][locale]}</td>
                    <td>{c.place ?? '—'}</td>
                    <td>{formatDate(c.startsOn)}</td>
                    <td>{c.endsOn ? formatDate(c.endsOn) : '—'}</td>
                    <td>{c.sessions}</td>
                    <td>{c.enrolments}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {can(me, 'inclusion.write') ? (
        <NewCourseForm
          onCreated={() => {
            setNotice(t('course.created'));
            list.reload();
          }}
        />
      ) : null}
    </Page>
  );
}

/** The register: one select per session (column) and enrolled case (row); only changed cells are sent. */
function Register(props: { course: Course; canWrite: boolean; onSaved: () => void }) {
  const { t, locale, formatDate } = useI18n();
  const { course } = props;
  const stored = new Map(course.attendance.map((a) => [`${a.sessionId}/${a.enrolmentId}`, a.status]));
  const [marks, setMarks] = useState<Map<string, AttendanceStatus | ''>>(new Map());
  const form = useSubmit();
  const value = (key: string): string => marks.get(key) ?? stored.get(key) ?? '';
  const save = () =>
    form.run(
      () => ({}),
      async () => {
        const changed = [...marks.entries()].filter(([k, v]) => v !== (stored.get(k) ?? ''));
        if (changed.length > 0) {
          await api.put(`/api/courses/${course.id}/attendance`, {
            marks: changed.map(([k, v]) => {
              const [sessionId, enrolmentId] = k.split('/');
              return { sessionId, enrolmentId, status: v === '' ? null : v };
            }),
          });
        }
        setMarks(new Map());
        props.onSaved();
      },
    );
  if (course.sessionList.length === 0) return <p>{t('course.noSessions')}</p>;
  if (course.enrolmentList.length === 0) return <p>{t('course.noEnrolments')}</p>;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <ErrorAlert error={form.error} />
      <div className="table-responsive">
        <Table size="sm" id="attendance-register" className="attendance-register">
          <caption>{t('course.registerCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('course.case')}</th>
              {course.sessionList.map((s) => (
                <th key={s.id} scope="col">
                  {formatDate(s.heldOn)}
                </th>
              ))}
              <th scope="col">{t('inc.attendanceRate')}</th>
              <th scope="col">{t('inc.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {course.enrolmentList.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <Link to={`/cases/${e.caseId}?tab=inclusion`}>{e.caseCode}</Link>
                </th>
                {course.sessionList.map((s) => {
                  const key = `${s.id}/${e.id}`;
                  return (
                    <td key={key}>
                      <select
                        className="form-select form-select-sm"
                        aria-label={t('course.mark', { code: e.caseCode, date: formatDate(s.heldOn) })}
                        value={value(key)}
                        disabled={!props.canWrite}
                        onChange={(ev) => setMarks(new Map(marks).set(key, ev.target.value as AttendanceStatus | ''))}
                      >
                        <option value="">{t('course.unmarked')}</option>
                        {attendanceStatuses.map((a) => (
                          <option key={a} value={a}>
                            {attendanceLabels[a][locale]}
                          </option>
                        ))}
                      </select>
                    </td>
                  );
                })}
                <td>{percent(e.attendanceRate, locale, t('inc.noRate'))}</td>
                <td>{e.outcome ? enrolmentOutcomeLabels[e.outcome][locale] : '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      {props.canWrite ? (
        <Button color="primary" type="submit" disabled={form.busy} id="attendance-save">
          {t('course.saveRegister')}
        </Button>
      ) : null}
    </form>
  );
}

function SessionForm(props: { course: Course; onDone: () => void }) {
  const { t } = useI18n();
  const [heldOn, setHeldOn] = useState(today());
  const [hours, setHours] = useState('');
  const form = useSubmit();
  const save = () =>
    form.run(
      (): FieldErrors => ({ ...(heldOn ? {} : { heldOn: t('validation.required') }), ...(hours.trim() ? {} : { hours: t('validation.required') }) }),
      async () => {
        await api.post(`/api/courses/${props.course.id}/sessions`, { heldOn, hours: moneyInput(hours) });
        setHours('');
        props.onDone();
      },
    );
  return (
    <form
      noValidate
      className="p-3 border rounded mb-3"
      aria-labelledby="session-new"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="session-new" className="h6">
        {t('course.addSession')}
      </h3>
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-6"><TextField id="session-date" type="date" label={t('course.heldOn')} value={heldOn} onChange={setHeldOn} required error={form.fieldErrors.heldOn} /></div>
        <div className="col-md-6"><TextField id="session-hours" label={t('course.hours')} value={hours} onChange={setHours} inputMode="decimal" required error={form.fieldErrors.hours} /></div>
      </div>
      <Button color="primary" outline type="submit" disabled={form.busy}>
        {t('inc.add')}
      </Button>
    </form>
  );
}

function EnrolForm(props: { course: Course; onDone: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const form = useSubmit();
  const save = () =>
    form.run(
      (): FieldErrors => (code.trim() ? {} : { caseCode: t('validation.required') }),
      async () => {
        await api.post(`/api/courses/${props.course.id}/enrolments`, { caseCode: code.trim() });
        setCode('');
        props.onDone();
      },
    );
  return (
    <form
      noValidate
      className="p-3 border rounded mb-3"
      aria-labelledby="enrol-new"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="enrol-new" className="h6">
        {t('course.enrol')}
      </h3>
      <ErrorAlert error={form.error} />
      <TextField id="enrol-code" label={t('course.caseCode')} value={code} onChange={setCode} required maxLength={20} error={form.fieldErrors.caseCode} />
      <Button color="primary" outline type="submit" disabled={form.busy}>
        {t('inc.add')}
      </Button>
    </form>
  );
}

export function CoursePage() {
  const { id = '' } = useParams();
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const canWrite = can(me, 'inclusion.write');
  const loaded = useLoad((signal) => api.get<Course>(`/api/courses/${encodeURIComponent(id)}`, undefined, signal), id);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = (text: string) => () => {
    setNotice(text);
    loaded.reload();
  };
  if (loaded.loading && !loaded.data) return <Loading />;
  const c = loaded.data;
  if (!c) return <ErrorAlert error={loaded.error} />;
  return (
    <Page title={t('course.pageTitle', { title: c.title })} lead={`${courseKindLabels[c.kind][locale]} · ${formatDate(c.startsOn)}${c.endsOn ? ` – ${formatDate(c.endsOn)}` : ''}`}>
      <p>
        <Link to="/courses">{t('course.back')}</Link>
      </p>
      <Notice text={notice} kind="success" />
      <dl className="row">
        <dt className="col-sm-3">{t('course.provider')}</dt>
        <dd className="col-sm-9">{c.providerName ?? '—'}</dd>
        <dt className="col-sm-3">{t('course.place')}</dt>
        <dd className="col-sm-9">{c.place ?? '—'}</dd>
        <dt className="col-sm-3">{t('course.plannedHours')}</dt>
        <dd className="col-sm-9">{c.plannedHours ?? '—'}</dd>
        <dt className="col-sm-3">{t('inc.attendanceRate')}</dt>
        <dd className="col-sm-9" id="course-rate">{percent(c.attendanceRate, locale, t('inc.noRate'))}</dd>
      </dl>
      {canWrite ? (
        <div className="row">
          <div className="col-lg-6"><SessionForm course={c} onDone={changed(t('course.sessionAdded'))} /></div>
          <div className="col-lg-6"><EnrolForm course={c} onDone={changed(t('course.enrolled'))} /></div>
        </div>
      ) : null}
      <h2 className="h4 mt-3">{t('course.register')}</h2>
      {c.hiddenEnrolments > 0 ? <p className="text-muted">{t('course.hidden', { count: String(c.hiddenEnrolments) })}</p> : null}
      <Register key={c.updatedAt} course={c} canWrite={canWrite} onSaved={changed(t('course.registerSaved'))} />
    </Page>
  );
}
