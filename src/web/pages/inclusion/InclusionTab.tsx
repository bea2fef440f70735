/**
 * The case's "Inclusione" tab: the courses the person attends (with attendance), internships, job
 * placements, the move to independent housing and assisted voluntary return, each listed with a
 * form to add one and (inclusion.write) a form to edit each, sent with the version read: a stale
 * edit shows the server's conflict message. Value lists come from src/domain/inclusion; the server checks every rule again
 * and decides who may write (inclusion.write).
 */
import { useState, type ReactNode } from 'react';
import { Button, Table } from 'design-react-kit';
import { Link } from 'react-router-dom';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice } from '../../components/Page.tsx';
import { MultiSelect, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors, type Submitter } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { countryName, countryOptions } from '../persons/model.ts';
import {
  contractTypeLabels,
  contractTypes,
  courseKindLabels,
  enrolmentOutcomeLabels,
  housingKindLabels,
  housingKinds,
  housingSupportLabels,
  housingSupports,
  internshipOutcomeLabels,
  internshipOutcomes,
  isicSectionLabels,
  isicSections,
  placementOutcomeLabels,
  placementOutcomes,
  reintegrationSupportLabels,
  reintegrationSupports,
  returnStatusLabels,
} from '../../../domain/inclusion/index.ts';
import { euro, moneyInput, percent, today, type CaseInclusion, type Housing, type Internship, type Placement, type VoluntaryReturn } from './model.ts';

type Localized = { it: string; en: string };
function options<K extends string>(codes: readonly K[], labels: Record<K, Localized>, locale: 'it' | 'en') {
  return codes.map((c) => ({ value: c, label: labels[c][locale] }));
}

