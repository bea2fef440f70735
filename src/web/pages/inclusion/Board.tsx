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
  enrolments: Figure;
  enrolmentsActive: Figure;
  enrolmentOutcomes: Record<string, Figure>;
  attendanceRate: number | null;
  internshipsActive: Figure;
  internshipOutcomes: Record<string, Figure>;
  placementsActive: Figure;
  placementsByContract: Record<string, Figure>;
  housingMoves: Figure;
  returnsByStatus: Record<string, Figure>;
  /** Small-cell threshold applied, or null when the counts are exact (own organisation). */
  k: number | null;
}

/** A count, or null when hidden to protect small cells. */
type Figure = number | null;

/** A count of the breakdown: absent keys are zeros. */
function cell(counts: Record<string, Figure>, key: string): Figure {
  const v = counts[key];
  return v === undefined ? 0 : v;
}

function CountTable(props: { id: string; title: MessageKey; rows: Array<[string, string | Figure]> }) {
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
              <td className="text-end">{n === null ? <abbr title={t('board.hiddenTitle')}>{t('board.hidden')}</abbr> : n}</td>
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
      {s && s.k !== null ? (
        <p className="alert alert-info" id="board-protected-note">
          {t('board.protectedNote', { k: String(s.k) })}
        </p>
      ) : null}
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
              ...enrolmentOutcomes.map((o): [string, Figure] => [enrolmentOutcomeLabels[o][locale], cell(s.enrolmentOutcomes, o)]),
              [t('board.attendanceRate'), percent(s.attendanceRate, locale, t('inc.noRate'))],
            ]}
          />
          <CountTable
            id="board-internships"
            title="board.internships"
            rows={[[t('board.internshipsActive'), s.internshipsActive], ...internshipOutcomes.map((o): [string, Figure] => [internshipOutcomeLabels[o][locale], cell(s.internshipOutcomes, o)])]}
          />
          <CountTable
            id="board-placements"
            title="board.placements"
            rows={[[t('board.placementsActive'), s.placementsActive], ...contractTypes.map((c): [string, Figure] => [contractTypeLabels[c][locale], cell(s.placementsByContract, c)])]}
          />
          <CountTable
            id="board-returns"
            title="board.returns"
            rows={[[t('board.housing'), s.housingMoves], ...returnStatuses.map((r): [string, Figure] => [returnStatusLabels[r][locale], cell(s.returnsByStatus, r)])]}
          />
        </div>
      ) : null}
    </Page>
  );
}
