/** Audit trail: search with filters, results table, and "who accessed this record". */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Page } from '../../components/Page.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useLoad } from '../../hooks.ts';
import { usePagedList } from '../../paged-list.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { can } from '../../access.ts';
import { useMe } from '../../session.tsx';
import type { AuditItem, Paged, User } from '../../types.ts';

interface AuditPage {
  items: AuditItem[];
  nextBefore: string | null;
}

const filterNames = ['actorUserId', 'action', 'recordType', 'recordId', 'outcome', 'from', 'to'] as const;
type Filters = Record<(typeof filterNames)[number], string>;

const outcomes: ReadonlyArray<{ value: string; label: MessageKey }> = [
  { value: 'success', label: 'audit.outcome.success' },
  { value: 'denied', label: 'audit.outcome.denied' },
  { value: 'failure', label: 'audit.outcome.failure' },
];

function outcomeBadge(outcome: string, t: (k: MessageKey) => string) {
  const known = outcomes.find((o) => o.value === outcome);
  const color = outcome === 'success' ? 'success' : outcome === 'denied' ? 'danger' : 'warning';
  return <Badge color={color}>{known ? t(known.label) : outcome}</Badge>;
}

/** The filters as query parameters; dates go as yyyy-mm-dd (the server includes the whole "to" day). */
function toQuery(f: Filters): Record<string, string> {
  const q: Record<string, string> = {};
  for (const k of filterNames) {
    const v = f[k].trim();
    if (v) q[k] = v;
  }
  return q;
}

