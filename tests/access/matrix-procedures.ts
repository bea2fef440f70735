/** Access matrix rows of standard operating procedures, procedure runs and the SLA board (see matrix.ts). */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { ProcedureDefinition } from '../../src/domain/procedures/index.ts';
import { startRun, systemSeedBuiltinProcedures } from '../../src/server/features/procedures/runs.ts';
import type { EndpointCase, MatrixFixtures } from './matrix.ts';

/** Roles that read procedure definitions, runs of their bodies and the SLA board (procedures.manage, referrals.send/receive, cases.read, hotline.write). */
const readers = ['system_admin', 'coordinator', 'case_worker', 'desk_worker', 'hotline_operator', 'specialist', 'agency_liaison'] as const;
/** procedures.manage. */
const managers = ['system_admin', 'coordinator'] as const;
/** Roles that act in procedures (referrals.send/receive, cases.write, cases.approve, hotline.write). */
const actors = ['coordinator', 'case_worker', 'desk_worker', 'hotline_operator', 'agency_liaison'] as const;

function definition(key: string): ProcedureDefinition {
  return {
    key,
    name: { it: 'Procedura della matrice', en: 'Matrix procedure' },
    appliesTo: { subject: 'referral', reasons: ['other'] },
    steps: [
      { key: 'waiting', name: { it: 'In attesa', en: 'Waiting' }, actors: { side: 'sender' }, next: ['done'], deadline: { amount: 2, unit: 'working_days' } },
      { key: 'done', name: { it: 'Fatto', en: 'Done' }, actors: {}, next: [] },
    ],
  };
}

async function ensureMatrixProcedure(db: Kysely<DB>): Promise<void> {
  await systemSeedBuiltinProcedures({ db });
  await db
    .insertInto('procedures')
    .values({ key: 'matrix_proc', version: 1, definition: JSON.stringify(definition('matrix_proc')) })
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
    .execute();
}

/** A fresh run of the matrix procedure: the matrix organisation sends, the other receives. */
async function newRun(f: MatrixFixtures): Promise<string> {
  await ensureMatrixProcedure(f.db);
  const run = await startRun({ db: f.db }, { procedureKey: 'matrix_proc', subjectType: 'referral', subjectId: randomUUID(), orgIds: [f.orgId, f.otherOrgId], now: new Date() });
  return run.id;
}

/** The key made by the last PUT path, for its body. */
let keyForUpdate = '';

export const procedureEndpoints: readonly EndpointCase[] = [
  {
    method: 'GET', route: '/api/procedures',
    path: async (f) => {
      await ensureMatrixProcedure(f.db);
      return '/api/procedures';
    },
    allowed: readers, denied: 403, deniedAction: 'procedure.list',
  },
  {
    method: 'POST', route: '/api/procedures', path: () => '/api/procedures',
    body: (f) => ({ definition: definition(`m_${f.unique()}`) }),
    allowed: managers, denied: 403, deniedAction: 'procedure.create',
  },
  {
    method: 'GET', route: '/api/procedures/:key',
    path: async (f) => {
      await ensureMatrixProcedure(f.db);
      return '/api/procedures/referral_answer';
    },
    allowed: readers, denied: 403, deniedAction: 'procedure.read',
  },
  {
    method: 'PUT', route: '/api/procedures/:key',
    path: async (f) => {
      keyForUpdate = `u_${f.unique()}`;
      await f.db.insertInto('procedures').values({ key: keyForUpdate, version: 1, definition: JSON.stringify(definition(keyForUpdate)) }).execute();
      return `/api/procedures/${keyForUpdate}`;
    },
    body: () => ({ definition: { ...definition(keyForUpdate), name: { it: 'Rinominata', en: 'Renamed' } }, baseVersion: 1 }),
    allowed: managers, denied: 403, deniedAction: 'procedure.update',
  },
  { method: 'GET', route: '/api/procedure-runs/:id', path: async (f) => `/api/procedure-runs/${await newRun(f)}`, allowed: readers, denied: 404, deniedAction: 'procedure.run_read' },
  {
    method: 'POST', route: '/api/procedure-runs/:id/advance', path: async (f) => `/api/procedure-runs/${await newRun(f)}/advance`,
    body: () => ({ toStep: 'done', note: 'Passo concluso.' }),
    allowed: actors, denied: 404, deniedAction: 'procedure.run_advance',
  },
  { method: 'GET', route: '/api/sla', path: () => '/api/sla', allowed: readers, denied: 403, deniedAction: 'sla.read' },
];
