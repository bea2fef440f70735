/** Bodies for outreach tests: a consistent outing, a contact, helpers. */
import { randomUUID } from 'node:crypto';
import { ageBands, contactHistories, nationalityGroups, sexGenders, zeroCounts, offerKinds, accompanimentKinds } from '../../src/domain/outreach/index.ts';
import { italianToday } from '../../src/domain/case-records.ts';

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A valid outing of `total` contacts (all female, 18-24, Nigeria, first time), dated yesterday. */
export function outingBody(options: { total?: number; now?: Date; teamUserIds?: string[]; zones?: Array<{ zoneId: string; contacts: number }>; notes?: string | null; municipality?: string } = {}) {
  const total = options.total ?? 6;
  return {
    unitKind: 'street' as const,
    unitName: 'Unità di strada Est',
    teamUserIds: options.teamUserIds ?? [],
    date: addDays(italianToday(options.now ?? new Date()), -1),
    startTime: '22:00',
    endTime: '02:30',
    provinceCode: '058',
    municipality: options.municipality ?? 'Roma',
    zones: options.zones ?? [],
    totalContacts: total,
    bySex: { ...zeroCounts(sexGenders), female: total },
    byAge: { ...zeroCounts(ageBands), '18_24': total },
    byNationality: { ...zeroCounts(nationalityGroups), nigeria: total },
    byHistory: { ...zeroCounts(contactHistories), first_time: total },
    offered: { ...zeroCounts(offerKinds), condoms: 40, health_info: total },
    accompaniments: zeroCounts(accompanimentKinds),
    notes: options.notes === undefined ? 'Zona tranquilla, pattuglia alle 23' : options.notes,
  };
}

export function contactBody(outingId: string, extra: Record<string, unknown> = {}) {
  return {
    outingId,
    nickname: 'Stella',
    traits: 'Giacca rossa, parla inglese',
    sexGender: 'female',
    ageBand: '18_24',
    nationalityGroup: 'nigeria',
    history: 'first_time',
    possibleVictim: false,
    consentToFollowUp: false,
    personCode: null,
    ...extra,
  };
}

export const newId = (): string => randomUUID();
