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
  const label = value.total > 0 || (value.counts.notifications ?? 0) > 0 ? t('inbox.badgeLabel', { total: value.total, details }) : t('inbox.badgeNone');
  return (
    <Link to="/inbox" className="slim-item inbox-badge btn btn-sm btn-outline-light" id="inbox-badge" aria-label={label} title={label}>
      <span aria-hidden="true">
        {t('inbox.title')} <span className={`badge ${value.total > 0 ? 'bg-danger' : 'bg-secondary'}`}>{value.total}</span>
      </span>
    </Link>
  );
}
