/**
 * Demo public pages (fictional, for `ponte demo`): the home page of the demo plan, the help page
 * and the plan's project page, published in Italian and English, some in other languages; the
 * home page is left untranslated in Arabic, Chinese and others on purpose, to show the visible
 * fallback to Italian. Idempotent: nothing is written when a home page exists. System work.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { PublicLanguage, PublicPageKind } from '../../../domain/public/languages.ts';
import { DEMO_EMAIL_DOMAIN, demoProject } from './data.ts';

type Texts = Partial<Record<PublicLanguage, { title: string; body: string }>>;

const home: Texts = {
  it: {
    title: 'Piano antitratta della Regione Demo',
    body: `Il piano antitratta della Regione Demo (dati di dimostrazione) aiuta le persone vittime di tratta e di grave sfruttamento — adulte o minori, donne, uomini e persone transgender — a uscire dallo sfruttamento e a costruire un percorso di autonomia.

## Obiettivi

- far emergere le situazioni di sfruttamento sessuale, lavorativo, nell’accattonaggio, nelle attività illegali e nei matrimoni forzati;
- offrire protezione immediata, accoglienza e assistenza sanitaria, legale e psicologica;
- accompagnare le persone verso la formazione, il lavoro e la casa.

## Attività

- unità di strada, attività indoor e drop-in;
- sportelli presso la Commissione Territoriale e gli uffici giudiziari;
- pronta accoglienza, accoglienza residenziale e in semi-autonomia;
- consulenza legale, anche per il permesso di soggiorno per casi speciali (art. 18 D.lgs. 286/1998);
- corsi di lingua, tirocini e orientamento al lavoro;
- formazione degli operatori e sensibilizzazione.

Per chiedere aiuto leggi la pagina [Chiedere aiuto](/p/it/help) o chiama il Numero Verde.`,
  },
  en: {
    title: 'Anti-trafficking plan of Regione Demo',
    body: `The anti-trafficking plan of Regione Demo (demonstration data) helps victims of trafficking and severe exploitation — adults or minors, women, men and transgender people — to leave exploitation and build a path to independence.

## Objectives

- bring to light sexual and labour exploitation, forced begging, forced criminal activities and forced marriages;
- offer immediate protection, shelter, and health, legal and psychological assistance;
- support people towards training, work and housing.

## Activities

- outreach units, indoor work and drop-in centres;
- desks at the asylum commission and at the courts;
- emergency shelter, residential and semi-independent accommodation;
- legal advice, including on the special-cases residence permit (art. 18 of Legislative Decree 286/1998);
- language courses, internships and job guidance;
- training for professionals and awareness raising.

To ask for help, read [Get help](/p/en/help) or call the hotline.`,
  },
  fr: {
    title: 'Plan contre la traite de la Regione Demo',
    body: `Le plan contre la traite de la Regione Demo (données de démonstration) aide les victimes de traite et d’exploitation grave — adultes ou mineurs, femmes, hommes et personnes transgenres — à sortir de l’exploitation et à construire un parcours vers l’autonomie.

## Ce que fait le plan

- contact dans la rue et permanences d’accueil ;
- protection immédiate, hébergement, aide médicale, juridique et psychologique ;
- cours de langue, stages et orientation vers l’emploi.

Pour demander de l’aide, appelez le numéro vert.`,
  },
  es: {
    title: 'Plan contra la trata de la Regione Demo',
    body: `El plan contra la trata de la Regione Demo (datos de demostración) ayuda a las víctimas de trata y de explotación grave — adultas o menores, mujeres, hombres y personas transgénero — a salir de la explotación y a construir un camino hacia la autonomía.

## Qué hace el plan

- contacto en la calle y centros de acogida de día;
- protección inmediata, alojamiento, asistencia sanitaria, legal y psicológica;
- cursos de idioma, prácticas y orientación laboral.

Para pedir ayuda, llama a la línea gratuita.`,
  },
};

const help: Texts = {
  it: {
    title: 'Chiedere aiuto',
    body: `Se tu o una persona che conosci siete costretti a lavorare, a prostituirvi o a fare cose che non volete, e qualcuno vi controlla o vi minaccia, potete chiedere aiuto.

## Che aiuto esiste

- ascolto e informazioni, anche nella tua lingua, con mediatrici e mediatori culturali;
- un posto sicuro dove stare, se ne hai bisogno;
- cure mediche, sostegno psicologico e consulenza legale;
- aiuto per i documenti e per il permesso di soggiorno;
- corsi di lingua, formazione e aiuto per trovare lavoro.

L’aiuto è gratuito. Non servono documenti per chiedere aiuto, e non sei obbligata o obbligato a denunciare.

## Come chiedere aiuto

1. Chiama il **Numero Verde Antitratta 800 290 290**: è gratuito e anonimo, risponde 24 ore su 24.
2. Oppure rivolgiti a uno degli [enti della rete](/p/it/contacts).
3. In caso di pericolo immediato chiama il [112](tel:112).`,
  },
  en: {
    title: 'Get help',
    body: `If you or someone you know is forced to work, to sell sex or to do things you do not want to do, and someone controls or threatens you, you can ask for help.

## What help there is

- someone to listen and give you information, also in your language, with cultural mediators;
- a safe place to stay, if you need one;
- medical care, psychological support and legal advice;
- help with documents and the residence permit;
- language courses, training and help to find work.

Help is free. You do not need documents to ask for help, and you do not have to report anyone to the police.

## How to ask for help

1. Call the **anti-trafficking hotline 800 290 290**: free and anonymous, 24 hours a day.
2. Or contact one of the [bodies of the network](/p/en/contacts).
3. If you are in immediate danger, call [112](tel:112).`,
  },
  ro: {
    title: 'Cere ajutor',
    body: `Dacă tu sau cineva pe care îl cunoști sunteți obligați să munciți, să vă prostituați sau să faceți lucruri pe care nu le vreți, iar cineva vă controlează sau vă amenință, puteți cere ajutor.

## Ce ajutor există

- ascultare și informații, și în limba ta, cu mediatori culturali;
- un loc sigur unde să stai, dacă ai nevoie;
- îngrijire medicală, sprijin psihologic și consiliere juridică;
- cursuri de limbă, formare și ajutor pentru a găsi un loc de muncă.

Ajutorul este gratuit. Nu ai nevoie de documente pentru a cere ajutor.

## Cum ceri ajutor

1. Sună la **linia verde 800 290 290**: gratuită și anonimă, 24 de ore din 24.
2. În caz de pericol imediat, sună la [112](tel:112).`,
  },
  ar: {
    title: 'طلب المساعدة',
    body: `إذا كنت أنت أو شخص تعرفه مُجبرًا على العمل أو على ممارسة الدعارة أو على فعل أشياء لا تريدها، وكان هناك من يراقبك أو يهددك، يمكنك طلب المساعدة.

## ما المساعدة المتوفرة

- الاستماع والمعلومات، بلغتك أيضًا، بمساعدة وسطاء ثقافيين؛
- مكان آمن للإقامة إذا احتجت إليه؛
- رعاية طبية ودعم نفسي واستشارة قانونية؛
- دروس لغة وتدريب ومساعدة في إيجاد عمل.

المساعدة مجانية. لا تحتاج إلى وثائق لطلب المساعدة.

## كيف تطلب المساعدة

1. اتصل بـ **الرقم الأخضر 800 290 290**: مجاني ومن دون الكشف عن الهوية، على مدار 24 ساعة.
2. في حالة الخطر الفوري، اتصل بالرقم [112](tel:112).`,
  },
  zh: {
    title: '寻求帮助',
    body: `如果你或你认识的人被迫工作、被迫卖淫或被迫做不愿意做的事，并且有人控制或威胁你们，你们可以寻求帮助。

## 可以获得哪些帮助

- 倾听和信息咨询，可用你的语言，并有文化调解员协助；
- 如有需要，提供安全的住处；
- 医疗、心理支持和法律咨询；
- 语言课程、职业培训和求职帮助。

帮助是免费的。寻求帮助不需要任何证件。

## 如何寻求帮助

1. 拨打 **反人口贩运免费热线 800 290 290**：免费、匿名，全天24小时。
2. 如遇紧急危险，请拨打 [112](tel:112)。`,
  },
};

const project: Texts = {
  it: {
    title: demoProject.name,
    body: `Il progetto realizza il programma unico di emersione, assistenza e integrazione sociale nelle province della Regione Demo, con sei enti attuatori pubblici e privati (dati di dimostrazione).

## Come lavora

- **Primo contatto**: unità di strada e drop-in, in raccordo con il Numero Verde.
- **Identificazione**: colloqui con operatrici e mediatrici, anche presso la Commissione Territoriale.
- **Protezione**: pronta accoglienza, case rifugio e appartamenti in semi-autonomia.
- **Inclusione**: corsi di lingua, tirocini, accompagnamento al lavoro e alla casa.`,
  },
  en: {
    title: 'Regione Demo anti-trafficking plan – From identification to independence',
    body: `The project runs the single programme for identification, assistance and social integration in the provinces of Regione Demo, with six public and private implementing bodies (demonstration data).

## How it works

- **First contact**: outreach units and drop-in centres, together with the hotline.
- **Identification**: interviews with social workers and cultural mediators, also at the asylum commission.
- **Protection**: emergency shelter, safe houses and semi-independent flats.
- **Inclusion**: language courses, internships, support towards work and housing.`,
  },
};

const pages: ReadonlyArray<{ slug: string; kind: PublicPageKind; withProject: boolean; texts: Texts }> = [
  { slug: 'home', kind: 'home', withProject: true, texts: home },
  { slug: 'aiuto', kind: 'help', withProject: false, texts: help },
  { slug: demoProject.code, kind: 'project', withProject: true, texts: project },
];

/** Writes and publishes the demo public pages once (by the demo trainer account). */
export async function systemSeedDemoPublicPages(options: { db: Transaction<DB>; now: Date }): Promise<number> {
  const { db, now } = options;
  if (await db.selectFrom('public_pages').select('id').where('kind', '=', 'home').executeTakeFirst()) return 0;
  const author = await db.selectFrom('users').select('id').where('email', '=', `formazione@${DEMO_EMAIL_DOMAIN}`).executeTakeFirst();
  const plan = await db.selectFrom('projects').select('id').where('code', '=', demoProject.code).executeTakeFirst();
  if (!author || !plan) return 0;
  let written = 0;
  for (const p of pages) {
    const page = await db
      .insertInto('public_pages')
      .values({ slug: p.slug, kind: p.kind, project_id: p.withProject ? plan.id : null, created_by: author.id, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [lang, text] of Object.entries(p.texts) as Array<[PublicLanguage, { title: string; body: string }]>) {
      const v = await db
        .insertInto('public_page_versions')
        .values({ page_id: page.id, lang, version: 1, title: text.title, body_md: text.body, created_by: author.id, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('public_page_publications').values({ page_id: page.id, lang, version_id: v.id, published_by: author.id, published_at: now }).execute();
    }
    written++;
  }
  return written;
}
