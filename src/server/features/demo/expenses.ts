/**
 * System work for `ponte demo`: expenses on every budget line of the demo plan, paid by its
 * partners month by month, economic support for demo cases (fees, health, transport, pocket money,
 * rent, training) with encrypted descriptions, and one line taken over its amount by a last
 * expense recorded with its reason, as the expenses feature stores them. Amounts are generated in
 * integer cents from a fixed seed, so every run gives the same figures.
 *
 * Idempotent: does nothing when the demo plan already has expenses, or does not exist.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { fromCents, toCents, type ExpenseCategory } from '../../../domain/expenses/index.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { demoProject } from './data.ts';

export interface DemoExpensesResult {
  expensesCreated: number;
  overBudget: number;
}

/** A small deterministic generator (mulberry32), so demo figures are the same on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whole cents between min and max (inclusive), from the generator. */
function centsBetween(next: () => number, min: bigint, max: bigint): bigint {
  return min + BigInt(Math.floor(next() * Number(max - min + 1n)));
}

async function seal(cipher: FieldCipher, trx: Transaction<DB>, column: string, rowId: string, plaintext: string): Promise<string> {
  return cipher.encrypt({ plaintext, aad: fieldAad({ table: 'expenses', column, rowId }), db: trx });
}

/** What the demo project spends each month on each line, paid by which partner. */
const monthly: ReadonlyArray<{ line: string; payer: string; category: ExpenseCategory; min: string; max: string; text: string }> = [
  { line: 'A', payer: 'coop-il-faro', category: 'other', min: '9000.00', max: '12500.00', text: 'Personale: operatori e mediatrici' },
  { line: 'A', payer: 'assoc-strade-nuove', category: 'other', min: '5200.00', max: '7400.00', text: 'Personale: unità di strada e sportello' },
  { line: 'A', payer: 'coop-la-rondine', category: 'other', min: '3100.00', max: '4600.00', text: 'Personale: tutor dei tirocini' },
  { line: 'B', payer: 'coop-il-faro', category: 'housing', min: '8200.00', max: '11900.00', text: 'Gestione casa di fuga e comunità' },
  { line: 'B', payer: 'coop-la-rondine', category: 'housing', min: '4100.00', max: '6300.00', text: 'Appartamenti di semi-autonomia' },
  { line: 'D', payer: 'coop-la-rondine', category: 'training', min: '1800.00', max: '3900.00', text: 'Borse tirocinio e corsi professionali' },
  { line: 'D', payer: 'assoc-terra-comune', category: 'training', min: '600.00', max: '1400.00', text: 'Corsi di lingua italiana' },
];

/** Economic support to persons: category, range, description (fictional). */
const support: ReadonlyArray<{ category: ExpenseCategory; min: string; max: string; text: string; receipt: string }> = [
  { category: 'bureaucratic_fees', min: '16.00', max: '16.00', text: 'Marca da bollo per la richiesta del permesso', receipt: 'MB' },
  { category: 'bureaucratic_fees', min: '70.46', max: '70.46', text: 'Bollettino per il permesso di soggiorno', receipt: 'BP' },
  { category: 'bureaucratic_fees', min: '116.00', max: '116.00', text: 'Passaporto: diritti consolari', receipt: 'CONS' },
  { category: 'health', min: '18.50', max: '96.80', text: 'Ticket e farmaci', receipt: 'FARM' },
  { category: 'transport', min: '1.70', max: '45.00', text: 'Biglietti per la Questura e le visite', receipt: 'GTT' },
  { category: 'pocket_money', min: '60.00', max: '60.00', text: 'Pocket money mensile', receipt: 'PM' },
  { category: 'housing', min: '250.00', max: '380.00', text: 'Contributo all’affitto in semi-autonomia', receipt: 'AFF' },
  { category: 'training', min: '35.00', max: '120.00', text: 'Materiale del corso professionale', receipt: 'CORSO' },
];

