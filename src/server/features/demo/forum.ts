/**
 * Demo consultation forum (fictional, for `ponte demo`): a dozen legal and procedural questions
 * of the demo network's staff, answered by the demo coordinator and the observatory analyst, most
 * with an accepted answer (the knowledge base), one still waiting, one answered but not yet
 * accepted, one closed and one locked. General questions only: no person is described, and every
 * text passes the personal-data check (a test keeps it so). Idempotent: nothing is written when
 * the forum holds a thread. System work (no user's scope, no audit of reads).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ForumCategory } from '../../../domain/forum/index.ts';
import { refreshThread } from '../forum/queries.ts';
import { DEMO_EMAIL_DOMAIN } from './data.ts';

type Asker = 'operatrice' | 'sportello' | 'mediatrice' | 'struttura' | 'unita-di-strada' | 'numero-verde';
type Expert = 'coordinatrice' | 'osservatorio';

export interface DemoForumThread {
  title: string;
  category: ForumCategory;
  tags: string[];
  asker: Asker;
  body: string;
  answers: Array<{ by: Expert; body: string }>;
  /** Index of the accepted answer. */
  accepted?: number;
  state?: 'closed' | 'locked';
  daysAgo: number;
}

export const demoForumThreads: readonly DemoForumThread[] = [
  {
    title: 'Permesso per casi speciali: percorso sociale senza denuncia',
    category: 'residence_permits',
    tags: ['art-18', 'percorso-sociale'],
    asker: 'operatrice',
    daysAgo: 120,
    body: 'Una donna accolta dal nostro ente non vuole sporgere denuncia. Possiamo comunque chiedere il permesso per casi speciali con il percorso sociale?\n\nChe cosa deve contenere la proposta alla Questura?',
    answers: [
      {
        by: 'coordinatrice',
        body: 'Sì. L’art. 18 D.Lgs. 286/1998 prevede due percorsi: quello giudiziario (su proposta o parere della Procura) e quello sociale, su proposta dei servizi sociali dell’ente locale o dell’ente iscritto alla seconda sezione del registro. La denuncia non è richiesta nel percorso sociale.\n\nLa proposta descrive:\n- gli elementi della situazione di violenza o grave sfruttamento;\n- il pericolo concreto per l’incolumità;\n- l’adesione al programma di assistenza e integrazione.\n\nConviene allegare la relazione dell’équipe e tenerne copia nel fascicolo.',
      },
      { by: 'osservatorio', body: 'Aggiungo che il Questore può chiedere il parere della Procura anche nel percorso sociale, se emergono elementi di un procedimento in corso: i tempi possono allungarsi.' },
    ],
    accepted: 0,
  },
  {
    title: 'Rinnovo del permesso per casi speciali alla fine del programma',
    category: 'residence_permits',
    tags: ['art-18', 'rinnovo'],
    asker: 'operatrice',
    daysAgo: 95,
    body: 'Il programma di assistenza si conclude tra due mesi. Il permesso scade poco dopo: si può rinnovare o bisogna convertirlo?',
    answers: [
      {
        by: 'coordinatrice',
        body: 'Il permesso dura sei mesi ed è rinnovabile per un anno, o per il tempo necessario per motivi di giustizia. Alla scadenza può essere convertito in permesso per lavoro subordinato o autonomo, o per studio se la persona è iscritta a un corso regolare.\n\nSe il programma si chiude con un contratto di lavoro, chiedete la **conversione** prima della scadenza; se il programma è interrotto per condotta incompatibile, il permesso può essere revocato.',
      },
    ],
    accepted: 0,
  },
  {
    title: 'Art. 18-ter e sfruttamento lavorativo: chi fa la proposta',
    category: 'labour_exploitation',
    tags: ['art-18-ter', '603-bis'],
    asker: 'unita-di-strada',
    daysAgo: 80,
    body: 'Nelle campagne incontriamo lavoratori sfruttati che chiedono se possono regolarizzarsi denunciando il datore di lavoro. Come funziona il permesso dell’art. 18-ter?',
    answers: [
      {
        by: 'osservatorio',
        body: 'L’art. 18-ter, introdotto nel 2024, ha sostituito il permesso dell’art. 22 comma 12-quater. Riguarda lo straniero vittima di intermediazione illecita e sfruttamento del lavoro (art. 603-bis c.p.) che contribuisce utilmente all’emersione dei fatti.\n\nIl permesso è rilasciato su proposta o con il parere favorevole del pubblico ministero. Il lavoratore è inserito in un programma di assistenza: l’Ispettorato del Lavoro e i sindacati sono interlocutori utili per il recupero delle retribuzioni.',
      },
    ],
    accepted: 0,
  },
  {
    title: 'Audizione sospesa in Commissione territoriale: cosa succede dopo',
    category: 'asylum',
    tags: ['commissione', 'referral'],
    asker: 'sportello',
    daysAgo: 70,
    body: 'La Commissione territoriale ha sospeso un’audizione per indicatori di tratta e ci ha inviato la segnalazione. Quali tempi abbiamo per la relazione di ritorno? La domanda di protezione resta sospesa?',
    answers: [
      {
        by: 'coordinatrice',
        body: 'Secondo le linee guida per l’identificazione delle vittime di tratta tra i richiedenti protezione internazionale, la Commissione può sospendere il colloquio e, con il consenso del richiedente, inviarlo all’ente antitratta. L’ente svolge i colloqui di identificazione e invia una relazione scritta; la Commissione riprende poi l’esame.\n\nI tempi dipendono dagli accordi locali: nel nostro protocollo sono trenta giorni, prorogabili. Se la protezione viene negata ma emergono elementi di tratta, la Commissione trasmette gli atti alla Questura per il permesso dell’art. 18.',
      },
    ],
    accepted: 0,
  },
  {
    title: 'Accertamento dell’età di un minore non accompagnato',
    category: 'minors',
    tags: ['msna', 'eta'],
    asker: 'struttura',
    daysAgo: 60,
    body: 'Un ragazzo dichiara di essere minorenne ma non ha documenti. Chi dispone l’accertamento dell’età e come va tutelato nel frattempo?',
    answers: [
      {
        by: 'osservatorio',
        body: 'La L. 47/2017 (art. 5) prevede una procedura multidisciplinare disposta dalla Procura presso il Tribunale per i minorenni, solo in caso di dubbi fondati e dopo aver cercato documenti. Nelle more la persona è trattata come minore: la presunzione di minore età vale anche quando l’esito lascia un margine di errore.\n\nServe il tutore volontario, nominato dal Tribunale per i minorenni dall’elenco dei tutori.',
      },
    ],
    accepted: 0,
  },
  {
    title: 'Programma per minori che compiono diciotto anni',
    category: 'minors',
    tags: ['msna', 'prosieguo'],
    asker: 'operatrice',
    daysAgo: 50,
    body: 'Una ragazza accolta diventerà maggiorenne tra qualche mese. Il programma di protezione può continuare dopo i diciotto anni?',
    answers: [
      {
        by: 'coordinatrice',
        body: 'Sì: il programma specifico per minori vittime di tratta prosegue oltre la maggiore età. Per l’accoglienza e l’assistenza il Tribunale per i minorenni può disporre il prosieguo amministrativo fino ai ventuno anni (art. 13 L. 47/2017). Preparate per tempo la relazione sul percorso.',
      },
    ],
    accepted: 0,
  },
  {
    title: 'Testimonianza nel procedimento penale e misure di protezione',
    category: 'criminal_proceedings',
    tags: ['incidente-probatorio', 'tutela'],
    asker: 'mediatrice',
    daysAgo: 45,
    body: 'Una persona seguita dal nostro ente dovrà testimoniare. Si può chiedere l’incidente probatorio per evitare di ripetere la testimonianza in aula?',
    answers: [
      {
        by: 'osservatorio',
        body: 'Per i reati di tratta e riduzione in schiavitù (art. 600, 601 c.p.) e di intermediazione illecita (art. 603-bis c.p.) il codice di procedura penale consente l’incidente probatorio anche fuori dei casi ordinari, con modalità protette per le persone vulnerabili. La richiesta è del pubblico ministero o della difesa; l’ente può segnalare la vulnerabilità al difensore.',
      },
    ],
    accepted: 0,
  },
  {
    title: 'Accoglienza in casa di fuga: chi decide la durata',
    category: 'accommodation',
    tags: ['casa-di-fuga', 'pronta-accoglienza'],
    asker: 'struttura',
    daysAgo: 40,
    body: 'Per quanto tempo una persona può restare in casa di fuga prima del passaggio alla seconda accoglienza? Esiste un limite nel programma unico?',
    answers: [
      {
        by: 'coordinatrice',
        body: 'Il programma unico non fissa un numero di giorni per la pronta accoglienza: la durata dipende dal piano individuale e dalla sicurezza. Nel nostro piano regionale l’équipe rivede la situazione ogni trenta giorni e la cabina di regia approva le permanenze oltre i novanta.',
      },
    ],
    accepted: 0,
  },
  {
    title: 'Iscrizione anagrafica di chi è ospite in una struttura protetta',
    category: 'accommodation',
    tags: ['residenza', 'anagrafe'],
    asker: 'operatrice',
    daysAgo: 30,
    body: 'Per l’iscrizione anagrafica possiamo indicare l’indirizzo della struttura protetta? Temiamo che l’indirizzo diventi noto.',
    answers: [
      {
        by: 'osservatorio',
        body: 'L’indirizzo di una struttura protetta non va comunicato. Molti comuni usano la residenza fittizia (via virtuale) prevista per chi non ha dimora stabile, oppure l’indirizzo della sede legale dell’ente. Verificate la prassi del comune con l’ufficio anagrafe.',
      },
      { by: 'coordinatrice', body: 'Confermo: la Regione ha un accordo con i comuni capoluogo per la via virtuale. Scrivete alla cabina di regia per i comuni che non la applicano.' },
    ],
    accepted: 1,
    state: 'locked',
  },
  {
    title: 'Conversione del permesso per casi speciali in permesso per lavoro',
    category: 'residence_permits',
    tags: ['conversione', 'lavoro'],
    asker: 'sportello',
    daysAgo: 20,
    body: 'Per la conversione serve un contratto a tempo indeterminato o basta un contratto a termine? E un tirocinio?',
    answers: [
      {
        by: 'coordinatrice',
        body: 'Basta un rapporto di lavoro subordinato, anche a termine, o un’attività autonoma. Il tirocinio non è un rapporto di lavoro: non basta per la conversione, ma può essere utile per documentare il percorso nel rinnovo.',
      },
    ],
  },
  {
    title: 'Rimpatrio volontario assistito dopo il programma',
    category: 'other',
    tags: ['rimpatrio'],
    asker: 'numero-verde',
    daysAgo: 12,
    body: 'Chi chiede di tornare nel proprio paese può accedere al rimpatrio volontario assistito? A chi ci si rivolge?',
    answers: [],
  },
  {
    title: 'Domanda doppia sulla conversione del permesso',
    category: 'residence_permits',
    tags: ['conversione'],
    asker: 'unita-di-strada',
    daysAgo: 8,
    body: 'Il permesso per casi speciali si può convertire in permesso per lavoro?',
    answers: [],
    state: 'closed',
  },
];

