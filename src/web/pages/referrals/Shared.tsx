/**
 * What a referral shows its receiver, rendered readably: the `shared.fields` object (only the
 * shared keys are present) and an agency's `subject`. The same component renders the sender's
 * preview in the wizard, so the preview is exactly what the receiver will read.
 */
import type { ReactNode } from 'react';
import { caseServiceTypes } from '../../../domain/case-services.ts';
import { htcdsLabel } from '../../../domain/htcds/index.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { birthText, countryName, languageName, nameText } from '../persons/model.ts';
import { htcds, htcdsList, labelOr, minorLabel, phaseLabel } from '../cases/model.ts';
import { inCatalogueOrder, shareFieldLabel, type ReferralSubject, type SharedFields } from './model.ts';

function list(values: readonly string[] | null | undefined, none: string): string {
  return values && values.length > 0 ? values.join(', ') : none;
}

export function SharedFieldsView(props: { fields: SharedFields; id?: string; headingLevel?: 3 | 4 }) {
  const { t, locale, formatDate } = useI18n();
  const f = props.fields;
  const none = t('common.none');
  const keys = inCatalogueOrder(Object.keys(f));
  const value = (key: string): ReactNode => {
    switch (key) {
      case 'person.code':
        return f['person.code'] ?? '—';
      case 'person.names': {
        const names = f['person.names'] ?? [];
        if (names.length === 0) return none;
        return (
          <ul className="list-unstyled mb-0">
            {names.map((n, i) => (
              <li key={i}>
                {nameText(n)} {n.kind !== 'primary' ? <span className="text-secondary">({labelOr(t, `person.nameKind.${n.kind}`, n.kind)})</span> : null}
              </li>
            ))}
          </ul>
        );
      }
      case 'person.birth':
        return birthText(f['person.birth'] ?? null, formatDate, t);
      case 'person.age':
        return f['person.age'] ? labelOr(t, `ref.age.${f['person.age']}`, f['person.age']) : '—';
      case 'person.sex':
        return f['person.sex'] ? (htcdsLabel({ field: 'prs_Gender', value: f['person.sex'], locale }) ?? f['person.sex']) : '—';
      case 'person.citizenships':
        return list((f['person.citizenships'] ?? []).map((c) => countryName(c, locale)), none);
      case 'person.languages':
        return list((f['person.languages'] ?? []).map((l) => languageName(l, locale)), none);
      case 'person.documents': {
        const docs = f['person.documents'] ?? [];
        if (docs.length === 0) return none;
        return (
          <ul className="list-unstyled mb-0">
            {docs.map((d, i) => (
              <li key={i}>
                {labelOr(t, `person.doc.${d.type ?? 'other'}`, d.type ?? '')}: {d.number ?? '—'}
                {d.country ? ` (${countryName(d.country, locale)})` : ''}
                {d.expiresOn ? ` · ${t('person.documentExpires')} ${formatDate(d.expiresOn)}` : ''}
              </li>
            ))}
          </ul>
        );
      }
      case 'person.phones':
        return list(f['person.phones'], none);
      case 'person.vulnerabilities':
        return list((f['person.vulnerabilities'] ?? []).map((v) => htcdsLabel({ field: 'vic_Vulnerabilities', value: v, locale }) ?? v), none);
      case 'person.children': {
        const children = f['person.children'] ?? [];
        if (children.length === 0) return none;
        return (
          <ul className="list-unstyled mb-0">
            {children.map((c, i) => (
              <li key={i}>
                {c.birthYear ? t('ref.childBorn', { year: c.birthYear }) : t('ref.child')}
                {c.sex ? `, ${htcdsLabel({ field: 'prs_Gender', value: c.sex, locale }) ?? c.sex}` : ''} · {c.withPerson ? t('person.childWithPerson') : t('person.childNotWithPerson')}
              </li>
            ))}
          </ul>
        );
      }
      case 'case.phase': {
        const p = f['case.phase'];
        return p ? `${phaseLabel(p.phase, locale)} · ${htcds('cas_Status', p.status, locale)}` : '—';
      }
      case 'case.exploitation': {
        const x = f['case.exploitation'] ?? {};
        const rows: Array<[string, string]> = [
          [t('case.exploitationTypes'), htcdsList('vic_TypeOfExploitation', x.types, locale)],
          [t('case.sexExploitationTypes'), htcdsList('vic_TypeOfSexExploitation', x.sexExploitationTypes, locale)],
          [t('case.labourSectors'), list(x.labourSectors, '—')],
          [t('case.countries'), list((x.countries ?? []).map((c) => countryName(c, locale)), '—')],
          [t('case.provinces'), list(x.provinces, '—')],
          [t('case.period'), x.from || x.to ? `${formatDate(x.from)} – ${formatDate(x.to)}` : '—'],
          [t('case.meansOfControl'), htcdsList('vic_MethodsOfControl', x.meansOfControl, locale)],
          [t('case.recruitment'), htcdsList('vic_MethodOfRecruitment', x.recruitmentMethods, locale)],
          [t('case.recruiterRelation'), htcdsList('vic_RelationshipToTrafficker', x.recruiterRelations, locale)],
        ];
        return (
          <ul className="list-unstyled mb-0">
            {rows.map(([k, v]) => (
              <li key={k}>
                <span className="text-secondary">{k}:</span> {v}
              </li>
            ))}
          </ul>
        );
      }
      case 'case.trafficking_status': {
        const s = f['case.trafficking_status'];
        if (!s) return '—';
        return `${htcds('vic_TraffickingStatus', s.status, locale)}${s.decidedBy ? ` · ${t('case.decidedBy')} ${s.decidedBy}` : ''}${s.decidedOn ? `, ${formatDate(s.decidedOn)}` : ''}`;
      }
      case 'case.minor': {
        const m = f['case.minor'];
        if (!m) return '—';
        return [
          minorLabel(m.status, locale),
          m.ageAssessment ? `${t('ref.ageAssessment')}: ${m.ageAssessment}${m.ageAssessmentOn ? ` (${formatDate(m.ageAssessmentOn)})` : ''}` : null,
          m.juvenileCourt ? `${t('case.juvenileCourt')}: ${m.juvenileCourt}` : null,
        ]
          .filter(Boolean)
          .join(' · ');
      }
      case 'case.guardian': {
        const g = f['case.guardian'];
        if (!g?.name) return '—';
        return `${g.name}${g.contact ? `, ${g.contact}` : ''}${g.appointedOn ? ` (${formatDate(g.appointedOn)})` : ''}`;
      }
      case 'case.plan': {
        const plan = f['case.plan'] ?? [];
        if (plan.length === 0) return none;
        return (
          <ul className="mb-0">
            {plan.map((g, i) => (
              <li key={i}>
                {g.title} <span className="text-secondary">({labelOr(t, `plan.goalStatus.${g.status}`, g.status)})</span>
                {g.actions.length > 0 ? (
                  <ul>
                    {g.actions.map((a, j) => (
                      <li key={j}>
                        {a.what} <span className="text-secondary">({labelOr(t, `rec.actionStatus.${a.status}`, a.status)}{a.dueOn ? `, ${formatDate(a.dueOn)}` : ''})</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        );
      }
      case 'case.services': {
        const services = f['case.services'] ?? [];
        if (services.length === 0) return none;
        return (
          <ul className="list-unstyled mb-0">
            {services.map((s, i) => (
              <li key={i}>
                {caseServiceTypes.find((x) => x.code === s.type)?.name[locale] ?? s.type} · {labelOr(t, `rec.serviceStatus.${s.status}`, s.status)}
                {s.startsOn || s.endsOn ? ` · ${formatDate(s.startsOn)} – ${formatDate(s.endsOn)}` : ''}
              </li>
            ))}
          </ul>
        );
      }
      default:
        return '—';
    }
  };
  if (keys.length === 0) return <p id={props.id}>{t('ref.nothingShared')}</p>;
  return (
    <dl className="row shared-fields" id={props.id}>
      {keys.map((k) => (
        <div key={k} className="col-12 row mb-2" data-share-field={k}>
          <dt className="col-sm-3">{shareFieldLabel(k, locale)}</dt>
          <dd className="col-sm-9 mb-0">{value(k)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SubjectView(props: { subject: ReferralSubject }) {
  const { t, locale, formatDate } = useI18n();
  const s = props.subject;
  const rows: Array<[string, ReactNode]> = [];
  if (s.names?.length) rows.push([t('ref.subject.names'), s.names.map(nameText).join('; ')]);
  if (s.birth) rows.push([t('ref.subject.birth'), birthText(s.birth, formatDate, t)]);
  if (s.sex) rows.push([t('ref.subject.sex'), htcdsLabel({ field: 'prs_Gender', value: s.sex, locale }) ?? s.sex]);
  if (s.citizenships?.length) rows.push([t('ref.subject.citizenships'), s.citizenships.map((c) => countryName(c, locale)).join(', ')]);
  if (s.languages?.length) rows.push([t('ref.subject.languages'), s.languages.map((l) => languageName(l, locale)).join(', ')]);
  if (s.contactPhone) rows.push([t('ref.subject.contactPhone'), s.contactPhone]);
  if (s.fileReference) rows.push([t('ref.subject.fileReference'), s.fileReference]);
  if (s.consent) rows.push([t('ref.subject.consent'), `${t(`consent.method.${s.consent.method}` as MessageKey)} · ${formatDate(s.consent.date)}`]);
  return (
    <dl className="row" id="referral-subject">
      {rows.map(([k, v]) => (
        <div key={k} className="col-12 row mb-2">
          <dt className="col-sm-3">{k}</dt>
          <dd className="col-sm-9 mb-0">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
