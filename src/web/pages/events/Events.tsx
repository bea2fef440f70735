/**
 * Training events for staff (events.manage): the list with places taken, and the form of an event
 * with the builder of its registration form's extra fields, publication and cancellation.
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { eventFieldTypes, type EventFieldType } from '../../../domain/events/index.ts';

export interface EventField {
  key: string;
  label: string;
  type: EventFieldType;
  required: boolean;
  options?: string[];
}

export interface EventItem {
  id: string;
  slug: string;
  title: string;
  audience: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  capacity: number;
  registrationDeadline: string;
  waitingList: boolean;
  formFields: EventField[];
  consentText: string;
  creditsCode: string | null;
  creditsHours: number | null;
  status: 'draft' | 'published' | 'cancelled';
  confirmed: number;
  waiting: number;
  attended: number;
  version: number;
}

export const statusKey = (s: EventItem['status']): MessageKey => `ev.status.${s}`;

export function EventListPage() {
  const { t, formatDateTime } = useI18n();
  const list = useLoad((signal) => api.get<{ items: EventItem[] }>('/api/events', undefined, signal), 'events');
  return (
    <Page
      title={t('ev.listTitle')}
      lead={t('ev.listLead')}
      actions={<Link className="btn btn-primary" to="/events/new">{t('ev.new')}</Link>}
    >
      <p><a href="/p/it/events">{t('ev.openPublic')}</a></p>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p id="events-empty">{t('ev.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-responsive">
          <Table id="events-table">
            <caption className="visually-hidden">{t('ev.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ev.col.title')}</th>
                <th scope="col">{t('ev.col.when')}</th>
                <th scope="col">{t('ev.col.status')}</th>
                <th scope="col">{t('ev.col.places')}</th>
                <th scope="col">{t('ev.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((e) => (
                <tr key={e.id}>
                  <td><Link to={`/events/${e.id}`}>{e.title}</Link></td>
                  <td>{formatDateTime(e.startsAt)}</td>
                  <td>{t(statusKey(e.status))}</td>
                  <td>{t('ev.placesValue', { confirmed: e.confirmed, capacity: e.capacity, waiting: e.waiting })}</td>
                  <td><Link to={`/events/${e.id}/registrations`} aria-label={`${t('ev.registrations')}: ${e.title}`}>{t('ev.registrations')}</Link></td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </Page>
  );
}

/** An ISO instant as the value of a datetime-local input (the browser's time zone), and back. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function fromLocalInput(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

interface FieldDraft {
  key: string;
  label: string;
  type: EventFieldType;
  required: boolean;
  options: string;
}

interface Draft {
  slug: string;
  title: string;
  audience: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string;
  onlineUrl: string;
  capacity: string;
  registrationDeadline: string;
  waitingList: boolean;
  consentText: string;
  creditsCode: string;
  creditsHours: string;
  fields: FieldDraft[];
}

const emptyDraft: Draft = {
  slug: '', title: '', audience: '', description: '', startsAt: '', endsAt: '', place: '', onlineUrl: '', capacity: '30',
  registrationDeadline: '', waitingList: true, consentText: '', creditsCode: '', creditsHours: '', fields: [],
};

function draftOf(e: EventItem): Draft {
  return {
    slug: e.slug, title: e.title, audience: e.audience, description: e.description, startsAt: toLocalInput(e.startsAt), endsAt: toLocalInput(e.endsAt),
    place: e.place ?? '', onlineUrl: e.onlineUrl ?? '', capacity: String(e.capacity), registrationDeadline: toLocalInput(e.registrationDeadline),
    waitingList: e.waitingList, consentText: e.consentText, creditsCode: e.creditsCode ?? '', creditsHours: e.creditsHours === null ? '' : String(e.creditsHours),
    fields: e.formFields.map((f) => ({ key: f.key, label: f.label, type: f.type, required: f.required, options: (f.options ?? []).join('\n') })),
  };
}

function bodyOf(d: Draft) {
  return {
    slug: d.slug.trim(),
    title: d.title,
    audience: d.audience,
    description: d.description,
    startsAt: fromLocalInput(d.startsAt),
    endsAt: fromLocalInput(d.endsAt),
    place: d.place.trim() === '' ? null : d.place,
    onlineUrl: d.onlineUrl.trim() === '' ? null : d.onlineUrl.trim(),
    capacity: Number(d.capacity),
    registrationDeadline: fromLocalInput(d.registrationDeadline),
    waitingList: d.waitingList,
    formFields: d.fields.map((f) => ({
      key: f.key.trim(), label: f.label, type: f.type, required: f.required,
      ...(f.type === 'select' ? { options: f.options.split('\n').map((o) => o.trim()).filter((o) => o !== '') } : {}),
    })),
    consentText: d.consentText,
    creditsCode: d.creditsCode.trim() === '' ? null : d.creditsCode,
    creditsHours: d.creditsHours.trim() === '' ? null : Number(d.creditsHours.replace(',', '.')),
  };
}

export function EventEditPage() {
  const { id } = useParams();
  const isNew = !id;
  const { t } = useI18n();
  const navigate = useNavigate();
  const loaded = useLoad((signal) => (id ? api.get<EventItem>(`/api/events/${id}`, undefined, signal) : Promise.resolve(null)), `event-${id ?? 'new'}`);
  const [event, setEvent] = useState<EventItem | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [notice, setNotice] = useState<string | null>(null);
  const submit = useSubmit();

  useEffect(() => {
    if (loaded.data) {
      setEvent(loaded.data);
      setDraft(draftOf(loaded.data));
    }
  }, [loaded.data]);

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setField = (i: number, patch: Partial<FieldDraft>) => setDraft((d) => ({ ...d, fields: d.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) }));

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {};
    for (const k of ['slug', 'title', 'audience', 'startsAt', 'endsAt', 'registrationDeadline', 'consentText', 'capacity'] as const) {
      if (draft[k].trim() === '') errors[k] = t('ev.required');
    }
    if (draft.place.trim() === '' && draft.onlineUrl.trim() === '') errors.place = t('ev.placeOrLink');
    return errors;
  };

  const save = () =>
    submit.run(validate, async () => {
      setNotice(null);
      if (isNew) {
        const created = await api.post<EventItem>('/api/events', bodyOf(draft));
        void navigate(`/events/${created.id}`);
        return;
      }
      if (!event) return;
      const saved = await api.put<EventItem>(`/api/events/${event.id}`, { ...bodyOf(draft), version: event.version });
      setEvent(saved);
      setDraft(draftOf(saved));
      setNotice(t('ev.saved'));
    });

  const act = (path: 'publish' | 'unpublish' | 'cancel', done: MessageKey) =>
    submit.run(() => ({}), async () => {
      if (!event) return;
      if (path === 'cancel' && !window.confirm(t('ev.cancelConfirm'))) return;
      const next = await api.post<EventItem>(`/api/events/${event.id}/${path}`, { version: event.version });
      setEvent(next);
      setNotice(t(done));
    });

  if (!isNew && loaded.loading && !event) return <Loading />;
  const fe = submit.fieldErrors;
  const editable = !event || event.status !== 'cancelled';
  return (
    <Page
      title={event ? t('ev.editTitle', { title: event.title }) : t('ev.newTitle')}
      lead={event ? t(statusKey(event.status)) : undefined}
      actions={event ? <Link className="btn btn-outline-primary" to={`/events/${event.id}/registrations`}>{t('ev.registrations')}</Link> : undefined}
    >
      <Notice text={notice} />
      <ErrorAlert error={submit.error ?? loaded.error} />
      <form noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <TextField id="ev-title" label={t('ev.title')} value={draft.title} onChange={set('title')} error={fe.title} required maxLength={200} />
        <TextField id="ev-slug" label={t('ev.slug')} hint={t('ev.slugHint')} value={draft.slug} onChange={set('slug')} error={fe.slug} required maxLength={80} />
        <TextField id="ev-audience" label={t('ev.audience')} value={draft.audience} onChange={set('audience')} error={fe.audience} required maxLength={300} />
        <TextArea id="ev-description" label={t('ev.description')} value={draft.description} onChange={set('description')} error={fe.description} rows={6} />
        <div className="row">
          <div className="col-md-4"><TextField id="ev-starts" type="datetime-local" label={t('ev.startsAt')} value={draft.startsAt} onChange={set('startsAt')} error={fe.startsAt} required /></div>
          <div className="col-md-4"><TextField id="ev-ends" type="datetime-local" label={t('ev.endsAt')} value={draft.endsAt} onChange={set('endsAt')} error={fe.endsAt} required /></div>
          <div className="col-md-4"><TextField id="ev-deadline" type="datetime-local" label={t('ev.deadline')} value={draft.registrationDeadline} onChange={set('registrationDeadline')} error={fe.registrationDeadline} required /></div>
        </div>
        <TextField id="ev-place" label={t('ev.place')} hint={t('ev.placeHint')} value={draft.place} onChange={set('place')} error={fe.place} maxLength={300} />
        <TextField id="ev-online" type="url" label={t('ev.onlineUrl')} value={draft.onlineUrl} onChange={set('onlineUrl')} error={fe.onlineUrl} maxLength={500} />
        <div className="row">
          <div className="col-md-4"><TextField id="ev-capacity" inputMode="numeric" label={t('ev.capacity')} value={draft.capacity} onChange={set('capacity')} error={fe.capacity} required /></div>
          <div className="col-md-4"><TextField id="ev-credits-code" label={t('ev.creditsCode')} value={draft.creditsCode} onChange={set('creditsCode')} error={fe.creditsCode} maxLength={100} /></div>
          <div className="col-md-4"><TextField id="ev-credits-hours" inputMode="decimal" label={t('ev.creditsHours')} value={draft.creditsHours} onChange={set('creditsHours')} error={fe.creditsHours} /></div>
        </div>
        <Checkbox id="ev-waiting" label={t('ev.waitingList')} checked={draft.waitingList} onChange={set('waitingList')} />
        <TextArea id="ev-consent" label={t('ev.consentText')} hint={t('ev.consentHint')} value={draft.consentText} onChange={set('consentText')} error={fe.consentText} required rows={3} />

        <h2 className="h4 mt-4">{t('ev.fields')}</h2>
        <p>{t('ev.fieldsLead')}</p>
        {fe.formFields ? <p className="text-danger" role="alert">{fe.formFields}</p> : null}
        {draft.fields.map((f, i) => (
          <fieldset key={i} className="border rounded p-3 mb-3">
            <legend className="h6 w-auto px-2">{t('ev.field.legend', { n: i + 1 })}</legend>
            <div className="row">
              <div className="col-md-3"><TextField id={`ev-field-${i}-key`} label={t('ev.field.key')} value={f.key} onChange={(v) => setField(i, { key: v })} error={fe[`formFields.${i}.key`]} required maxLength={40} /></div>
              <div className="col-md-5"><TextField id={`ev-field-${i}-label`} label={t('ev.field.label')} value={f.label} onChange={(v) => setField(i, { label: v })} error={fe[`formFields.${i}.label`]} required maxLength={200} /></div>
              <div className="col-md-4">
                <SelectField id={`ev-field-${i}-type`} label={t('ev.field.type')} value={f.type} onChange={(v) => setField(i, { type: v as EventFieldType })}
                  options={eventFieldTypes.map((ty) => ({ value: ty, label: t(`ev.field.type.${ty}` as MessageKey) }))} />
              </div>
            </div>
            {f.type === 'select' ? <TextArea id={`ev-field-${i}-options`} label={t('ev.field.options')} value={f.options} onChange={(v) => setField(i, { options: v })} error={fe[`formFields.${i}.options`]} rows={3} /> : null}
            <Checkbox id={`ev-field-${i}-required`} label={t('ev.field.required')} checked={f.required} onChange={(v) => setField(i, { required: v })} />
            <Button color="danger" outline size="sm" type="button" className="mt-2" onClick={() => setDraft((d) => ({ ...d, fields: d.fields.filter((_, j) => j !== i) }))}>
              {t('ev.field.remove', { n: i + 1 })}
            </Button>
          </fieldset>
        ))}
        <Button color="primary" outline type="button" className="mb-4" onClick={() => setDraft((d) => ({ ...d, fields: [...d.fields, { key: '', label: '', type: 'text', required: false, options: '' }] }))}>
          {t('ev.field.add')}
        </Button>
        <div className="d-flex flex-wrap gap-2">
          {editable ? <Button color="primary" type="submit" disabled={submit.busy}>{t('ev.save')}</Button> : null}
          {event && event.status === 'draft' ? <Button color="primary" outline type="button" disabled={submit.busy} onClick={() => void act('publish', 'ev.published')}>{t('ev.publish')}</Button> : null}
          {event && event.status === 'published' ? <Button color="primary" outline type="button" disabled={submit.busy} onClick={() => void act('unpublish', 'ev.unpublished')}>{t('ev.unpublish')}</Button> : null}
          {event && event.status !== 'cancelled' ? <Button color="danger" outline type="button" disabled={submit.busy} onClick={() => void act('cancel', 'ev.cancelledDone')}>{t('ev.cancel')}</Button> : null}
        </div>
      </form>
    </Page>
  );
}