/** A form with a heading, the server's error and a submit button. */
function AddForm(props: { id: string; title: string; form: Submitter; onSubmit: () => void; children: ReactNode; editing?: boolean; onClose?: () => void }) {
  const { t } = useI18n();
  return (
    <form
      noValidate
      className="mt-3 p-3 border rounded"
      aria-labelledby={`${props.id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <h4 id={`${props.id}-title`} className="h6">
        {props.title}
      </h4>
      <ErrorAlert error={props.form.error} />
      {props.children}
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" type="submit" disabled={props.form.busy}>
          {props.editing ? t('inc.saveChanges') : t('inc.add')}
        </Button>
        {props.onClose ? (
          <Button color="secondary" outline type="button" onClick={props.onClose}>
            {t('inc.closeEdit')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function datesErrors(t: (k: 'validation.required' | 'validation.dateOrder') => string, startsOn: string, endsOn: string): FieldErrors {
  const e: FieldErrors = {};
  if (!startsOn) e.startsOn = t('validation.required');
  if (startsOn && endsOn && endsOn < startsOn) e.endsOn = t('validation.dateOrder');
  return e;
}

function InternshipForm(props: { caseId: string; onDone: () => void; existing?: Internship; onClose?: () => void }) {
  const { t, locale } = useI18n();
  const x = props.existing;
  const p = x ? 'inc-edit' : 'inc';
  const [employer, setEmployer] = useState(x?.employerName ?? '');
  const [sector, setSector] = useState<string>(x?.sector ?? '');
  const [tutor, setTutor] = useState(x?.tutorName ?? '');
  const [hours, setHours] = useState(x?.hoursPerWeek ?? '');
  const [stipend, setStipend] = useState(x?.monthlyStipend ?? '');
  const [startsOn, setStartsOn] = useState(x?.startsOn ?? today());
  const [endsOn, setEndsOn] = useState(x?.endsOn ?? '');
  const [outcome, setOutcome] = useState<string>(x?.outcome ?? '');
  const [reason, setReason] = useState(x?.outcomeReason ?? '');
  const form = useSubmit();
  const save = () =>
    form.run(
      () => ({ ...datesErrors(t, startsOn, endsOn), ...(employer.trim() ? {} : { employerName: t('validation.required') }), ...(outcome === 'interrupted' && !reason.trim() ? { outcomeReason: t('validation.required') } : {}) }),
      async () => {
        if (x) {
          await api.patch(`/api/inclusion/internships/${x.id}`, {
            version: x.version, employerName: employer.trim(), startsOn, sector: sector || null, tutorName: tutor.trim() || null,
            hoursPerWeek: hours.trim() ? moneyInput(hours) : null, monthlyStipend: stipend.trim() ? moneyInput(stipend) : null, endsOn: endsOn || null,
            outcome: outcome || null, outcomeReason: outcome === 'interrupted' && reason.trim() ? reason.trim() : null,
          });
          props.onDone();
          return;
        }
        await api.post(`/api/cases/${props.caseId}/inclusion/internships`, {
          employerName: employer.trim(), startsOn,
          ...(sector ? { sector } : {}), ...(tutor.trim() ? { tutorName: tutor.trim() } : {}), ...(hours.trim() ? { hoursPerWeek: moneyInput(hours) } : {}),
          ...(stipend.trim() ? { monthlyStipend: moneyInput(stipend) } : {}), ...(endsOn ? { endsOn } : {}), ...(outcome ? { outcome } : {}),
          ...(outcome === 'interrupted' && reason.trim() ? { outcomeReason: reason.trim() } : {}),
        });
        props.onDone();
      },
    );
  return (
    <AddForm id={`${p}-internship`} title={x ? t('inc.editInternship', { name: x.employerName }) : t('inc.newInternship')} form={form} onSubmit={() => void save()} editing={!!x} onClose={props.onClose}>
      <div className="row">
        <div className="col-md-6"><TextField id={`${p}-int-employer`} label={t('inc.employer')} value={employer} onChange={setEmployer} required maxLength={200} error={form.fieldErrors.employerName} /></div>
        <div className="col-md-6"><SelectField id={`${p}-int-sector`} label={t('inc.sector')} value={sector} onChange={setSector} placeholder={t('common.choose')} options={isicSections.map((s) => ({ value: s, label: `${s} – ${isicSectionLabels[s][locale]}` }))} error={form.fieldErrors.sector} /></div>
        <div className="col-md-6"><TextField id={`${p}-int-tutor`} label={t('inc.tutor')} value={tutor} onChange={setTutor} maxLength={200} error={form.fieldErrors.tutorName} /></div>
        <div className="col-md-3"><TextField id={`${p}-int-hours`} label={t('inc.hoursPerWeek')} value={hours} onChange={setHours} inputMode="decimal" error={form.fieldErrors.hoursPerWeek} /></div>
        <div className="col-md-3"><TextField id={`${p}-int-stipend`} label={t('inc.stipend')} hint={t('inc.stipendHint')} value={stipend} onChange={setStipend} inputMode="decimal" error={form.fieldErrors.monthlyStipend} /></div>
        <div className="col-md-3"><TextField id={`${p}-int-start`} type="date" label={t('inc.startsOn')} value={startsOn} onChange={setStartsOn} required error={form.fieldErrors.startsOn} /></div>
        <div className="col-md-3"><TextField id={`${p}-int-end`} type="date" label={t('inc.endsOn')} value={endsOn} onChange={setEndsOn} error={form.fieldErrors.endsOn} /></div>
        <div className="col-md-6"><SelectField id={`${p}-int-outcome`} label={t('inc.outcome')} value={outcome} onChange={setOutcome} placeholder={t('common.choose')} options={options(internshipOutcomes, internshipOutcomeLabels, locale)} error={form.fieldErrors.outcome} /></div>
      </div>
      {outcome === 'interrupted' ? <TextArea id={`${p}-int-reason`} label={t('inc.outcomeReason')} value={reason} onChange={setReason} required error={form.fieldErrors.outcomeReason} /> : null}
    </AddForm>
  );
}

function PlacementForm(props: { caseId: string; onDone: () => void; existing?: Placement; onClose?: () => void }) {
  const { t, locale } = useI18n();
  const x = props.existing;
  const p = x ? 'inc-edit' : 'inc';
  const [employer, setEmployer] = useState(x?.employerName ?? '');
  const [sector, setSector] = useState<string>(x?.sector ?? '');
  const [contract, setContract] = useState<string>(x?.contractType ?? '');
  const [hours, setHours] = useState(x?.hoursPerWeek ?? '');
  const [startsOn, setStartsOn] = useState(x?.startsOn ?? today());
  const [endsOn, setEndsOn] = useState(x?.endsOn ?? '');
  const [outcome, setOutcome] = useState<string>(x?.outcome ?? '');
  const form = useSubmit();
  const save = () =>
    form.run(
      () => ({ ...datesErrors(t, startsOn, endsOn), ...(employer.trim() ? {} : { employerName: t('validation.required') }), ...(contract ? {} : { contractType: t('validation.required') }) }),
      async () => {
        if (x) {
          await api.patch(`/api/inclusion/placements/${x.id}`, {
            version: x.version, employerName: employer.trim(), contractType: contract, startsOn, sector: sector || null,
            hoursPerWeek: hours.trim() ? moneyInput(hours) : null, endsOn: endsOn || null, outcome: outcome || null,
          });
          props.onDone();
          return;
        }
        await api.post(`/api/cases/${props.caseId}/inclusion/placements`, {
          employerName: employer.trim(), contractType: contract, startsOn,
          ...(sector ? { sector } : {}), ...(hours.trim() ? { hoursPerWeek: moneyInput(hours) } : {}), ...(endsOn ? { endsOn } : {}), ...(outcome ? { outcome } : {}),
        });
        props.onDone();
      },
    );
  return (
    <AddForm id={`${p}-placement`} title={x ? t('inc.editPlacement', { name: x.employerName }) : t('inc.newPlacement')} form={form} onSubmit={() => void save()} editing={!!x} onClose={props.onClose}>
      <div className="row">
        <div className="col-md-6"><TextField id={`${p}-pl-employer`} label={t('inc.placementEmployer')} value={employer} onChange={setEmployer} required maxLength={200} error={form.fieldErrors.employerName} /></div>
        <div className="col-md-6"><SelectField id={`${p}-pl-sector`} label={t('inc.sector')} value={sector} onChange={setSector} placeholder={t('common.choose')} options={isicSections.map((s) => ({ value: s, label: `${s} – ${isicSectionLabels[s][locale]}` }))} error={form.fieldErrors.sector} /></div>
        <div className="col-md-6"><SelectField id={`${p}-pl-contract`} label={t('inc.contractType')} value={contract} onChange={setContract} required placeholder={t('common.choose')} options={options(contractTypes, contractTypeLabels, locale)} error={form.fieldErrors.contractType} /></div>
        <div className="col-md-6"><TextField id={`${p}-pl-hours`} label={t('inc.hoursPerWeek')} value={hours} onChange={setHours} inputMode="decimal" error={form.fieldErrors.hoursPerWeek} /></div>
        <div className="col-md-4"><TextField id={`${p}-pl-start`} type="date" label={t('inc.startsOn')} value={startsOn} onChange={setStartsOn} required error={form.fieldErrors.startsOn} /></div>
        <div className="col-md-4"><TextField id={`${p}-pl-end`} type="date" label={t('inc.endsOn')} value={endsOn} onChange={setEndsOn} error={form.fieldErrors.endsOn} /></div>
        <div className="col-md-4"><SelectField id={`${p}-pl-outcome`} label={t('inc.outcome')} value={outcome} onChange={setOutcome} placeholder={t('common.choose')} options={options(placementOutcomes, placementOutcomeLabels, locale)} error={form.fieldErrors.outcome} /></div>
      </div>
    </AddForm>
  );
}

function HousingForm(props: { caseId: string; onDone: () => void; existing?: Housing; onClose?: () => void }) {
  const { t, locale } = useI18n();
  const x = props.existing;
  const p = x ? 'inc-edit' : 'inc';
  const [movedOn, setMovedOn] = useState(x?.movedOn ?? today());
  const [kind, setKind] = useState<string>(x?.kind ?? '');
  const [support, setSupport] = useState<string[]>(x?.support ?? []);
  const [note, setNote] = useState(x?.note ?? '');
  const form = useSubmit();
  const save = () =>
    form.run(
      () => ({ ...(movedOn ? {} : { movedOn: t('validation.required') }), ...(kind ? {} : { kind: t('validation.required') }) }),
      async () => {
        if (x) {
          await api.patch(`/api/inclusion/housing/${x.id}`, { version: x.version, movedOn, kind, support, note: note.trim() || null });
          props.onDone();
          return;
        }
        await api.post(`/api/cases/${props.caseId}/inclusion/housing`, { movedOn, kind, support, ...(note.trim() ? { note: note.trim() } : {}) });
        props.onDone();
      },
    );
  return (
    <AddForm id={`${p}-housing`} title={x ? t('inc.editHousing') : t('inc.newHousing')} form={form} onSubmit={() => void save()} editing={!!x} onClose={props.onClose}>
      <div className="row">
        <div className="col-md-6"><TextField id={`${p}-h-moved`} type="date" label={t('inc.movedOn')} value={movedOn} onChange={setMovedOn} required error={form.fieldErrors.movedOn} /></div>
        <div className="col-md-6"><SelectField id={`${p}-h-kind`} label={t('inc.housingKind')} value={kind} onChange={setKind} required placeholder={t('common.choose')} options={options(housingKinds, housingKindLabels, locale)} error={form.fieldErrors.kind} /></div>
      </div>
      <MultiSelect id={`${p}-h-support`} label={t('inc.support')} values={support} onChange={setSupport} options={options(housingSupports, housingSupportLabels, locale)} filterable={false} />
      <TextArea id={`${p}-h-note`} label={t('inc.note')} value={note} onChange={setNote} error={form.fieldErrors.note} />
    </AddForm>
  );
}

function ReturnForm(props: { caseId: string; onDone: () => void; existing?: VoluntaryReturn; onClose?: () => void }) {
  const { t, locale } = useI18n();
  const x = props.existing;
  const p = x ? 'inc-edit' : 'inc';
  const [country, setCountry] = useState(x?.country ?? '');
  const [partner, setPartner] = useState(x?.partnerName ?? '');
  const [plannedOn, setPlannedOn] = useState(x?.plannedOn ?? '');
  const [support, setSupport] = useState<string[]>(x?.support ?? []);
  const [note, setNote] = useState(x?.supportNote ?? '');
  const form = useSubmit();
  const save = () =>
    form.run(
      (): FieldErrors => (country ? {} : { country: t('validation.required') }),
      async () => {
        if (x) {
          // The status moves by its own steps; the edit changes the details only.
          await api.patch(`/api/inclusion/returns/${x.id}`, { version: x.version, country, support, partnerName: partner.trim() || null, plannedOn: plannedOn || null, supportNote: note.trim() || null });
          props.onDone();
          return;
        }
        await api.post(`/api/cases/${props.caseId}/inclusion/returns`, {
          country, support, ...(partner.trim() ? { partnerName: partner.trim() } : {}), ...(plannedOn ? { plannedOn } : {}), ...(note.trim() ? { supportNote: note.trim() } : {}),
        });
        props.onDone();
      },
    );
  return (
    <AddForm id={`${p}-return`} title={x ? t('inc.editReturn') : t('inc.newReturn')} form={form} onSubmit={() => void save()} editing={!!x} onClose={props.onClose}>
      <div className="row">
        <div className="col-md-6"><SelectField id={`${p}-r-country`} label={t('inc.country')} value={country} onChange={setCountry} required placeholder={t('common.choose')} options={countryOptions(locale)} error={form.fieldErrors.country} /></div>
        <div className="col-md-6"><TextField id={`${p}-r-partner`} label={t('inc.partner')} value={partner} onChange={setPartner} maxLength={200} error={form.fieldErrors.partnerName} /></div>
        <div className="col-md-6"><TextField id={`${p}-r-planned`} type="date" label={t('inc.plannedOn')} value={plannedOn} onChange={setPlannedOn} error={form.fieldErrors.plannedOn} /></div>
      </div>
      <MultiSelect id={`${p}-r-support`} label={t('inc.reintegration')} values={support} onChange={setSupport} options={options(reintegrationSupports, reintegrationSupportLabels, locale)} filterable={false} />
      <TextArea id={`${p}-r-note`} label={t('inc.supportNote')} value={note} onChange={setNote} error={form.fieldErrors.supportNote} />
    </AddForm>
  );
}

/** A titled table, or "nothing recorded". */
function Section(props: { id: string; title: string; empty: boolean; head: string[]; children: ReactNode; form: ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="mb-5" aria-labelledby={props.id}>
      <h3 id={props.id} className="h5">
        {props.title}
      </h3>
      {props.empty ? (
        <p>{t('inc.none')}</p>
      ) : (
        <div className="table-responsive">
          <Table size="sm" id={`${props.id}-table`}>
            <caption className="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                {props.head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{props.children}</tbody>
          </Table>
        </div>
      )}
      {props.form}
    </section>
  );
}

export function InclusionTab(props: { caseId: string }) {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const canWrite = can(me, 'inclusion.write');
  const data = useLoad((signal) => api.get<CaseInclusion>(`/api/cases/${props.caseId}/inclusion`, undefined, signal), props.caseId);
  const [notice, setNotice] = useState<string | null>(null);
  // The record being edited (one at a time), by id; its form opens below its table.
  const [editing, setEditing] = useState<string | null>(null);
  const done = () => {
    setEditing(null);
    setNotice(t('inc.saved'));
    data.reload();
  };
  const close = () => setEditing(null);
  const actions = canWrite ? [t('inc.actions')] : [];
  const editButton = (id: string, what: string) =>
    canWrite ? (
      <td>
        <Button color="primary" outline size="sm" type="button" aria-label={`${t('inc.edit')}: ${what}`} onClick={() => { setNotice(null); setEditing(id); }}>
          {t('inc.edit')}
        </Button>
      </td>
    ) : null;
  const d = data.data;
  const dash = (v: string | null | undefined) => v ?? '—';
  return (
    <>
      <h2 className="h4">{t('inc.title')}</h2>
      <p>{t('inc.lead')}</p>
      <Notice text={notice} kind="success" />
      <ErrorAlert error={data.error} />
      {data.loading && !d ? <Loading /> : null}
      {d ? (
        <>
          <Section id="inc-enrolments" title={t('inc.enrolments')} empty={d.enrolments.length === 0} head={[t('inc.course'), t('inc.startsOn'), t('inc.attendanceRate'), t('inc.outcome')]} form={null}>
            {d.enrolments.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  {can(me, 'cases.read') ? <Link to={`/courses/${e.courseId}`}>{e.courseTitle}</Link> : e.courseTitle}
                  <span className="d-block small text-muted">{courseKindLabels[e.courseKind][locale]}</span>
                </th>
                <td>{formatDate(e.courseStartsOn)}</td>
                <td>
                  {percent(e.attendanceRate, locale, t('inc.noRate'))}
                  <span className="d-block small text-muted">{t('inc.attendanceCounts', { present: String(e.present), absent: String(e.absent), excused: String(e.excused), sessions: String(e.sessions) })}</span>
                </td>
                <td>{e.outcome ? enrolmentOutcomeLabels[e.outcome][locale] : '—'}</td>
              </tr>
            ))}
          </Section>
          <Section
            id="inc-internships" title={t('inc.internships')} empty={d.internships.length === 0}
            head={[t('inc.employer'), t('inc.sector'), t('inc.tutor'), t('inc.hoursPerWeek'), t('inc.stipend'), t('inc.startsOn'), t('inc.endsOn'), t('inc.outcome'), ...actions]}
            form={canWrite ? (
              <>
                {d.internships.filter((i) => i.id === editing).map((i) => <InternshipForm key={`${i.id}-${i.version}`} caseId={props.caseId} existing={i} onDone={done} onClose={close} />)}
                <InternshipForm caseId={props.caseId} onDone={done} />
              </>
            ) : null}
          >
            {d.internships.map((i) => (
              <tr key={i.id}>
                <th scope="row">{i.employerName}</th>
                <td>{i.sector ? `${i.sector} – ${isicSectionLabels[i.sector][locale]}` : '—'}</td>
                <td>{dash(i.tutorName)}</td>
                <td>{dash(i.hoursPerWeek)}</td>
                <td>{euro(i.monthlyStipend, locale)}</td>
                <td>{formatDate(i.startsOn)}</td>
                <td>{i.endsOn ? formatDate(i.endsOn) : '—'}</td>
                <td>
                  {i.outcome ? internshipOutcomeLabels[i.outcome][locale] : '—'}
                  {i.outcomeReason ? <span className="d-block small text-muted text-prewrap">{i.outcomeReason}</span> : null}
                </td>
                {editButton(i.id, `${t('inc.internships')}, ${i.employerName}`)}
              </tr>
            ))}
          </Section>
          <Section
            id="inc-placements" title={t('inc.placements')} empty={d.placements.length === 0}
            head={[t('inc.placementEmployer'), t('inc.sector'), t('inc.contractType'), t('inc.hoursPerWeek'), t('inc.startsOn'), t('inc.endsOn'), t('inc.outcome'), ...actions]}
            form={canWrite ? (
              <>
                {d.placements.filter((x) => x.id === editing).map((x) => <PlacementForm key={`${x.id}-${x.version}`} caseId={props.caseId} existing={x} onDone={done} onClose={close} />)}
                <PlacementForm caseId={props.caseId} onDone={done} />
              </>
            ) : null}
          >
            {d.placements.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.employerName}</th>
                <td>{p.sector ? `${p.sector} – ${isicSectionLabels[p.sector][locale]}` : '—'}</td>
                <td>{contractTypeLabels[p.contractType][locale]}</td>
                <td>{dash(p.hoursPerWeek)}</td>
                <td>{formatDate(p.startsOn)}</td>
                <td>{p.endsOn ? formatDate(p.endsOn) : '—'}</td>
                <td>{p.outcome ? placementOutcomeLabels[p.outcome][locale] : '—'}</td>
                {editButton(p.id, `${t('inc.placements')}, ${p.employerName}`)}
              </tr>
            ))}
          </Section>
          <Section
            id="inc-housing" title={t('inc.housing')} empty={d.housing.length === 0} head={[t('inc.movedOn'), t('inc.housingKind'), t('inc.support'), t('inc.note'), ...actions]}
            form={canWrite ? (
              <>
                {d.housing.filter((h) => h.id === editing).map((h) => <HousingForm key={`${h.id}-${h.version}`} caseId={props.caseId} existing={h} onDone={done} onClose={close} />)}
                <HousingForm caseId={props.caseId} onDone={done} />
              </>
            ) : null}
          >
            {d.housing.map((h) => (
              <tr key={h.id}>
                <th scope="row">{formatDate(h.movedOn)}</th>
                <td>{housingKindLabels[h.kind][locale]}</td>
                <td>{h.support.map((s) => housingSupportLabels[s][locale]).join(', ') || '—'}</td>
                <td className="text-prewrap">{dash(h.note)}</td>
                {editButton(h.id, `${t('inc.housing')}, ${formatDate(h.movedOn)}`)}
              </tr>
            ))}
          </Section>
          <Section
            id="inc-returns" title={t('inc.returns')} empty={d.returns.length === 0}
            head={[t('inc.country'), t('inc.partner'), t('inc.status'), t('inc.plannedOn'), t('inc.departedOn'), t('inc.reintegration'), ...actions]}
            form={canWrite ? (
              <>
                {d.returns.filter((r) => r.id === editing).map((r) => <ReturnForm key={`${r.id}-${r.version}`} caseId={props.caseId} existing={r} onDone={done} onClose={close} />)}
                <ReturnForm caseId={props.caseId} onDone={done} />
              </>
            ) : null}
          >
            {d.returns.map((r) => (
              <tr key={r.id}>
                <th scope="row">{countryName(r.country, locale)}</th>
                <td>{dash(r.partnerName)}</td>
                <td>{returnStatusLabels[r.status][locale]}</td>
                <td>{r.plannedOn ? formatDate(r.plannedOn) : '—'}</td>
                <td>{r.departedOn ? formatDate(r.departedOn) : '—'}</td>
                <td>
                  {r.support.map((s) => reintegrationSupportLabels[s][locale]).join(', ') || '—'}
                  {r.supportNote ? <span className="d-block small text-muted text-prewrap">{r.supportNote}</span> : null}
                </td>
                {editButton(r.id, `${t('inc.returns')}, ${countryName(r.country, locale)}`)}
              </tr>
            ))}
          </Section>
        </>
      ) : null}
    </>
  );
}