function monthDays(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const day = `${y}-${String(m).padStart(2, '0')}-15`;
    if (day > to) break;
    if (day >= from) out.push(day);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

export async function systemSeedDemoExpenses(options: { db: Kysely<DB>; cipher: FieldCipher; now?: Date }): Promise<DemoExpensesResult> {
  const now = options.now ?? new Date();
  const today = italianToday(now);
  const { cipher } = options;
  return options.db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom('projects').select(['id', 'period_start', 'period_end', 'lead_org_id']).where('code', '=', demoProject.code).executeTakeFirst();
    if (!project) return { expensesCreated: 0, overBudget: 0 };
    if (await trx.selectFrom('expenses').select('id').where('project_id', '=', project.id).limit(1).executeTakeFirst()) return { expensesCreated: 0, overBudget: 0 };
    const lines = new Map((await trx.selectFrom('project_budget_lines').select(['id', 'code', 'amount']).where('project_id', '=', project.id).execute()).map((l) => [l.code, l]));
    const orgs = new Map((await trx.selectFrom('organisations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]));
    const recorder = await trx.selectFrom('users').select('id').where('email', '=', 'coordinatrice@demo.ponte.invalid').executeTakeFirst();
    const end = project.period_end < today ? project.period_end : today;
    const days = monthDays(project.period_start, end);
    const next = generator(20241001);
    const spent = new Map<string, bigint>();
    let created = 0;
    let overBudget = 0;

    const insert = async (e: { line: string; payer: string; caseId?: string | null; category: ExpenseCategory; on: string; cents: bigint; text: string; receipt: string | null; reason?: string }) => {
      const line = lines.get(e.line);
      const payer = orgs.get(e.payer);
      if (!line || !payer) return;
      const before = spent.get(line.id) ?? 0n;
      const after = before + e.cents;
      const over = after > toCents(line.amount);
      // Never over a line by accident: only the one planted below, with its reason.
      if (over && !e.reason) return;
      spent.set(line.id, after);
      const id = randomUUID();
      await trx
        .insertInto('expenses')
        .values({
          id, project_id: project.id, budget_line_id: line.id, case_id: e.caseId ?? null, paid_by_org_id: payer, category: e.category, spent_on: e.on,
          amount: fromCents(e.cents), description_enc: await seal(cipher, trx, 'description_enc', id, e.text), receipt_ref: e.receipt,
          over_budget: over, over_budget_reason_enc: over && e.reason ? await seal(cipher, trx, 'over_budget_reason_enc', id, e.reason) : null,
          recorded_by: recorder?.id ?? null, created_at: now,
        })
        .execute();
      created++;
      if (over) overBudget++;
    };

    // Project costs, month by month.
    for (const [i, on] of days.entries()) {
      for (const m of monthly) {
        await insert({ line: m.line, payer: m.payer, category: m.category, on, cents: centsBetween(next, toCents(m.min), toCents(m.max)), text: m.text, receipt: `FT-${on.slice(0, 7)}-${String(i + 1).padStart(3, '0')}` });
      }
    }
    // Economic support for demo cases of the two bodies holding them.
    const holders = ['coop-il-faro', 'assoc-strade-nuove'].map((c) => orgs.get(c)).filter((x): x is string => !!x);
    const cases = holders.length
      ? await trx.selectFrom('cases').select(['id', 'org_id']).where('org_id', 'in', holders).where('phase', 'not in', ['contact', 'screening']).orderBy('code').limit(24).execute()
      : [];
    const codeOf = new Map([...orgs.entries()].map(([code, id]) => [id, code]));
    for (const [i, c] of cases.entries()) {
      for (let k = 0; k < 3; k++) {
        const s = support[(i * 3 + k) % support.length];
        const on = days[Math.floor(next() * days.length)];
        if (!s || !on) continue;
        await insert({ line: 'C', payer: codeOf.get(c.org_id) ?? '', caseId: c.id, category: s.category, on, cents: centsBetween(next, toCents(s.min), toCents(s.max)), text: s.text, receipt: `${s.receipt}-${String(1000 + i * 3 + k)}` });
      }
    }
    // Line E: training and awareness events, taken over its amount by one more event, with the reason.
    const lineE = lines.get('E');
    const lastDay = days[days.length - 1];
    if (lineE && lastDay) {
      const amountE = toCents(lineE.amount);
      const parts = [amountE * 36n / 100n, amountE * 34n / 100n, amountE * 29n / 100n];
      const eventDays = [days[Math.floor(days.length / 4)], days[Math.floor(days.length / 2)], days[Math.floor((days.length * 3) / 4)]];
      for (const [k, cents] of parts.entries()) {
        await insert({ line: 'E', payer: 'regione-demo', category: 'other', on: eventDays[k] ?? lastDay, cents, text: `Seminario di formazione multi-agenzia n. ${k + 1}`, receipt: `EV-${k + 1}` });
      }
      const room = amountE - (spent.get(lineE.id) ?? 0n);
      await insert({
        line: 'E', payer: 'regione-demo', category: 'other', on: lastDay, cents: room + 36000n, text: 'Webinar aggiuntivo per le Commissioni Territoriali', receipt: 'EV-4',
        reason: 'Webinar richiesto dal Dipartimento dopo la chiusura del calendario; la differenza sarà compensata nella rimodulazione del piano.',
      });
    }
    return { expensesCreated: created, overBudget };
  });
}
