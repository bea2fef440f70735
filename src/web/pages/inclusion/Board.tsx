/** The inclusion board: counts only, for the user's organisation or (stats.aggregate) the whole network. No person appears. */
import { Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { contractTypeLabels, contractTypes, enrolmentOutcomeLabels, enrolmentOutcomes, internshipOutcomeLabels, internshipOutcomes, returnStatusLabels, returnStatuses } from '../../../domain/inclusion/index.ts';
import { percent } from './model.ts';

interface Summary {
  scope: 'network' | 'organisation';
  organisationName: string | null;
  date: string;
  courses: number;
  coursesRunning: number;
  enrolments: number;
  enrolmentsActive: number;
  enrolmentOutcomes: Record<string, number>;
  attendanceRate: number | null;
  internshipsActive: number;
  internshipOutcomes: Record<string, number>;
  placementsActive: number;
  placementsByContract: Record<string, number>;
  housingMoves: number;
  returnsByStatus: Record<string, number>;
}

function CountTable(props: { id: string; title: MessageKey; rows: Array<[string, string | number]> }) {
  const { t } = useI18n();
  return (
    <section className="col-lg-6 mb-4" aria-labelledby={props.id}>
      <h2 id={props.id} className="h5">
        {t(props.title)}
      </h2>
      <Table size="sm" id={`${props.id}-table`}>
        <caption className="visually-hidden">{t(props.title)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('board.item')}</th>
            <th scope="col" className="text-end">
              {t('board.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([label, n]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="text-end">{n}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}

export function InclusionBoardPage() {
  const { t, locale, formatDate } = useI18n();
  const loaded = useLoad((signal) => api.get<Summary>('/api/inclusion/summary', undefined, signal), 'inclusion-summary');
  const s = loaded.data;
  const lead = s ? `${s.scope === 'network' ? t('board.leadNetwork') : t('board.leadOrg', { name: s.organisationName ?? '' })} ${formatDate(s.date)}` : undefined;
  return (
    <Page title={t('board.title')} lead={lead}>
      <ErrorAlert error={loaded.error} />
      {loaded.loading && !s ? <Loading /> : null}
      {s ? (
        <div className="row">
          <CountTable
            id="board-courses"
            title="board.courses"
            rows={[
              [t('board.coursesRunning'), s.coursesRunning],
              [t('board.coursesTotal'), s.courses],
              [t('board.enrolments'), s.enrolments],
              [t('board.enrolmentsActive'), s.enrolmentsActive],
              ...enrolmentOutcomes.map((o): [string, number] => [enrolmentOutcomeLabels[o][locale], s.enrolmentOutcomes[o] ?? 0]),
              [t('board.attendanceRate'), percent(s.attendanceRate, locale, t('inc.noRate'))],
            ]}
          />
          <CountTable
            id="board-internships"
            title="board.internships"
            rows={[[t('board.internshipsActive'), s.internshipsActive], ...internshipOutcomes.map((o): [string, number] => [internshipOutcomeLabels[o][locale], s.internshipOutcomes[o] ?? 0])]}
          />
          <CountTable
            id="board-placements"
            title="board.placements"
            rows={[[t('board.placementsActive'), s.placementsActive], ...contractTypes.map((c): [string, number] => [contractTypeLabels[c][locale], s.placementsByContract[c] ?? 0])]}
          />
          <CountTable
            id="board-returns"
            title="board.returns"
            rows={[[t('board.housing'), s.housingMoves], ...returnStatuses.map((r): [string, number] => [returnStatusLabels[r][locale], s.returnsByStatus[r] ?? 0])]}
          />
        </div>
      ) : null}
    </Page>
  );
}
