/**
 * Visitors' feedback on the public pages (public.edit): newest first, filtered by review state,
 * each with the page it is about, the answer to "was it useful" and the comment; staff mark it
 * reviewed or archived. Feedback is deleted by itself after its retention date.
 */
import { useState } from 'react';
import { Button, Table } from 'design-react-kit';
import { api, ApiError } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { SelectField } from '../../components/Field.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { languageInfo, isPublicLanguage } from '../../../domain/public/languages.ts';

type Status = 'new' | 'reviewed' | 'archived';

interface FeedbackItem {
  id: string;
  lang: string;
  page: string;
  useful: boolean | null;
  comment: string | null;
  status: Status;
  createdAt: string;
  reviewedBy: { id: string; displayName: string } | null;
  reviewedAt: string | null;
  deleteAfter: string;
  version: number;
}

interface FeedbackList {
  items: FeedbackItem[];
  counts: Record<Status, number>;
  next: string | null;
}

const statuses: readonly Status[] = ['new', 'reviewed', 'archived'];
const statusKey = (s: Status): MessageKey => `pub.feedback.status.${s}`;

export function PublicFeedbackPage() {
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const [status, setStatus] = useState<Status>('new');
  const list = useLoad((signal) => api.get<FeedbackList>('/api/public-feedback', { status }, signal), `feedback-${status}`);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const move = async (item: FeedbackItem, to: Status) => {
    setBusy(item.id);
    setError(null);
    try {
      await api.patch(`/api/public-feedback/${item.id}`, { status: to, version: item.version });
      setNotice(t('pub.feedback.moved', { status: t(statusKey(to)) }));
      list.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
      list.reload();
    } finally {
      setBusy(null);
    }
  };

  const language = (lang: string) => (isPublicLanguage(lang) ? (locale === 'it' ? languageInfo[lang].nameIt : languageInfo[lang].nameEn) : lang);
  const useful = (v: boolean | null) => (v === null ? '—' : v ? t('pub.feedback.yes') : t('pub.feedback.no'));

  return (
    <Page title={t('pub.feedback.title')} lead={t('pub.feedback.lead')}>
      <Notice text={notice} />
      <ErrorAlert error={error ?? list.error} />
      <SelectField
        id="feedback-status"
        label={t('pub.feedback.filter')}
        value={status}
        onChange={(v) => { setNotice(null); setStatus(v as Status); }}
        options={statuses.map((s) => ({ value: s, label: list.data ? `${t(statusKey(s))} (${list.data.counts[s]})` : t(statusKey(s)) }))}
      />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p id="feedback-empty">{t('pub.feedback.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-responsive">
          <Table id="feedback-table">
            <caption className="visually-hidden">{t('pub.feedback.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pub.feedback.when')}</th>
                <th scope="col">{t('pub.feedback.page')}</th>
                <th scope="col">{t('pub.feedback.useful')}</th>
                <th scope="col">{t('pub.feedback.comment')}</th>
                <th scope="col">{t('pub.feedback.deleteAfter')}</th>
                <th scope="col">{t('pub.feedback.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((f) => (
                <tr key={f.id}>
                  <td>{formatDateTime(f.createdAt)}</td>
                  <td>
                    <a href={`/p/${f.lang}${f.page}`}>{f.page}</a> <span className="text-muted">({language(f.lang)})</span>
                  </td>
                  <td>{useful(f.useful)}</td>
                  <td className="feedback-comment" style={{ whiteSpace: 'pre-wrap' }}>{f.comment ?? '—'}</td>
                  <td>{formatDate(f.deleteAfter)}</td>
                  <td>
                    {statuses.filter((s) => s !== f.status).map((s) => (
                      <Button key={s} color="primary" outline size="sm" className="me-2 mb-1" type="button" disabled={busy === f.id} onClick={() => void move(f, s)}>
                        {t(`pub.feedback.to.${s}` as MessageKey)}
                      </Button>
                    ))}
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
