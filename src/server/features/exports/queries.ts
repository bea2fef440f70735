/**
 * SQL of the exports: the persons and cases of an HTCDS export (in the caller's scope, or of one
 * organisation or the whole installation for the CLI), and the victims of the CTDC export.
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { caseVisibleTo, type ScopeActor } from '../persons/scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** actor: what the caller may read record by record; organisation / everything: system work (CLI). */
export type ExportScope = { kind: 'actor'; actor: ScopeActor } | { kind: 'organisation'; orgId: string } | { kind: 'everything' };

export interface PersonRow {
  id: string;
  code: string;
  identity_enc: string;
  sex: string | null;
  citizenships: string[];
  languages: string[];
}

export interface CaseRow {
  id: string;
  person_id: string;
  code: string;
  status: string;
  phase: string;
  opened_at: Date;
  closed_at: Date | null;
  closure_reason: string | null;
  minor_status: string | null;
  trafficking_status: string | null;
  trafficking_status_decided_by: string | null;
  trafficking_status_decided_on: string | null;
  exploitation_types: string[];
  sex_exploitation_types: string[];
  labour_sectors: string[];
  means_of_control: string[];
  recruitment_methods: string[];
  recruiter_relations: string[];
  exploitation_countries: string[];
}

/** Cases in the scope, oldest first. */
export async function casesInScope(db: Db, scope: ExportScope): Promise<CaseRow[]> {
  let q = db
    .selectFrom('cases')
    .innerJoin('persons', 'persons.id', 'cases.person_id')
    .where('persons.merged_into_id', 'is', null)
    .select([
      'cases.id', 'cases.person_id', 'cases.code', 'cases.status', 'cases.phase', 'cases.opened_at', 'cases.closed_at', 'cases.closure_reason',
      'cases.minor_status', 'cases.trafficking_status', 'cases.trafficking_status_decided_by', 'cases.trafficking_status_decided_on',
      'cases.exploitation_types', 'cases.sex_exploitation_types', 'cases.labour_sectors', 'cases.means_of_control', 'cases.recruitment_methods',
      'cases.recruiter_relations', 'cases.exploitation_countries',
    ]);
  if (scope.kind === 'actor') q = q.where((eb) => caseVisibleTo(eb as unknown as ExpressionBuilder<DB, 'cases'>, scope.actor));
  if (scope.kind === 'organisation') q = q.where('cases.org_id', '=', scope.orgId);
  return (await q.orderBy('cases.opened_at').orderBy('cases.id').execute());
}

/**
 * Persons of the export: those of the cases, and the persons the organisation registered that have
 * no case in the scope (the actor: only when they see every case of their body, as a registering
 * body does).
 */
export async function exportPersons(db: Db, scope: ExportScope, personIds: readonly string[], withoutCase: boolean): Promise<PersonRow[]> {
  let q = db.selectFrom('persons').where('persons.merged_into_id', 'is', null).select(['id', 'code', 'identity_enc', 'sex', 'citizenships', 'languages']);
  const ids = personIds.length > 0 ? [...personIds] : ['00000000-0000-0000-0000-000000000000'];
  if (scope.kind === 'everything') {
    if (!withoutCase) q = q.where('persons.id', 'in', ids);
  } else {
    const orgId = scope.kind === 'actor' ? scope.actor.orgId : scope.orgId;
    q = q.where((eb) => (withoutCase ? eb.or([eb('persons.id', 'in', ids), eb('persons.owner_org_id', '=', orgId)]) : eb('persons.id', 'in', ids)));
  }
  return (await q.orderBy('persons.code').execute());
}

export interface VictimRow {
  person_id: string;
  identity_enc: string;
  sex: string | null;
  citizenships: string[];
  opened_on: string;
  minor_status: string | null;
  exploitation_types: string[];
  means_of_control: string[];
  recruiter_relations: string[];
}

/**
 * Victims for the CTDC export: persons with a case whose trafficking status is possible or actual
 * victim, their most recently opened such case, opened in the years [fromYear, toYear].
 */
export async function victims(db: Db, options: { fromYear: number; toYear: number; orgId?: string }): Promise<VictimRow[]> {
  let q = db
    .selectFrom('cases')
    .innerJoin('persons as p', 'p.id', 'cases.person_id')
    .where('p.merged_into_id', 'is', null)
    .where('cases.trafficking_status', 'in', ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking'])
    .where(sql<boolean>`extract(year from cases.opened_at at time zone 'Europe/Rome') between ${options.fromYear} and ${options.toYear}`);
  if (options.orgId) q = q.where('cases.org_id', '=', options.orgId);
  const rows = await q
    .distinctOn('cases.person_id')
    .select([
      'cases.person_id', 'p.identity_enc', 'p.sex', 'p.citizenships', 'cases.minor_status', 'cases.exploitation_types', 'cases.means_of_control', 'cases.recruiter_relations',
      sql<string>`to_char(cases.opened_at at time zone 'Europe/Rome', 'YYYY-MM-DD')`.as('opened_on'),
    ])
    .orderBy('cases.person_id')
    .orderBy('cases.opened_at', 'desc')
    .orderBy('cases.id', 'desc')
    .execute();
  return rows;
}
