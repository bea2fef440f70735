/**
 * Demo training events: two upcoming (a seminar in person with a waiting list, a webinar) and one
 * past with its attendance register, with fictional registrants generated from name lists and
 * addresses on the reserved example.org domain. Their data is encrypted like real registrations.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { normaliseEmail } from '../../../domain/events/index.ts';
import { eventColumns } from '../events/encrypted.ts';
import { cancelToken, tokenHash } from '../events/registrations.ts';

const firstNames = ['Chiara', 'Paolo', 'Elena', 'Davide', 'Silvia', 'Andrea', 'Marta', 'Stefano', 'Laura', 'Fabio', 'Irene', 'Matteo'];
const lastNames = ['Ferrara', 'Galli', 'Conti', 'Marino', 'Greco', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Rinaldi', 'Caruso'];
const bodies = ['Comune di Esempio', 'ASL Demo', 'Cooperativa Alba (demo)', 'Questura di Esempio', 'Associazione Ponte Demo'];

const fields = [
  { key: 'ente', label: 'Ente di appartenenza', type: 'text', required: true },
  { key: 'ruolo', label: 'Ruolo', type: 'select', required: false, options: ['Assistente sociale', 'Educatore/educatrice', 'Forze dell’ordine', 'Mediatore/mediatrice', 'Altro'] },
  { key: 'crediti', label: 'Chiedo i crediti formativi dell’Ordine degli assistenti sociali', type: 'checkbox', required: false },
];

const consent = 'I dati (nome, e-mail, telefono e risposte) sono trattati dalla rete antitratta solo per gestire l’iscrizione, le presenze e gli attestati, e sono cancellati 90 giorni dopo l’evento.';

/** Seeds the demo events once; returns the number of events created (0 when there are events already). */
export async function systemSeedDemoEvents(options: {
  db: Kysely<DB>;
  cipher: FieldCipher;
  blindIndex: (options: { purpose: string; value: string }) => string;
  now?: Date;
  retentionDays?: number;
}): Promise<number> {
  const now = options.now ?? new Date();
  const day = 86_400_000;
  const at = (days: number, hour: number) => {
    const d = new Date(now.getTime() + days * day);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };
  const events = [
    {
      slug: 'indicatori-di-tratta-torino', title: 'Riconoscere gli indicatori di tratta e sfruttamento', audience: 'Assistenti sociali, forze dell’ordine, operatori sanitari',
      description: 'Seminario di azione di sistema.\n\nGli indicatori di tratta nei diversi ambiti di sfruttamento, il primo colloquio, l’invio al Numero Verde e ai progetti della rete.',
      starts: at(12, 8), ends: at(12, 12), place: 'Sala conferenze demo, Via Esempio 1, Torino', online: null, capacity: 8, waiting: true, credits: ['CROAS-DEMO-2026-01', '4'], registrants: 10, status: 'published' as const,
    },
    {
      slug: 'webinar-referral-multiagenzia', title: 'Webinar: il referral multi-agenzia', audience: 'Enti della rete e servizi territoriali',
      description: 'Come si invia e si riceve un referral con il consenso della persona, tempi di risposta e riservatezza.',
      starts: at(25, 13), ends: at(25, 15), place: null, online: 'https://webinar.example.org/ponte-demo', capacity: 100, waiting: false, credits: null, registrants: 4, status: 'published' as const,
    },
    {
      slug: 'minori-stranieri-non-accompagnati', title: 'Minori stranieri non accompagnati e tratta', audience: 'Tutori volontari, educatori, assistenti sociali',
      description: 'Incontro formativo multi-agenzia sulla tutela dei minori potenziali vittime.',
      starts: at(-20, 8), ends: at(-20, 13), place: 'Centro servizi demo, Piazza Esempio 3, Novara', online: null, capacity: 20, waiting: true, credits: ['CROAS-DEMO-2026-02', '5'], registrants: 6, status: 'published' as const,
    },
  ];
  return options.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('events').select('id').limit(1).executeTakeFirst();
    if (existing) return 0;
    let n = 0;
    for (const [e, ev] of events.entries()) {
      const row = await trx
        .insertInto('events')
        .values({
          slug: ev.slug, title: ev.title, audience: ev.audience, description: ev.description, starts_at: ev.starts, ends_at: ev.ends, place: ev.place, online_url: ev.online,
          capacity: ev.capacity, registration_deadline: new Date(ev.starts.getTime() - day), waiting_list: ev.waiting, form_fields: JSON.stringify(fields), consent_text: consent,
          credits_code: ev.credits?.[0] ?? null, credits_hours: ev.credits?.[1] ?? null, status: ev.status, created_at: new Date(ev.starts.getTime() - 40 * day), updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const past = ev.ends.getTime() < now.getTime();
      for (let i = 0; i < ev.registrants; i++) {
        const first = firstNames[(i * 5 + e * 3) % firstNames.length] ?? 'Chiara';
        const last = lastNames[(i * 7 + e * 2) % lastNames.length] ?? 'Ferrara';
        const email = `${first}.${last}.${e}${i}@example.org`.toLowerCase();
        const id = randomUUID();
        const seal = (column: { table: string; column: string }, plaintext: string) => options.cipher.encrypt({ plaintext, aad: fieldAad({ ...column, rowId: id }), db: trx });
        const status = i < ev.capacity ? 'confirmed' : 'waiting';
        const created = new Date(ev.starts.getTime() - (30 - i) * day);
        await trx
          .insertInto('event_registrations')
          .values({
            id, event_id: row.id, status,
            name_enc: await seal(eventColumns.name, `${first} ${last}`),
            email_enc: await seal(eventColumns.email, email),
            phone_enc: i % 3 === 0 ? await seal(eventColumns.phone, `+39 011 000 ${String(1000 + i * 37 + e)}`) : null,
            answers_enc: await seal(eventColumns.answers, JSON.stringify({ ente: bodies[i % bodies.length], ruolo: i % 2 === 0 ? 'Assistente sociale' : 'Altro', crediti: i % 2 === 0 })),
            email_index: options.blindIndex({ purpose: 'event-registration-email', value: normaliseEmail(email) }),
            consent_text: consent, consent_at: created, lang: i % 4 === 3 ? 'en' : 'it',
            cancel_token_hash: tokenHash(cancelToken(options, id)),
            attended: past && status === 'confirmed' && i % 5 !== 4,
            created_at: created,
            delete_after: italianToday(new Date(ev.ends.getTime() + (options.retentionDays ?? 90) * day)),
          })
          .execute();
      }
      n++;
    }
    return n;
  });
}
