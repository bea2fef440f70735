/**
 * System work for `ponte demo`: a year of fictional outreach. The two demo bodies running
 * outreach units (Cooperativa Il Faro in Torino, Associazione Strade Nuove in Cuneo) get named
 * zones, outings twice a week (Il Faro) and weekly (Strade Nuove) with counts that add up and a
 * few anonymous individual contacts each (nicknames and traits encrypted, bound to their row), and
 * Strade Nuove four desks (asylum commission, civil court, women's prison, juvenile justice
 * centre) with weekly sessions. Pseudo-random from a fixed seed, so every demo looks the same.
 *
 * Idempotent: does nothing when the demo bodies already hold outings.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { adviceKinds, ageBands, contactHistories, nationalityGroups, sexGenders, zeroCounts, type AgeBand, type NationalityGroup, type SexGender } from '../../../domain/outreach/index.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { DEMO_EMAIL_DOMAIN } from './data.ts';

export interface DemoOutreachResult {
  outingsCreated: number;
  contactsCreated: number;
  sessionsCreated: number;
}

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits n into the keys by weights. */
function split<K extends string>(rnd: () => number, n: number, weights: Record<K, number>): Record<K, number> {
  const keys = Object.keys(weights) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const sum = keys.reduce((a, k) => a + weights[k], 0);
  for (let i = 0; i < n; i++) {
    let r = rnd() * sum;
    for (const k of keys) {
      r -= weights[k];
      if (r <= 0) {
        out[k] += 1;
        break;
      }
    }
  }
  // rounding at the edge: whatever was not placed goes to the last key
  const placed = keys.reduce((a, k) => a + out[k], 0);
  const last = keys[keys.length - 1] as K;
  out[last] += n - placed;
  return out;
}

interface Unit {
  orgCode: string;
  userEmail: string;
  unitName: string;
  provinceCode: string;
  municipality: string;
  zones: string[];
  weekdays: number[];
  sexWeights: Record<SexGender, number>;
  nationalityWeights: Record<NationalityGroup, number>;
}

const units: readonly Unit[] = [
  {
    orgCode: 'coop-il-faro', userEmail: `unita-di-strada@${DEMO_EMAIL_DOMAIN}`, unitName: 'Unità di strada Il Faro', provinceCode: '001', municipality: 'Torino',
    zones: ['Corso Regina Margherita', 'Stazione Porta Nuova', 'Parco del Valentino', 'Lungo Stura Lazio'], weekdays: [2, 5],
    sexWeights: { female: 70, male: 8, transgender: 18, other_unknown: 4 },
    nationalityWeights: { nigeria: 40, romania: 22, albania: 8, china: 5, other_africa: 8, other_europe: 5, latin_america: 9, other_unknown: 3 },
  },
  {
    orgCode: 'assoc-strade-nuove', userEmail: `sportello@${DEMO_EMAIL_DOMAIN}`, unitName: 'Unità mobile Strade Nuove', provinceCode: '004', municipality: 'Cuneo',
    zones: ['Stazione di Cuneo', 'Corso Giolitti', 'Zona industriale'], weekdays: [3],
    sexWeights: { female: 55, male: 35, transgender: 5, other_unknown: 5 },
    nationalityWeights: { nigeria: 20, romania: 25, albania: 10, china: 3, other_africa: 25, other_europe: 7, latin_america: 5, other_unknown: 5 },
  },
];

const ageWeights: Record<AgeBand, number> = { under_18: 3, '18_24': 35, '25_34': 35, '35_44': 15, '45_plus': 7, unknown: 5 };
const nicknames = ['Stella', 'Luna', 'Mimosa', 'Perla', 'Blessing', 'Joy', 'Aurora', 'Rosa', 'Sole', 'Dalia', 'Mira', 'Gioia'];
const traits = ['Giacca rossa, parla inglese', 'Capelli corti, chiede di un medico', 'Sempre con un’amica', 'Parla poco italiano', 'Chiede informazioni sui documenti'];

