/**
 * The header's to-do badge: a link to /inbox with the total waiting for action, and an accessible
 * label that lists the count of each kind the user sees.
 */
import { Link } from 'react-router-dom';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { inboxKinds, useInboxCounts } from '../../inbox-count.ts';
import type { Me } from '../../types.ts';

export function InboxBadge(props: { me: Me }) {
  const { t } = useI18n();
  const value = useInboxCounts(props.me);
  if (!value) return null;
  const details = inboxKinds
    .filter((k) => value.counts[k] !== undefined)
    .map((k) => t(`inbox.count.${k}` as MessageKey, { count: value.counts[k] ?? 0 }))
    .join(', ');
  const none = value.total === 0 && (value.counts.notifications ?? 0) === 0;
  // The accessible name starts with the visible text ("Da fare 2") and goes on with the counts per kind.
  return (
    <Link to="/inbox" className="slim-item inbox-badge btn btn-sm btn-outline-light" id="inbox-badge">
      {t('inbox.title')} <span className={`badge ${value.total > 0 ? 'bg-danger' : 'bg-secondary'}`}>{value.total}</span>
      <span className="visually-hidden">: {none ? t('inbox.badgeNone') : details}</span>
    </Link>
  );
}
