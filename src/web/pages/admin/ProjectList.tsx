/** Projects (regional plans) of the network: the list. */
import { Link, useLocation } from 'react-router-dom';
import { Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import type { Paged, Project } from '../../types.ts';
import { formatEuro } from '../../validate.ts';

export function ProjectListPage() {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const location = useLocation();
  const list = useLoad(async (signal) => {
    const answer = await api.get<Paged<Project> | Project[]>('/api/projects', undefined, signal);
    return Array.isArray(answer) ? answer : answer.items;
  }, 'projects');
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  return (
    <Page
      title={t('project.listTitle')}
      actions={
        can(me, 'network.manage') ? (
          <Link className="btn btn-primary" to="/projects/new">
            {t('project.new')}
          </Link>
        ) : null
      }
    >
      <Notice text={notice} />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-responsive">
          <Table hover id="project-table">
            <caption className="visually-hidden">{t('project.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('project.edition')}</th>
                <th scope="col">{t('project.period')}</th>
                <th scope="col">{t('project.lead')}</th>
                <th scope="col">{t('project.funder')}</th>
                <th scope="col" className="text-end">
                  {t('project.budget')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  </th>
                  <td>{p.edition ?? '—'}</td>
                  <td>
                    {formatDate(p.periodStart)} – {formatDate(p.periodEnd)}
                  </td>
                  <td>{p.leadOrganisation.name}</td>
                  <td>{p.funder}</td>
                  <td className="text-end text-nowrap">{formatEuro(p.budgetTotal, locale)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {list.data.length === 0 ? <p>{t('common.noResults')}</p> : null}
        </div>
      ) : null}
    </Page>
  );
}
