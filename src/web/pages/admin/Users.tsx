/** Users: list with search and organisation filter; create; edit, disable, memberships with a role per organisation. */
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Badge, Button, Table } from 'design-react-kit';
import { PASSWORD_MIN } from '../../limits.ts';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { SelectField, TextField, type Option } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type Locale } from '../../i18n/index.tsx';
import { roleName, useOrganisations, useRoles } from '../../reference.ts';
import type { Membership, Paged, User } from '../../types.ts';
import { emailPattern } from '../../validate.ts';

export function UserListPage() {
  const { t, locale } = useI18n();
  const location = useLocation();
  const [q, setQ] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [applied, setApplied] = useState({ q: '', organisationId: '' });
  const orgs = useOrganisations();
  const roles = useRoles();
  const list = useLoad(async (signal) => {
    const answer = await api.get<Paged<User> | User[]>('/api/users', applied, signal);
    return Array.isArray(answer) ? answer : answer.items;
  }, JSON.stringify(applied));
  const orgName = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
  const roleLabel = new Map((roles.data ?? []).map((r) => [r.key, roleName(r, locale)]));
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;

  return (
    <Page
      title={t('user.listTitle')}
      actions={
        <Link className="btn btn-primary" to="/users/new">
          {t('user.new')}
        </Link>
      }
    >
      <Notice text={notice} />
      <form
        className="filters row g-3"
        role="search"
        aria-label={t('common.filter')}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ q: q.trim(), organisationId });
        }}
      >
        <div className="col-md-5">
          <TextField id="user-q" type="search" label={t('user.searchLabel')} value={q} onChange={setQ} />
        </div>
        <div className="col-md-5">
          <SelectField
            id="user-org-filter"
            label={t('user.organisation')}
            value={organisationId}
            onChange={setOrganisationId}
            options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            placeholder={t('user.anyOrganisation')}
          />
        </div>
        <div className="col-md-2 pt-md-4">
          <Button color="primary" type="submit" className="mt-md-2">
            {t('common.search')}
          </Button>
        </div>
      </form>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-responsive">
          <Table hover id="user-table">
            <caption className="visually-hidden">{t('user.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('user.displayName')}</th>
                <th scope="col">{t('user.email')}</th>
                <th scope="col">{t('user.memberships')}</th>
                <th scope="col">{t('user.twoFactor')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <Link to={`/users/${u.id}`}>{u.displayName}</Link>
                  </th>
                  <td>{u.email}</td>
                  <td>
                    {(u.memberships ?? [])
                      .map((m) => `${m.organisationName ?? orgName.get(m.organisationId) ?? m.organisationId}: ${roleLabel.get(m.roleKey) ?? m.roleKey}`)
                      .join('; ')}
                  </td>
                  <td>{u.totpEnabled ? t('profile.mfaEnabled') : t('profile.mfaDisabled')}</td>
                  <td>{u.isActive ? <Badge color="success">{t('common.active')}</Badge> : <Badge color="secondary">{t('common.inactive')}</Badge>}</td>
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

export function UserEditPage() {
  const { id } = useParams();
  const loaded = useLoad(async (signal) => (id ? api.get<User>(`/api/users/${id}`, undefined, signal) : null), id ?? 'new');
  if (id && loaded.loading && !loaded.data) return <Loading />;
  if (id && !loaded.data) return <ErrorAlert error={loaded.error} />;
  return loaded.data ? <UserEdit key={loaded.data.id} user={loaded.data} onChanged={loaded.reload} /> : <UserCreate />;
}

function localeOptions(t: (k: 'header.languageIt' | 'header.languageEn') => string): Option[] {
  return [
    { value: 'it', label: t('header.languageIt') },
    { value: 'en', label: t('header.languageEn') },
  ];
}

/** Rows of organisation + role; one organisation at most once. */
function MembershipsEditor(props: { value: Membership[]; onChange: (value: Membership[]) => void; errors: FieldErrors; prefix: string }) {
  const { t, locale } = useI18n();
  const orgs = useOrganisations();
  const roles = useRoles();
  const orgOptions = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  const roleOptions = (roles.data ?? []).map((r) => ({ value: r.key, label: roleName(r, locale) }));
  const { value, onChange } = props;
  return (
    <>
      {value.map((m, i) => (
        <fieldset key={i} className="row-editor">
          <legend>{t('project.rowN', { n: i + 1 })}</legend>
          <div className="row">
            <div className="col-md-5">
              <SelectField
                id={`${props.prefix}-${i}-org`}
                label={t('user.organisation')}
                value={m.organisationId}
                onChange={(v) => onChange(value.map((x, j) => (j === i ? { ...x, organisationId: v } : x)))}
                options={orgOptions}
                placeholder={t('common.choose')}
                required
                error={props.errors[`memberships.${i}.organisationId`] ?? props.errors[`${i}.organisationId`]}
              />
            </div>
            <div className="col-md-5">
              <SelectField
                id={`${props.prefix}-${i}-role`}
                label={t('user.role')}
                value={m.roleKey}
                onChange={(v) => onChange(value.map((x, j) => (j === i ? { ...x, roleKey: v } : x)))}
                options={roleOptions}
                placeholder={t('common.choose')}
                required
                error={props.errors[`memberships.${i}.roleKey`] ?? props.errors[`${i}.roleKey`]}
              />
            </div>
            <div className="col-md-2 pt-md-4">
              <Button color="danger" outline size="sm" type="button" onClick={() => onChange(value.filter((_, j) => j !== i))}>
                {t('common.remove')}
                <span className="visually-hidden"> {t('project.rowN', { n: i + 1 })}</span>
              </Button>
            </div>
          </div>
        </fieldset>
      ))}
      <Button color="primary" outline size="sm" type="button" onClick={() => onChange([...value, { organisationId: '', roleKey: '' }])}>
        {t('user.addMembership')}
      </Button>
    </>
  );
}

function validateMemberships(list: Membership[], t: (k: 'validation.required') => string): FieldErrors {
  const e: FieldErrors = {};
  list.forEach((m, i) => {
    if (!m.organisationId) e[`memberships.${i}.organisationId`] = t('validation.required');
    if (!m.roleKey) e[`memberships.${i}.roleKey`] = t('validation.required');
  });
  return e;
}

function UserCreate() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [userLocale, setUserLocale] = useState<Locale>(locale);
  const [password, setPassword] = useState('');
  const [memberships, setMemberships] = useState<Membership[]>([{ organisationId: '', roleKey: '' }]);
  const form = useSubmit();

  const validate = (): FieldErrors => {
    const e: FieldErrors = validateMemberships(memberships, t);
    if (!emailPattern.test(email.trim())) e.email = t('validation.email');
    if (!displayName.trim()) e.displayName = t('validation.required');
    if (password && password.length < PASSWORD_MIN) e.password = t('validation.passwordLength', { min: PASSWORD_MIN });
    return e;
  };

  const submit = () =>
    form.run(validate, async () => {
      await api.post<User>('/api/users', {
        email: email.trim().toLowerCase(),
        displayName: displayName.trim(),
        locale: userLocale,
        ...(password ? { password } : {}),
        memberships: memberships.map((m) => ({ organisationId: m.organisationId, roleKey: m.roleKey })),
      });
      void navigate('/users', { state: { notice: t('user.created') } });
    });

  return (
    <Page title={t('user.new')}>
      <ErrorAlert error={form.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset disabled={form.busy}>
          <div className="row">
            <div className="col-md-6">
              <TextField id="user-email" type="email" label={t('user.email')} value={email} onChange={setEmail} required autoComplete="off" error={form.fieldErrors.email} />
            </div>
            <div className="col-md-6">
              <TextField id="user-name" label={t('user.displayName')} value={displayName} onChange={setDisplayName} required error={form.fieldErrors.displayName} />
            </div>
            <div className="col-md-6">
              <SelectField id="user-locale" label={t('user.locale')} value={userLocale} onChange={(v) => setUserLocale(v === 'en' ? 'en' : 'it')} options={localeOptions(t)} />
            </div>
            <div className="col-md-6">
              <TextField
                id="user-password"
                type="password"
                label={t('user.password')}
                hint={t('user.passwordHint', { min: PASSWORD_MIN })}
                value={password}
                onChange={setPassword}
                autoComplete="new-password"
                error={form.fieldErrors.password}
              />
            </div>
          </div>
          <h2 className="h4 mt-3">{t('user.memberships')}</h2>
          <p>{t('user.membershipsIntro')}</p>
          <MembershipsEditor prefix="m" value={memberships} onChange={setMemberships} errors={form.fieldErrors} />
        </fieldset>
        <div className="d-flex gap-3 mt-5">
          <Button color="primary" type="submit" disabled={form.busy}>
            {form.busy ? t('common.saving') : t('common.create')}
          </Button>
          <Link className="btn btn-outline-primary" to="/users">
            {t('common.back')}
          </Link>
        </div>
      </form>
    </Page>
  );
}

function UserEdit(props: { user: User; onChanged(): void }) {
  const { t } = useI18n();
  const { user } = props;
  const [displayName, setDisplayName] = useState(user.displayName);
  const [userLocale, setUserLocale] = useState<Locale>(user.locale);
  const [memberships, setMemberships] = useState<Membership[]>(user.memberships.map((m) => ({ organisationId: m.organisationId, roleKey: m.roleKey })));
  const [notice, setNotice] = useState<string | null>(null);
  const details = useSubmit();
  const status = useSubmit();
  const ms = useSubmit();

  const saveDetails = () =>
    details.run(
      (): FieldErrors => (displayName.trim() ? {} : { displayName: t('validation.required') }),
      async () => {
        setNotice(null);
        await api.patch(`/api/users/${user.id}`, { displayName: displayName.trim(), locale: userLocale });
        setNotice(t('common.saved'));
      },
    );

  const toggleActive = () =>
    status.run(
      () => ({}),
      async () => {
        setNotice(null);
        await api.patch(`/api/users/${user.id}`, { isActive: !user.isActive });
        setNotice(user.isActive ? t('user.disabledNotice') : t('user.enabledNotice'));
        props.onChanged();
      },
    );

  const saveMemberships = () =>
    ms.run(
      () => validateMemberships(memberships, t),
      async () => {
        setNotice(null);
        await api.put(`/api/users/${user.id}/memberships`, memberships);
        setNotice(t('user.membershipsSaved'));
      },
    );

  return (
    <Page
      title={`${t('user.editTitle')}: ${user.displayName}`}
      lead={
        <>
          {user.email} · {user.isActive ? <Badge color="success">{t('common.active')}</Badge> : <Badge color="secondary">{t('common.inactive')}</Badge>}
          {user.totpEnabled !== undefined ? (
            <>
              {' '}
              · {t('user.twoFactor')}: {user.totpEnabled ? t('profile.mfaEnabled') : t('profile.mfaDisabled')}
            </>
          ) : null}
        </>
      }
    >
      <Notice text={notice} />
      <ErrorAlert error={details.error ?? status.error ?? ms.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saveDetails();
        }}
      >
        <div className="row">
          <div className="col-md-6">
            <TextField id="user-name" label={t('user.displayName')} value={displayName} onChange={setDisplayName} required error={details.fieldErrors.displayName} />
          </div>
          <div className="col-md-6">
            <SelectField id="user-locale" label={t('user.locale')} value={userLocale} onChange={(v) => setUserLocale(v === 'en' ? 'en' : 'it')} options={localeOptions(t)} />
          </div>
        </div>
        <div className="d-flex flex-wrap gap-3">
          <Button color="primary" type="submit" disabled={details.busy}>
            {t('common.save')}
          </Button>
          <Button color={user.isActive ? 'danger' : 'success'} outline type="button" disabled={status.busy} onClick={() => void toggleActive()}>
            {user.isActive ? t('user.disable') : t('user.enable')}
          </Button>
        </div>
      </form>

      <h2 className="h4 mt-5">{t('user.memberships')}</h2>
      <p>
        {t('user.membershipsIntro')} {t('user.membershipsSessions')}
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saveMemberships();
        }}
      >
        <MembershipsEditor prefix="em" value={memberships} onChange={setMemberships} errors={ms.fieldErrors} />
        <div className="d-flex gap-3 mt-4">
          <Button color="primary" type="submit" disabled={ms.busy}>
            {t('user.saveMemberships')}
          </Button>
          <Link className="btn btn-outline-primary" to="/users">
            {t('common.back')}
          </Link>
        </div>
      </form>
    </Page>
  );
}
