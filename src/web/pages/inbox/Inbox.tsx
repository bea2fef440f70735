/**
 * The inbox page (/inbox): one section per kind the user acts on, each item linking to its
 * record. Items show codes, kinds and dates only; unread notifications can be marked read here.
 */
import { Link } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { useLoad } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { forgetInboxCounts, type InboxKind } from '../../inbox-count.ts';
import { ErrorAlert, Loading, Page } from '../../components/Page.tsx';
import { labelOr } from '../cases/model.ts';
import { reasonLabel } from '../referrals/model.ts';

export interface InboxItem {
  id: string;
  link: string | null;
  at: string;
  dueAt: string | null;
  overdue: boolean;
  code: string | null;
  caseCode: string | null;
  personCode: string | null;
  what: string;
  status: string | null;
  from: string | null;
  to: string | null;
  unread: boolean | null;
  side: 'hotline' | 'sender' | null;
}

interface InboxAnswer {
  counts: Partial<Record<InboxKind, number>>;
  total: number;
  sections: { kind: InboxKind; count: number; items: InboxItem[] }[];
}

function Item(props: { kind: InboxKind; item: InboxItem; onRead: (id: string) => void }) {
  const { t, locale, formatDateTime } = useI18n();
  const { kind, item } = props;
  let text: string;
  switch (kind) {
    case 'referrals':
      text = `${item.code ?? ''} · ${reasonLabel(item.what, locale)}`;
      break;
    case 'approvals':
      text = `${item.caseCode ?? ''} · ${labelOr(t, `inbox.approval.${item.what}`, item.what)}`;
      break;
    case 'steps':
      text = `${item.what} · ${labelOr(t, `inbox.subject.${item.status ?? ''}`, item.status ?? '')}`;
      break;
    case 'transfers':
      text = `${item.caseCode ?? ''} (${item.personCode ?? ''}) · ${labelOr(t, `transfer.reason.${item.what}`, item.what)}`;
      break;
    case 'coordinations':
      text = `${item.caseCode ?? ''} · ${item.from ?? ''} → ${item.to ?? ''} · ${labelOr(t, `coord.status.${item.status ?? ''}`, item.status ?? '')}`;
      break;
    case 'notifications':
      text = labelOr(t, `notif.${item.what}`, item.what);
      break;
  }
  const extra: string[] = [];
  if (item.from && kind !== 'coordinations') extra.push(`${t('inbox.from')} ${item.from}`);
  extra.push(formatDateTime(item.at));
  if (item.dueAt) extra.push(`${t('inbox.due')} ${formatDateTime(item.dueAt)}`);
  return (
    <li className={`border-start border-4 ps-3 mb-2 ${item.overdue ? 'border-danger' : item.unread ? 'border-primary' : ''}`} data-kind={kind}>
      {item.link ? <Link to={item.link}>{text}</Link> : text}{' '}
      {item.dueAt ? (
        item.overdue ? <span className="badge bg-danger">{t('inbox.overdue')}</span> : kind === 'steps' ? <span className="badge bg-warning text-dark">{t('inbox.dueSoon')}</span> : null
      ) : null}{' '}
      <span className="small text-secondary">· {extra.join(' · ')}</span>
      {item.unread ? (
        <Button color="primary" outline size="xs" type="button" className="ms-2 btn-sm" onClick={() => props.onRead(item.id)}>
          {t('inbox.markRead')}
          <span className="visually-hidden"> {text}</span>
        </Button>
      ) : null}
    </li>
  );
}

export function InboxPage() {
  const { t } = useI18n();
  const inbox = useLoad((signal) => api.get<InboxAnswer>('/api/inbox', undefined, signal), 'inbox');
  const markRead = async (id: string) => {
    await api.post(`/api/notifications/${id}/read`).catch(() => undefined);
    forgetInboxCounts();
    inbox.reload();
  };
  return (
    <Page title={t('inbox.title')} lead={t('inbox.lead')}>
      {inbox.error ? (
        <>
          <p>{t('inbox.unavailable')}</p>
          <ErrorAlert error={inbox.error} />
        </>
      ) : null}
      {!inbox.data && !inbox.error ? <Loading /> : null}
      {inbox.data?.sections.map((s) => (
        <section key={s.kind} aria-labelledby={`inbox-${s.kind}-title`} className="mt-4" id={`inbox-${s.kind}`}>
          <h2 id={`inbox-${s.kind}-title`} className="h4">
            {t(`inbox.kind.${s.kind}` as MessageKey)} <span className={`badge ${s.count > 0 ? 'bg-primary' : 'bg-secondary'}`}>{s.count}</span>
          </h2>
          {s.items.length === 0 ? <p className="text-secondary">{t('inbox.empty')}</p> : null}
          {s.items.length > 0 ? (
            <ul className="list-unstyled">
              {s.items.map((item) => (
                <Item key={item.id} kind={s.kind} item={item} onRead={(id) => void markRead(id)} />
              ))}
            </ul>
          ) : null}
          {s.count > s.items.length ? <p className="small text-secondary">{t('inbox.more', { shown: s.items.length, count: s.count })}</p> : null}
        </section>
      ))}
    </Page>
  );
}
