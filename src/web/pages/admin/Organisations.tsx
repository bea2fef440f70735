/** Organisations of the network: list with search and filters; create and edit form. */
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { Checkbox, MultiSelect, SelectField, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { invalidateReference, provinceOptions, typeOptions, useOrganisationTypes, useProvinces } from '../../reference.ts';
import { serviceOptions } from '../../services.ts';
import { useMe } from '../../session.tsx';
import type { Organisation, Paged } from '../../types.ts';
import { codePattern, emailPattern, phonePattern } from '../../validate.ts';

function listOf<T>(answer: Paged<T> | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

export function OrganisationListPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const location = useLocation();
  const [q, setQ] = useState('');
  const [type, setType] = useState('');
  const [province, setProvince] = useState('');
  const [applied, setApplied] = useState({ q: '', type: '', province: '' });
  const types = useOrganisationTypes();
  const provinces = useProvinces();
  const list = useLoad(
    async (signal) => listOf(await api.get<Paged<Organisation> | Organisation[]>('/api/organisations', applied, signal)),
    JSON.stringify(applied),
  );
  const typeLabel = new Map(typeOptions(types.data, locale).map((o) => [o.value, o.label]));
  const provinceLabel = new Map((provinces.data ?? []).map((p) => [p.code, p.abbreviation]));
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;

  return (
    <Page
      title={t('org.listTitle')}
      actions={
        can(me, 'network.manage') ? (
          <Link className="btn btn-primary" to="/organisations/new">
            {t('org.new')}
          </Link>
        ) : null
      }
    >
      <Notice text={notice} />
      <form
        className="filters row g-3"
        role="search"
        aria-label={t('common.filter')}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ q: q.trim(), type, province });
        }}
      >
        <div className="col-md-4">
          <TextField id="org-q" label={t('org.searchLabel')} type="search" value={q} onChange={setQ} />
        </div>
        <div className="col-md-3">
          <SelectField id="org-type-filter" label={t('org.type')} value={type} onChange={setType} options={typeOptions(types.data, locale)} placeholder={t('org.anyType')} />
        </div>
        <div className="col-md-3">
          <SelectField
            id="org-province-filter"
            label={t('org.province')}
            value={province}
            onChange={setProvince}
            options={provinceOptions(provinces.data)}
            placeholder={t('org.anyProvince')}
          />
        </div>
        <div className="col-md-2 d-flex align-items-start pt-md-4">
          <Button color="primary" type="submit" className="mt-md-2">
            {t('common.search')}
          </Button>
        </div>
      </form>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <p role="status" className="text-secondary">
            {t('common.results', { count: list.data.length })}
          </p>
          <div className="table-responsive">
            <Table hover id="organisation-table">
              <caption className="visually-hidden">{t('org.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.name')}</th>
                  <th scope="col">{t('common.code')}</th>
                  <th scope="col">{t('org.type')}</th>
                  <th scope="col">{t('org.provinces')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      <Link to={`/organisations/${o.id}`}>{o.name}</Link>
                    </th>
                    <td>
                      <code>{o.code}</code>
                    </td>
                    <td>{typeLabel.get(o.type) ?? o.type}</td>
                    <td>{o.provinces.map((p) => provinceLabel.get(p) ?? p).join(', ')}</td>
                    <td>{o.isActive ? t('common.active') : t('common.inactive')}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
          {list.data.length === 0 ? <p>{t('common.noResults')}</p> : null}
        </>
      ) : null}
    </Page>
  );
}

interface OrgForm {
  code: string;
  name: string;
  type: string;
  registerSection: string;
  provinces: string[];
  services: string[];
  email: string;
  phone: string;
  address: string;
  website: string;
  isActive: boolean;
}

const emptyOrg: OrgForm = {
  code: '',
  name: '',
  type: '',
  registerSection: '',
  provinces: [],
  services: [],
  email: '',
  phone: '',
  address: '',
  website: '',
  isActive: true,
};

function toForm(o: Organisation): OrgForm {
  return {
    code: o.code,
    name: o.name,
    type: o.type,
    registerSection: o.registerSection ?? '',
    provinces: o.provinces,
    services: o.services,
    email: o.email ?? '',
    phone: o.phone ?? '',
    address: o.address ?? '',
    website: o.website ?? '',
    isActive: o.isActive,
  };
}

export function OrganisationEditPage() {
  const { id } = useParams();
  const loaded = useLoad(async (signal) => (id ? api.get<Organisation>(`/api/organisations/${id}`, undefined, signal) : null), id ?? 'new');
  if (id && loaded.loading && !loaded.data) return <Loading />;
  if (id && !loaded.data) return <ErrorAlert error={loaded.error} />;
  return <OrganisationForm key={id ?? 'new'} existing={loaded.data} />;
}

