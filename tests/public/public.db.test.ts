/**
 * The public portal on both engines: pages rendered without login, escaping of hostile page
 * text, the visible fallback to Italian, no cookies, the strict CSP, unpublished = missing, and
 * the staff editor (versions, restore, publish, unpublish, audit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs, type LoggedIn } from '../access/login-fixture.ts';
import { publicLanguages } from '../../src/domain/public/languages.ts';

describe.each(await engineCases())('public portal on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let trainer: LoggedIn;
  let worker: LoggedIn;
  let projectId: string;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine, env: { PONTE_PUBLIC_EXIT_URL: 'https://meteo.example.org/oggi' } });
    trainer = await loginAs({ t, roleKey: 'trainer' });
    worker = await loginAs({ t, roleKey: 'case_worker' });
    const db = t.database.db;
    const lead = await db.insertInto('organisations').values({ code: 'regione-prova', name: 'Regione Prova', org_type: 'local_government', provinces: ['001'], email: 'tratta@regione.prova.invalid' }).returning('id').executeTakeFirstOrThrow();
    const partner = await db.insertInto('organisations').values({ code: 'coop-prova', name: 'Cooperativa <b>Prova</b>', org_type: 'ngo', provinces: ['001', '006'], phone: '011 555 0100', website: 'https://coop.example.org', address: 'Via Roma 1, Torino' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('organisations').values({ code: 'fuori-rete', name: 'Ente non pubblicato', org_type: 'ngo', email: 'nascosto@example.org' }).execute();
    const p = await db
      .insertInto('projects')
      .values({ code: 'piano-prova', name: 'Piano antitratta Prova', edition: '5', period_start: '2024-01-01', period_end: '2025-12-31', funder: 'Dipartimento Pari Opportunità', budget_total: '1700256.47', lead_org_id: lead.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    projectId = p.id;
    await db.insertInto('project_partners').values([{ project_id: p.id, organisation_id: lead.id, provinces: [] }, { project_id: p.id, organisation_id: partner.id, provinces: ['001', '006'] }]).execute();
    await db.insertInto('complementary_projects').values({ project_id: p.id, name: 'FAMI Prova', funder: 'FAMI' }).execute();
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body it expects
  async function api<T = Record<string, unknown>>(method: 'GET' | 'POST', url: string, payload?: object, who: LoggedIn = trainer): Promise<{ status: number; body: T }> {
    const r = await t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.json<T>() };
  }
  async function pageWith(kind: string, slug: string, texts: Record<string, { title: string; body: string }>, extra: object = {}): Promise<string> {
    const created = await api<{ id: string }>('POST', '/api/public-pages', { kind, slug, ...extra });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const [lang, text] of Object.entries(texts)) {
      const v = await api<{ id: string }>('POST', `/api/public-pages/${created.body.id}/versions`, { lang, ...text });
      expect(v.status, JSON.stringify(v.body)).toBe(201);
      const pub = await api('POST', `/api/public-pages/${created.body.id}/publish`, { lang, versionId: v.body.id });
      expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    }
    return created.body.id;
  }

  it.skipIf(skip)('serves the home page without login, with the plan from the records, hotline, quick exit, CSP and no cookies', async () => {
    await pageWith('home', 'home', {
      it: { title: 'Piano antitratta', body: '## Obiettivi\n\nEmersione e **assistenza**.\n\n- primo contatto\n- accoglienza' },
      en: { title: 'Anti-trafficking plan', body: '## Objectives\n\nIdentification and *assistance*.' },
    }, { projectId });
    const r = await get('/p/it/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['set-cookie']).toBeUndefined();
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    const html = r.body;
    expect(html).toContain('<html lang="it" dir="ltr">');
    expect(html).toContain('<h1>Piano antitratta</h1>');
    expect(html).toContain('<h2>Obiettivi</h2>');
    expect(html).toContain('800 290 290');
    expect(html).toContain('href="tel:+39800290290"');
    expect(html).toContain('<a id="quick-exit" class="exit" href="https://meteo.example.org/oggi"');
    expect(html).toContain('location.replace');
    expect(html).toContain('Regione Prova');
    expect(html).toContain('Dipartimento Pari Opportunità');
    expect(html).toContain('1.700.256,47');
    expect(html).toContain('Torino');
    expect(html).toContain('Cooperativa &lt;b&gt;Prova&lt;/b&gt;');
    expect(html).toContain('FAMI Prova');
    expect(html).toMatch(/Ultimo aggiornamento: <time datetime="[^"]+">/);
    // No request leaves the site: no absolute URL in src/href other than the quick exit.
    expect(html.match(/(?:src|href)="https?:\/\/[^"]*"/g)).toEqual(['href="https://meteo.example.org/oggi"']);
    // The inline script and style match the CSP hashes.
    const { createHash } = await import('node:crypto');
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);

    const en = await get('/p/en/');
    expect(en.body).toContain('<html lang="en" dir="ltr">');
    expect(en.body).toContain('<h1>Anti-trafficking plan</h1>');
    expect(en.body).not.toContain('class="notice"');
    expect(en.body).toContain('Quick exit');
    expect(en.body).toContain('€1,700,256.47');
  });

  it.skipIf(skip)('a logged-in visitor gets the same page: no session is read and no cookie is set', async () => {
    const anonymous = await get('/p/en/');
    const withSession = await get('/p/en/', worker.headers);
    expect(withSession.statusCode).toBe(200);
    expect(withSession.headers['set-cookie']).toBeUndefined();
    expect(withSession.body).toBe(anonymous.body);
  });

  it.skipIf(skip)('every language has its chrome; Arabic is right to left; a missing translation falls back to Italian visibly', async () => {
    for (const lang of publicLanguages) {
      const r = await get(`/p/${lang}/`);
      expect(r.statusCode, lang).toBe(200);
      expect(r.body).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(r.headers['set-cookie']).toBeUndefined();
      // the language switcher links every language
      for (const other of publicLanguages) expect(r.body).toContain(`href="/p/${other}/" lang="${other}"`);
    }
    const ar = (await get('/p/ar/')).body;
    expect(ar).toContain('خروج سريع');
    expect(ar).toContain('<p class="notice" role="note">هذه الصفحة غير متوفرة بعد باللغة العربية: تُعرض باللغة الإيطالية.</p>');
    expect(ar).toContain('<h1 lang="it" dir="ltr">Piano antitratta</h1>');
    const fr = (await get('/p/fr/')).body;
    expect(fr).toContain('Cette page n’est pas encore disponible en français : elle est affichée en italien.');
    expect(fr).toContain('Sortie rapide');
  });

  it.skipIf(skip)('hostile page text is inert: scripts, javascript: links, event handlers, odd Unicode', async () => {
    await pageWith('page', 'prova-ostile', {
      it: {
        title: '<script>alert("t")</script>Titolo',
        body: '<script>alert(1)</script>\n\n[clic](javascript:alert(1)) [dati](data:text/html;base64,PHNjcmlwdD4=) <img src=x onerror=alert(1)>\n\n<a href="javascript:alert(2)">x</a> \u202Eevil\u202C \u2066iso\u2069 🙂 ﷽',
      },
    });
    const r = await get('/p/it/prova-ostile');
    expect(r.statusCode).toBe(200);
    const main = r.body.slice(r.body.indexOf('<main'), r.body.indexOf('</main>'));
    expect(main).not.toMatch(/<script|<img|<a href="javascript|href="data:|\u202E|\u2066/i);
    expect(main).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;Titolo');
    expect(main).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(main).toContain('🙂 ﷽');
    expect(r.body.match(/<script>/g)).toHaveLength(1);
  });

  it.skipIf(skip)('unpublished, missing and malformed pages answer the same 404', async () => {
    const id = await pageWith('project', 'piano-prova', { it: { title: 'Piano antitratta Prova', body: 'Il progetto.' } }, { projectId });
    expect((await get('/p/it/projects/piano-prova')).statusCode).toBe(200);
    expect((await get('/p/en/projects/piano-prova')).body).toContain('This page is not yet available in English');
    expect((await get('/p/it/')).body).toContain('<a href="/p/it/projects/piano-prova"><bdi>Piano antitratta Prova</bdi></a>');
    const un = await api('POST', `/api/public-pages/${id}/unpublish`, { lang: 'it' });
    expect(un.status).toBe(200);
    const unpublished = await get('/p/it/projects/piano-prova');
    const missing = await get('/p/it/projects/non-esiste');
    expect(unpublished.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(unpublished.body).toBe(missing.body);
    expect(unpublished.headers['set-cookie']).toBeUndefined();
    expect(String(unpublished.headers['content-security-policy'])).toContain("default-src 'none'");
    for (const url of ['/p/it/non-esiste', '/p/it/help', '/p/xx/', '/p/it/a/b/c', '/p/it/%3Cscript%3E', '/p/it/projects/%27%22%3E']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toMatch(/<script>alert|'">/);
    }
    const redirect = await get('/p', { 'accept-language': 'ro-RO,ro;q=0.9,en;q=0.5' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/p/ro/');
    expect((await get('/p/en')).headers.location).toBe('/p/en/');
  });

  it.skipIf(skip)('contacts list only the public fields of the bodies of published projects', async () => {
    const r = await get('/p/it/contacts');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Regione Prova');
    expect(r.body).toContain('href="mailto:tratta@regione.prova.invalid"');
    expect(r.body).toContain('href="tel:0115550100"');
    expect(r.body).toContain('Via Roma 1, Torino');
    expect(r.body).not.toContain('Ente non pubblicato');
  });

  it.skipIf(skip)('staff editor: every save a new version, restore copies, publish and unpublish are audited', async () => {
    const id = await pageWith('help', 'aiuto', { it: { title: 'Chiedere aiuto', body: 'Versione uno.' } });
    const v2 = await api<{ id: string; version: number }>('POST', `/api/public-pages/${id}/versions`, { lang: 'it', title: 'Chiedere aiuto', body: 'Versione due.' });
    expect(v2.body.version).toBe(2);
    // the published version is still version 1
    expect((await get('/p/it/help')).body).toContain('Versione uno.');
    const list = await api<{ items: Array<{ id: string; version: number; published: boolean }> }>('GET', `/api/public-pages/${id}/versions?lang=it`);
    expect(list.body.items.map((v) => [v.version, v.published])).toEqual([[2, false], [1, true]]);
    const restored = await api<{ version: number; body: string; restoredFrom: string }>('POST', `/api/public-pages/${id}/versions/${list.body.items[1]!.id}/restore`);
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({ version: 3, body: 'Versione uno.', restoredFrom: list.body.items[1]!.id });
    const published = await api<{ languages: Array<{ lang: string; publishedVersion: number; latestVersion: number }> }>('POST', `/api/public-pages/${id}/publish`, { lang: 'it', versionId: v2.body.id });
    expect(published.body.languages).toEqual([expect.objectContaining({ lang: 'it', publishedVersion: 2, latestVersion: 3 })]);
    expect((await get('/p/it/help')).body).toContain('Versione due.');
    // a version of another language cannot be published as this one
    const wrongLang = await api('POST', `/api/public-pages/${id}/publish`, { lang: 'en', versionId: v2.body.id });
    expect(wrongLang.status).toBe(400);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'fields', 'details']).where('record_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['public_page.create', 'public_page.update', 'public_page.publish', 'public_page.update', 'public_page.restore', 'public_page.publish']);
    expect(JSON.stringify(audit)).not.toContain('Versione');

    // one help page only; reserved slugs refused; bad input refused with nothing written
    expect((await api('POST', '/api/public-pages', { kind: 'help', slug: 'aiuto-due' })).status).toBe(409);
    expect((await api('POST', '/api/public-pages', { kind: 'page', slug: 'contacts' })).status).toBe(400);
    expect((await api('POST', '/api/public-pages', { kind: 'project', slug: 'senza-progetto' })).status).toBe(400);
    expect((await api('POST', `/api/public-pages/${id}/versions`, { lang: 'de', title: 'x', body: 'y' })).status).toBe(400);
    expect((await api('POST', `/api/public-pages/${id}/versions`, { lang: 'it', title: '', body: 'y' })).status).toBe(400);
    expect((await api('POST', `/api/public-pages/${id}/versions`, { lang: 'it', title: 'x', body: 'a\u0000b' })).status).toBe(400);
    expect((await api('POST', `/api/public-pages/${id}/versions`, { lang: 'it', title: 'x', body: 'y'.repeat(100_001) })).status).toBe(400);
    const count = await t.database.db.selectFrom('public_page_versions').select((eb) => eb.fn.countAll<string>().as('n')).where('page_id', '=', id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });
});
