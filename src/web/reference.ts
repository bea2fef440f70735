/** Reference lists used by several pages (provinces, organisation types, organisations, roles), cached per page load. */
import { api } from './api.ts';
import { useLoad } from './hooks.ts';
import type { Locale } from './i18n/index.tsx';
import type { Option } from './components/Field.tsx';
import type { Organisation, OrganisationType, Paged, Province, Role } from './types.ts';

const cache = new Map<string, Promise<unknown>>();

function cached<T>(path: string): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = api.get<T>(path);
    cache.set(path, p);
    p.catch(() => cache.delete(path));
  }
  return p;
}

/** Forget cached lists after a change (e.g. a new organisation or role). */
export function invalidateReference(path?: string): void {
  if (path) cache.delete(path);
  else cache.clear();
}

function items<T>(answer: Paged<T> | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

export function useProvinces() {
  return useLoad(async () => items(await cached<Paged<Province> | Province[]>('/api/reference/provinces')), 'provinces');
}

export function useOrganisationTypes() {
  return useLoad(async () => items(await cached<Paged<OrganisationType> | OrganisationType[]>('/api/reference/organisation-types')), 'org-types');
}

export function useOrganisations() {
  return useLoad(async () => items(await cached<Paged<Organisation> | Organisation[]>('/api/organisations')), 'organisations');
}

export function useRoles() {
  return useLoad(async () => items(await cached<Paged<Role> | Role[]>('/api/roles')), 'roles');
}

export function provinceOptions(provinces: readonly Province[] | null): Option[] {
  return (provinces ?? []).map((p) => ({ value: p.code, label: `${p.name} (${p.abbreviation})` }));
}

export function typeOptions(types: readonly OrganisationType[] | null, locale: Locale): Option[] {
  return (types ?? []).map((ty) => ({ value: ty.key, label: locale === 'it' ? ty.nameIt : ty.nameEn }));
}

export function roleName(role: { nameIt: string; nameEn: string }, locale: Locale): string {
  return locale === 'it' ? role.nameIt : role.nameEn;
}
