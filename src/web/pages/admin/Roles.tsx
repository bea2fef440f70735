/** Roles: list; edit permissions as grouped checkboxes; create a custom role; delete an unused custom role. */
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Badge, Button, Table } from 'design-react-kit';
import { isPermission, permissions, personalDataPermissions, roleNeedsMfa, type Permission } from '../../../domain/permissions.ts';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { Checkbox, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { permissionKey, useI18n, type MessageKey } from '../../i18n/index.tsx';
import { invalidateReference, roleName } from '../../reference.ts';
import type { Paged, Role } from '../../types.ts';
import { roleKeyPattern } from '../../validate.ts';

const groups: ReadonlyArray<{ label: MessageKey; test(p: Permission): boolean }> = [
  { label: 'role.group.network', test: (p) => ['network.read', 'network.manage', 'users.manage', 'roles.manage', 'audit.read'].includes(p) },
  { label: 'role.group.aggregate', test: (p) => p === 'stats.aggregate' || p === 'reports.generate' },
  { label: 'role.group.other', test: (p) => ['events.manage', 'public.edit', 'forum.post', 'forum.answer', 'procedures.manage'].includes(p) },
  { label: 'role.group.personal', test: () => true },
];

function groupOf(p: Permission): MessageKey {
  return groups.find((g) => g.test(p))?.label ?? 'role.group.personal';
}

const personal = new Set<string>(personalDataPermissions);

async function loadRoles(signal: AbortSignal): Promise<Role[]> {
  const answer = await api.get<Paged<Role> | Role[]>('/api/roles', undefined, signal);
  return Array.isArray(answer) ? answer : answer.items;
}

export function RoleListPage() {
  const { t, locale } = useI18n();
  const location = useLocation();
  const list = useLoad(loadRoles, 'roles');
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  return (
    <Page
      title={t('role.listTitle')}
      actions={
        <Link className="btn btn-primary" to="/roles/new">
          {t('role.new')}
        </Link>
      }
    >
      <Notice text={notice} />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-responsive">
          <Table hover id="role-table">
            <caption className="visually-hidden">{t('role.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('role.key')}</th>
                <th scope="col">{t('role.permissions')}</th>
                <th scope="col">{t('role.needsMfa')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/roles/${r.id}`}>{roleName(r, locale)}</Link>
                    {r.description ? <div className="small fw-normal text-secondary">{r.description}</div> : null}
                  </th>
                  <td>
                    <code>{r.key}</code>
                  </td>
                  <td>{t('role.permissionCount', { count: r.permissions.length })}</td>
                  <td>{roleNeedsMfa(r.permissions) ? t('common.yes') : t('common.no')}</td>
                  <td>{r.builtin ? <Badge color="primary">{t('role.builtin')}</Badge> : <Badge color="secondary">{t('role.custom')}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </Page>
  );
}

export function RoleEditPage() {
  const { id } = useParams();
  const loaded = useLoad(async (signal) => (id ? ((await loadRoles(signal)).find((r) => r.id === id) ?? null) : null), id ?? 'new');
  const { t } = useI18n();
  if (id && loaded.loading && !loaded.data) return <Loading />;
  if (id && loaded.error) return <ErrorAlert error={loaded.error} />;
  if (id && !loaded.data) {
    return (
      <Page title={t('notFound.title')}>
        <p>{t('notFound.text')}</p>
      </Page>
    );
  }
  return <RoleForm key={id ?? 'new'} existing={loaded.data} />;
}

function RoleForm(props: { existing: Role | null }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { existing } = props;
  const [key, setKey] = useState(existing?.key ?? '');
  const [nameIt, setNameIt] = useState(existing?.nameIt ?? '');
  const [nameEn, setNameEn] = useState(existing?.nameEn ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [granted, setGranted] = useState<Set<string>>(new Set(existing?.permissions ?? []));
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();
  const del = useSubmit();

  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!existing && !roleKeyPattern.test(key)) e.key = t('validation.roleKey');
    if (!nameIt.trim()) e.nameIt = t('validation.required');
    if (!nameEn.trim()) e.nameEn = t('validation.required');
    if (granted.size === 0) e.permissions = t('validation.atLeastOne');
    return e;
  };

  const selected = permissions.filter((p) => granted.has(p));
  const submit = () =>
    form.run(validate, async () => {
      setNotice(null);
      const body = { nameIt: nameIt.trim(), nameEn: nameEn.trim(), description: description.trim() || null, permissions: selected };
      if (existing) {
        await api.patch(`/api/roles/${existing.id}`, body);
        invalidateReference('/api/roles');
        setNotice(t('common.saved'));
      } else {
        await api.post('/api/roles', { key, ...body });
        invalidateReference('/api/roles');
        void navigate('/roles', { state: { notice: t('role.created') } });
      }
    });

  const remove = () =>
    del.run(
      () => ({}),
      async () => {
        if (!existing || !window.confirm(t('role.confirmDelete'))) return;
        await api.delete(`/api/roles/${existing.id}`);
        invalidateReference('/api/roles');
        void navigate('/roles', { state: { notice: t('role.deleted') } });
      },
    );

  const toggle = (p: string, on: boolean) => {
    const next = new Set(granted);
    if (on) next.add(p);
    else next.delete(p);
    setGranted(next);
  };
  const unknownGranted = [...granted].filter((p) => !isPermission(p));

  return (
    <Page title={existing ? `${t('role.editTitle')}: ${roleName(existing, locale)}` : t('role.new')}>
      <Notice text={notice} />
      <ErrorAlert error={form.error ?? del.error} />
      {existing ? <p>{t('role.editWarning')}</p> : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="row">
          <div className="col-md-4">
            <TextField id="role-key" label={t('role.key')} value={key} onChange={(v) => setKey(v.toLowerCase())} readOnly={existing !== null} required error={form.fieldErrors.key} spellCheck={false} />
          </div>
          <div className="col-md-4">
            <TextField id="role-name-it" label={t('role.nameIt')} value={nameIt} onChange={setNameIt} required error={form.fieldErrors.nameIt} />
          </div>
          <div className="col-md-4">
            <TextField id="role-name-en" label={t('role.nameEn')} value={nameEn} onChange={setNameEn} required error={form.fieldErrors.nameEn} />
          </div>
          <div className="col-12">
            <TextArea id="role-description" label={t('common.description')} value={description} onChange={setDescription} rows={2} />
          </div>
        </div>
        <h2 className="h4 mt-3">{t('role.permissions')}</h2>
        <p aria-live="polite">
          {t('role.permissionCount', { count: selected.length })}
          {roleNeedsMfa(selected) ? (
            <>
              {' · '}
              <Badge color="warning">{t('role.needsMfa')}</Badge>
            </>
          ) : null}
        </p>
        {form.fieldErrors.permissions ? (
          <div className="invalid-feedback d-block mb-3" role="alert">
            {form.fieldErrors.permissions}
          </div>
        ) : null}
        <div className="row">
          {groups.map((g) => (
            <div className="col-lg-6" key={g.label}>
              <fieldset className="mb-4">
                <legend className="h5">{t(g.label)}</legend>
                {permissions
                  .filter((p) => groupOf(p) === g.label)
                  .map((p) => (
                    <Checkbox
                      key={p}
                      id={`perm-${p.replace(/\./g, '-')}`}
                      checked={granted.has(p)}
                      onChange={(on) => toggle(p, on)}
                      label={
                        <>
                          {t(permissionKey(p))} <code className="small">{p}</code>
                          {personal.has(p) ? <span className="badge bg-light text-dark ms-2">{t('role.personalData')}</span> : null}
                        </>
                      }
                    />
                  ))}
              </fieldset>
            </div>
          ))}
        </div>
        {unknownGranted.length > 0 ? <p className="small">{unknownGranted.join(', ')}</p> : null}
        <div className="d-flex flex-wrap gap-3 mt-3">
          <Button color="primary" type="submit" disabled={form.busy}>
            {form.busy ? t('common.saving') : existing ? t('common.save') : t('common.create')}
          </Button>
          {existing && !existing.builtin && !existing.holders ? (
            <Button color="danger" outline type="button" disabled={del.busy} onClick={() => void remove()}>
              {t('common.delete')}
            </Button>
          ) : null}
          <Link className="btn btn-outline-primary" to="/roles">
            {t('common.back')}
          </Link>
        </div>
      </form>
    </Page>
  );
}
