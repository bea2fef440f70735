/**
 * System work for `ponte demo`: a few hundred fictional persons and their cases, spread over every
 * phase of the path and over the network's implementing bodies, with the name variety of the
 * linkage generator (native scripts, transliterations, long-tail family names) and planted
 * duplicates (the same person registered twice, by the same or by another body, with typos,
 * transliteration variants, swapped names, estimated ages). Stored exactly as the persons and
 * cases features store them: identities encrypted, linkage encodings indexed.
 *
 * Each demo person carries the external reference `DEMO-R<n>` of its generated record, so that
 * `ponte duplicates pairs` on the demo can be compared with the generator's labels.
 *
 * Idempotent: does nothing when the demo bodies already hold persons.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { createRng, generateLabelledSet, type Encoder, type LinkageIdentity } from '../../../domain/linkage/index.ts';
import { newCaseCode, newPersonCode, type PersonNameInput, type StoredIdentity } from '../../../domain/persons/index.ts';
import {
  caseTransitions,
  htcdsCaseStatus,
  isMinor,
  type CasePhase,
  type ClosureReason,
  type BirthInfo,
} from '../../../domain/cases/index.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { indexPerson, linkageIdentity } from '../persons/linkage-store.ts';
import { sealStoredIdentity } from '../persons/identity.ts';
import { demoOrganisations } from './data.ts';
import { caseAgeBand } from '../cases/age-band.ts';

type Rng = ReturnType<typeof createRng>;

/** The bodies that take persons in charge in the demo network, with how many of the cases each holds. */
export const demoCaseHolders: ReadonlyArray<{ code: string; weight: number }> = [
  { code: 'coop-il-faro', weight: 45 },
  { code: 'assoc-strade-nuove', weight: 15 },
  { code: 'coop-la-rondine', weight: 10 },
  { code: 'assoc-terra-comune', weight: 8 },
  { code: 'comune-borgo-demo', weight: 8 },
  { code: 'consorzio-valle-demo', weight: 8 },
  { code: 'cas-demo', weight: 6 },
];

/** Languages spoken by each generated population (ISO 639-1, and 639-3 for Nigerian Pidgin). */
const populationLanguages: Record<string, string[]> = {
  NG: ['en', 'pcm'],
  RO: ['ro'],
  AL: ['sq'],
  MA: ['ar', 'fr'],
  EG: ['ar'],
  UA: ['uk', 'ru'],
  CN: ['zh'],
  ER: ['ti'],
  BD: ['bn'],
  PK: ['ur', 'pa'],
  IT: ['it'],
  BR: ['pt'],
  CO: ['es'],
};

const vulnerabilityPool = ['Poverty', 'Migration', 'MentalHealth', 'Homelessness', 'AbusePhysical', 'Addiction'] as const;

export interface DemoPersonsResult {
  personsCreated: number;
  casesCreated: number;
  /** records registered twice (planted duplicates) */
  plantedDuplicates: number;
}

function pickWeighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng.next() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items[items.length - 1] as T;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The generated set the demo persons come from (fixed seed: every demo has the same persons). */
export function demoPersonSet(options: { seed?: number; count?: number } = {}): ReturnType<typeof generateLabelledSet> {
  return generateLabelledSet({ seed: options.seed ?? 20261123, count: options.count ?? 320, duplicateRate: 0.08, homonymRate: 0.03 });
}

/** Linkage identity of the generator → the stored identity of a person record. */
export function storedIdentityOf(identity: LinkageIdentity): StoredIdentity {
  const names: PersonNameInput[] = identity.names.map((n, i) => ({
    kind: i === 0 ? 'primary' : 'alias',
    ...(n.given ? { given: n.given } : {}),
    ...(n.family ? { family: n.family } : {}),
    ...(n.full ? { full: n.full } : {}),
  }));
  let birth: BirthInfo | undefined;
  const b = identity.birthDate;
  if (b?.kind === 'exact') birth = { birthDate: `${b.year}-${pad(b.month)}-${pad(b.day)}` };
  else if (b?.kind === 'year') birth = { estimatedYear: b.year };
  else if (b?.kind === 'range') birth = { estimatedFrom: `${b.fromYear}-01-01`, estimatedTo: `${b.toYear}-12-31` };
  return {
    names,
    ...(birth ? { birth } : {}),
    documents: (identity.documents ?? []).map((d) => ({ type: 'passport' as const, number: d.number })),
    phones: identity.phones ?? [],
    children: [],
  };
}

