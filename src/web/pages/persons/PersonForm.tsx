/**
 * The person form: names with their kind, birth (exact, estimated year, estimated range), HTCDS sex,
 * citizenships, languages, documents, phones, vulnerabilities, children, notes. The same state
 * serves the duplicate check (the identifying fields only) and the creation (everything).
 * Client checks reuse the shared schema (personInputSchema) and birth rules (validateBirthInfo).
 */
import { useMemo } from 'react';
import type { z } from 'zod';
import { Button } from 'design-react-kit';
import { validateBirthInfo, birthDateErrors, type BirthInfo } from '../../../domain/cases/age.ts';
import { identityDocumentTypes, personInputSchema, personNameKinds } from '../../../domain/persons/schema.ts';
import { italianIssueMessage } from '../../../domain/issue-messages.ts';
import { htcdsOptions } from '../../../domain/htcds/index.ts';
import { Checkbox, MultiSelect, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import type { FieldErrors } from '../../hooks.ts';
import { useI18n, type Locale, type MessageKey, type Translate } from '../../i18n/index.tsx';
import { countryOptions, languageOptions, type PersonDetail } from './model.ts';

export interface NameRow {
  kind: (typeof personNameKinds)[number];
  given: string;
  family: string;
  full: string;
}
export interface DocumentRow {
  type: (typeof identityDocumentTypes)[number];
  number: string;
  country: string;
  expiresOn: string;
}
export interface ChildRow {
  birthYear: string;
  sex: string;
  withPerson: boolean;
}
export type BirthMode = 'none' | 'exact' | 'year' | 'range';

export interface PersonFormState {
  names: NameRow[];
  birthMode: BirthMode;
  birthDate: string;
  estimatedYear: string;
  estimatedFrom: string;
  estimatedTo: string;
  sex: string;
  citizenships: string[];
  languages: string[];
  documents: DocumentRow[];
  phones: string[];
  vulnerabilities: string[];
  children: ChildRow[];
  notes: string;
}

export function emptyPerson(): PersonFormState {
  return {
    names: [{ kind: 'primary', given: '', family: '', full: '' }],
    birthMode: 'none',
    birthDate: '',
    estimatedYear: '',
    estimatedFrom: '',
    estimatedTo: '',
    sex: '',
    citizenships: [],
    languages: [],
    documents: [],
    phones: [],
    vulnerabilities: [],
    children: [],
    notes: '',
  };
}

/** The form's state of an existing person (for editing). */
export function personToState(p: PersonDetail): PersonFormState {
  const s = emptyPerson();
  s.names = p.names.map((n) => ({ kind: n.kind, given: n.given ?? '', family: n.family ?? '', full: n.full ?? '' }));
  if (p.birth) {
    if ('birthDate' in p.birth) Object.assign(s, { birthMode: 'exact', birthDate: p.birth.birthDate });
    else if ('estimatedYear' in p.birth) Object.assign(s, { birthMode: 'year', estimatedYear: String(p.birth.estimatedYear) });
    else Object.assign(s, { birthMode: 'range', estimatedFrom: p.birth.estimatedFrom, estimatedTo: p.birth.estimatedTo });
  }
  s.sex = p.sex ?? '';
  s.citizenships = p.citizenships ?? [];
  s.languages = p.languages ?? [];
  s.documents = (p.documents ?? []).map((d) => ({ type: d.type as DocumentRow['type'], number: d.number, country: d.country ?? '', expiresOn: d.expiresOn ?? '' }));
  s.phones = p.phones ?? [];
  s.vulnerabilities = p.vulnerabilities ?? [];
  s.children = (p.children ?? []).map((c) => ({ birthYear: c.birthYear ? String(c.birthYear) : '', sex: c.sex ?? '', withPerson: c.withPerson }));
  s.notes = p.notes ?? '';
  return s;
}

const trimmed = (v: string) => (v.trim() === '' ? undefined : v.trim());

function birthOf(s: PersonFormState): BirthInfo | undefined {
  if (s.birthMode === 'exact') return { birthDate: s.birthDate.trim() };
  if (s.birthMode === 'year') return { estimatedYear: Number(s.estimatedYear.trim()) };
  if (s.birthMode === 'range') return { estimatedFrom: s.estimatedFrom.trim(), estimatedTo: s.estimatedTo.trim() };
  return undefined;
}

/** The request body of POST /api/persons (before the schema's transforms). */
type PersonInput = z.input<typeof personInputSchema>;

/** What the API receives; `identifying` keeps only what the duplicate check uses. */
export function toInput(s: PersonFormState, identifying = false): PersonInput {
  const names = s.names.map((n) => {
    const out: PersonInput['names'][number] = { kind: n.kind };
    const given = trimmed(n.given);
    const family = trimmed(n.family);
    const full = trimmed(n.full);
    if (given) out.given = given;
    if (family) out.family = family;
    if (full) out.full = full;
    return out;
  });
  const input: PersonInput = { names };
  const birth = birthOf(s);
  if (birth) input.birth = birth;
  if (s.sex) input.sex = s.sex as NonNullable<PersonInput['sex']>;
  if (s.citizenships.length) input.citizenships = s.citizenships;
  const documents = s.documents.map((d) => {
    const out: NonNullable<PersonInput['documents']>[number] = { type: d.type, number: d.number.trim() };
    if (d.country) out.country = d.country;
    if (d.expiresOn) out.expiresOn = d.expiresOn;
    return out;
  });
  if (documents.length) input.documents = documents;
  const phones = s.phones.map((p) => p.trim());
  if (phones.length) input.phones = phones;
  if (identifying) return input;
  if (s.languages.length) input.languages = s.languages;
  if (s.vulnerabilities.length) input.vulnerabilities = s.vulnerabilities as NonNullable<PersonInput['vulnerabilities']>;
  const children = s.children.map((c) => {
    const out: NonNullable<PersonInput['children']>[number] = { withPerson: c.withPerson };
    if (c.birthYear.trim()) out.birthYear = Number(c.birthYear.trim());
    if (c.sex) out.sex = c.sex as NonNullable<NonNullable<PersonInput['children']>[number]['sex']>;
    return out;
  });
  if (children.length) input.children = children;
  const notes = trimmed(s.notes);
  if (notes) input.notes = notes;
  return input;
}

/**
 * The body of PATCH /api/persons/:id: every field sent, so that a list emptied or a value cleared
 * in the form is emptied or cleared on the server too (lists given replace the stored ones).
 */
export function toPatch(s: PersonFormState, version: number): Record<string, unknown> {
  const input = toInput(s);
  return {
    names: input.names,
    birth: input.birth ?? null,
    sex: input.sex ?? null,
    citizenships: input.citizenships ?? [],
    languages: input.languages ?? [],
    documents: input.documents ?? [],
    phones: input.phones ?? [],
    vulnerabilities: input.vulnerabilities ?? [],
    children: input.children ?? [],
    notes: input.notes ?? null,
    version,
  };
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A message for a schema issue, by the field it is about. */
function issueMessage(path: string, code: string, message: string, t: Translate, locale: Locale): string {
  // The shared rules word their own messages in both languages (issue-messages.ts).
  const italian = italianIssueMessage(message);
  if (italian !== undefined) return locale === 'it' ? italian : message;
  if (/^names\.\d+$/.test(path)) return t('person.v.nameNeeded');
  if (/^phones\.\d+$/.test(path)) return t('validation.phone');
  if (/^documents\.\d+\.number$/.test(path)) return t('person.v.documentNumber');
  if (/^children\.\d+\.birthYear$/.test(path)) return t('person.v.year');
  if (path === 'birth.estimatedYear') return t('person.v.year');
  if (/^birth\./.test(path)) return t('person.v.date');
  if (code === 'too_big') return t('person.v.tooLong');
  if (code === 'too_small') return t('validation.required');
  return t('person.v.invalid');
}

/** Client-side checks: the shared schema, then the birth rules against today. */
export function validatePerson(s: PersonFormState, t: Translate, locale: Locale, identifying = false): FieldErrors {
  const errors: FieldErrors = {};
  if (s.birthMode === 'exact' && !s.birthDate) errors['birth.birthDate'] = t('validation.required');
  if (s.birthMode === 'year' && !/^\d{4}$/.test(s.estimatedYear.trim())) errors['birth.estimatedYear'] = t('person.v.year');
  if (s.birthMode === 'range') {
    if (!s.estimatedFrom) errors['birth.estimatedFrom'] = t('validation.required');
    if (!s.estimatedTo) errors['birth.estimatedTo'] = t('validation.required');
  }
  s.documents.forEach((d, i) => {
    if (!d.number.trim()) errors[`documents.${i}.number`] = t('validation.required');
  });
  s.phones.forEach((p, i) => {
    if (!p.trim()) errors[`phones.${i}`] = t('validation.required');
  });
  s.children.forEach((c, i) => {
    if (c.birthYear.trim() && !/^\d{4}$/.test(c.birthYear.trim())) errors[`children.${i}.birthYear`] = t('person.v.year');
  });
  const input = toInput(s, identifying);
  const parsed = personInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      // A birth union failure is reported on the birth fields checked above.
      if (path === 'birth' || path.startsWith('birth.')) continue;
      errors[path] ??= issueMessage(path, issue.code, issue.message, t, locale);
    }
  }
  const birth = birthOf(s);
  if (birth && !Object.keys(errors).some((k) => k.startsWith('birth.'))) {
    const checked = validateBirthInfo({ birth, today: todayIso() });
    if (!checked.ok) for (const e of checked.errors) errors[`birth.${e.field}`] ??= birthDateErrors[e.code][locale];
  }
  return errors;
}

