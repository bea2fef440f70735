/**
 * Persons: search (names in any script, person code, document or phone number), the new-person
 * path (duplicate check first, then the form), and the person page (summary, identity, cases,
 * open a case, merge request).
 */
import { LegalStatus } from '../cases/Permits.tsx';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { htcdsLabel } from '../../../domain/htcds/index.ts';
import { casePhaseLabels, isCasePhase, minorStatusLabels } from '../../../domain/cases/index.ts';
import type { Paged } from '../../types.ts';
import {
  birthText,
  countryName,
  languageName,
  listBirthText,
  nameText,
  normaliseDuplicates,
  primaryName,
  reasonText,
  type DuplicateAnswer,
  type PersonDetail,
  type PersonListItem,
} from './model.ts';
import { consentErrors, ContactConsent, linkContact, LinkDone, personStateFromContact, type Consent, type OutreachContact } from './FromOutreach.tsx';
import { emptyPerson, PersonFields, personToState, toInput, toPatch, validatePerson, type PersonFormState } from './PersonForm.tsx';

function items<T>(answer: Paged<T> | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

export function PersonSearchPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const applied = params.get('q') ?? '';
  const [q, setQ] = useState(applied);
  const list = useLoad(async (signal) => items(await api.get<Paged<PersonListItem> | PersonListItem[]>('/api/persons', { q: applied, limit: 50 }, signal)), applied);
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const showNames = (list.data ?? []).some((p) => p.displayName);

  return (
    <Page
      title={t('person.listTitle')}
      lead={t('person.listLead')}
      actions={
        can(me, 'persons.write') ? (
          <Link className="btn btn-primary" to="/persons/new">
            {t('person.new')}
          </Link>
        ) : null
      }
    >
      <Notice text={notice} />
      <form
        className="filters row g-3"
        role="search"
        aria-label={t('person.searchLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          setParams(q.trim() ? { q: q.trim() } : {});
        }}
      >
        <div className="col-md-9">
          <TextField id="person-q" type="search" label={t('person.searchLabel')} hint={t('person.searchHint')} value={q} onChange={setQ} autoComplete="off" spellCheck={false} />
        </div>
        <div className="col-md-3 pt-md-4">
          <Button color="primary" type="submit" className="mt-md-2">
            {t('common.search')}
          </Button>
        </div>
      </form>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-responsive">
          <p role="status">{applied ? t('person.resultsFor', { count: list.data.length }) : t('person.recent')}</p>
          <Table hover id="person-table">
            <caption className="visually-hidden">{t('person.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.code')}</th>
                {showNames ? <th scope="col">{t('common.name')}</th> : null}
                <th scope="col">{t('person.birthYear')}</th>
                <th scope="col">{t('person.citizenships')}</th>
                <th scope="col">{t('person.openCases')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/persons/${p.id}`}>{p.code}</Link>
                  </th>
                  {showNames ? <td>{p.displayName ?? '—'}</td> : null}
                  <td>{listBirthText(p)}</td>
                  <td>{(p.citizenships ?? []).map((c) => countryName(c, locale)).join(', ') || '—'}</td>
                  <td>{p.openCases ?? 0}</td>
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

/** New person: the duplicate check first; "create anyway" then opens the whole form. */
export function PersonNewPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const contactId = params.get('outreachContact');
  const contact = useLoad(async (signal) => (contactId ? api.get<OutreachContact>(`/api/contacts/${encodeURIComponent(contactId)}`, undefined, signal) : null), contactId ?? '');
  if (!contactId) return <PersonNew />;
  if (contact.error) {
    return (
      <Page title={t('person.new')}>
        <ErrorAlert error={contact.error} />
      </Page>
    );
  }
  if (!contact.data) return <Loading />;
  return <PersonNew key={contact.data.id} contact={contact.data} />;
}

function PersonNew(props: { contact?: OutreachContact }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { contact } = props;
  const [state, setState] = useState<PersonFormState>(() => (contact ? personStateFromContact(contact) : emptyPerson()));
  const [consent, setConsent] = useState<Consent>({ confirmed: false, method: '' });
  const [consentErrs, setConsentErrs] = useState<FieldErrors>({});
  const [step, setStep] = useState<'check' | 'form'>('check');
  const [answer, setAnswer] = useState<DuplicateAnswer | null>(null);
  const [linked, setLinked] = useState<{ id: string; code: string } | null>(null);
  const [unlinked, setUnlinked] = useState<{ id: string; code: string } | null>(null);
  const check = useSubmit();
  const create = useSubmit();
  const linker = useSubmit();

  const withConsent = (errors: FieldErrors): FieldErrors => {
    if (!contact) return errors;
    const c = consentErrors(consent, t);
    setConsentErrs(c);
    return { ...c, ...errors };
  };

  const link = (person: { id: string; code: string }) =>
    linker.run(
      () => withConsent({}),
      async () => {
        if (!contact) return;
        await linkContact(contact, person.code, consent);
        setUnlinked(null);
        setLinked(person);
      },
    );

  const runCheck = () =>
    check.run(
      () => validatePerson(state, t, locale, true),
      async () => {
        const raw = await api.post<unknown>('/api/persons/duplicates', toInput(state, true));
        setAnswer(normaliseDuplicates(raw));
      },
    );

  const runCreate = () =>
    create.run(
      () => withConsent(validatePerson(state, t, locale)),
      async () => {
        const person = await api.post<PersonDetail>('/api/persons', toInput(state));
        if (!contact) {
          void navigate(`/persons/${person.id}`, { state: { notice: t('person.created', { code: person.code }) } });
          return;
        }
        setUnlinked({ id: person.id, code: person.code });
        await link({ id: person.id, code: person.code });
      },
    );

  if (contact && linked) {
    return (
      <Page title={t('outreachLink.title')}>
        <LinkDone person={linked} outingId={contact.outingId} />
      </Page>
    );
  }

  const consentBox = contact ? (
    <>
      <ContactConsent contact={contact} consent={consent} onChange={setConsent} errors={consentErrs} />
      <ErrorAlert error={linker.error} />
      {unlinked ? (
        <p>
          {t('outreachLink.createdNotLinked', { code: unlinked.code })}{' '}
          <Button color="primary" outline type="button" onClick={() => void link(unlinked)}>
            {t('outreachLink.linkTo', { code: unlinked.code })}
          </Button>
        </p>
      ) : null}
    </>
  ) : null;

  if (step === 'form') {
    return (
      <Page title={contact ? t('outreachLink.title') : t('person.new')} lead={t('person.formLead')}>
        {consentBox}
        <ErrorAlert error={create.error} />
        <form
          noValidate
          id="person-form"
          onSubmit={(e) => {
            e.preventDefault();
            void runCreate();
          }}
        >
          <fieldset disabled={create.busy}>
            <PersonFields value={state} onChange={setState} errors={create.fieldErrors} identifying={false} />
          </fieldset>
          <div className="d-flex gap-3 mt-4">
            <Button color="primary" type="submit" disabled={create.busy || !!unlinked}>
              {create.busy ? t('common.saving') : contact ? t('outreachLink.createAndLink') : t('person.create')}
            </Button>
            <Button color="primary" outline type="button" onClick={() => setStep('check')}>
              {t('person.backToCheck')}
            </Button>
          </div>
        </form>
      </Page>
    );
  }

  return (
    <Page title={contact ? t('outreachLink.title') : t('person.new')} lead={t('person.checkLead')}>
      {consentBox}
      <ErrorAlert error={check.error} />
      <form
        noValidate
        id="duplicate-check-form"
        onSubmit={(e) => {
          e.preventDefault();
          void runCheck();
        }}
      >
        <fieldset disabled={check.busy}>
          <PersonFields value={state} onChange={setState} errors={check.fieldErrors} identifying />
        </fieldset>
        <div className="d-flex gap-3 mt-2 mb-4">
          <Button color="primary" type="submit" disabled={check.busy}>
            {check.busy ? t('person.checking') : t('person.checkDuplicates')}
          </Button>
          <Link className="btn btn-outline-primary" to={contact ? `/outreach/outings/${contact.outingId}` : '/persons'}>
            {t('common.back')}
          </Link>
        </div>
      </form>
      {answer ? <DuplicateResults answer={answer} onCreate={() => setStep('form')} {...(contact ? { onLink: (p: { id: string; code: string }) => void link(p), linking: linker.busy } : {})} /> : null}
    </Page>
  );
}

function DuplicateResults(props: {
  answer: DuplicateAnswer;
  /** registering: continue with a new record */
  onCreate?: () => void;
  onLink?: (person: { id: string; code: string }) => void;
  linking?: boolean;
  /** a registered person's page: start a merge request with the candidate */
  onMerge?: (person: { id: string; code: string }) => void;
  /** the results under a section heading of their own */
  nested?: boolean;
}) {
  const { t, locale } = useI18n();
  const { candidates, elsewhere } = props.answer;
  const none = candidates.length === 0 && elsewhere.length === 0;
  const Heading = props.nested ? 'h3' : 'h2';
  const Name = props.nested ? 'h4' : 'h3';
  return (
    <section aria-labelledby="dup-title" id="duplicate-results">
      <Heading id="dup-title" className={props.nested ? 'h5' : 'h4'}>
        {t('dup.title')}
      </Heading>
      <p role="status">{none ? t('dup.none') : t('dup.found', { count: candidates.length + elsewhere.length })}</p>
      {candidates.length > 0 ? (
        <ol className="duplicate-list list-unstyled">
          {candidates.map((c) => (
            <li key={c.person.id} className="border rounded p-3 mb-3 duplicate-candidate">
              <div className="d-flex flex-wrap justify-content-between gap-2">
                <Name className="h5 mb-1">
                  <Link to={`/persons/${c.person.id}`}>{c.person.displayName ?? c.person.code}</Link>
                  {c.person.displayName ? <span className="ms-2 text-secondary small">{c.person.code}</span> : null}
                </Name>
                <Badge color={c.decision === 'match' ? 'danger' : 'warning'} className="dup-decision">
                  {c.decision === 'match' ? t('dup.match') : t('dup.possible')} · {t('dup.score', { pct: Math.round(c.score * 100) })}
                </Badge>
              </div>
              <p className="mb-1 small">
                {t('person.birthYear')}: {listBirthText(c.person)} · {t('person.citizenships')}:{' '}
                {(c.person.citizenships ?? []).map((x) => countryName(x, locale)).join(', ') || '—'}
              </p>
              <ul className="dup-reasons small mb-0">
                {c.reasons.map((r, i) => (
                  <li key={i}>{reasonText(r, t)}</li>
                ))}
              </ul>
              {props.onLink ? (
                <Button color="primary" outline size="sm" type="button" className="mt-2 link-candidate" disabled={props.linking} onClick={() => props.onLink?.({ id: c.person.id, code: c.person.code })}>
                  {t('outreachLink.linkTo', { code: c.person.code })}
                </Button>
              ) : null}
              {props.onMerge ? (
                <Button color="primary" outline size="sm" type="button" className="mt-2 merge-candidate" onClick={() => props.onMerge?.({ id: c.person.id, code: c.person.code })}>
                  {t('person.mergeWith', { code: c.person.code })}
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {elsewhere.length > 0 ? (
        <ul className="list-unstyled">
          {elsewhere.map((h) => (
            <li key={h.heldBy.organisationId} className="border rounded p-3 mb-3 held-elsewhere">
              <p className="mb-2">
                {h.strength === 'match' ? t('dup.heldByMatch', { org: h.heldBy.organisationName }) : t('dup.heldByPossible', { org: h.heldBy.organisationName })}
              </p>
              <Link className="btn btn-outline-primary btn-sm" to={`/referrals/new?to=${encodeURIComponent(h.heldBy.organisationId)}`}>
                {t('dup.askReferral')}
              </Link>
              <p className="small text-secondary mt-2 mb-0">{t('dup.referralNote')}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {props.onCreate ? (
        <>
          <p>{none ? t('dup.createLead') : t('dup.createAnywayLead')}</p>
          <Button color="primary" type="button" onClick={props.onCreate} id="create-anyway">
            {none ? t('dup.continue') : t('dup.createAnyway')}
          </Button>
        </>
      ) : null}
    </section>
  );
}

export function PersonViewPage() {
  const { id = '' } = useParams();
  const loaded = useLoad((signal) => api.get<PersonDetail>(`/api/persons/${encodeURIComponent(id)}`, undefined, signal), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorAlert error={loaded.error} />;
  return <PersonView key={loaded.data.id} person={loaded.data} onChanged={loaded.reload} />;
}

function minorStatusOf(p: PersonDetail): string | null {
  if (!p.minor) return null;
  if (typeof p.minor === 'string') return p.minor;
  return p.minor.status ?? p.minor.isMinor ?? null;
}

function PersonView(props: { person: PersonDetail; onChanged: () => void }) {
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const p = props.person;
  const [mergeCode, setMergeCode] = useState('');
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const open = useSubmit();
  const minor = minorStatusOf(p);
  const primary = primaryName(p.names);
  const title = primary ? `${primary} (${p.code})` : p.code;

  const openCase = () =>
    open.run(
      () => ({}),
      async () => {
        const c = await api.post<{ id: string; code: string }>('/api/cases', { personId: p.id });
        void navigate(`/cases/${c.id}`, { state: { notice: t('case.opened', { code: c.code }) } });
      },
    );

  return (
    <Page
      title={title}
      actions={
        <>
          {can(me, 'persons.write') && !p.mergedInto ? (
            <Link className="btn btn-outline-primary" to={`/persons/${p.id}/edit`}>
              {t('person.edit')}
            </Link>
          ) : null}
          {can(me, 'cases.write') && !p.mergedInto ? (
            <Button color="primary" type="button" id="open-case" disabled={open.busy} onClick={() => void openCase()}>
              {t('person.openCase')}
            </Button>
          ) : null}
        </>
      }
    >
      <Notice text={notice} />
      <ErrorAlert error={open.error} />
      {p.mergedInto ? (
        <div className="alert alert-warning" role="status">
          {t('person.mergedInto')} <Link to={`/persons/${p.mergedInto.id}`}>{p.mergedInto.code}</Link>
        </div>
      ) : null}
      {minor === 'minor' || minor === 'possibly_minor' ? (
        <div className="alert alert-info" role="status" id="minor-banner">
          {minorStatusLabels[minor][locale]}
        </div>
      ) : null}

      <h2 className="h4">{t('person.summary')}</h2>
      <dl className="row">
        <dt className="col-sm-3">{t('person.code')}</dt>
        <dd className="col-sm-9">{p.code}</dd>
        <dt className="col-sm-3">{t('person.organisation')}</dt>
        <dd className="col-sm-9">{p.organisation?.name ?? '—'}</dd>
        <dt className="col-sm-3">{t('person.birth')}</dt>
        <dd className="col-sm-9">{birthText(p.birth, formatDate, t)}</dd>
        <dt className="col-sm-3">{t('person.sex')}</dt>
        <dd className="col-sm-9">{p.sex ? (htcdsLabel({ field: 'prs_Gender', value: p.sex, locale }) ?? p.sex) : '—'}</dd>
        <dt className="col-sm-3">{t('person.citizenships')}</dt>
        <dd className="col-sm-9">{(p.citizenships ?? []).map((c) => countryName(c, locale)).join(', ') || '—'}</dd>
        <dt className="col-sm-3">{t('person.languages')}</dt>
        <dd className="col-sm-9">{(p.languages ?? []).map((c) => languageName(c, locale)).join(', ') || '—'}</dd>
        {p.createdAt ? (
          <>
            <dt className="col-sm-3">{t('person.createdAt')}</dt>
            <dd className="col-sm-9">{formatDateTime(p.createdAt)}</dd>
          </>
        ) : null}
      </dl>

      <h2 className="h4 mt-4">{t('person.identity')}</h2>
      <h3 className="h5">{t('person.names')}</h3>
      <ul id="person-names">
        {p.names.map((n, i) => (
          <li key={i}>
            <span>{nameText(n)}</span> <span className="text-secondary small">({t(`person.nameKind.${n.kind}` as MessageKey)})</span>
          </li>
        ))}
      </ul>
      <h3 className="h5">{t('person.documents')}</h3>
      {(p.documents ?? []).length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul>
          {(p.documents ?? []).map((d, i) => (
            <li key={i}>
              {t(`person.doc.${d.type}` as MessageKey)}: {d.number}
              {d.country ? ` (${countryName(d.country, locale)})` : ''}
              {d.expiresOn ? ` · ${t('person.documentExpires')} ${formatDate(d.expiresOn)}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3 className="h5">{t('person.phones')}</h3>
      <p>{(p.phones ?? []).join(', ') || t('common.none')}</p>
      <h3 className="h5">{t('person.vulnerabilities')}</h3>
      <p>{(p.vulnerabilities ?? []).map((v) => htcdsLabel({ field: 'vic_Vulnerabilities', value: v, locale }) ?? v).join(', ') || t('common.none')}</p>
      <h3 className="h5">{t('person.children')}</h3>
      {(p.children ?? []).length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul>
          {(p.children ?? []).map((c, i) => (
            <li key={i}>
              {t('person.childN', { n: i + 1 })}: {c.birthYear ?? '—'}
              {c.sex ? `, ${htcdsLabel({ field: 'prs_Gender', value: c.sex, locale }) ?? c.sex}` : ''} · {c.withPerson ? t('person.childWithPerson') : t('person.childNotWithPerson')}
            </li>
          ))}
        </ul>
      )}
      {p.notes ? (
        <>
          <h3 className="h5">{t('person.notes')}</h3>
          <p className="text-prewrap">{p.notes}</p>
        </>
      ) : null}

      <h2 className="h4 mt-4">{t('person.cases')}</h2>
      {(p.cases ?? []).length === 0 ? (
        <p>{t('person.noCases')}</p>
      ) : (
        <div className="table-responsive">
          <Table id="person-cases">
            <caption className="visually-hidden">{t('person.cases')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.code')}</th>
                <th scope="col">{t('case.phase')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('person.organisation')}</th>
              </tr>
            </thead>
            <tbody>
              {(p.cases ?? []).map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/cases/${c.id}`}>{c.code}</Link>
                  </th>
                  <td>{isCasePhase(c.phase) ? casePhaseLabels[c.phase][locale] : c.phase}</td>
                  <td>{htcdsLabel({ field: 'cas_Status', value: c.status, locale }) ?? c.status}</td>
                  <td>{c.organisationName ?? c.organisation?.name ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}

      {can(me, 'cases.read') && (p.cases ?? []).length > 0 ? <LegalStatus personId={p.id} /> : null}

      {!p.mergedInto ? <RegistryDuplicates person={p} onMerge={can(me, 'persons.write') ? (other) => setMergeCode(other.code) : undefined} /> : null}

      {can(me, 'persons.write') && !p.mergedInto ? <MergeRequest person={p} code={mergeCode} onCode={setMergeCode} /> : null}
    </Page>
  );
}

/** On request, the registry's possible duplicates of this person (from its stored keyed encoding). */
function RegistryDuplicates(props: { person: PersonDetail; onMerge: ((person: { id: string; code: string }) => void) | undefined }) {
  const { t } = useI18n();
  const [answer, setAnswer] = useState<DuplicateAnswer | null>(null);
  const search = useSubmit();
  const run = () =>
    search.run(
      () => ({}),
      async () => setAnswer(normaliseDuplicates(await api.get<unknown>(`/api/persons/${props.person.id}/duplicates`))),
    );
  return (
    <section aria-labelledby="registry-duplicates-title" className="mt-5" id="registry-duplicates">
      <h2 id="registry-duplicates-title" className="h4">
        {t('person.duplicatesTitle')}
      </h2>
      <p>{t('person.duplicatesLead')}</p>
      <ErrorAlert error={search.error} />
      <Button color="primary" outline type="button" disabled={search.busy} onClick={() => void run()} id="registry-duplicates-search">
        {search.busy ? t('person.checking') : t('person.duplicatesSearch')}
      </Button>
      {answer ? (
        <div className="mt-3">
          <DuplicateResults
            answer={answer}
            nested
            {...(props.onMerge
              ? {
                  onMerge: (other: { id: string; code: string }) => {
                    props.onMerge?.(other);
                    document.getElementById('merge-code')?.focus();
                  },
                }
              : {})}
          />
        </div>
      ) : null}
    </section>
  );
}

/** Ask for this person and another record (by person code) to be merged; a coordinator decides. */
function MergeRequest(props: { person: PersonDetail; code: string; onCode: (code: string) => void }) {
  const { t } = useI18n();
  const code = props.code;
  const setCode = props.onCode;
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useSubmit();
  const submit = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!code.trim()) e.code = t('validation.required');
        if (!reason.trim()) e.reason = t('validation.required');
        return e;
      },
      async () => {
        setDone(null);
        const found = items(await api.get<Paged<PersonListItem> | PersonListItem[]>('/api/persons', { q: code.trim(), limit: 5 }));
        const other = found.find((x) => x.code.toLowerCase() === code.trim().toLowerCase());
        if (!other || other.id === props.person.id) {
          form.setFieldErrors({ code: t('person.mergeNoSuchCode') });
          return;
        }
        await api.post('/api/persons/merges', { keptPersonId: props.person.id, mergedPersonId: other.id, reason: reason.trim() });
        setDone(t('person.mergeRequested', { code: other.code }));
        setCode('');
        setReason('');
      },
    );
  return (
    <section aria-labelledby="merge-title" className="mt-5">
      <h2 id="merge-title" className="h4">
        {t('person.mergeTitle')}
      </h2>
      <p>{t('person.mergeLead', { code: props.person.code })}</p>
      <Notice text={done} />
      <ErrorAlert error={form.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="row">
          <div className="col-md-4">
            <TextField id="merge-code" label={t('person.mergeOtherCode')} value={code} onChange={setCode} required error={form.fieldErrors.code ?? form.fieldErrors.mergedPersonId} autoComplete="off" />
          </div>
          <div className="col-md-8">
            <TextArea id="merge-reason" label={t('person.mergeReason')} value={reason} onChange={setReason} required rows={2} error={form.fieldErrors.reason} />
          </div>
        </div>
        <Button color="primary" outline type="submit" disabled={form.busy}>
          {t('person.mergeSubmit')}
        </Button>
      </form>
    </section>
  );
}

/** Change a person: the same form, every field sent with the version read (409 when stale). */
export function PersonEditPage() {
  const { id = '' } = useParams();
  const loaded = useLoad((signal) => api.get<PersonDetail>(`/api/persons/${encodeURIComponent(id)}`, undefined, signal), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorAlert error={loaded.error} />;
  return <PersonEdit key={`${loaded.data.id}:${loaded.data.version}`} person={loaded.data} />;
}

function PersonEdit(props: { person: PersonDetail }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const p = props.person;
  const [state, setState] = useState<PersonFormState>(() => personToState(p));
  const form = useSubmit();
  const save = () =>
    form.run(
      () => validatePerson(state, t, locale),
      async () => {
        await api.patch<PersonDetail>(`/api/persons/${p.id}`, toPatch(state, p.version));
        void navigate(`/persons/${p.id}`, { state: { notice: t('common.saved') } });
      },
    );
  return (
    <Page title={t('person.editTitle', { code: p.code })}>
      <ErrorAlert error={form.error} />
      <form
        noValidate
        id="person-edit-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset disabled={form.busy}>
          <PersonFields value={state} onChange={setState} errors={form.fieldErrors} identifying={false} />
        </fieldset>
        <div className="d-flex gap-3 mt-4">
          <Button color="primary" type="submit" disabled={form.busy}>
            {form.busy ? t('common.saving') : t('common.save')}
          </Button>
          <Link className="btn btn-outline-primary" to={`/persons/${p.id}`}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </Page>
  );
}
