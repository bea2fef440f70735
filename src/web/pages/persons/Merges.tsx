/** Merge requests awaiting a coordinator: approve (identities move to the kept record) or reject. */
import { Link } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading } from '../../components/Page.tsx';
import { useLoad, useSubmit } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';

interface MergeRequest {
  id: string;
  status: string;
  keptPerson: { id: string; code: string };
  mergedPerson: { id: string; code: string };
  reason: string | null;
  requestedBy: { id: string; displayName: string } | null;
  requestedAt: string;
}

export function MergeInbox() {
  const { t, formatDateTime } = useI18n();
  const list = useLoad(async (signal) => (await api.get<{ items: MergeRequest[] }>('/api/persons/merges', { status: 'requested' }, signal)).items, 'merges');
  return (
    <section aria-labelledby="merge-inbox-title" className="mt-5">
      <h2 id="merge-inbox-title" className="h4">
        {t('merge.inboxTitle')}
      </h2>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p>{t('approval.none')}</p> : null}
      <ul className="list-unstyled" id="merge-list">
        {(list.data ?? []).map((m) => (
          <li key={m.id} className="border rounded p-3 mb-3">
            <p className="mb-1">
              {t('merge.what', { merged: m.mergedPerson.code, kept: m.keptPerson.code })} (<Link to={`/persons/${m.mergedPerson.id}`}>{m.mergedPerson.code}</Link>,{' '}
              <Link to={`/persons/${m.keptPerson.id}`}>{m.keptPerson.code}</Link>)
            </p>
            <p className="small text-secondary mb-1">
              {m.requestedBy?.displayName ?? '—'} · {formatDateTime(m.requestedAt)}
            </p>
            {m.reason ? <p className="text-prewrap">{m.reason}</p> : null}
            <MergeDecision id={m.id} onDone={list.reload} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function MergeDecision(props: { id: string; onDone: () => void }) {
  const { t } = useI18n();
  const form = useSubmit();
  const decide = (action: 'approve' | 'reject') =>
    form.run(
      () => ({}),
      async () => {
        await api.post(`/api/persons/merges/${props.id}/${action}`);
        props.onDone();
      },
    );
  return (
    <>
      <ErrorAlert error={form.error} />
      <div className="d-flex gap-2">
        <Button color="success" type="button" disabled={form.busy} onClick={() => void decide('approve')}>
          {t('approval.approve')}
        </Button>
        <Button color="danger" outline type="button" disabled={form.busy} onClick={() => void decide('reject')}>
          {t('approval.reject')}
        </Button>
      </div>
    </>
  );
}
