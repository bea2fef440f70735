/**
 * What waits for the user on the home page: notifications (a record named, never personal data)
 * and overdue tasks of their cases.
 */
import { Link } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { api } from '../api.ts';
import { can } from '../access.ts';
import { useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { useMe } from '../session.tsx';
import { useWaitingReferrals } from '../referrals-count.ts';
import { items, labelOr, type MyTask, type Notification } from './cases/model.ts';

function recordLink(n: Notification, approver: boolean): string | null {
  switch (n.recordType) {
    case 'case':
      return n.recordId ? `/cases/${n.recordId}` : null;
    case 'person':
      return n.recordId ? `/persons/${n.recordId}` : null;
    case 'referral':
      return n.recordId ? `/referrals/${n.recordId}` : null;
    case 'case_transfer':
      return n.kind === 'case.transfer_requested' ? '/transfers?box=in' : '/transfers?box=out';
    case 'case_approval_request':
      return approver && n.kind === 'case.approval_requested' ? '/case-approvals' : null;
    default:
      return null;
  }
}

export function HomeWork() {
  const { t, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const notifications = useLoad(async (signal) => {
    const answer = await api.get<{ items: Notification[]; unread?: number } | Notification[]>('/api/notifications', undefined, signal);
    return { list: items(answer), unread: Array.isArray(answer) ? undefined : answer.unread };
  }, 'notifications');
  const withTasks = can(me, 'cases.read');
  const tasks = useLoad(async (signal) => (withTasks ? items(await api.get<{ items: MyTask[] } | MyTask[]>('/api/me/tasks', undefined, signal)) : []), `tasks:${withTasks}`);
  const overdue = (tasks.data ?? []).filter((x) => x.overdue);
  const waiting = useWaitingReferrals(me);
  const markRead = async (id: string) => {
    await api.post(`/api/notifications/${id}/read`).catch(() => undefined);
    notifications.reload();
  };
  const list = notifications.data?.list ?? [];
  const unread = notifications.data?.unread ?? list.filter((n) => !n.readAt).length;
  return (
    <>
      {waiting && waiting.total > 0 ? (
        <section aria-labelledby="referrals-waiting-title" className="alert alert-info mt-4" id="home-referrals">
          <h2 id="referrals-waiting-title" className="h5">
            {t('home.referralsWaiting', { count: waiting.total })}
            {waiting.dueSoon > 0 ? ` — ${t('home.referralsDueSoon', { count: waiting.dueSoon })}` : ''}
          </h2>
          <Link to="/referrals?box=in&status=sent">{t('home.referralsOpen')}</Link>
        </section>
      ) : null}
      {withTasks && !tasks.error && overdue.length > 0 ? (
        <section aria-labelledby="overdue-title" className="alert alert-warning mt-4" id="overdue-tasks">
          <h2 id="overdue-title" className="h5">
            {t('home.overdue', { count: overdue.length })}
          </h2>
          <ul className="mb-0">
            {overdue.map((task) => (
              <li key={task.id}>
                <Link to={`/cases/${task.caseId}`}>{task.caseCode ?? t('home.case')}</Link>: {task.title} · {t('rec.due')} {formatDate(task.dueOn)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="notif-title" className="mt-4" id="notifications">
        <h2 id="notif-title" className="h4">
          {t('home.notifications')} {unread > 0 ? <span className="badge bg-primary">{t('home.unread', { count: unread })}</span> : null}
        </h2>
        {notifications.error ? <p className="text-secondary">{t('home.notificationsUnavailable')}</p> : null}
        {notifications.data && list.length === 0 ? <p>{t('home.noNotifications')}</p> : null}
        {list.length > 0 ? (
          <ul className="list-unstyled">
            {list.slice(0, 10).map((n) => {
              const to = recordLink(n, can(me, 'cases.approve'));
              const text = labelOr(t, `notif.${n.kind}`, n.kind);
              return (
                <li key={n.id} className={`border-start border-4 ps-3 mb-2${n.readAt ? '' : ' border-primary'}`}>
                  {to ? <Link to={to}>{text}</Link> : text} <span className="small text-secondary">· {formatDateTime(n.createdAt)}</span>
                  {n.readAt ? null : (
                    <Button color="primary" outline size="xs" type="button" className="ms-2 btn-sm" onClick={() => void markRead(n.id)}>
                      {t('home.markRead')}
                      <span className="visually-hidden"> {text}</span>
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        ) : null}
      </section>
    </>
  );
}
