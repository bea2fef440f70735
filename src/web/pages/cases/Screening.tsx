/**
 * The screening tab: the indicator list for the person's population (child lists for minors and
 * possible minors), indicators grouped by dimension with yes / no / not known, the indicative
 * result computed as the answers are given (with its reasoning), and the professional's decision
 * with its reason, which the result never replaces. Past screenings are listed below.
 */
import { useMemo, useState } from 'react';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice } from '../../components/Page.tsx';
import { SelectField, TextArea } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import {
  defaultScreeningRule,
  dimensionLabels,
  evaluateScreening,
  explainScreening,
  indicativeResultLabels,
  screeningDecisionLabels,
  screeningDecisions,
  screeningDimensions,
  screeningLists,
  strengthLabels,
  type ScreeningAnswerValue,
  type ScreeningListId,
} from '../../../domain/screening/index.ts';
import { items, type CaseDetail } from './model.ts';

interface StoredScreening {
  id: string;
  listId: ScreeningListId;
  indicativeResult: string;
  indicativeResultLabel?: string;
  reasoning: { it: string[]; en: string[] };
  decision: string;
  decisionReason: string;
  suggestedMove?: { to: string; closureReason?: string } | null;
  screenedBy?: { id: string; displayName: string | null } | null;
  screenedAt: string;
}