function AuditTable(props: { items: readonly AuditItem[]; caption: string; showRecord: boolean }) {
  const { t, formatDateTime } = useI18n();
  return (
    <div className="table-responsive">
      <Table hover id="audit-table" size="sm">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.action')}</th>
            {props.showRecord ? <th scope="col">{t('audit.record')}</th> : null}
            <th scope="col">{t('audit.fields')}</th>
            <th scope="col">{t('audit.outcome')}</th>
            <th scope="col">{t('audit.ip')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((a) => (
            <tr key={a.id}>
              <td className="text-nowrap">
                <time dateTime={a.at}>{formatDateTime(a.at)}</time>
              </td>
              <td>{a.actorEmail ?? a.actorUserId ?? '—'}</td>
              <td>
                <code>{a.action}</code>
              </td>
              {props.showRecord ? (
                <td>
                  {a.recordType && a.recordId ? (
                    <Link to={`/audit/records/${encodeURIComponent(a.recordType)}/${encodeURIComponent(a.recordId)}`} title={t('audit.whoAccessed')}>
                      {a.recordType} <span className="text-nowrap">{a.recordId.slice(0, 8)}</span>
                      <span className="visually-hidden"> — {t('audit.whoAccessed')}</span>
                    </Link>
                  ) : (
                    (a.recordType ?? '—')
                  )}
                </td>
              ) : null}
              <td>{a.fields?.length ? a.fields.join(', ') : '—'}</td>
              <td>{outcomeBadge(a.outcome, t)}</td>
              <td>{a.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function AuditStatus() {
  const { t } = useI18n();
  const status = useLoad((signal) => api.get<{ entries: number; sealed: number; pending: number }>('/api/audit/status', undefined, signal), 'status');
  if (!status.data) return null;
  return <p className="small text-secondary">{t('audit.status', status.data)}</p>;
}

/** Whole-trail reviewers (who also manage users) pick the actor from the list; others paste an identifier. */
function ActorField(props: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const pick = can(me, 'users.manage');
  const users = useLoad(
    async (signal) => {
      if (!pick) return [];
      const answer = await api.get<Paged<User> | User[]>('/api/users', undefined, signal);
      return Array.isArray(answer) ? answer : answer.items;
    },
    pick ? 'users' : 'none',
  );
  if (pick && users.data) {
    return (
      <SelectField
        id="audit-actor"
        label={t('audit.actorUser')}
        value={props.value}
        onChange={props.onChange}
        options={users.data.map((u) => ({ value: u.id, label: `${u.displayName} <${u.email}>` }))}
        placeholder={t('common.all')}
      />
    );
  }
  return <TextField id="audit-actor" label={t('audit.actor')} value={props.value} onChange={props.onChange} spellCheck={false} />;
}

export function AuditSearchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const initial = Object.fromEntries(filterNames.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const [f, setF] = useState<Filters>(initial);
  const applied = Object.fromEntries(filterNames.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const result = usePagedList<AuditItem, string>(
    async ({ before, limit, signal }) => {
      const page = await api.get<AuditPage>('/api/audit', { ...toQuery(applied), limit, ...(before ? { before } : {}) }, signal);
      return { items: page.items, next: page.nextBefore };
    },
    params.toString(),
    { pageSize: 50, maxPage: 200 },
  );
  const set = (k: keyof Filters) => (v: string) => setF((prev) => ({ ...prev, [k]: v }));
  const items = result.items;

  return (
    <Page title={t('audit.title')} lead={t('audit.intro')}>
      <AuditStatus />
      <form
        className="filters row g-3"
        role="search"
        aria-label={t('common.filter')}
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams();
          for (const k of filterNames) if (f[k].trim()) next.set(k, f[k].trim());
          setParams(next);
        }}
      >
        <div className="col-md-4">
          <ActorField value={f.actorUserId} onChange={set('actorUserId')} />
        </div>
        <div className="col-md-4">
          <TextField id="audit-action" label={t('audit.action')} hint={t('audit.actionHint')} value={f.action} onChange={set('action')} spellCheck={false} />
        </div>
        <div className="col-md-4">
          <SelectField
            id="audit-outcome"
            label={t('audit.outcome')}
            value={f.outcome}
            onChange={set('outcome')}
            options={outcomes.map((o) => ({ value: o.value, label: t(o.label) }))}
            placeholder={t('audit.anyOutcome')}
          />
        </div>
        <div className="col-md-4">
          <TextField id="audit-record-type" label={t('audit.recordType')} value={f.recordType} onChange={set('recordType')} spellCheck={false} />
        </div>
        <div className="col-md-4">
          <TextField id="audit-record-id" label={t('audit.recordId')} value={f.recordId} onChange={set('recordId')} spellCheck={false} />
        </div>
        <div className="col-md-2">
          <TextField id="audit-from" type="date" label={t('audit.from')} value={f.from} onChange={set('from')} />
        </div>
        <div className="col-md-2">
          <TextField id="audit-to" type="date" label={t('audit.to')} value={f.to} onChange={set('to')} />
        </div>
        <div className="col-12 d-flex gap-3 mb-3">
          <Button color="primary" type="submit">
            {t('common.search')}
          </Button>
          <Button
            color="primary"
            outline
            type="button"
            onClick={() => {
              setF(Object.fromEntries(filterNames.map((k) => [k, ''])) as Filters);
              setParams(new URLSearchParams());
            }}
          >
            {t('common.reset')}
          </Button>
        </div>
      </form>
      <ErrorAlert error={result.error ?? result.moreError} />
      {result.loading && !result.loaded ? <Loading /> : null}
      {result.loaded ? (
        <>
          <AuditTable items={items} caption={t('audit.resultsCaption')} showRecord />
          {items.length === 0 ? <p>{t('common.noResults')}</p> : null}
          {result.hasMore ? (
            <Button color="primary" outline onClick={() => void result.loadMore()}>
              {t('common.loadMore')}
            </Button>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

export function AuditRecordPage() {
  const { t } = useI18n();
  const { recordType = '', recordId = '' } = useParams();
  const result = useLoad(
    (signal) => api.get<AuditPage>(`/api/audit/records/${encodeURIComponent(recordType)}/${encodeURIComponent(recordId)}`, undefined, signal),
    `${recordType}/${recordId}`,
  );
  return (
    <Page title={t('audit.recordTitle', { type: recordType, id: recordId })}>
      <p>
        <Link to="/audit">{t('common.back')}</Link>
      </p>
      <ErrorAlert error={result.error} />
      {result.loading && !result.data ? <Loading /> : null}
      {result.data ? (
        <>
          <AuditTable items={result.data.items} caption={t('audit.whoAccessed')} showRecord={false} />
          {result.data.items.length === 0 ? <p>{t('common.noResults')}</p> : null}
        </>
      ) : null}
    </Page>
  );
}