const documentTypeKey = (k: string) => `person.doc.${k}` as MessageKey;
const nameKindKey = (k: string) => `person.nameKind.${k}` as MessageKey;

export function PersonFields(props: {
  value: PersonFormState;
  onChange: (next: PersonFormState) => void;
  errors: FieldErrors;
  /** The duplicate check asks only for the identifying fields. */
  identifying: boolean;
}) {
  const { t, locale } = useI18n();
  const s = props.value;
  const e = props.errors;
  const set = (patch: Partial<PersonFormState>) => props.onChange({ ...s, ...patch });
  const countries = useMemo(() => countryOptions(locale), [locale]);
  const languages = useMemo(() => languageOptions(locale), [locale]);
  const sexOptions = htcdsOptions({ field: 'prs_Gender', locale });
  const vulnerabilityOptions = htcdsOptions({ field: 'vic_Vulnerabilities', locale });
  const birthModes: Array<{ value: BirthMode; label: string }> = [
    { value: 'none', label: t('person.birthMode.none') },
    { value: 'exact', label: t('person.birthMode.exact') },
    { value: 'year', label: t('person.birthMode.year') },
    { value: 'range', label: t('person.birthMode.range') },
  ];

  return (
    <>
      <h2 className="h4">{t('person.names')}</h2>
      <p className="small">{t('person.namesHint')}</p>
      {s.names.map((n, i) => (
        <fieldset key={i} className="row-editor" aria-describedby={e[`names.${i}`] ? `name-${i}-error` : undefined}>
          <legend>{t('person.nameN', { n: i + 1 })}</legend>
          <div className="row">
            <div className="col-md-3">
              <SelectField
                id={`name-${i}-kind`}
                label={t('person.nameKind')}
                value={n.kind}
                onChange={(v) => set({ names: s.names.map((x, j) => (j === i ? { ...x, kind: v as NameRow['kind'] } : x)) })}
                options={personNameKinds.map((k) => ({ value: k, label: t(nameKindKey(k)) }))}
              />
            </div>
            <div className="col-md-3">
              <TextField
                id={`name-${i}-given`}
                label={t('person.given')}
                value={n.given}
                onChange={(v) => set({ names: s.names.map((x, j) => (j === i ? { ...x, given: v } : x)) })}
                error={e[`names.${i}.given`]}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
            <div className="col-md-3">
              <TextField
                id={`name-${i}-family`}
                label={t('person.family')}
                value={n.family}
                onChange={(v) => set({ names: s.names.map((x, j) => (j === i ? { ...x, family: v } : x)) })}
                error={e[`names.${i}.family`]}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
            <div className="col-md-3">
              <TextField
                id={`name-${i}-full`}
                label={t('person.full')}
                hint={t('person.fullHint')}
                value={n.full}
                onChange={(v) => set({ names: s.names.map((x, j) => (j === i ? { ...x, full: v } : x)) })}
                error={e[`names.${i}.full`]}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
          </div>
          {e[`names.${i}`] ? (
            <div id={`name-${i}-error`} className="invalid-feedback d-block mb-2" role="alert">
              {e[`names.${i}`]}
            </div>
          ) : null}
          {s.names.length > 1 ? (
            <Button color="danger" outline size="sm" type="button" onClick={() => set({ names: s.names.filter((_, j) => j !== i) })}>
              {t('common.remove')}
              <span className="visually-hidden"> {t('person.nameN', { n: i + 1 })}</span>
            </Button>
          ) : null}
        </fieldset>
      ))}
      {e.names ? (
        <div className="invalid-feedback d-block mb-2" role="alert">
          {e.names}
        </div>
      ) : null}
      <Button color="primary" outline size="sm" type="button" className="mb-4" onClick={() => set({ names: [...s.names, { kind: 'alias', given: '', family: '', full: '' }] })}>
        {t('person.addName')}
      </Button>

      <h2 className="h4 mt-3">{t('person.birthAndSex')}</h2>
      <div className="row">
        <div className="col-md-4">
          <SelectField id="person-birth-mode" label={t('person.birthMode')} value={s.birthMode} onChange={(v) => set({ birthMode: v as BirthMode })} options={birthModes} />
        </div>
        {s.birthMode === 'exact' ? (
          <div className="col-md-4">
            <TextField id="person-birth-date" type="date" label={t('person.birthDate')} value={s.birthDate} onChange={(v) => set({ birthDate: v })} error={e['birth.birthDate']} />
          </div>
        ) : null}
        {s.birthMode === 'year' ? (
          <div className="col-md-4">
            <TextField
              id="person-birth-year"
              label={t('person.estimatedYear')}
              inputMode="numeric"
              maxLength={4}
              value={s.estimatedYear}
              onChange={(v) => set({ estimatedYear: v })}
              error={e['birth.estimatedYear']}
            />
          </div>
        ) : null}
        {s.birthMode === 'range' ? (
          <>
            <div className="col-md-4">
              <TextField id="person-birth-from" type="date" label={t('person.estimatedFrom')} value={s.estimatedFrom} onChange={(v) => set({ estimatedFrom: v })} error={e['birth.estimatedFrom']} />
            </div>
            <div className="col-md-4">
              <TextField id="person-birth-to" type="date" label={t('person.estimatedTo')} value={s.estimatedTo} onChange={(v) => set({ estimatedTo: v })} error={e['birth.estimatedTo']} />
            </div>
          </>
        ) : null}
      </div>
      <div className="row">
        <div className="col-md-4">
          <SelectField id="person-sex" label={t('person.sex')} value={s.sex} onChange={(v) => set({ sex: v })} options={sexOptions} placeholder={t('person.notRecorded')} error={e.sex} />
        </div>
      </div>
      <MultiSelect id="person-citizenships" label={t('person.citizenships')} values={s.citizenships} onChange={(v) => set({ citizenships: v })} options={countries} error={e.citizenships} />

      <h2 className="h4 mt-3">{t('person.documents')}</h2>
      {s.documents.map((d, i) => (
        <fieldset key={i} className="row-editor">
          <legend>{t('person.documentN', { n: i + 1 })}</legend>
          <div className="row">
            <div className="col-md-3">
              <SelectField
                id={`doc-${i}-type`}
                label={t('person.documentType')}
                value={d.type}
                onChange={(v) => set({ documents: s.documents.map((x, j) => (j === i ? { ...x, type: v as DocumentRow['type'] } : x)) })}
                options={identityDocumentTypes.map((k) => ({ value: k, label: t(documentTypeKey(k)) }))}
              />
            </div>
            <div className="col-md-3">
              <TextField
                id={`doc-${i}-number`}
                label={t('person.documentNumber')}
                required
                value={d.number}
                onChange={(v) => set({ documents: s.documents.map((x, j) => (j === i ? { ...x, number: v } : x)) })}
                error={e[`documents.${i}.number`]}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
            <div className="col-md-3">
              <SelectField
                id={`doc-${i}-country`}
                label={t('person.documentCountry')}
                value={d.country}
                onChange={(v) => set({ documents: s.documents.map((x, j) => (j === i ? { ...x, country: v } : x)) })}
                options={countries}
                placeholder={t('person.notRecorded')}
                error={e[`documents.${i}.country`]}
              />
            </div>
            {props.identifying ? null : (
              <div className="col-md-3">
                <TextField
                  id={`doc-${i}-expires`}
                  type="date"
                  label={t('person.documentExpires')}
                  value={d.expiresOn}
                  onChange={(v) => set({ documents: s.documents.map((x, j) => (j === i ? { ...x, expiresOn: v } : x)) })}
                  error={e[`documents.${i}.expiresOn`]}
                />
              </div>
            )}
          </div>
          <Button color="danger" outline size="sm" type="button" onClick={() => set({ documents: s.documents.filter((_, j) => j !== i) })}>
            {t('common.remove')}
            <span className="visually-hidden"> {t('person.documentN', { n: i + 1 })}</span>
          </Button>
        </fieldset>
      ))}
      <Button
        color="primary"
        outline
        size="sm"
        type="button"
        className="mb-4"
        onClick={() => set({ documents: [...s.documents, { type: 'passport', number: '', country: '', expiresOn: '' }] })}
      >
        {t('person.addDocument')}
      </Button>

      <h2 className="h4 mt-3">{t('person.phones')}</h2>
      {s.phones.map((p, i) => (
        <div key={i} className="row align-items-start">
          <div className="col-md-6">
            <TextField
              id={`phone-${i}`}
              type="tel"
              label={t('person.phoneN', { n: i + 1 })}
              value={p}
              onChange={(v) => set({ phones: s.phones.map((x, j) => (j === i ? v : x)) })}
              error={e[`phones.${i}`]}
              autoComplete="off"
            />
          </div>
          <div className="col-md-3 pt-md-4">
            <Button color="danger" outline size="sm" type="button" onClick={() => set({ phones: s.phones.filter((_, j) => j !== i) })}>
              {t('common.remove')}
              <span className="visually-hidden"> {t('person.phoneN', { n: i + 1 })}</span>
            </Button>
          </div>
        </div>
      ))}
      <Button color="primary" outline size="sm" type="button" className="mb-4" onClick={() => set({ phones: [...s.phones, ''] })}>
        {t('person.addPhone')}
      </Button>

      {props.identifying ? null : (
        <>
          <h2 className="h4 mt-3">{t('person.more')}</h2>
          <MultiSelect id="person-languages" label={t('person.languages')} values={s.languages} onChange={(v) => set({ languages: v })} options={languages} error={e.languages} />
          <MultiSelect
            id="person-vulnerabilities"
            label={t('person.vulnerabilities')}
            values={s.vulnerabilities}
            onChange={(v) => set({ vulnerabilities: v })}
            options={vulnerabilityOptions}
            error={e.vulnerabilities}
          />
          <h3 className="h5 mt-3">{t('person.children')}</h3>
          {s.children.map((c, i) => (
            <fieldset key={i} className="row-editor">
              <legend>{t('person.childN', { n: i + 1 })}</legend>
              <div className="row">
                <div className="col-md-4">
                  <TextField
                    id={`child-${i}-year`}
                    label={t('person.childBirthYear')}
                    inputMode="numeric"
                    maxLength={4}
                    value={c.birthYear}
                    onChange={(v) => set({ children: s.children.map((x, j) => (j === i ? { ...x, birthYear: v } : x)) })}
                    error={e[`children.${i}.birthYear`]}
                  />
                </div>
                <div className="col-md-4">
                  <SelectField
                    id={`child-${i}-sex`}
                    label={t('person.sex')}
                    value={c.sex}
                    onChange={(v) => set({ children: s.children.map((x, j) => (j === i ? { ...x, sex: v } : x)) })}
                    options={sexOptions}
                    placeholder={t('person.notRecorded')}
                  />
                </div>
                <div className="col-md-4 pt-md-4">
                  <Checkbox
                    id={`child-${i}-with`}
                    label={t('person.childWithPerson')}
                    checked={c.withPerson}
                    onChange={(v) => set({ children: s.children.map((x, j) => (j === i ? { ...x, withPerson: v } : x)) })}
                  />
                </div>
              </div>
              <Button color="danger" outline size="sm" type="button" onClick={() => set({ children: s.children.filter((_, j) => j !== i) })}>
                {t('common.remove')}
                <span className="visually-hidden"> {t('person.childN', { n: i + 1 })}</span>
              </Button>
            </fieldset>
          ))}
          <Button color="primary" outline size="sm" type="button" className="mb-4" onClick={() => set({ children: [...s.children, { birthYear: '', sex: '', withPerson: true }] })}>
            {t('person.addChild')}
          </Button>
          <TextArea id="person-notes" label={t('person.notes')} hint={t('person.notesHint')} value={s.notes} onChange={(v) => set({ notes: v })} rows={4} error={e.notes} />
        </>
      )}
    </>
  );
}