function OrganisationForm(props: { existing: Organisation | null }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { existing } = props;
  const readOnly = !can(me, 'network.manage');
  const [f, setF] = useState<OrgForm>(existing ? toForm(existing) : emptyOrg);
  const [saved, setSaved] = useState<string | null>(null);
  const types = useOrganisationTypes();
  const provinces = useProvinces();
  const form = useSubmit();
  const set = <K extends keyof OrgForm>(key: K) => (value: OrgForm[K]) => setF((prev) => ({ ...prev, [key]: value }));

  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!existing && !codePattern.test(f.code)) e.code = t('validation.code');
    if (!f.name.trim()) e.name = t('validation.required');
    if (!f.type) e.type = t('validation.required');
    if (f.email.trim() && !emailPattern.test(f.email.trim())) e.email = t('validation.email');
    if (f.phone.trim() && !phonePattern.test(f.phone.trim())) e.phone = t('validation.phone');
    if (f.website.trim() && !/^https?:\/\/\S+\.\S+/.test(f.website.trim())) e.website = t('validation.url');
    return e;
  };

  const body = () => {
    const opt = (s: string) => (s.trim() ? s.trim() : null);
    return {
      ...(existing ? {} : { code: f.code }),
      name: f.name.trim(),
      type: f.type,
      registerSection: opt(f.registerSection),
      provinces: f.provinces,
      services: f.services,
      email: opt(f.email),
      phone: opt(f.phone),
      address: opt(f.address),
      website: opt(f.website),
      ...(existing ? { isActive: f.isActive } : {}),
    };
  };

  const submit = () =>
    form.run(validate, async () => {
      setSaved(null);
      if (existing) {
        const updated = await api.patch<Organisation>(`/api/organisations/${existing.id}`, body());
        invalidateReference('/api/organisations');
        if (updated && typeof updated === 'object' && 'code' in updated) setF(toForm(updated));
        setSaved(t('common.saved'));
      } else {
        await api.post<Organisation>('/api/organisations', body());
        invalidateReference('/api/organisations');
        void navigate('/organisations', { state: { notice: t('org.created') } });
      }
    });

  const title = existing ? (readOnly ? existing.name : t('org.editTitle')) : t('org.new');
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
              <TextField id="org-name" label={t('common.name')} value={f.name} onChange={set('name')} required error={form.fieldErrors.name} />
            </div>
            <div className="col-md-4">
              <TextField
                id="org-code"
                label={t('common.code')}
                value={f.code}
                onChange={(v) => set('code')(v.toLowerCase())}
                required
                readOnly={existing !== null}
                hint={existing ? undefined : t('org.codeHint')}
                error={form.fieldErrors.code}
                spellCheck={false}
              />
            </div>
            <div className="col-md-6">
              <SelectField
                id="org-type"
                label={t('org.type')}
                value={f.type}
                onChange={set('type')}
                options={typeOptions(types.data, locale)}
                placeholder={t('common.choose')}
                required
                error={form.fieldErrors.type ?? form.fieldErrors.orgType}
              />
            </div>
            <div className="col-md-6">
              <TextField id="org-register" label={t('org.registerSection')} value={f.registerSection} onChange={set('registerSection')} error={form.fieldErrors.registerSection} />
            </div>
            <div className="col-md-6">
              <MultiSelect
                readOnly={readOnly}
                id="org-provinces"
                label={t('org.provinces')}
                values={f.provinces}
                onChange={set('provinces')}
                options={provinceOptions(provinces.data)}
                error={form.fieldErrors.provinces}
              />
            </div>
            <div className="col-md-6">
              <MultiSelect
                readOnly={readOnly}
                id="org-services"
                label={t('org.services')}
                values={f.services}
                onChange={set('services')}
                options={serviceOptions(locale, f.services)}
                error={form.fieldErrors.services}
              />
            </div>
            <div className="col-md-6">
              <TextField id="org-email" type="email" label={t('org.email')} value={f.email} onChange={set('email')} error={form.fieldErrors.email} />
            </div>
            <div className="col-md-6">
              <TextField id="org-phone" type="tel" label={t('org.phone')} value={f.phone} onChange={set('phone')} error={form.fieldErrors.phone} />
            </div>
            <div className="col-md-6">
              <TextField id="org-address" label={t('org.address')} hint={t('org.addressHint')} value={f.address} onChange={set('address')} error={form.fieldErrors.address} />
            </div>
            <div className="col-md-6">
              <TextField id="org-website" type="url" label={t('org.website')} value={f.website} onChange={set('website')} error={form.fieldErrors.website} />
            </div>
            {existing ? (
              <div className="col-12 mb-4">
                <Checkbox id="org-active" label={t('org.isActive')} checked={f.isActive} onChange={set('isActive')} />
              </div>
            ) : null}
          </div>
        </fieldset>
        <div className="d-flex gap-3">
          {readOnly ? null : (
            <Button color="primary" type="submit" disabled={form.busy}>
              {form.busy ? t('common.saving') : existing ? t('common.save') : t('common.create')}
            </Button>
          )}
          <Link className="btn btn-outline-primary" to="/organisations">
            {t('common.back')}
          </Link>
        </div>
      </form>
    </Page>
  );
}