export function ScreeningTab(props: { c: CaseDetail; onChanged: () => void }) {
  const { t, locale, formatDateTime } = useI18n();
  const me = useMe();
  const c = props.c;
  const [saved, setSaved] = useState(0);
  const past = useLoad(
    async (signal) => items(await api.get<{ items: StoredScreening[] } | StoredScreening[]>(`/api/cases/${c.id}/screenings`, undefined, signal)),
    `${c.id}:${c.version}:${saved}`,
  );
  const child = c.minor?.status === 'minor' || c.minor?.status === 'possibly_minor';
  const [exploitation, setExploitation] = useState<'labour' | 'sexual'>('sexual');
  const listId: ScreeningListId = `${child ? 'child' : 'adult'}_${exploitation}`;
  const list = screeningLists[listId];
  const [answers, setAnswers] = useState<Record<string, ScreeningAnswerValue>>({});
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();
  const listAnswers = useMemo(() => Object.fromEntries(Object.entries(answers).filter(([id]) => list.indicators.some((i) => i.id === id))), [answers, list]);
  const evaluation = useMemo(() => evaluateScreening({ list, answers: listAnswers, rule: defaultScreeningRule }), [list, listAnswers]);
  const reasoning = useMemo(() => explainScreening({ evaluation, list, locale }), [evaluation, list, locale]);

  const submit = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!decision) e.decision = t('validation.required');
        if (!reason.trim()) e.decisionReason = t('validation.required');
        return e;
      },
      async () => {
        setNotice(null);
        await api.post(`/api/cases/${c.id}/screenings`, { listId, answers: listAnswers, decision, decisionReason: reason.trim() });
        setNotice(t('screen.saved'));
        setSaved((n) => n + 1);
        setAnswers({});
        setDecision('');
        setReason('');
        props.onChanged();
      },
    );

  return (
    <>
      <h2 className="h4">{t('case.tab.screening')}</h2>
      <ErrorAlert error={past.error} />
      {past.loading && !past.data ? <Loading /> : null}
      {past.data && past.data.length === 0 ? <p>{t('screen.none')}</p> : null}
      {(past.data ?? []).map((s) => {
        const result = s.indicativeResult;
        const lines = s.reasoning[locale];
        return (
          <section key={s.id} className="border rounded p-3 mb-3" aria-label={t('screen.pastOne', { when: formatDateTime(s.screenedAt) })}>
            <p className="mb-1">
              <strong>{screeningLists[s.listId]?.label[locale] ?? s.listId}</strong> · {formatDateTime(s.screenedAt)}
              {s.screenedBy?.displayName ? ` · ${s.screenedBy.displayName}` : ''}
            </p>
            <p className="mb-1">{result in indicativeResultLabels ? indicativeResultLabels[result as keyof typeof indicativeResultLabels][locale] : (s.indicativeResultLabel ?? result)}</p>
            {lines.length ? (
              <ul className="small">
                {lines.map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
              </ul>
            ) : null}
            <p className="mb-0">
              <strong>{t('screen.decision')}:</strong>{' '}
              {s.decision in screeningDecisionLabels ? screeningDecisionLabels[s.decision as keyof typeof screeningDecisionLabels][locale] : s.decision}
              {s.decisionReason ? ` — ${s.decisionReason}` : ''}
            </p>
          </section>
        );
      })}

      {can(me, 'screening.write') ? (
        <section aria-labelledby="screen-new" className="mt-4">
          <h3 id="screen-new" className="h5">
            {t('screen.new')}
          </h3>
          <Notice text={notice} />
          <ErrorAlert error={form.error} />
          <p>{child ? t('screen.childList') : t('screen.adultList')}</p>
          <form
            noValidate
            id="screening-form"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <div className="row">
              <div className="col-md-6">
                <SelectField
                  id="screen-exploitation"
                  label={t('screen.exploitation')}
                  value={exploitation}
                  onChange={(v) => setExploitation(v === 'labour' ? 'labour' : 'sexual')}
                  options={[
                    { value: 'sexual', label: screeningLists[`${child ? 'child' : 'adult'}_sexual`].label[locale] },
                    { value: 'labour', label: screeningLists[`${child ? 'child' : 'adult'}_labour`].label[locale] },
                  ]}
                />
              </div>
            </div>
            {screeningDimensions.map((d) => {
              const indicators = list.indicators.filter((i) => i.dimension === d);
              if (indicators.length === 0) return null;
              return (
                <section key={d} className="mb-4" aria-labelledby={`dim-${d}`}>
                  <h4 id={`dim-${d}`} className="h6 mt-3">
                    {dimensionLabels[d][locale]}
                  </h4>
                  {indicators.map((ind) => (
                    <fieldset key={ind.id} className="screen-indicator border-bottom py-2">
                      <legend className="fs-6 mb-1">
                        {ind.text[locale]} <span className="text-secondary small">({strengthLabels[ind.strength][locale]})</span>
                      </legend>
                      <div className="d-flex flex-wrap gap-3">
                        {(['yes', 'no', 'unknown'] as const).map((v) => {
                          const rid = `ans-${ind.id}-${v}`.replace(/\./g, '-');
                          return (
                            <div className="form-check form-check-inline" key={v}>
                              <input
                                type="radio"
                                id={rid}
                                name={`ans-${ind.id}`}
                                checked={answers[ind.id] === v}
                                onChange={() => setAnswers({ ...answers, [ind.id]: v })}
                              />
                              <label htmlFor={rid}>{t(`screen.answer.${v}`)}</label>
                            </div>
                          );
                        })}
                      </div>
                    </fieldset>
                  ))}
                </section>
              );
            })}
            <section aria-labelledby="screen-result" className="alert alert-secondary" id="screening-result">
              <h4 id="screen-result" className="h6">
                {t('screen.result')}: {indicativeResultLabels[evaluation.result][locale]}
              </h4>
              <ul className="small mb-0">
                {reasoning.map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
              </ul>
            </section>
            <div className="row">
              <div className="col-md-6">
                <SelectField
                  id="screen-decision"
                  label={t('screen.decision')}
                  value={decision}
                  onChange={setDecision}
                  options={screeningDecisions.map((d) => ({ value: d, label: screeningDecisionLabels[d][locale] }))}
                  placeholder={t('common.choose')}
                  required
                  error={form.fieldErrors.decision}
                />
              </div>
            </div>
            <TextArea id="screen-reason" label={t('screen.reason')} value={reason} onChange={setReason} required rows={3} error={form.fieldErrors.decisionReason} />
            <Button color="primary" type="submit" disabled={form.busy}>
              {t('screen.save')}
            </Button>
          </form>
        </section>
      ) : null}
    </>
  );
}
