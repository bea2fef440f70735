/**
 * System work for `ponte demo`: social inclusion for the demo cases of the case worker's body —
 * two courses (Italian L2 running, IT finished) with weekly sessions, enrolments and an attendance
 * register; internships (running, completed with hiring, interrupted); job placements of several
 * contract types; a move to independent housing; two assisted voluntary returns. Every name is
 * fictional and stored as the inclusion feature stores it (encrypted, bound to its row).
 *
 * Idempotent: does nothing when the demo body already holds courses, or holds no open case.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { AttendanceStatus } from '../../../domain/inclusion/index.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';

export interface DemoInclusionResult {
  coursesCreated: number;
  enrolmentsCreated: number;
  recordsCreated: number;
}

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

async function seal(cipher: FieldCipher, trx: Transaction<DB>, table: string, column: string, rowId: string, plaintext: string): Promise<string> {
  return cipher.encrypt({ plaintext, aad: fieldAad({ table, column, rowId }), db: trx });
}

/** A fixed pattern of marks (mostly present), so the demo register looks the same on every run. */
const pattern: readonly AttendanceStatus[] = ['present', 'present', 'absent', 'present', 'present', 'excused', 'present', 'present', 'present', 'absent', 'present'];

export async function systemSeedDemoInclusion(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date }): Promise<DemoInclusionResult> {
  const now = options.now ?? new Date();
  const today = italianToday(now);
  const { cipher } = options;
  const none = { coursesCreated: 0, enrolmentsCreated: 0, recordsCreated: 0 };
  return options.db.transaction().execute(async (trx) => {
    const faro = (await trx.selectFrom('organisations').select('id').where('code', '=', 'coop-il-faro').executeTakeFirst())?.id;
    if (!faro) return none;
    if (await trx.selectFrom('courses').select('id').where('org_id', '=', faro).limit(1).executeTakeFirst()) return none;
    const cases = await trx
      .selectFrom('cases')
      .select(['id', 'case_worker_id'])
      .where('org_id', '=', faro)
      .where('phase', 'not in', ['closed', 'contact', 'screening'])
      .orderBy('code')
      .limit(12)
      .execute();
    if (cases.length === 0) return none;
    const by = cases[0]?.case_worker_id ?? null;
    const stamp = { created_by: by, created_at: now, updated_at: now };

    // --- courses, sessions, enrolments, attendance ---
    const courses = [
      { title: 'Italiano L2 – livello A2', kind: 'language' as const, provider: 'CPIA Demo Centro', place: 'Sede della cooperativa, aula 1', start: -70, end: 50, hours: '120', sessions: 10, enrol: [0, 1, 2, 3, 4] },
      { title: 'Informatica di base e ricerca del lavoro', kind: 'it' as const, provider: 'Centro di formazione Demo', place: 'Biblioteca comunale', start: -150, end: -90, hours: '30', sessions: 8, enrol: [2, 5, 6] },
    ];
    let enrolmentsCreated = 0;
    for (const spec of courses) {
      const courseId = randomUUID();
      const startsOn = addDays(today, spec.start);
      await trx
        .insertInto('courses')
        .values({
          id: courseId, org_id: faro, title: spec.title, kind: spec.kind, provider_name_enc: await seal(cipher, trx, 'courses', 'provider_name_enc', courseId, spec.provider),
          place: spec.place, starts_on: startsOn, ends_on: addDays(today, spec.end), planned_hours: spec.hours, ...stamp,
        })
        .execute();
      const sessions: string[] = [];
      for (let i = 0; i < spec.sessions; i++) {
        const heldOn = addDays(startsOn, i * 7);
        if (heldOn > today) break;
        sessions.push((await trx.insertInto('course_sessions').values({ course_id: courseId, held_on: heldOn, hours: spec.kind === 'language' ? '3' : '2.5', created_at: now }).returning('id').executeTakeFirstOrThrow()).id);
      }
      for (const [n, index] of spec.enrol.entries()) {
        const c = cases[index];
        if (!c) continue;
        const finished = spec.end < 0;
        const outcome = finished ? (n === 1 ? 'dropped_out' : 'certificate') : null;
        const enrolmentId = (
          await trx
            .insertInto('course_enrolments')
            .values({ course_id: courseId, case_id: c.id, enrolled_on: startsOn, outcome, outcome_on: outcome ? addDays(today, spec.end) : null, ...stamp })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        enrolmentsCreated++;
        for (const [s, sessionId] of sessions.entries()) {
          if (outcome === 'dropped_out' && s > 3) break;
          const status = pattern[(s + n * 3) % pattern.length] ?? 'present';
          await trx.insertInto('course_attendance').values({ course_id: courseId, session_id: sessionId, enrolment_id: enrolmentId, status, marked_by: by, marked_at: now }).execute();
        }
      }
    }

    // --- internships, placements, housing, returns ---
    let recordsCreated = 0;
    const at = (i: number): string => {
      const c = cases[i % cases.length];
      if (!c) throw new Error('no demo case');
      return c.id;
    };
    const internships = [
      { c: 3, employer: 'Trattoria Il Portico (demo)', sector: 'I', tutor: 'Franca Demolini', hours: '25', stipend: '500.00', start: -60, end: 120, outcome: null, reason: null },
      { c: 5, employer: 'Vivaio Colli Verdi (demo)', sector: 'A', tutor: 'Sergio Fittizi', hours: '30', stipend: '600.00', start: -240, end: -60, outcome: 'hired' as const, reason: null },
      { c: 7, employer: 'Lavanderia Industriale Demo', sector: 'S', tutor: 'Marta Esempio', hours: '20', stipend: '450.50', start: -200, end: -150, outcome: 'interrupted' as const, reason: 'Trasferimento in un’altra città per il ricongiungimento familiare.' },
    ];
    for (const s of internships) {
      const id = randomUUID();
      await trx
        .insertInto('inclusion_internships')
        .values({
          id, case_id: at(s.c), org_id: faro, employer_name_enc: await seal(cipher, trx, 'inclusion_internships', 'employer_name_enc', id, s.employer), sector: s.sector,
          tutor_name_enc: await seal(cipher, trx, 'inclusion_internships', 'tutor_name_enc', id, s.tutor), hours_per_week: s.hours, monthly_stipend: s.stipend,
          starts_on: addDays(today, s.start), ends_on: addDays(today, s.end), outcome: s.outcome,
          outcome_reason_enc: s.reason ? await seal(cipher, trx, 'inclusion_internships', 'outcome_reason_enc', id, s.reason) : null, ...stamp,
        })
        .execute();
      recordsCreated++;
    }
    const placements = [
      { c: 5, employer: 'Vivaio Colli Verdi (demo)', sector: 'A', contract: 'apprenticeship' as const, hours: '38', start: -55, end: null, outcome: 'ongoing' as const },
      { c: 6, employer: 'Hotel Belvedere Demo', sector: 'I', contract: 'seasonal' as const, hours: '40', start: -150, end: -30, outcome: 'ended' as const },
      { c: 8, employer: 'Famiglia assistita (demo)', sector: 'T', contract: 'domestic' as const, hours: '25', start: -100, end: null, outcome: 'ongoing' as const },
      { c: 9, employer: 'Magazzino Logistica Demo', sector: 'H', contract: 'agency' as const, hours: '36', start: -80, end: 40, outcome: 'renewed' as const },
      { c: 10, employer: 'Sartoria Demo', sector: 'C', contract: 'permanent' as const, hours: '30', start: -20, end: null, outcome: 'ongoing' as const },
    ];
    for (const p of placements) {
      const id = randomUUID();
      await trx
        .insertInto('inclusion_job_placements')
        .values({
          id, case_id: at(p.c), org_id: faro, employer_name_enc: await seal(cipher, trx, 'inclusion_job_placements', 'employer_name_enc', id, p.employer), sector: p.sector,
          contract_type: p.contract, hours_per_week: p.hours, starts_on: addDays(today, p.start), ends_on: p.end === null ? null : addDays(today, p.end), outcome: p.outcome, ...stamp,
        })
        .execute();
      recordsCreated++;
    }
    const housingId = randomUUID();
    await trx
      .insertInto('inclusion_housing')
      .values({
        id: housingId, case_id: at(5), org_id: faro, moved_on: addDays(today, -25), kind: 'rented_shared', support: ['deposit', 'furniture', 'landlord_mediation'],
        note_enc: await seal(cipher, trx, 'inclusion_housing', 'note_enc', housingId, 'Appartamento condiviso con una collega di lavoro.'), ...stamp,
      })
      .execute();
    recordsCreated++;
    const returns = [
      { c: 11, country: 'NG', partner: 'Partner di reintegrazione Demo (Benin City)', status: 'approved' as const, planned: 30, departed: null, support: ['travel', 'business', 'psychosocial'], note: 'Avvio di un piccolo laboratorio di sartoria.' },
      { c: 4, country: 'AL', partner: 'Associazione Demo Tirana', status: 'departed' as const, planned: -45, departed: -44, support: ['travel', 'cash', 'housing'], note: 'Contatto mensile con il partner per sei mesi.' },
    ];
    for (const r of returns) {
      const id = randomUUID();
      await trx
        .insertInto('voluntary_returns')
        .values({
          id, case_id: at(r.c), org_id: faro, country: r.country, partner_name_enc: await seal(cipher, trx, 'voluntary_returns', 'partner_name_enc', id, r.partner), status: r.status,
          planned_on: addDays(today, r.planned), departed_on: r.departed === null ? null : addDays(today, r.departed), support: r.support,
          support_note_enc: await seal(cipher, trx, 'voluntary_returns', 'support_note_enc', id, r.note), ...stamp,
        })
        .execute();
      recordsCreated++;
    }
    return { coursesCreated: courses.length, enrolmentsCreated, recordsCreated };
  });
}