export async function systemSeedDemoOutreach(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date }): Promise<DemoOutreachResult> {
  const { db, cipher } = options;
  const result: DemoOutreachResult = { outingsCreated: 0, contactsCreated: 0, sessionsCreated: 0 };
  const orgs = await db.selectFrom('organisations').select(['id', 'code']).where('code', 'in', units.map((u) => u.orgCode)).execute();
  const orgId = new Map(orgs.map((o) => [o.code, o.id]));
  if (orgs.length === 0) return result;
  const existing = await db.selectFrom('outreach_outings').select('id').where('org_id', 'in', orgs.map((o) => o.id)).limit(1).executeTakeFirst();
  if (existing) return result;
  const today = italianToday(options.now ?? new Date());
  const rnd = random(20260105);
  await db.transaction().execute(async (trx) => {
    // Inside the transaction: on PGlite (one connection) the key lookup must use it too.
    const seal = (table: string, column: string, rowId: string, plaintext: string): Promise<string> => cipher.encrypt({ plaintext, aad: fieldAad({ table, column, rowId }), db: trx });
    for (const unit of units) {
      const org = orgId.get(unit.orgCode);
      if (!org) continue;
      const user = await trx.selectFrom('users').select('id').where('email', '=', unit.userEmail).executeTakeFirst();
      const zoneIds: string[] = [];
      for (const name of unit.zones) {
        const z = await trx.insertInto('outreach_zones').values({ org_id: org, name, province_code: unit.provinceCode, municipality: unit.municipality, created_by: user?.id ?? null }).returning('id').executeTakeFirstOrThrow();
        zoneIds.push(z.id);
      }
      for (let d = 365; d >= 1; d--) {
        const date = addDays(today, -d);
        const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
        if (!unit.weekdays.includes(weekday)) continue;
        const total = 4 + Math.floor(rnd() * 18);
        const id = randomUUID();
        const visited = zoneIds.filter(() => rnd() < 0.6);
        const zones = visited.length > 0 ? split(rnd, total, Object.fromEntries(visited.map((z) => [z, 1]))) : {};
        const known = Math.floor(total * (0.4 + rnd() * 0.4));
        await trx
          .insertInto('outreach_outings')
          .values({
            id, org_id: org, unit_kind: 'street', unit_name: unit.unitName, team_user_ids: user ? [user.id] : [], outing_date: date,
            start_time: '21:30', end_time: '01:00', province_code: unit.provinceCode, municipality: unit.municipality, total_contacts: total,
            by_sex: JSON.stringify(split(rnd, total, unit.sexWeights)),
            by_age: JSON.stringify(split(rnd, total, ageWeights)),
            by_nationality: JSON.stringify(split(rnd, total, unit.nationalityWeights)),
            by_history: JSON.stringify({ ...zeroCounts(contactHistories), first_time: total - known, known }),
            offered: JSON.stringify({ materials: total, health_info: Math.floor(total / 2), condoms: total * 6, legal_orientation: Math.floor(rnd() * 3), other: 0 }),
            accompaniments: JSON.stringify({ health_services: rnd() < 0.2 ? 1 : 0, desk: rnd() < 0.1 ? 1 : 0 }),
            notes_enc: rnd() < 0.2 ? await seal('outreach_outings', 'notes_enc', id, 'Uscita tranquilla, nuove ragazze in zona') : null,
            created_by: user?.id ?? null, updated_by: user?.id ?? null,
          })
          .execute();
        result.outingsCreated += 1;
        if (Object.keys(zones).length > 0) {
          await trx.insertInto('outreach_outing_zones').values(Object.entries(zones).map(([zoneId, contacts]) => ({ outing_id: id, zone_id: zoneId, org_id: org, outing_date: date, contacts }))).execute();
        }
        const individuals = Math.min(total, Math.floor(rnd() * 3));
        for (let i = 0; i < individuals; i++) {
          const cid = randomUUID();
          const possibleVictim = rnd() < 0.15;
          await trx
            .insertInto('outreach_contacts')
            .values({
              id: cid, outing_id: id, org_id: org,
              nickname_enc: await seal('outreach_contacts', 'nickname_enc', cid, nicknames[Math.floor(rnd() * nicknames.length)] ?? 'Stella'),
              traits_enc: await seal('outreach_contacts', 'traits_enc', cid, traits[Math.floor(rnd() * traits.length)] ?? 'Giacca rossa'),
              sex_gender: sexGenders[Math.floor(rnd() * 2)] ?? 'female',
              age_band: ageBands[1 + Math.floor(rnd() * 3)] ?? '18_24',
              nationality_group: nationalityGroups[Math.floor(rnd() * 3)] ?? 'nigeria',
              history: rnd() < 0.5 ? 'first_time' : 'known',
              possible_victim: possibleVictim, consent_follow_up: possibleVictim && rnd() < 0.5,
              created_by: user?.id ?? null, updated_by: user?.id ?? null,
            })
            .execute();
          result.contactsCreated += 1;
        }
      }
    }
    // Four desks of Strade Nuove (asylum commission, civil court, women's prison, juvenile justice
    // centre) with weekly sessions over the last six months.
    const desksOrg = orgId.get('assoc-strade-nuove');
    const deskUser = await trx.selectFrom('users').select('id').where('email', '=', `sportello@${DEMO_EMAIL_DOMAIN}`).executeTakeFirst();
    if (desksOrg && deskUser) {
      // who the desks meet, by kind of desk: breakdowns drawn from their own sequence, so the
      // sessions' other figures stay as they were; about one session in four gives none
      const deskMix = random(20261207);
      const deskWeights: Record<string, { sex: Partial<Record<SexGender, number>>; age: Partial<Record<AgeBand, number>>; nationality: Partial<Record<NationalityGroup, number>> }> = {
        asylum_commission: { sex: { female: 3, male: 2 }, age: { under_18: 0.3, '18_24': 3, '25_34': 3, '35_44': 1 }, nationality: { nigeria: 3, other_africa: 3, latin_america: 0.5, other_unknown: 0.5 } },
        civil_court: { sex: { female: 2, male: 2 }, age: { '18_24': 1, '25_34': 2, '35_44': 2, '45_plus': 1 }, nationality: { romania: 2, albania: 1, nigeria: 1, other_europe: 1, other_unknown: 1 } },
        womens_prison: { sex: { female: 1 }, age: { '18_24': 2, '25_34': 2, '35_44': 1 }, nationality: { nigeria: 2, romania: 2, other_unknown: 1 } },
        juvenile_justice_centre: { sex: { male: 3, female: 1 }, age: { under_18: 5, '18_24': 1 }, nationality: { other_africa: 2, albania: 1, romania: 1, other_unknown: 1 } },
      };
      const desks = [
        { name: 'Sportello presso la Commissione Territoriale', kind: 'asylum_commission' as const, weekday: 2, hours: [{ weekday: 2, from: '09:00', to: '13:00' }] },
        { name: 'Sportello presso il Tribunale civile', kind: 'civil_court' as const, weekday: 4, hours: [{ weekday: 4, from: '14:00', to: '17:00' }] },
        { name: 'Sportello nella sezione femminile della Casa circondariale', kind: 'womens_prison' as const, weekday: 3, hours: [{ weekday: 3, from: '10:00', to: '12:00' }] },
        { name: 'Sportello al Centro per la giustizia minorile', kind: 'juvenile_justice_centre' as const, weekday: 5, hours: [{ weekday: 5, from: '09:30', to: '12:30' }] },
      ];
      for (const desk of desks) {
        const row = await trx
          .insertInto('outreach_desks')
          .values({ org_id: desksOrg, name: desk.name, kind: desk.kind, province_code: '001', municipality: 'Torino', opening_hours: JSON.stringify(desk.hours), created_by: deskUser.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (let d = 182; d >= 1; d--) {
          const date = addDays(today, -d);
          const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
          if (weekday !== desk.weekday) continue;
          const interviews = 1 + Math.floor(rnd() * 6);
          const slot = desk.hours[0] ?? { from: '09:00', to: '12:00' };
          const w = deskWeights[desk.kind];
          const breakdowns =
            w && deskMix() < 0.75
              ? {
                  by_sex: JSON.stringify({ ...zeroCounts(sexGenders), ...split(deskMix, interviews, w.sex as Record<SexGender, number>) }),
                  by_age: JSON.stringify({ ...zeroCounts(ageBands), ...split(deskMix, interviews, w.age as Record<AgeBand, number>) }),
                  by_nationality: JSON.stringify({ ...zeroCounts(nationalityGroups), ...split(deskMix, interviews, w.nationality as Record<NationalityGroup, number>) }),
                }
              : {};
          await trx
            .insertInto('outreach_desk_sessions')
            .values({
              desk_id: row.id, org_id: desksOrg, session_date: date, start_time: slot.from, end_time: slot.to, worker_user_id: deskUser.id, interviews,
              advice: JSON.stringify({ ...zeroCounts(adviceKinds), ...split(rnd, interviews, { orientation: 5, legal_advice: 4, health_orientation: 1, referral_to_services: 1, other: 0.2 }) }),
              ...breakdowns,
              created_by: deskUser.id,
            })
            .execute();
          result.sessionsCreated += 1;
        }
      }
    }
  });
  return result;
}