/** Forward path from contact to `target` through the transition table (breadth first). */
function pathTo(target: CasePhase): CasePhase[] {
  const edges = caseTransitions.filter((t) => t.kind === 'forward');
  const queue: CasePhase[][] = [['contact']];
  const seen = new Set<CasePhase>(['contact']);
  while (queue.length > 0) {
    const path = queue.shift() as CasePhase[];
    const last = path[path.length - 1] as CasePhase;
    if (last === target) return path;
    for (const e of edges) {
      if (e.from !== last || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push([...path, e.to]);
    }
  }
  return ['contact'];
}

/** Closure reasons allowed from `phase`. */
function closuresFrom(phase: CasePhase): ClosureReason[] {
  return caseTransitions.filter((t) => t.kind === 'close' && t.from === phase).flatMap((t) => t.closureReasons ?? []);
}

const openPhases: CasePhase[] = ['contact', 'screening', 'identification', 'first_assistance', 'protection_residential', 'protection_territorial', 'inclusion'];

const sexOf = (s: string | undefined): string | null => (s === 'female' ? 'Feminine' : s === 'male' ? 'Masculine' : null);

const exploitationBySex: Record<string, string[][]> = {
  Feminine: [['SexualExploitation'], ['SexualExploitation'], ['ForcedLabour'], ['Servitude'], ['ForcedMarriage'], ['SexualExploitation', 'ForcedBegging']],
  Masculine: [['ForcedLabour'], ['ForcedLabour'], ['ForcedBegging'], ['ForcedLabour', 'Servitude']],
};
const labourSectors = ['A_AgricultureForestryAndFishing', 'F_Construction', 'I_AccommodationAndFoodServiceActivities', 'C_Manufacturing'];

async function insertDemoCase(options: {
  trx: Transaction<DB>;
  rng: Rng;
  personId: string;
  orgId: string;
  caseWorkerId: string | null;
  identity: StoredIdentity;
  sex: string | null;
  now: Date;
}): Promise<void> {
  const { trx, rng, now } = options;
  const closed = rng.chance(0.22);
  const target = closed ? rng.pick<CasePhase>(openPhases.slice(0, 6)) : rng.pick<CasePhase>(openPhases);
  const path = pathTo(target);
  const reasons = closuresFrom(path[path.length - 1] as CasePhase);
  const closure = closed && reasons.length > 0 ? rng.pick(reasons) : undefined;
  const steps = path.length + (closure ? 1 : 0);
  // opened 30..700 days ago, steps spread until about now
  const openedDaysAgo = 30 + rng.int(670);
  const at = (i: number): Date => new Date(now.getTime() - Math.round(((openedDaysAgo * (steps - i)) / steps) * 86_400_000));
  const phase: CasePhase = closure ? 'closed' : (path[path.length - 1] as CasePhase);
  const today = now.toISOString().slice(0, 10);
  const minor = options.identity.birth ? isMinor({ birth: options.identity.birth, on: today }).status : null;
  const types = options.sex ? rng.pick(exploitationBySex[options.sex] ?? [['ForcedLabour']]) : [];
  const row = await trx
    .insertInto('cases')
    .values({
      code: newCaseCode(at(0).getUTCFullYear()),
      person_id: options.personId,
      org_id: options.orgId,
      case_worker_id: options.caseWorkerId,
      phase,
      status: htcdsCaseStatus({ phase, closureReason: closure }),
      closure_reason: closure ?? null,
      exploitation_types: types ?? [],
      labour_sectors: types?.includes('ForcedLabour') ? [rng.pick(labourSectors)] : [],
      exploitation_countries: ['IT'],
      minor_status: minor,
      age_band: caseAgeBand(options.identity.birth, at(0)),
      opened_at: at(0),
      closed_at: closure ? at(steps - 1) : null,
      updated_at: at(steps - 1),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const history = path.map((p, i) => ({ case_id: row.id, from_phase: i === 0 ? null : (path[i - 1] as string), to_phase: p, changed_at: at(i) }));
  if (closure) history.push({ case_id: row.id, from_phase: path[path.length - 1] as string, to_phase: 'closed', changed_at: at(steps - 1) });
  await trx
    .insertInto('case_phase_history')
    .values(history.map((h, i) => ({ ...h, closure_reason: closure && i === history.length - 1 ? closure : null, changed_by: options.caseWorkerId })))
    .execute();
}

/**
 * Seeds the demo persons and cases. `count` registrations, about 8% of them planted duplicates
 * of an earlier person; most first registrations get a case.
 */
export async function systemSeedDemoPersons(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  linkage: Encoder;
  /** keyed blind index (services.blindIndex): the demo persons carry external references DEMO-R<n> */
  blindIndex: (options: { purpose: string; value: string }) => string;
  now?: Date;
  count?: number;
  seed?: number;
}): Promise<DemoPersonsResult> {
  const now = options.now ?? new Date();
  const count = options.count ?? 320;
  const seed = options.seed ?? 20261123;
  return options.db.transaction().execute(async (trx) => {
    const orgRows = await trx.selectFrom('organisations').select(['id', 'code']).where('code', 'in', demoOrganisations.map((o) => o.code)).execute();
    const orgId = new Map(orgRows.map((r) => [r.code, r.id]));
    const holders = demoCaseHolders.filter((h) => orgId.has(h.code));
    if (holders.length === 0) return { personsCreated: 0, casesCreated: 0, plantedDuplicates: 0 };
    const existing = await trx
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('owner_org_id', 'in', holders.map((h) => orgId.get(h.code) as string))
      .executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) return { personsCreated: 0, casesCreated: 0, plantedDuplicates: 0 };

    // the case worker of each body: its demo account holding cases.write, if any
    const workers = await trx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .innerJoin('roles', 'roles.id', 'memberships.role_id')
      .select(['memberships.organisation_id', 'users.id'])
      .where('roles.key', '=', 'case_worker')
      .execute();
    const workerOf = new Map(workers.map((w) => [w.organisation_id, w.id]));

    const set = demoPersonSet({ seed, count });
    const rng = createRng(seed + 1);
    const firstOrgOfCluster = new Map<number, string>();
    let personsCreated = 0;
    let casesCreated = 0;
    let plantedDuplicates = 0;
    for (const record of set.records) {
      const seen = firstOrgOfCluster.get(record.clusterId);
      let owner: string;
      if (seen === undefined) {
        owner = orgId.get(pickWeighted(rng, holders).code) as string;
        firstOrgOfCluster.set(record.clusterId, owner);
      } else {
        plantedDuplicates++;
        // half the duplicates are registered again by the same body, half by another one
        owner = rng.chance(0.5) ? seen : (orgId.get(pickWeighted(rng, holders).code) as string);
      }
      const identity = storedIdentityOf(record.identity);
      const sex = sexOf(record.identity.sex);
      const citizenships = [record.population];
      const id = randomUUID();
      const externalRef = `DEMO-${record.externalRef}`;
      await trx
        .insertInto('persons')
        .values({
          id,
          code: newPersonCode(),
          owner_org_id: owner,
          identity_enc: await sealStoredIdentity({ cipher: options.cipher, db: trx, personId: id, identity }),
          sex,
          citizenships,
          languages: populationLanguages[record.population] ?? [],
          vulnerabilities: rng.chance(0.2) ? [rng.pick(vulnerabilityPool)] : [],
          external_ref_enc: await options.cipher.encrypt({ plaintext: externalRef, aad: fieldAad({ table: 'persons', column: 'external_ref_enc', rowId: id }), db: trx }),
          external_ref_index: options.blindIndex({ purpose: 'external-ref', value: `${owner}:${externalRef}` }),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await indexPerson({ db: trx, encoder: options.linkage, personId: id, identity: linkageIdentity({ identity, sex, citizenships }) });
      personsCreated++;
      // first registrations mostly lead to a case; a duplicate sometimes to a second case elsewhere
      if ((seen === undefined && rng.chance(0.85)) || (seen !== undefined && owner !== seen && rng.chance(0.3))) {
        await insertDemoCase({ trx, rng, personId: id, orgId: owner, caseWorkerId: workerOf.get(owner) ?? null, identity, sex, now });
        casesCreated++;
      }
    }
    return { personsCreated, casesCreated, plantedDuplicates };
  });
}
