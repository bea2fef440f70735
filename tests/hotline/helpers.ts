/** Shared set-up of the hotline tests: a small network (lead Region, bodies, a hotline station) and its users. */
import type { TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { fieldAad } from '../../src/server/platform/crypto.ts';

export { auditSince, call } from '../cases/helpers.ts';

export interface HotlineWorld {
  regionId: string;
  faroId: string;
  valleId: string;
  stradeId: string;
  questuraId: string;
  hotlineId: string;
  operator: LoggedIn;
  operator2: LoggedIn;
  /** coordinator of the lead body */
  coordinator: LoggedIn;
  /** coordinator of a body that leads no project */
  otherCoordinator: LoggedIn;
  /** case worker of Il Faro (receives referrals) */
  faroWorker: LoggedIn;
  /** hotline operator of another station */
  otherStation: LoggedIn;
}

async function org(t: TestApp, code: string, type: string, provinces: string[], services: string[] = []): Promise<string> {
  const r = await t.database.db
    .insertInto('organisations')
    .values({ code, name: `Ente ${code}`, org_type: type, provinces, services })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Region (lead, 058 Roma and 059 Latina) with the project "h-piano": partners Il Faro (058) and
 * Valle (059); Strade Nuove (ngo, 059, identification) is not a partner; a Questura in 058.
 */
export async function makeWorld(t: TestApp): Promise<HotlineWorld> {
  t.clock.set('2026-03-10T10:00:00Z');
  const db = t.database.db;
  const regionId = await org(t, 'h-regione', 'region', ['058', '059']);
  const faroId = await org(t, 'h-faro', 'ngo', ['058'], ['identification', 'shelter']);
  const valleId = await org(t, 'h-valle', 'municipality', ['059'], ['territorial_care']);
  const stradeId = await org(t, 'h-strade', 'ngo', ['059'], ['identification']);
  const questuraId = await org(t, 'h-questura', 'police_immigration_office', ['058']);
  const hotlineId = await org(t, 'h-numero-verde', 'hotline', [], ['hotline']);
  const otherHotlineId = await org(t, 'h-altra-postazione', 'hotline', [], ['hotline']);
  const project = await db
    .insertInto('projects')
    .values({ code: 'h-piano', name: 'Piano', period_start: '2025-01-01', period_end: '2026-12-31', funder: 'DPO', budget_total: '1.00', lead_org_id: regionId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('project_partners').values([
    { project_id: project.id, organisation_id: faroId, provinces: ['058'] },
    { project_id: project.id, organisation_id: valleId, provinces: ['059'] },
  ]).execute();
  const as = (roleKey: string, orgId: string) => loginAs({ t, roleKey, orgId });
  return {
    regionId, faroId, valleId, stradeId, questuraId, hotlineId,
    operator: await as('hotline_operator', hotlineId),
    operator2: await as('hotline_operator', hotlineId),
    coordinator: await as('coordinator', regionId),
    otherCoordinator: await as('coordinator', stradeId),
    faroWorker: await as('case_worker', faroId),
    otherStation: await as('hotline_operator', otherHotlineId),
  };
}

/** The decrypted subject of a referral (what the receiving body will see). */
export async function referralSubject(t: TestApp, referralId: string): Promise<Record<string, unknown> | null> {
  const db = t.database.db;
  const r = await db.selectFrom('referrals').select('subject_enc').where('id', '=', referralId).executeTakeFirstOrThrow();
  if (!r.subject_enc) return null;
  const cipher = t.app.services.cipher;
  return JSON.parse(await cipher.decrypt({ value: r.subject_enc, aad: fieldAad({ table: 'referrals', column: 'subject_enc', rowId: referralId }), db })) as Record<string, unknown>;
}

export const namedCall = {
  language: 'pcm',
  callerType: 'potential_victim',
  province: '058',
  exploitationTypes: ['SexualExploitation'],
  urgency: 'urgent',
  anonymous: false,
  caller: { name: 'Efosa Chiamantefinto', phone: '+39 300 000 4242', bestTime: 'dopo le 18', contactAgreed: true },
  summary: 'Riferisce un debito di 30000 euro con la madame, vive in un appartamento con altre quattro ragazze.',
  outcome: 'routed',
};
