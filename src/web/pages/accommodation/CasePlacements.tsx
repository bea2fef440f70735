/** The placements of a case, on the case page: facility name, type, province, bed, dates, reason. Never the address. */
import { api } from '../../api.ts';
import { ErrorAlert, Loading } from '../../components/Page.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { facilityTypeLabel, leavingReasonLabel } from './model.ts';

interface CasePlacement {
  id: string;
  facilityName: string;
  facilityType: string;
  province: string;
  organisationName: string;
  bedLabel: string;
  startsOn: string;
  endsOn: string | null;
  leavingReason: string | null;
}

export function CasePlacements(props: { caseId: string }) {
  const { t, locale, formatDate } = useI18n();
  const list = useLoad((signal) => api.get<{ items: CasePlacement[] }>(`/api/cases/${props.caseId}/placements`, undefined, signal), `placements-${props.caseId}`);
  return (
    <section aria-labelledby="case-placements-title" className="mt-4">
      <h2 id="case-placements-title" className="h4">
        {t('acc.case.title')}
      </h2>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('acc.case.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-responsive">
          <table className="table table-sm">
            <caption className="visually-hidden">{t('acc.case.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acc.case.facility')}</th>
                <th scope="col">{t('acc.col.type')}</th>
                <th scope="col">{t('acc.history.bed')}</th>
                <th scope="col">{t('acc.history.from')}</th>
                <th scope="col">{t('acc.history.to')}</th>
                <th scope="col">{t('acc.history.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.facilityName} <span className="text-secondary">({p.organisationName})</span>
                  </td>
                  <td>{facilityTypeLabel(p.facilityType, locale)}</td>
                  <td>{p.bedLabel}</td>
                  <td>{formatDate(p.startsOn)}</td>
                  <td>{p.endsOn ? formatDate(p.endsOn) : t('acc.history.current')}</td>
                  <td>{p.endsOn ? leavingReasonLabel(p.leavingReason, locale) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
