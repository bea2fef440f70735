/**
 * On a hotline report received by the user's body: the first-contact procedure and the
 * "Primo contatto avvenuto / First contact made" button, which completes its first step
 * (POST /api/referrals/:id/first-contact).
 */
import { useId, useState } from 'react';
import { Button } from 'design-react-kit';
import { api, ApiError } from '../../api.ts';
import { useLoad } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { forgetInboxCounts } from '../../inbox-count.ts';
import { ErrorAlert, Notice } from '../../components/Page.tsx';
import { TextArea } from '../../components/Field.tsx';
import { labelOr } from '../cases/model.ts';

interface FirstContact {
  runId: string;
  status: 'open' | 'completed' | 'cancelled';
  currentStep: string;
  pending: boolean;
  dueAt: string | null;
  state: string | null;
  closedOutcome: string | null;
}

export function FirstContactPanel(props: { referralId: string }) {
  const { t, formatDateTime } = useI18n();
  const titleId = useId();
  const loaded = useLoad((signal) => api.get<FirstContact>(`/api/referrals/${props.referralId}/first-contact`, undefined, signal), `fc:${props.referralId}`);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // No run (procedure not active, or not this body's): nothing to show.
  if (!loaded.data) return null;
  const fc = loaded.data;
  const record = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/referrals/${props.referralId}/first-contact`, note.trim() ? { note: note.trim() } : {});
      setNotice(t('firstContact.recorded'));
      forgetInboxCounts();
      loaded.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 500, code: 'internal', message: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={titleId} className="mt-4" id="first-contact">
      <h2 id={titleId} className="h4">
        {t('firstContact.title')}
      </h2>
      <Notice text={notice} />
      <ErrorAlert error={error} />
      {fc.pending ? (
        <>
          <p>
            {t('firstContact.pending')} {fc.dueAt ? <strong className={fc.state === 'overdue' ? 'text-danger' : undefined}>{t('firstContact.due', { due: formatDateTime(fc.dueAt) })}</strong> : null}
          </p>
          <TextArea label={t('firstContact.note')} value={note} onChange={setNote} rows={2} />
          <Button color="primary" type="button" disabled={busy} onClick={() => void record()} id="first-contact-done">
            {t('firstContact.done')}
          </Button>
        </>
      ) : fc.status === 'cancelled' ? (
        <p>{t('firstContact.closed', { outcome: labelOr(t, `firstContact.outcome.${fc.closedOutcome ?? ''}`, fc.closedOutcome ?? '—') })}</p>
      ) : (
        <p>{t('firstContact.atStep', { step: fc.currentStep })}</p>
      )}
    </section>
  );
}