/** Seeds the demo forum once; returns the number of threads created (0 when the forum is not empty). */
export async function systemSeedDemoForum(options: { db: Kysely<DB>; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  return options.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('forum_threads').select('id').limit(1).executeTakeFirst();
    if (existing) return 0;
    const locals = [...new Set(demoForumThreads.flatMap((t) => [t.asker, ...t.answers.map((a) => a.by)]))];
    const users = await trx
      .selectFrom('users')
      .leftJoin('memberships', 'memberships.user_id', 'users.id')
      .select(['users.id', 'users.email', 'memberships.organisation_id'])
      .where('users.email', 'in', locals.map((l) => `${l}@${DEMO_EMAIL_DOMAIN}`))
      .execute();
    const who = (local: string) => users.find((u) => u.email === `${local}@${DEMO_EMAIL_DOMAIN}`);
    let created = 0;
    for (const th of demoForumThreads) {
      const asker = who(th.asker);
      if (!asker) continue;
      const at = (hours: number) => new Date(now.getTime() - th.daysAgo * 86_400_000 + hours * 3_600_000);
      const thread = await trx
        .insertInto('forum_threads')
        .values({ category: th.category, title: th.title, tags: th.tags, author_id: asker.id, author_org_id: asker.organisation_id, created_at: at(0), last_activity_at: at(0) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const question = await trx
        .insertInto('forum_posts')
        .values({ thread_id: thread.id, kind: 'question', body: th.body, author_id: asker.id, author_org_id: asker.organisation_id, created_at: at(0) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('forum_post_versions').values({ post_id: question.id, version: 1, title: th.title, body: th.body, edited_by: asker.id, created_at: at(0) }).execute();
      const answerIds: string[] = [];
      for (const [i, a] of th.answers.entries()) {
        const expert = who(a.by);
        if (!expert) continue;
        const post = await trx
          .insertInto('forum_posts')
          .values({ thread_id: thread.id, kind: 'answer', body: a.body, author_id: expert.id, author_org_id: expert.organisation_id, created_at: at(20 + i * 26) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('forum_post_versions').values({ post_id: post.id, version: 1, body: a.body, edited_by: expert.id, created_at: at(20 + i * 26) }).execute();
        answerIds.push(post.id);
      }
      const accepted = th.accepted === undefined ? undefined : answerIds[th.accepted];
      if (accepted) await trx.updateTable('forum_threads').set({ accepted_post_id: accepted, status: 'answered' }).where('id', '=', thread.id).execute();
      const moderator = who('coordinatrice');
      if (th.state && moderator) {
        await trx.updateTable('forum_threads').set(th.state === 'closed' ? { status: 'closed' } : { locked: true }).where('id', '=', thread.id).execute();
        await trx
          .insertInto('forum_moderation_events')
          .values({ thread_id: thread.id, action: th.state === 'closed' ? 'close' : 'lock', reason: th.state === 'closed' ? 'Doppione di una domanda con risposta.' : 'Risposta completa, discussione conclusa.', moderator_id: moderator.id, created_at: at(80) })
          .execute();
      }
      await refreshThread(trx, thread.id, at(th.answers.length > 0 ? 20 + (th.answers.length - 1) * 26 : 0));
      created += 1;
    }
    return created;
  });
}
