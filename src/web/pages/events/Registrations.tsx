/**
 * The registrants of an event (events.manage; each view is audited): status, contact details and
 * answers, the attendance register (a checkbox per confirmed registrant), the certificate of each
 * attendee (PDF) and the export (CSV, XLSX).
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Table } from 'design-react-kit';
import { api, ApiError } from '../../api.ts';
import { ErrorAlert, Loading, Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import type { EventItem } from './Events.tsx';

interface Registration {
  id: string;
  status: 'confirmed' | 'waiting' | 'cancelled';
  name: string;
  email: string;
  phone: string | null;
  answers: Record<string, string | boolean>;
  attended: boolean;
  createdAt: string;
}

export function EventRegistrationsPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const list = useLoad((signal) => api.get<{ event: EventItem; items: Registration[] }>(`/api/events/${id}/registrations`, undefined, signal), `registrations-${id}`);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The box shows the new mark at once; it goes back if the server refuses it.
  const [marks, setMarks] = useState<Record<string, boolean>>({});
  const attended = (r: Registration) => marks[r.id] ?? r.attended;

  const mark = async (r: Registration, value: boolean) => {
    setBusy(r.id);
    setError(null);
    setMarks((m) => ({ ...m, [r.id]: value }));
    try {
      await api.put(`/api/events/${id}/registrations/${r.id}/attendance`, { attended: value });
      list.reload();
    } catch (e) {
      setMarks((m) => ({ ...m, [r.id]: !value }));
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(null);
    }
  };

  if (list.loading && !list.data) return <Loading />;
  const data = list.data;
  const answerText = (v: string | boolean | undefined) => (typeof v === 'boolean' ? (v ? '✓' : '—') : (v ?? '—'));
  return (
    <Page title={data ? t('ev.regTitle', { title: data.event.title }) : t('ev.registrations')} lead={t('ev.regLead')}
      actions={data ? (
        <>
          <a className="btn btn-outline-primary" href={`/api/events/${id}/registrations/export?format=csv`} download>{t('ev.exportCsv')}</a>
          <a className="btn btn-outline-primary" href={`/api/events/${id}/registrations/export?format=xlsx`} download>{t('ev.exportXlsx')}</a>
        </>
      ) : undefined}
    >
      <ErrorAlert error={error ?? list.error} />
      {data ? <p id="registrations-summary">{t('ev.reg.summary', { confirmed: data.event.confirmed, waiting: data.event.waiting, attended: data.event.attended })}</p> : null}
      {data && data.items.length === 0 ? <p id="registrations-empty">{t('ev.regEmpty')}</p> : null}
      {data && data.items.length > 0 ? (
        <div className="table-responsive">
          <Table id="registrations-table">
            <caption className="visually-hidden">{t('ev.registrations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ev.reg.name')}</th>
                <th scope="col">{t('ev.reg.email')}</th>
                <th scope="col">{t('ev.reg.phone')}</th>
                <th scope="col">{t('ev.reg.status')}</th>
                {data.event.formFields.map((f) => <th scope="col" key={f.key}>{f.label}</th>)}
                <th scope="col">{t('ev.reg.present')}</th>
                <th scope="col">{t('ev.reg.certificate')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}<br /><small className="text-muted">{formatDateTime(r.createdAt)}</small></td>
                  <td>{r.email}</td>
                  <td>{r.phone ?? '—'}</td>
                  <td>{t(`ev.reg.status.${r.status}` as MessageKey)}</td>
                  {data.event.formFields.map((f) => <td key={f.key}>{answerText(r.answers[f.key])}</td>)}
                  <td>
                    {r.status === 'confirmed' ? (
                      <div className="form-check my-0">
                        <input type="checkbox" id={`present-${r.id}`} checked={attended(r)} disabled={busy === r.id} onChange={(e) => void mark(r, e.target.checked)} />
                        {/* Bootstrap Italia draws the box on the label. */}
                        <label htmlFor={`present-${r.id}`}><span className="visually-hidden">{t('ev.reg.presentLabel', { name: r.name })}</span></label>
                      </div>
                    ) : '—'}
                  </td>
                  <td>
                    {r.status === 'confirmed' && attended(r) ? (
                      <a href={`/api/events/${id}/registrations/${r.id}/certificate`} download aria-label={t('ev.reg.certificateOf', { name: r.name })}>PDF</a>
                    ) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </Page>
  );
}
