/** Browser-test support for the outreach pages: an outing written straight to the database. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { accompanimentKinds, ageBands, contactHistories, nationalityGroups, offerKinds, sexGenders, zeroCounts, type NationalityGroup } from '../../../src/domain/outreach/index.ts';

/**
 * A street outing in Napoli (province 063) recorded yesterday, 21:00–23:30, of `contacts` women
 * aged 18–24 met for the first time, all of `nationality`, with no individual contact yet.
 */
export async function insertOuting(db: Kysely<DB>, options: { orgId: string; unitName: string; contacts: number; nationality: NationalityGroup }): Promise<string> {
  const { contacts: n } = options;
  const id = randomUUID();
  const date = new Date(Date.now() - 30 * 3600 * 1000).toISOString().slice(0, 10);
  await db
    .insertInto('outreach_outings')
    .values({
      id, org_id: options.orgId, unit_kind: 'street', unit_name: options.unitName, outing_date: date, start_time: '21:00', end_time: '23:30',
      province_code: '063', municipality: 'Napoli', total_contacts: n,
      by_sex: JSON.stringify({ ...zeroCounts(sexGenders), female: n }), by_age: JSON.stringify({ ...zeroCounts(ageBands), '18_24': n }),
      by_nationality: JSON.stringify({ ...zeroCounts(nationalityGroups), [options.nationality]: n }), by_history: JSON.stringify({ ...zeroCounts(contactHistories), first_time: n }),
      offered: JSON.stringify(zeroCounts(offerKinds)), accompaniments: JSON.stringify(zeroCounts(accompanimentKinds)),
    })
    .execute();
  return id;
}
