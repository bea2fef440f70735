/**
 * Rules of the network feature: who may read and change organisations and projects, conflicts,
 * budget consistency, and the audit entries written with each change.
 */
import type { DataAccess } from '../../platform/access.ts';
import { PonteError, conflictError, fieldError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { moneyToCents } from '../../../domain/fields.ts';
import * as q from './queries.ts';
import { guardAdministrators } from '../admin/guard.ts';
import type { OrganisationCreate, OrganisationQuery, OrganisationUpdate, ProjectCreate, ProjectQuery, ProjectUpdate } from './schemas.ts';

/** Network data (bodies, projects) is not secret inside Ponte: a missing permission is a 403. */
const NETWORK_HIDDEN = false;



const duplicateOrganisationCode = (): PonteError =>
  conflictError({ it: 'Esiste già un’organizzazione con questo codice.', en: 'An organisation with this code already exists.', detail: 'duplicate organisation code' });

const unknownOrganisation = { it: 'organizzazione inesistente', en: 'unknown organisation' };

function changedFields(input: object): string[] {
  return Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
}

async function translateConflicts<T>(work: () => Promise<T>, what: 'organisation' | 'project'): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw what === 'organisation'
        ? duplicateOrganisationCode()
        : conflictError({ it: 'Esiste già un progetto con questo codice.', en: 'A project with this code already exists.', detail: 'duplicate project code' });
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
export async function listOrganisations(options: { access: DataAccess; query: OrganisationQuery }): Promise<{ items: q.OrganisationDto[] }> {
  const { access, query } = options;
  await access.require({ permission: 'network.read', entry: { action: 'organisation.list', recordType: 'organisation' }, hide: NETWORK_HIDDEN });
  return access.transaction(async (tx) => ({ items: await q.listOrganisations(tx.db, query) }));
}

export async function getOrganisation(options: { access: DataAccess; id: string }): Promise<q.OrganisationDto> {
  const { access, id } = options;
  await access.require({ permission: 'network.read', entry: { action: 'organisation.read', recordType: 'organisation', recordId: id }, hide: NETWORK_HIDDEN });
  const org = await access.transaction((tx) => q.findOrganisation(tx.db, id));
  if (!org) throw new PonteError({ code: 'not_found' });
  return org;
}

export async function createOrganisation(options: { access: DataAccess; input: OrganisationCreate }): Promise<q.OrganisationDto> {
  const { access, input } = options;
  await access.require({ permission: 'network.manage', entry: { action: 'organisation.create', recordType: 'organisation' }, hide: NETWORK_HIDDEN });
  return translateConflicts(
    () =>
      access.transaction(async (tx) => {
        if (await q.findOrganisationIdByCode(tx.db, input.code)) {
          throw duplicateOrganisationCode();
        }
        const id = await q.insertOrganisation(tx.db, input, tx.now);
        await tx.audit({ action: 'organisation.create', outcome: 'success', recordType: 'organisation', recordId: id, fields: changedFields(input) });
        const org = await q.findOrganisation(tx.db, id);
        if (!org) throw new Error('organisation vanished');
        return org;
      }),
    'organisation',
  );
}

export async function updateOrganisation(options: { access: DataAccess; id: string; input: OrganisationUpdate }): Promise<q.OrganisationDto> {
  const { access, id, input } = options;
  await access.require({ permission: 'network.manage', entry: { action: 'organisation.update', recordType: 'organisation', recordId: id }, hide: NETWORK_HIDDEN });
  return translateConflicts(
    () =>
      access.transaction(async (tx) => {
        // Closing an organisation can lock everyone out: the guard (and its lock) comes first.
        const guard = input.isActive === false ? await guardAdministrators(tx.db) : undefined;
        if (input.code !== undefined) {
          const holder = await q.findOrganisationIdByCode(tx.db, input.code);
          if (holder && holder !== id) {
            throw duplicateOrganisationCode();
          }
        }
        if (!(await q.updateOrganisation(tx.db, id, input, tx.now))) throw new PonteError({ code: 'not_found' });
        await guard?.check();
        await tx.audit({ action: 'organisation.update', outcome: 'success', recordType: 'organisation', recordId: id, fields: changedFields(input) });
        const org = await q.findOrganisation(tx.db, id);
        if (!org) throw new Error('organisation vanished');
        return org;
      }),
    'organisation',
  );
}

// ---------------------------------------------------------------------------------------------
export async function listProjects(options: { access: DataAccess; query: ProjectQuery }): Promise<{ items: q.ProjectSummaryDto[] }> {
  const { access, query } = options;
  await access.require({ permission: 'network.read', entry: { action: 'project.list', recordType: 'project' }, hide: NETWORK_HIDDEN });
  return access.transaction(async (tx) => ({ items: await q.listProjects(tx.db, query) }));
}

export async function getProject(options: { access: DataAccess; id: string }): Promise<q.ProjectDto> {
  const { access, id } = options;
  await access.require({ permission: 'network.read', entry: { action: 'project.read', recordType: 'project', recordId: id }, hide: NETWORK_HIDDEN });
  const project = await access.transaction((tx) => q.findProject(tx.db, id));
  if (!project) throw new PonteError({ code: 'not_found' });
  return project;
}

/** Every organisation a project refers to must exist. */
async function checkOrganisations(db: Parameters<typeof q.existingOrganisationIds>[0], locale: Locale, leadId: string | undefined, partners: ReadonlyArray<{ organisationId: string }> | undefined): Promise<void> {
  const ids = [...(leadId ? [leadId] : []), ...(partners ?? []).map((p) => p.organisationId)];
  const found = await q.existingOrganisationIds(db, ids);
  if (leadId && !found.has(leadId)) throw fieldError({ locale, path: 'leadOrganisationId', message: unknownOrganisation });
  for (const [i, p] of (partners ?? []).entries()) {
    if (!found.has(p.organisationId)) throw fieldError({ locale, path: `partners.${i}.organisationId`, message: unknownOrganisation });
  }
}

function checkBudget(locale: Locale, total: string, lines: readonly string[]): void {
  const sum = lines.reduce((acc, amount) => acc + moneyToCents(amount), 0n);
  if (sum > moneyToCents(total)) {
    throw fieldError({
      locale,
      path: 'budgetLines',
      message: { it: 'le voci di bilancio superano il budget totale', en: 'the budget lines add up to more than budgetTotal' },
    });
  }
}

export async function createProject(options: { access: DataAccess; input: ProjectCreate }): Promise<q.ProjectDto> {
  const { access, input } = options;
  await access.require({ permission: 'network.manage', entry: { action: 'project.create', recordType: 'project' }, hide: NETWORK_HIDDEN });
  checkBudget(access.meta.locale, input.budgetTotal, input.budgetLines.map((l) => l.amount));
  return translateConflicts(
    () =>
      access.transaction(async (tx) => {
        await checkOrganisations(tx.db, access.meta.locale, input.leadOrganisationId, input.partners);
        const id = await q.insertProject(tx.db, input, tx.now);
        await q.replacePartners(tx.db, id, input.partners);
        await q.replaceBudgetLines(tx.db, id, input.budgetLines);
        await q.replaceComplementary(tx.db, id, input.complementary);
        await tx.audit({ action: 'project.create', outcome: 'success', recordType: 'project', recordId: id, fields: changedFields(input) });
        const project = await q.findProject(tx.db, id);
        if (!project) throw new Error('project vanished');
        return project;
      }),
    'project',
  );
}

export async function updateProject(options: { access: DataAccess; id: string; input: ProjectUpdate }): Promise<q.ProjectDto> {
  const { access, id, input } = options;
  await access.require({ permission: 'network.manage', entry: { action: 'project.update', recordType: 'project', recordId: id }, hide: NETWORK_HIDDEN });
  return translateConflicts(
    () =>
      access.transaction(async (tx) => {
        const current = await q.findProjectForUpdate(tx.db, id);
        if (!current) throw new PonteError({ code: 'not_found' });
        const start = input.periodStart ?? current.periodStart;
        const end = input.periodEnd ?? current.periodEnd;
        if (end < start) {
          throw fieldError({ locale: access.meta.locale, path: 'periodEnd', message: { it: 'la fine del periodo precede l’inizio', en: 'periodEnd must not be before periodStart' } });
        }
        const lines = input.budgetLines ? input.budgetLines.map((l) => l.amount) : await q.budgetLineAmounts(tx.db, id);
        checkBudget(access.meta.locale, input.budgetTotal ?? current.budgetTotal, lines);
        await checkOrganisations(tx.db, access.meta.locale, input.leadOrganisationId, input.partners);
        await q.updateProjectColumns(tx.db, id, input, tx.now);
        if (input.partners) await q.replacePartners(tx.db, id, input.partners);
        if (input.budgetLines) await q.replaceBudgetLines(tx.db, id, input.budgetLines);
        if (input.complementary) await q.replaceComplementary(tx.db, id, input.complementary);
        await tx.audit({ action: 'project.update', outcome: 'success', recordType: 'project', recordId: id, fields: changedFields(input) });
        const project = await q.findProject(tx.db, id);
        if (!project) throw new Error('project vanished');
        return project;
      }),
    'project',
  );
}
