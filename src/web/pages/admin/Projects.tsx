/** A project (regional plan): create and edit with partners and provinces, budget lines, complementary projects. */
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { MultiSelect, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { provinceOptions, useOrganisations, useProvinces } from '../../reference.ts';
import { useMe } from '../../session.tsx';
import type { BudgetLine, ComplementaryProject, Project, ProjectPartner } from '../../types.ts';
import { codePattern, exceeds, formatEuro, lineCodePattern, normaliseAmount, sumAmounts } from '../../validate.ts';

interface ProjectForm {
  code: string;
  name: string;
  edition: string;
  periodStart: string;
  periodEnd: string;
  funder: string;
  budgetTotal: string;
  leadOrganisationId: string;
  description: string;
  partners: ProjectPartner[];
  budgetLines: BudgetLine[];
  complementary: Array<{ name: string; funder: string; notes: string }>;
}

const emptyProject: ProjectForm = {
  code: '',
  name: '',
  edition: '',
  periodStart: '',
  periodEnd: '',
  funder: '',
  budgetTotal: '',
  leadOrganisationId: '',
  description: '',
  partners: [],
  budgetLines: [],
  complementary: [],
};

function toForm(p: Project): ProjectForm {
  return {
    code: p.code,
    name: p.name,
    edition: p.edition ?? '',
    periodStart: p.periodStart.slice(0, 10),
    periodEnd: p.periodEnd.slice(0, 10),
    funder: p.funder,
    budgetTotal: p.budgetTotal,
    leadOrganisationId: p.leadOrganisation.id,
    description: p.description ?? '',
    partners: (p.partners ?? []).map((x) => ({ organisationId: x.organisationId, provinces: x.provinces })),
    budgetLines: p.budgetLines ?? [],
    complementary: (p.complementary ?? []).map((c: ComplementaryProject) => ({ name: c.name, funder: c.funder ?? '', notes: c.notes ?? '' })),
  };
}

export function ProjectEditPage() {
  const { id } = useParams();
  const loaded = useLoad(async (signal) => (id ? api.get<Project>(`/api/projects/${id}`, undefined, signal) : null), id ?? 'new');
  if (id && loaded.loading && !loaded.data) return <Loading />;
  if (id && !loaded.data) return <ErrorAlert error={loaded.error} />;
  return <ProjectFormView key={id ?? 'new'} existing={loaded.data} />;
}

/**
 * Rows edited in place (partners, budget lines, complementary projects): each row a fieldset with
 * its own fields and a remove button, then an optional footer and an add button.
 */
function RowEditor<T>(props: {
  items: readonly T[];
  onChange: (items: T[]) => void;
  blank: () => T;
  legend: (index: number) => string;
  /** Completes the remove button's accessible name ("Rimuovi <this>"). */
  removeLabel: (index: number) => string;
  addLabel: string;
  /** Column class of the remove button (default aligned with labelled text fields). */
  removeColumn?: string;
  fields: (item: T, index: number, update: (next: T) => void) => ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useI18n();
  const { items, onChange } = props;
  return (
    <>
      {items.map((item, i) => (
        <fieldset key={i} className="row-editor">
          <legend>{props.legend(i)}</legend>
          <div className="row">
            {props.fields(item, i, (next) => onChange(items.map((x, j) => (j === i ? next : x))))}
            <div className={props.removeColumn ?? 'col-md-2 pt-md-4'}>
              <Button color="danger" outline size="sm" type="button" className="edit-only" onClick={() => onChange(items.filter((_, j) => j !== i))}>
                {t('common.remove')}
                <span className="visually-hidden"> {props.removeLabel(i)}</span>
              </Button>
            </div>
          </div>
        </fieldset>
      ))}
      {props.footer}
      <Button color="primary" outline size="sm" type="button" className="edit-only" onClick={() => onChange([...items, props.blank()])}>
        {props.addLabel}
      </Button>
    </>
  );
}

function ProjectFormView(props: { existing: Project | null }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { existing } = props;
  const readOnly = !can(me, 'network.manage');
  const [f, setF] = useState<ProjectForm>(existing ? toForm(existing) : emptyProject);
  const [saved, setSaved] = useState<string | null>(null);
  const orgs = useOrganisations();
  const provinces = useProvinces();
  const form = useSubmit();
  const set = <K extends keyof ProjectForm>(key: K) => (value: ProjectForm[K]) => setF((prev) => ({ ...prev, [key]: value }));
  const orgOptions = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  const fe = form.fieldErrors;

  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!existing && !codePattern.test(f.code)) e.code = t('validation.code');
    if (!f.name.trim()) e.name = t('validation.required');
    if (!f.funder.trim()) e.funder = t('validation.required');
    if (!f.leadOrganisationId) e.leadOrganisationId = t('validation.required');
    const total = normaliseAmount(f.budgetTotal);
    if (total === null) e.budgetTotal = t('validation.amount');
    else if (f.budgetLines.every((l) => normaliseAmount(l.amount) !== null) && exceeds(sumAmounts(f.budgetLines.map((l) => l.amount)), total)) {
      e.budgetLines = t('project.linesExceedTotal');
    }
    if (!f.periodStart) e.periodStart = t('validation.required');
    if (!f.periodEnd) e.periodEnd = t('validation.required');
    if (f.periodStart && f.periodEnd && f.periodEnd < f.periodStart) e.periodEnd = t('validation.dateOrder');
    f.partners.forEach((p, i) => {
      if (!p.organisationId) e[`partners.${i}.organisationId`] = t('validation.required');
    });
    f.budgetLines.forEach((l, i) => {
      if (!lineCodePattern.test(l.code.trim())) e[`budgetLines.${i}.code`] = t('validation.lineCode');
      if (!l.label.trim()) e[`budgetLines.${i}.label`] = t('validation.required');
      if (normaliseAmount(l.amount) === null) e[`budgetLines.${i}.amount`] = t('validation.amount');
    });
    f.complementary.forEach((c, i) => {
      if (!c.name.trim()) e[`complementary.${i}.name`] = t('validation.required');
    });
    return e;
  };

  const body = () => ({
    ...(existing ? {} : { code: f.code }),
    name: f.name.trim(),
    edition: f.edition.trim() || null,
    periodStart: f.periodStart,
    periodEnd: f.periodEnd,
    funder: f.funder.trim(),
    budgetTotal: normaliseAmount(f.budgetTotal) ?? f.budgetTotal,
    leadOrganisationId: f.leadOrganisationId,
    description: f.description.trim() || null,
    partners: f.partners,
    budgetLines: f.budgetLines.map((l) => ({ code: l.code.trim(), label: l.label.trim(), amount: normaliseAmount(l.amount) ?? l.amount })),
    complementary: f.complementary.map((c) => ({ name: c.name.trim(), funder: c.funder.trim() || null, notes: c.notes.trim() || null })),
  });

  const submit = () =>
    form.run(validate, async () => {
      setSaved(null);
      if (existing) {
        await api.patch<Project>(`/api/projects/${existing.id}`, body());
        setSaved(t('common.saved'));
      } else {
        await api.post<Project>('/api/projects', body());
        void navigate('/projects', { state: { notice: t('project.created') } });
      }
    });

  const total = sumAmounts(f.budgetLines.map((l) => l.amount));
  const title = existing ? (readOnly ? existing.name : t('project.editTitle')) : t('project.new');

  return (
    <Page title={title}>
      <Notice text={saved} />
      <ErrorAlert error={form.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset disabled={readOnly || form.busy} className={readOnly ? 'read-only' : undefined}>
          <div className="row">
            <div className="col-md-8">
              <TextField id="project-name" label={t('common.name')} value={f.name} onChange={set('name')} required error={fe.name} />
            </div>
            <div className="col-md-4">
              <TextField id="project-code" label={t('common.code')} value={f.code} onChange={(v) => set('code')(v.toLowerCase())} readOnly={existing !== null} required error={fe.code} />
            </div>
            <div className="col-md-3">
              <TextField id="project-edition" label={t('project.edition')} value={f.edition} onChange={set('edition')} error={fe.edition} />
            </div>
            <div className="col-md-3">
              <TextField id="project-start" type="date" label={t('project.periodStart')} value={f.periodStart} onChange={set('periodStart')} required error={fe.periodStart} />
            </div>
            <div className="col-md-3">
              <TextField id="project-end" type="date" label={t('project.periodEnd')} value={f.periodEnd} onChange={set('periodEnd')} required error={fe.periodEnd} />
            </div>
            <div className="col-md-3">
              <TextField id="project-funder" label={t('project.funder')} value={f.funder} onChange={set('funder')} required error={fe.funder} />
            </div>
            <div className="col-md-6">
              <SelectField
                id="project-lead"
                label={t('project.lead')}
                value={f.leadOrganisationId}
                onChange={set('leadOrganisationId')}
                options={orgOptions}
                placeholder={t('common.choose')}
                required
                error={fe.leadOrganisationId}
              />
            </div>
            <div className="col-md-6">
              <TextField
                id="project-budget"
                label={t('project.budgetTotal')}
                hint={t('project.amountHint')}
                value={f.budgetTotal}
                inputMode="decimal"
                onChange={set('budgetTotal')}
                required
                error={fe.budgetTotal}
              />
            </div>
            <div className="col-12">
              <TextArea id="project-description" label={t('common.description')} value={f.description} onChange={set('description')} error={fe.description} />
            </div>
          </div>

          <h2 className="h4 mt-4">{t('project.partners')}</h2>
          <RowEditor
            items={f.partners}
            onChange={set('partners')}
            blank={() => ({ organisationId: '', provinces: [] })}
            legend={(i) => `${t('project.partner')} ${t('project.rowN', { n: i + 1 })}`}
            removeLabel={(i) => `${t('project.partner')} ${i + 1}`}
            removeColumn="col-md-2"
            addLabel={t('project.addPartner')}
            fields={(p, i, update) => (
              <>
                <div className="col-md-5">
                  <SelectField
                    id={`partner-${i}-org`}
                    label={t('user.organisation')}
                    value={p.organisationId}
                    onChange={(v) => update({ ...p, organisationId: v })}
                    options={orgOptions}
                    placeholder={t('common.choose')}
                    required
                    error={fe[`partners.${i}.organisationId`]}
                  />
                </div>
                <div className="col-md-5">
                  <MultiSelect
                    readOnly={readOnly}
                    id={`partner-${i}-provinces`}
                    label={t('org.provinces')}
                    values={p.provinces}
                    onChange={(v) => update({ ...p, provinces: v })}
                    options={provinceOptions(provinces.data)}
                    error={fe[`partners.${i}.provinces`]}
                  />
                </div>
              </>
            )}
          />

          <h2 className="h4 mt-5">{t('project.budgetLines')}</h2>
          <RowEditor
            items={f.budgetLines}
            onChange={set('budgetLines')}
            blank={() => ({ code: '', label: '', amount: '' })}
            legend={(i) => t('project.rowN', { n: i + 1 })}
            removeLabel={(i) => t('project.rowN', { n: i + 1 })}
            addLabel={t('project.addLine')}
            fields={(l, i, update) => (
              <>
                <div className="col-md-2">
                  <TextField
                    id={`line-${i}-code`}
                    label={t('project.lineCode')}
                    value={l.code}
                    onChange={(v) => update({ ...l, code: v })}
                    required
                    error={fe[`budgetLines.${i}.code`]}
                  />
                </div>
                <div className="col-md-5">
                  <TextField
                    id={`line-${i}-label`}
                    label={t('project.lineLabel')}
                    value={l.label}
                    onChange={(v) => update({ ...l, label: v })}
                    required
                    error={fe[`budgetLines.${i}.label`]}
                  />
                </div>
                <div className="col-md-3">
                  <TextField
                    id={`line-${i}-amount`}
                    label={t('project.lineAmount')}
                    value={l.amount}
                    inputMode="decimal"
                    onChange={(v) => update({ ...l, amount: v })}
                    required
                    error={fe[`budgetLines.${i}.amount`]}
                  />
                </div>
              </>
            )}
            footer={
              <>
                <p className="fw-semibold" aria-live="polite" id="budget-lines-total">
                  {t('project.linesTotal')}: {formatEuro(total, locale)}
                  {normaliseAmount(f.budgetTotal) !== null ? ` / ${formatEuro(f.budgetTotal, locale)}` : ''}
                </p>
                {fe.budgetLines ? (
                  <div className="invalid-feedback d-block mb-3" role="alert">
                    {fe.budgetLines}
                  </div>
                ) : null}
              </>
            }
          />

          <h2 className="h4 mt-5">{t('project.complementary')}</h2>
          <RowEditor
            items={f.complementary}
            onChange={set('complementary')}
            blank={() => ({ name: '', funder: '', notes: '' })}
            legend={(i) => t('project.rowN', { n: i + 1 })}
            removeLabel={(i) => t('project.rowN', { n: i + 1 })}
            addLabel={t('project.addComplementary')}
            fields={(c, i, update) => (
              <>
                <div className="col-md-4">
                  <TextField
                    id={`comp-${i}-name`}
                    label={t('project.compName')}
                    value={c.name}
                    onChange={(v) => update({ ...c, name: v })}
                    required
                    error={fe[`complementary.${i}.name`]}
                  />
                </div>
                <div className="col-md-3">
                  <TextField id={`comp-${i}-funder`} label={t('project.compFunder')} value={c.funder} onChange={(v) => update({ ...c, funder: v })} />
                </div>
                <div className="col-md-3">
                  <TextField id={`comp-${i}-notes`} label={t('project.compNotes')} value={c.notes} onChange={(v) => update({ ...c, notes: v })} />
                </div>
              </>
            )}
          />
        </fieldset>
        <div className="d-flex gap-3 mt-5">
          {readOnly ? null : (
            <Button color="primary" type="submit" disabled={form.busy}>
              {form.busy ? t('common.saving') : existing ? t('common.save') : t('common.create')}
            </Button>
          )}
          <Link className="btn btn-outline-primary" to="/projects">
            {t('common.back')}
          </Link>
        </div>
      </form>
    </Page>
  );
}
